import { checkFinite, checkOneOf, DspError, kernelCall, outputArray, type Dtype, type FloatArray } from '@dsp/backend';

import { toDb } from './db.js';
import { frameCount, parseFraming, signalSamples, windowFor, type Framing, type FramingOptions } from './options.js';
import type { Frames } from './stft.js';
import { checkBoolean } from './window.js';

export interface SpectrogramOptions extends FramingOptions {
  /** 2 (default): |X|², power; 1: |X|, magnitude. */
  power?: 1 | 2;
  /** 'linear' (default) or 'db': 10·log10 of power (20·log10 of magnitude) relative to `ref`, floored at `amin`. */
  scale?: 'linear' | 'db';
  /**
   * Divide by the window's coherent gain (its sum; squared for power), so a
   * bin-centred sine of amplitude A reads A/2 in magnitude for any window.
   */
  normalize?: boolean;
  /** Complex input only: centre DC in each frame (numpy.fft.fftshift); default true for complex input. */
  shift?: boolean;
  /** dB reference (default 1). Streams need a fixed number, so 'max' belongs to powerToDb. */
  ref?: number;
  /** dB floor of the power (default 1e-10; for power 1, of the magnitude, default 1e-5). */
  amin?: number;
  out?: FloatArray;
}

export const SPECTROGRAM_KEYS = ['power', 'scale', 'normalize', 'shift', 'ref', 'amin'] as const;

/** What a spectrogram adds to the framing, checked once (streams reuse it per chunk). */
export interface SpectrogramSetup {
  output: 'power' | 'magnitude';
  db: boolean;
  normalize: boolean;
  shift: boolean;
  ref: number;
  amin: number;
}

export function parseSpectrogram(f: Framing & { raw: SpectrogramOptions }, fn: string): SpectrogramSetup {
  const o = f.raw;
  const power = o.power === undefined ? 2 : checkOneOf(o.power, [1, 2] as const, 'power', fn);
  const scale = o.scale === undefined ? 'linear' : checkOneOf(o.scale, ['linear', 'db'] as const, 'scale', fn);
  const shift = o.shift === undefined ? f.complex : checkBoolean(o.shift, 'shift', fn);
  if (shift && !f.complex) throw new DspError('E_INVALID_ARGUMENT', `${fn}: shift applies to complex input (complex: true) only`);
  if (scale === 'linear' && (o.ref !== undefined || o.amin !== undefined)) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: ref and amin apply to scale: 'db' only`);
  }
  return {
    output: power === 2 ? 'power' : 'magnitude',
    db: scale === 'db',
    normalize: o.normalize === undefined ? false : checkBoolean(o.normalize, 'normalize', fn),
    shift,
    ref: o.ref === undefined ? 1 : checkFinite(o.ref, 'ref', fn),
    amin: o.amin === undefined ? (power === 2 ? 1e-10 : 1e-5) : checkFinite(o.amin, 'amin', fn, { positive: true }),
  };
}

/** The factor the kernel applies: 1, or the inverse coherent gain when normalising. */
export function spectrogramScale(s: SpectrogramSetup, window: FloatArray): number {
  if (!s.normalize) return 1;
  let sum = 0;
  for (let i = 0; i < window.length; i++) sum += window[i]!;
  if (sum === 0) throw new DspError('E_INVALID_ARGUMENT', 'spectrogram: normalize needs a window with a nonzero sum');
  return s.output === 'power' ? 1 / (sum * sum) : 1 / Math.abs(sum);
}

/** Runs the spectrogram kernel on `nFrames` frames of `signal`, frame 0 starting at sample `start` (negative: in the left pad), into `out`. */
export function spectrogramFrames(
  f: Framing,
  s: SpectrogramSetup,
  signal: FloatArray,
  dtype: Dtype,
  start: number,
  nFrames: number,
  out: FloatArray,
  fn: string,
): void {
  const window = windowFor(f, dtype, fn);
  const scale = spectrogramScale(s, window);
  kernelCall(fn, 'x', () =>
    f.backend.stft(signal, window, out, { complex: f.complex, nFft: f.nFft, hop: f.hop, start, nFrames, padMode: f.padMode, output: s.output, shift: s.shift, scale }, f.threads),
  );
  if (s.db) toDb(out, s.amin, s.ref, s.output === 'power' ? 10 : 20);
}

/**
 * Spectrogram of real audio (one-sided, nFft/2 + 1 bins) or complex IQ
 * (`complex: true`: two-sided, nFft bins, DC centred by default): |STFT|² or
 * |STFT| per frame, optionally normalised and in dB. Frame-major.
 */
export function spectrogram<T extends FloatArray>(x: T, opts?: SpectrogramOptions): Frames<T>;
export function spectrogram(x: FloatArray, opts?: SpectrogramOptions): Frames {
  const fn = 'spectrogram';
  const f = parseFraming<SpectrogramOptions>(opts, fn, [...SPECTROGRAM_KEYS, 'out']);
  const s = parseSpectrogram(f, fn);
  const { dtype, samples } = signalSamples(x, f.complex, fn, 'x');
  const nFrames = frameCount(f, samples, fn, 'x');
  const out = outputArray(f.raw.out, x, nFrames * f.bins, fn);
  spectrogramFrames(f, s, x, dtype, -f.pad, nFrames, out, fn);
  return { data: out, shape: [nFrames, f.bins] };
}
