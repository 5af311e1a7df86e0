// Ground truth for the NUFFT tests: direct sums in float64 over sampled
// outputs, each phase formed in f64 from the very inputs the transform saw.
import { rng } from '@dsp/backend/testing';

export type Order = 'centered' | 'fft';

/** Mode k at position i of an axis of n modes. */
export function modeAt(i: number, n: number, order: Order): number {
  const half = Math.floor(n / 2);
  if (order === 'centered') return i - half;
  return i < n - half ? i : i - n;
}

/** The mode vector at row-major position p of a box. */
export function modeVector(p: number, modes: readonly number[], order: Order): number[] {
  const k = new Array<number>(modes.length);
  for (let d = modes.length - 1; d >= 0; d--) {
    k[d] = modeAt(p % modes[d]!, modes[d]!, order);
    p = Math.floor(p / modes[d]!);
  }
  return k;
}

/** Σ_j a_j e^{sign·i·(u_j · v)} over j, where u_j = (coords[0][j], …). */
export function directSum(coords: readonly ArrayLike<number>[], a: ArrayLike<number>, v: readonly number[], sign: number): [number, number] {
  let re = 0;
  let im = 0;
  const n = coords[0]!.length;
  for (let j = 0; j < n; j++) {
    let phase = 0;
    for (let d = 0; d < coords.length; d++) phase += coords[d]![j]! * v[d]!;
    phase *= sign;
    const c = Math.cos(phase);
    const s = Math.sin(phase);
    re += a[2 * j]! * c - a[2 * j + 1]! * s;
    im += a[2 * j]! * s + a[2 * j + 1]! * c;
  }
  return [re, im];
}

/** `count` distinct indices below n (all of them when n ≤ count), seeded. */
export function sampleIndices(n: number, count: number, seed: number): number[] {
  if (n <= count) return Array.from({ length: n }, (_, i) => i);
  const r = rng(seed);
  const picked = new Set<number>();
  while (picked.size < count) picked.add(Math.floor(r() * n));
  return [...picked].sort((a, b) => a - b);
}

/** Relative l2 error of `got` against `want` at complex positions `at` (want holds only those). */
export function sampledError(got: ArrayLike<number>, at: readonly number[], want: readonly [number, number][]): number {
  let num = 0;
  let den = 0;
  at.forEach((p, i) => {
    const [wr, wi] = want[i]!;
    num += (got[2 * p]! - wr) ** 2 + (got[2 * p + 1]! - wi) ** 2;
    den += wr * wr + wi * wi;
  });
  return Math.sqrt(num / den);
}

/** Points in radians: uniform on [-π, π), or clustered around 1 (a cubic squeeze). */
export function makePoints(count: number, seed: number, clustered: boolean): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: count }, () => {
    const u = 2 * r() - 1;
    return clustered ? 1 + 0.4 * u * u * u : Math.PI * u;
  });
}

/** Interleaved complex values in [-1, 1). */
export function makeComplex(count: number, seed: number): Float64Array {
  const r = rng(seed);
  return Float64Array.from({ length: 2 * count }, () => 2 * r() - 1);
}

/** ⟨a, b⟩ = Σ a · conj(b) of interleaved complex vectors. */
export function inner(a: ArrayLike<number>, b: ArrayLike<number>): [number, number] {
  let re = 0;
  let im = 0;
  for (let i = 0; i < a.length; i += 2) {
    re += a[i]! * b[i]! + a[i + 1]! * b[i + 1]!;
    im += a[i + 1]! * b[i]! - a[i]! * b[i + 1]!;
  }
  return [re, im];
}

export function norm(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}
