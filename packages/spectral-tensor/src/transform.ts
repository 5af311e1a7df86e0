// The orthonormal transforms between spatial data and a layout's spectrum,
// over @dsp/fft (so every backend computes them in the core).
import { allocate, statusError, Status, type FloatArray } from '@dsp/backend';
import { dctn, fftn, idctn, ifftn, irfftn, rfftn } from '@dsp/fft';

import { Partners, type Layout } from './layout.js';

export interface RunOptions {
  backend?: string;
  threads?: number;
}

/**
 * Orthonormal DCT-II (or its inverse) of `x` along `axes`, into `out` (a new
 * array when undefined; may be `x`). On a length-1 axis the transform is the
 * identity, so such axes are skipped: the core's dctn refuses them.
 */
export function orthoDct(x: FloatArray, shape: readonly number[], axes: readonly number[], inverse: boolean, run: RunOptions, out?: FloatArray): FloatArray {
  const active = axes.filter((a) => shape[a]! > 1);
  if (active.length === 0) {
    // The core would refuse non-finite input; the identity must too.
    if (!x.every(Number.isFinite)) throw statusError(Status.NON_FINITE, '', inverse ? 'idctn' : 'dctn', 'x');
    const target = out ?? allocate(x instanceof Float32Array ? 'f32' : 'f64', x.length, 'dct');
    if (target !== x) target.set(x);
    return target;
  }
  const o = { norm: 'ortho' as const, axes: active, out, ...run };
  return inverse ? idctn(x, shape, o) : dctn(x, shape, o);
}

/** The full coefficient array of real `data` (specSize values, interleaved complex unless dct). */
export function forwardTransform(data: FloatArray, layout: Layout, run: RunOptions): FloatArray {
  const o = { norm: 'ortho' as const, axes: layout.axes, ...run };
  if (layout.basis === 'dct') return orthoDct(data, layout.shape, layout.axes, false, run);
  if (layout.basis === 'rfft') return rfftn(data, layout.shape, o);
  const z = allocate(layout.dtype, 2 * layout.size, 'sst');
  for (let i = 0; i < data.length; i++) z[2 * i] = data[i]!;
  return fftn(z, layout.shape, { ...o, out: z });
}

/**
 * The dense spectrum holding `values` at `indices` (zero elsewhere). For rfft
 * a canonical coefficient in a partner plane also fills its partner with its
 * conjugate, so the half spectrum is that of a real signal.
 */
export function scatter(indices: Int32Array, values: FloatArray, layout: Layout): FloatArray {
  const dense = allocate(layout.dtype, layout.complex ? 2 * layout.specSize : layout.specSize, 'toSpatial');
  if (!layout.complex) {
    for (let k = 0; k < indices.length; k++) dense[indices[k]!] = values[k]!;
    return dense;
  }
  const partners = layout.basis === 'rfft' ? new Partners(layout) : undefined;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    dense[2 * i] = values[2 * k]!;
    dense[2 * i + 1] = values[2 * k + 1]!;
    if (partners?.hasPartnerPlane(i)) {
      const p = partners.of(i);
      if (p !== i) {
        dense[2 * p] = values[2 * k]!;
        dense[2 * p + 1] = -values[2 * k + 1]!;
      }
    }
  }
  return dense;
}

/** Spatial data from a dense spectrum (which it may overwrite), into `out`. */
export function inverseTransform(spectrum: FloatArray, layout: Layout, out: FloatArray, run: RunOptions): FloatArray {
  const o = { norm: 'ortho' as const, axes: layout.axes, ...run };
  if (layout.basis === 'dct') return orthoDct(spectrum, layout.shape, layout.axes, true, run, out);
  if (layout.basis === 'rfft') return irfftn(spectrum, layout.shape, { ...o, out });
  // The kept spectrum is Hermitian (pairs are kept together), so the inverse is real up to rounding.
  ifftn(spectrum, layout.shape, { ...o, out: spectrum });
  for (let i = 0; i < out.length; i++) out[i] = spectrum[2 * i]!;
  return out;
}
