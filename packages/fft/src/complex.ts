import { DspError, dtypeOf, kernelCall, outputArray, type FloatArray } from '@dsp/backend';

import { normScale, parseOptions, type TransformOptions } from './options.js';
import { cachedPlan } from './plan-cache.js';

/** The number of complex points in interleaved `[re, im, …]` data, or E_SHAPE. */
export function complexLength(x: FloatArray, name: string, fn: string): number {
  if (x.length < 2 || x.length % 2 !== 0) {
    throw new DspError(
      'E_SHAPE',
      `${fn}: ${name} must be interleaved complex [re0, im0, re1, im1, …] with an even length ≥ 2, got length ${x.length}`,
    );
  }
  return x.length / 2;
}

function c2c(x: FloatArray, opts: TransformOptions | undefined, inverse: boolean, fn: string): FloatArray {
  const dtype = dtypeOf(x, 'x', fn);
  const n = complexLength(x, 'x', fn);
  const { norm, out, backend, threads } = parseOptions(opts, fn);
  const result = outputArray(out, x, 2 * n, fn, true);
  const plan = cachedPlan(backend, 'c2c', dtype, n);
  kernelCall(fn, inverse ? 'X' : 'x', () => plan.execute(inverse, x, result, 1, normScale(norm, n, inverse), threads));
  return result;
}

/**
 * Discrete Fourier transform of interleaved complex `x` (length 2n, any n ≥ 1):
 * X_k = Σ_j x_j e^{-2πi jk/n}, scaled per `norm` like numpy.fft.fft.
 * Float32Array in → f32 kernels; Float64Array → f64. `out` may be `x` itself.
 */
export function fft(x: FloatArray, opts?: TransformOptions): FloatArray;
export function fft<T extends FloatArray>(x: T, opts?: TransformOptions): T;
export function fft(x: FloatArray, opts?: TransformOptions): FloatArray {
  return c2c(x, opts, false, 'fft');
}

/** Inverse DFT (numpy.fft.ifft): x_j = (1/n) Σ_k X_k e^{+2πi jk/n} with the default norm. */
export function ifft(X: FloatArray, opts?: TransformOptions): FloatArray;
export function ifft<T extends FloatArray>(X: T, opts?: TransformOptions): T;
export function ifft(X: FloatArray, opts?: TransformOptions): FloatArray {
  return c2c(X, opts, true, 'ifft');
}
