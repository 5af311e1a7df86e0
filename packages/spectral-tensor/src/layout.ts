// Where a tensor's coefficients live: the spectral array's shape for a basis,
// and which coefficients stand for two (conjugate partners of a real signal).
import { checkAxes, checkOneOf, checkShape, DspError, type Dtype } from '@dsp/backend';

/** The transform a tensor is kept in (all orthonormal, so Parseval holds as a plain sum). */
export type Basis = 'dct' | 'rfft' | 'fft';
export const BASES: readonly Basis[] = ['dct', 'rfft', 'fft'];

/** Largest rank a tensor may have. */
export const MAX_RANK = 8;
/** Coefficient positions are int32: a spectrum may hold at most this many. */
export const MAX_COEFFICIENTS = 2 ** 31 - 1;

export interface Layout {
  readonly basis: Basis;
  readonly dtype: Dtype;
  /** Shape of the spatial (dense) data. */
  readonly shape: readonly number[];
  /** Transformed axes, in transform order (for rfft the last one holds the half spectrum). */
  readonly axes: readonly number[];
  /** Shape of the coefficient array (rfft: the half spectrum along the last axis). */
  readonly specShape: readonly number[];
  /** Number of spatial values. */
  readonly size: number;
  /** Number of coefficient positions. */
  readonly specSize: number;
  /** Product of the transformed axes' lengths (the DC term of a constant c is c·√transformedCount). */
  readonly transformedCount: number;
  /** Coefficients are complex (interleaved values). */
  readonly complex: boolean;
}

export function makeLayout(basis: Basis, dtype: Dtype, shape: readonly number[], axes: readonly number[]): Layout {
  const specShape = [...shape];
  if (basis === 'rfft') {
    const last = axes[axes.length - 1]!;
    specShape[last] = Math.floor(shape[last]! / 2) + 1;
  }
  return {
    basis,
    dtype,
    shape: [...shape],
    axes: [...axes],
    specShape,
    size: shape.reduce((a, b) => a * b, 1),
    specSize: specShape.reduce((a, b) => a * b, 1),
    transformedCount: axes.reduce((a, ax) => a * shape[ax]!, 1),
    complex: basis !== 'dct',
  };
}

/** Validates a shape (rank 1–8, int32-addressable) and axes for `fn`. */
export function checkTensorShape(shape: unknown, axes: unknown, fn: string): { shape: number[]; size: number; axes: number[] } {
  const { shape: s, size } = checkShape(shape, 'shape', fn);
  if (s.length > MAX_RANK) throw new DspError('E_SHAPE', `${fn}: shape must have rank 1 to ${MAX_RANK}, got rank ${s.length}`);
  if (size > MAX_COEFFICIENTS) throw new DspError('E_SHAPE', `${fn}: shape [${s.join(', ')}] has ${size} elements; at most ${MAX_COEFFICIENTS} (int32 positions) are accepted`);
  return { shape: s, size, axes: checkAxes(axes, s.length, fn) };
}

export function checkBasis(v: unknown, fn: string): Basis {
  return v === undefined ? 'dct' : checkOneOf(v, BASES, 'basis', fn);
}

/** Row-major strides of `shape`. */
export function stridesOf(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    st[d] = s;
    s *= shape[d]!;
  }
  return st;
}

/**
 * The conjugate partners of a real signal's spectrum. For 'fft' every
 * coefficient X[m] has a partner X[−m] = conj X[m] (negated along the
 * transformed axes); for 'rfft' only those in the planes where the half axis
 * is 0 or n/2 have one inside the half spectrum (the rest stand for two
 * coefficients of the full spectrum). A coefficient that is its own partner
 * is real.
 */
export class Partners {
  readonly #layout: Layout;
  readonly #strides: number[];
  readonly #negate: boolean[];
  readonly #halfAxis: number;
  readonly #halfLength: number;

  constructor(layout: Layout) {
    this.#layout = layout;
    this.#strides = stridesOf(layout.specShape);
    this.#negate = layout.shape.map((_, d) => layout.axes.includes(d));
    this.#halfAxis = layout.basis === 'rfft' ? layout.axes[layout.axes.length - 1]! : -1;
    this.#halfLength = this.#halfAxis >= 0 ? layout.shape[this.#halfAxis]! : 0;
  }

  /** True when the coefficient at `index` may have a partner inside the stored spectrum. */
  hasPartnerPlane(index: number): boolean {
    if (this.#layout.basis === 'fft') return true;
    if (this.#layout.basis === 'dct') return false;
    const j = Math.floor(index / this.#strides[this.#halfAxis]!) % this.#layout.specShape[this.#halfAxis]!;
    return j === 0 || 2 * j === this.#halfLength;
  }

  /** The partner's position (itself when self-conjugate), or −1 when it has none. */
  of(index: number): number {
    if (!this.hasPartnerPlane(index)) return -1;
    const { specShape } = this.#layout;
    let rest = index;
    let p = 0;
    for (let d = 0; d < specShape.length; d++) {
      const st = this.#strides[d]!;
      const c = Math.floor(rest / st);
      rest -= c * st;
      const n = specShape[d]!;
      p += st * (this.#negate[d] && d !== this.#halfAxis && c !== 0 ? n - c : c);
    }
    return p;
  }

  /**
   * How many coefficients of the full (two-sided) spectrum the stored one at
   * `index` stands for, when stored in canonical form: 'rfft' coefficients
   * off the partner planes stand for 2, and in those planes the lower of a
   * pair stands for both (2) while the higher is never stored (0); 'dct' and
   * 'fft' coefficients stand for themselves (1).
   */
  weight(index: number): number {
    if (this.#layout.basis !== 'rfft') return 1;
    if (!this.hasPartnerPlane(index)) return 2;
    const p = this.of(index);
    return p === index ? 1 : p > index ? 2 : 0;
  }
}

/** Refuses an operation between tensors of different layouts. */
export function checkSameLayout(a: Layout, b: Layout, fn: string): void {
  const same =
    a.basis === b.basis &&
    a.dtype === b.dtype &&
    a.shape.length === b.shape.length &&
    a.shape.every((d, i) => d === b.shape[i]) &&
    a.axes.length === b.axes.length &&
    a.axes.every((d, i) => d === b.axes[i]);
  if (!same) {
    const show = (l: Layout) => `${l.basis} ${l.dtype} shape [${l.shape.join(', ')}] axes [${l.axes.join(', ')}]`;
    throw new DspError('E_SHAPE', `${fn}: the tensors must share basis, dtype, shape and axes; got ${show(a)} and ${show(b)}`);
  }
}
