// Test data and dense ground truth for the spectral tensor tests.
import { rng } from '@dsp/backend/testing';

/** `n` standard normal values (Box–Muller over the seeded uniform generator). */
export function gaussian(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - r();
    const v = r();
    const m = Math.sqrt(-2 * Math.log(u));
    out[i] = m * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = m * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** A smooth field plus a little noise: what spectral truncation is for. */
export function smoothField(shape: readonly number[], seed: number): Float64Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const noise = gaussian(n, seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let rest = i;
    let v = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const c = rest % shape[d]!;
      rest = Math.floor(rest / shape[d]!);
      v *= Math.cos((2.3 * Math.PI * c) / shape[d]! + d) + 0.5;
    }
    out[i] = v + 0.05 * noise[i]!;
  }
  return out;
}

export function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s);
}

/** ‖a − b‖ / ‖b‖ in float64. */
export function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(d) / norm(b);
}

/** max |a − b| / max |b|. */
export function maxRelative(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return d / (m || 1);
}

export const typedAs = (dtype: 'f32' | 'f64', x: ArrayLike<number>): Float32Array | Float64Array =>
  dtype === 'f32' ? Float32Array.from(x) : Float64Array.from(x);

/** Row-major multi-index of flat `i`. */
export function unravel(i: number, shape: readonly number[]): number[] {
  const c = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    c[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return c;
}
