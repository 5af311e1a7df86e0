import { allocate, checkInteger, DspError, dtypeOf, kernelCall, outputArray, type FloatArray } from '@dsp/backend';

import { complexLength } from './complex.js';
import { normScale, parseOptions, type TransformOptions } from './options.js';
import { cachedPlan } from './plan-cache.js';

/**
 * FFT of a real signal of length n ≥ 1 (numpy.fft.rfft): the n/2+1
 * non-negative-frequency bins, interleaved complex (length 2·(⌊n/2⌋+1)).
 */
export function rfft(x: FloatArray, opts?: TransformOptions): FloatArray;
export function rfft<T extends FloatArray>(x: T, opts?: TransformOptions): T;
export function rfft(x: FloatArray, opts?: TransformOptions): FloatArray {
  const fn = 'rfft';
  const dtype = dtypeOf(x, 'x', fn);
  const n = x.length;
  if (n < 1) throw new DspError('E_SHAPE', `${fn}: x must hold at least 1 sample, got length 0`);
  const { norm, out, backend, threads } = parseOptions(opts, fn);
  const result = outputArray(out, x, 2 * (Math.floor(n / 2) + 1), fn);
  const plan = cachedPlan(backend, 'r2c', dtype, n);
  kernelCall(fn, 'x', () => plan.execute(false, x, result, 1, normScale(norm, n, false), threads));
  return result;
}

/**
 * Inverse of rfft (numpy.fft.irfft): a real signal of length `n` (default
 * 2·(m−1) for m input bins) from its half spectrum. Like numpy, bins past
 * n/2+1 are ignored, missing ones are taken as zero, and the imaginary parts
 * of the DC bin (and of the Nyquist bin for even n) are ignored.
 */
export function irfft(X: FloatArray, n?: number, opts?: TransformOptions): FloatArray;
export function irfft<T extends FloatArray>(X: T, n?: number, opts?: TransformOptions): T;
export function irfft(X: FloatArray, n?: number, opts?: TransformOptions): FloatArray {
  const fn = 'irfft';
  const dtype = dtypeOf(X, 'X', fn);
  const m = complexLength(X, 'X', fn);
  if (n === undefined && m < 2) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: n is required when X holds a single bin (the default 2·(m−1) would be 0)`);
  }
  const len = n === undefined ? 2 * (m - 1) : checkInteger(n, 'n', fn, { min: 1 });
  const { norm, out, backend, threads } = parseOptions(opts, fn);
  const half = Math.floor(len / 2) + 1;
  let spectrum = X;
  if (m !== half) {
    spectrum = allocate(dtype, 2 * half, fn);
    spectrum.set(X.subarray(0, 2 * Math.min(m, half)));
  }
  const result = outputArray(out, X, len, fn);
  const plan = cachedPlan(backend, 'r2c', dtype, len);
  kernelCall(fn, 'X', () => plan.execute(true, spectrum, result, 1, normScale(norm, len, true), threads));
  return result;
}
