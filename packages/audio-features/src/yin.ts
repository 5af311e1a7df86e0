import { allocate, checkFinite, kernelCall, type FloatArray } from '@dsp/backend';

import { parsePitch, type PitchOptions } from './pitch-options.js';

export interface YinOptions extends PitchOptions {
  /** Absolute threshold on the normalised difference for the first trough taken (default 0.1). */
  troughThreshold?: number;
}

export function parseTroughThreshold(o: YinOptions, fn: string): number {
  return o.troughThreshold === undefined ? 0.1 : checkFinite(o.troughThreshold, 'troughThreshold', fn);
}

/**
 * Fundamental frequency per frame by YIN, equal to `librosa.yin`: the
 * cumulative-mean-normalised difference function (by FFT), parabolic
 * interpolation, the first trough under `troughThreshold` or else the global
 * minimum. Returns f0 in Hz, one value per frame, in y's precision.
 */
export function yin<T extends FloatArray>(y: T, opts: YinOptions): T;
export function yin(y: FloatArray, opts: YinOptions): FloatArray {
  const fn = 'yin';
  const s = parsePitch<YinOptions>(y, opts, fn, ['troughThreshold']);
  const troughThreshold = parseTroughThreshold(s.raw, fn);
  const out = allocate(s.dtype, s.framing.nFrames, fn);
  kernelCall(fn, 'y', () => s.backend.yin(y, out, { ...s.framing, sr: s.sr, troughThreshold }, s.threads));
  return out;
}
