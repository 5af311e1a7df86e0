import { checkAxes, checkOneOf, checkShape, DspError, dtypeOf, kernelCall, outputArray, type DctType, type FloatArray } from '@dsp/backend';

import { parseOptions, type TransformOptions } from './options.js';

export interface DctOptions extends TransformOptions {
  /** DCT type 1–4 (default 2), scipy.fft definitions. */
  type?: DctType;
}

export interface DctnOptions extends DctOptions {
  /** Axes to transform (negative counts from the end); default all. */
  axes?: readonly number[];
}

const TYPES: readonly DctType[] = [1, 2, 3, 4];

function run(x: FloatArray, shape: readonly number[] | undefined, opts: DctnOptions | undefined, inverse: boolean, fn: string): FloatArray {
  dtypeOf(x, 'x', fn);
  const { norm, out, backend, threads, raw } = parseOptions<DctnOptions>(opts, fn, shape ? ['type', 'axes'] : ['type']);
  const type = raw.type === undefined ? 2 : checkOneOf(raw.type, TYPES, 'type', fn);
  const { shape: s, size } = shape ? checkShape(shape, 'shape', fn) : { shape: [x.length], size: x.length };
  if (x.length !== size || size === 0) {
    throw new DspError('E_SHAPE', `${fn}: x has length ${x.length}, shape [${s.join(', ')}] needs ${size} (at least 1)`);
  }
  const axes = checkAxes(raw.axes, s.length, fn);
  if (type === 1) {
    for (const a of axes) {
      if (s[a]! < 2) throw new DspError('E_SHAPE', `${fn}: DCT type 1 needs at least 2 points along axis ${a}, got ${s[a]}`);
    }
  }
  const result = outputArray(out, x, size, fn, true);
  kernelCall(fn, 'x', () => backend.dctn(x, result, s, axes, type, norm, inverse, threads));
  return result;
}

/** Discrete cosine transform of real `x` (scipy.fft.dct: `type` 1–4, default 2; `norm` as scipy). */
export function dct<T extends FloatArray>(x: T, opts?: DctOptions): T {
  return run(x, undefined, opts, false, 'dct') as T;
}

/** Inverse DCT (scipy.fft.idct): `idct(dct(x, o), o)` returns x for every type and norm. */
export function idct<T extends FloatArray>(x: T, opts?: DctOptions): T {
  return run(x, undefined, opts, true, 'idct') as T;
}

/** N-D DCT (scipy.fft.dctn) over `axes` of real `x` with row-major `shape`. */
export function dctn<T extends FloatArray>(x: T, shape: readonly number[], opts?: DctnOptions): T {
  return run(x, shape, opts, false, 'dctn') as T;
}

/** N-D inverse DCT (scipy.fft.idctn). */
export function idctn<T extends FloatArray>(x: T, shape: readonly number[], opts?: DctnOptions): T {
  return run(x, shape, opts, true, 'idctn') as T;
}
