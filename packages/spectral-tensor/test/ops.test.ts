// Every exact operation equals the dense computation on the materialised
// inputs: to 1e-12 in float64 and 1e-5 in float32, relative to the result's scale.
import { beforeAll, describe, expect, it } from 'vitest';

import { sst, type Basis, type SparseSpectralTensor } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { gaussian, maxRelative, norm, smoothField, typedAs, unravel } from './helpers.js';

beforeAll(loadAll);

const LAYOUTS: { basis: Basis; shape: number[]; axes?: number[] }[] = [
  { basis: 'dct', shape: [8, 11] },
  { basis: 'rfft', shape: [8, 11] },
  { basis: 'rfft', shape: [6, 10] },
  { basis: 'fft', shape: [8, 11] },
  { basis: 'dct', shape: [4, 5, 6], axes: [0, 2] },
  { basis: 'rfft', shape: [4, 5, 6], axes: [2, 0] },
  { basis: 'fft', shape: [5, 4, 3], axes: [1] },
  { basis: 'fft', shape: [30] },
];

/** Circular convolution along `axes` (the other axes paired index by index), in float64. */
function circularConvolution(a: ArrayLike<number>, b: ArrayLike<number>, shape: number[], axes: number[]): Float64Array {
  const n = a.length;
  const out = new Float64Array(n);
  for (let o = 0; o < n; o++) {
    const oc = unravel(o, shape);
    let s = 0;
    for (let j = 0; j < n; j++) {
      const jc = unravel(j, shape);
      if (shape.some((_, d) => !axes.includes(d) && jc[d] !== oc[d])) continue;
      let k = 0;
      for (let d = 0; d < shape.length; d++) k = k * shape[d]! + (axes.includes(d) ? (oc[d]! - jc[d]! + shape[d]!) % shape[d]! : oc[d]!);
      s += a[j]! * b[k]!;
    }
    out[o] = s;
  }
  return out;
}

function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  expect(got.length, what).toBe(want.length);
  expect(maxRelative(got, want), what).toBeLessThan(tol);
}

describe.each(BACKENDS)('exact operations on %s', (backend) => {
  describe.each(['f64', 'f32'] as const)('%s', (dtype) => {
    const tol = dtype === 'f64' ? 1e-12 : 1e-5;
    it.each(LAYOUTS.map((l) => [`${l.basis} [${l.shape}] axes ${l.axes ?? 'all'}`, l] as const))('%s', (_, { basis, shape, axes }) => {
      const n = shape.reduce((p, q) => p * q, 1);
      const A = sst(typedAs(dtype, smoothField(shape, 1)), shape, { keep: 0.4, basis, axes, backend });
      const B = sst(typedAs(dtype, gaussian(n, 2)), shape, { keep: 0.3, basis, axes, backend });
      const a = Float64Array.from(A.toSpatial());
      const b = Float64Array.from(B.toSpatial());
      const dense = (T: SparseSpectralTensor) => T.toSpatial();
      const scaleOf = norm(a) / Math.sqrt(n);

      const sum = A.add(B);
      expectClose(dense(sum), a.map((v, i) => v + b[i]!), tol, 'add');
      const support = new Set([...A.indices, ...B.indices]);
      expect(sum.nnz).toBe(support.size);
      expectClose(dense(A.sub(B)), a.map((v, i) => v - b[i]!), tol, 'sub');
      expectClose(dense(A.scale(-2.5)), a.map((v) => -2.5 * v), tol, 'scale');
      expect(Array.from(A.scale(0).indices)).toEqual(Array.from(A.indices));
      expectClose(dense(A.neg()), a.map((v) => -v), tol, 'neg');
      expectClose(dense(A.addScalar(1.75)), a.map((v) => v + 1.75), tol, 'addScalar');

      const s = a.reduce((p, v) => p + v, 0);
      expect(Math.abs(A.sum() - s) / (n * scaleOf)).toBeLessThan(tol);
      expect(Math.abs(A.mean() - s / n) / scaleOf).toBeLessThan(tol);
      expect(Math.abs(A.norm() - norm(a)) / norm(a)).toBeLessThan(tol);
      const d = a.reduce((p, v, i) => p + v * b[i]!, 0);
      expect(Math.abs(A.dot(B) - d) / (norm(a) * norm(b))).toBeLessThan(tol);

      if (basis !== 'dct') {
        const C = A.convCircular(B);
        expectClose(dense(C), circularConvolution(a, b, shape, axes ?? shape.map((_, i) => i)), tol * 10, 'convCircular');
        const common = A.indices.filter((i) => B.indices.includes(i));
        expect(C.nnz).toBe(common.length);
      }

      const R = A.retruncate({ k: 12, backend });
      expect(R.nnz).toBeLessThanOrEqual(12);
      const r = R.toSpatial();
      const added = Math.sqrt(a.reduce((p, v, i) => p + (v - r[i]!) ** 2, 0)) / norm(a);
      expect(Math.abs(R.relativeError - added)).toBeLessThan(tol * 10);
      const M = A.retruncate({ maxError: 0.05, backend });
      expect(M.relativeError).toBeLessThanOrEqual(0.05);
      expect(A.materialize().shape).toEqual(shape);
    });
  });

  it.each([
    ['dct', undefined],
    ['fft', undefined],
    ['rfft', undefined],
    ['dct', [1]],
  ] as const)('matmul (%s, axes %s) equals the dense product of the materialised matrix (1e-12 f64, 1e-5 f32)', (basis, axes) => {
    for (const dtype of ['f64', 'f32'] as const) {
      const tol = dtype === 'f64' ? 1e-12 : 1e-5;
      for (const [m, n] of [[12, 20], [9, 7], [1, 5], [16, 1]] as const) {
        const W = sst(typedAs(dtype, smoothField([m, n], m + n)), [m, n], { keep: 0.35, basis, axes: axes as number[] | undefined, backend });
        const w = Float64Array.from(W.toSpatial());
        for (const p of [1, 3]) {
          const x = typedAs(dtype, gaussian(n * p, p));
          const y = W.matmul(x, p === 1 ? undefined : [n, p], { backend });
          const want = new Float64Array(m * p);
          for (let i = 0; i < m; i++) for (let q = 0; q < p; q++) for (let j = 0; j < n; j++) want[i * p + q] = want[i * p + q]! + w[i * n + j]! * x[j * p + q]!;
          expect(y).toBeInstanceOf(dtype === 'f64' ? Float64Array : Float32Array);
          expectClose(y, want, tol, `${basis} ${m}×${n} p ${p} ${dtype}`);
        }
      }
    }
  });
});
