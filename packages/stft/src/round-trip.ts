// The framing of an STFT and of its inverse back to the signal's length, for
// kernels that run both in one call (hpssSignal in @dsp/audio-features).
import { type Backend, type FloatArray, type PadMode } from '@dsp/backend';

import { frameCount, inverseSpan, parseFraming, signalSamples, windowFor, type FramingOptions } from './options.js';

export interface RoundTripFraming {
  backend: Backend;
  threads: number;
  /** The analysis (and synthesis) window, nFft values in y's dtype. */
  window: FloatArray;
  nFft: number;
  hop: number;
  padMode: PadMode;
  /** Where STFT frame 0 starts (negative: in the left pad) and how many frames `stft` makes. */
  start: number;
  nFrames: number;
  /** Frames `istft(…, { length: y.length })` reads and where its output starts in the overlap-added signal. */
  istftFrames: number;
  offset: number;
}

/**
 * What `stft(y, opts)` followed by `istft(S, { ...opts, length: y.length })`
 * would run, validated as they validate (real y only).
 */
export function roundTripFraming(y: FloatArray, opts: Omit<FramingOptions, 'complex'> | undefined, fn: string): RoundTripFraming {
  const f = parseFraming<FramingOptions>(opts, fn);
  const { dtype, samples } = signalSamples(y, false, fn);
  const nFrames = frameCount(f, samples, fn);
  const inverse = inverseSpan(nFrames, samples, f.center, f.nFft, f.hop);
  return {
    backend: f.backend,
    threads: f.threads,
    window: windowFor(f, dtype, fn),
    nFft: f.nFft,
    hop: f.hop,
    padMode: f.padMode,
    start: -f.pad,
    nFrames,
    istftFrames: inverse.nFrames,
    offset: inverse.offset,
  };
}
