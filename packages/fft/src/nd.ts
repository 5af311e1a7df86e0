import { checkAxes, checkShape, DspError, dtypeOf, kernelCall, outputArray, type FloatArray } from '@dsp/backend';

import { normScale, parseOptions, type TransformOptions } from './options.js';

export interface NdOptions extends TransformOptions {
  /** Axes to transform (negative counts from the end); default all. For rfftn/irfftn the last one gets the half spectrum. */
  axes?: readonly number[];
}

function expectLength(x: FloatArray, want: number, name: string, shape: readonly number[], what: string, fn: string): void {
  if (x.length !== want) {
    throw new DspError('E_SHAPE', `${fn}: ${name} has length ${x.length}, but shape [${shape.join(', ')}] of ${what} needs ${want}`);
  }
}

function transformedCount(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((acc, a) => acc * shape[a]!, 1);
}

/**
 * The shape of rfftn's output for a real input of `shape`: the last
 * transformed axis becomes ⌊n/2⌋+1 (complex elements).
 */
export function halfSpectrumShape(shape: readonly number[], axes?: readonly number[]): number[] {
  const { shape: s } = checkShape(shape, 'shape', 'halfSpectrumShape');
  const ax = checkAxes(axes, s.length, 'halfSpectrumShape');
  const last = ax[ax.length - 1]!;
  s[last] = Math.floor(s[last]! / 2) + 1;
  return s;
}

function c2cN(x: FloatArray, shape: readonly number[], opts: NdOptions | undefined, inverse: boolean, fn: string): FloatArray {
  dtypeOf(x, 'x', fn);
  const { shape: s, size } = checkShape(shape, 'shape', fn);
  expectLength(x, 2 * size, 'x', s, 'interleaved complex elements', fn);
  const { norm, out, backend, threads, raw } = parseOptions<NdOptions>(opts, fn, ['axes']);
  const axes = checkAxes(raw.axes, s.length, fn);
  const result = outputArray(out, x, 2 * size, fn, true);
  kernelCall(fn, inverse ? 'X' : 'x', () => backend.fftn(x, result, s, axes, inverse, normScale(norm, transformedCount(s, axes), inverse), threads));
  return result;
}

/** N-D FFT (numpy.fft.fftn) of interleaved complex `x` with row-major `shape` (in complex elements). */
export function fftn<T extends FloatArray>(x: T, shape: readonly number[], opts?: NdOptions): T {
  return c2cN(x, shape, opts, false, 'fftn') as T;
}

/** N-D inverse FFT (numpy.fft.ifftn). */
export function ifftn<T extends FloatArray>(X: T, shape: readonly number[], opts?: NdOptions): T {
  return c2cN(X, shape, opts, true, 'ifftn') as T;
}

/**
 * N-D real FFT (numpy.fft.rfftn) of real `x` with row-major `shape`. The
 * result is interleaved complex of shape `halfSpectrumShape(shape, axes)`.
 */
export function rfftn<T extends FloatArray>(x: T, shape: readonly number[], opts?: NdOptions): T {
  const fn = 'rfftn';
  dtypeOf(x, 'x', fn);
  const { shape: s, size } = checkShape(shape, 'shape', fn);
  expectLength(x, size, 'x', s, 'real elements', fn);
  const { norm, out, backend, threads, raw } = parseOptions<NdOptions>(opts, fn, ['axes']);
  const axes = checkAxes(raw.axes, s.length, fn);
  const half = halfSpectrumShape(s, axes).reduce((a, b) => a * b, 1);
  const result = outputArray(out, x, 2 * half, fn);
  kernelCall(fn, 'x', () => backend.rfftn(x, result, s, axes, normScale(norm, transformedCount(s, axes), false), threads));
  return result as T;
}

/**
 * N-D inverse real FFT (numpy.fft.irfftn with `s = shape`): `shape` is the
 * real output's shape; `X` holds `halfSpectrumShape(shape, axes)` complex elements.
 */
export function irfftn<T extends FloatArray>(X: T, shape: readonly number[], opts?: NdOptions): T {
  const fn = 'irfftn';
  dtypeOf(X, 'X', fn);
  const { shape: s, size } = checkShape(shape, 'shape', fn);
  const { norm, out, backend, threads, raw } = parseOptions<NdOptions>(opts, fn, ['axes']);
  const axes = checkAxes(raw.axes, s.length, fn);
  const hs = halfSpectrumShape(s, axes);
  expectLength(X, 2 * hs.reduce((a, b) => a * b, 1), 'X', hs, 'half-spectrum complex elements', fn);
  const result = outputArray(out, X, size, fn);
  kernelCall(fn, 'X', () => backend.irfftn(X, result, s, axes, normScale(norm, transformedCount(s, axes), true), threads));
  return result as T;
}
