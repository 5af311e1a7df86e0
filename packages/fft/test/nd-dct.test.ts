import { beforeAll, describe, expect, it } from 'vitest';
import { TOLERANCE, directDct, directDftN, randomSignal, realToComplex, relativeRmsError, typed } from '@dsp/backend/testing';

import { dct, dctn, fftn, halfSpectrumShape, idct, idctn, ifftn, irfftn, rfftn, type Dtype, type FftNorm } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

const DTYPES: Dtype[] = ['f32', 'f64'];
const NORMS: FftNorm[] = ['backward', 'ortho', 'forward'];
const prod = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

beforeAll(loadAll);

describe.each(BACKENDS)('N-D transforms and DCTs on %s', (backend) => {
  for (const dtype of DTYPES) {
    it(`fftn/ifftn over all axes, some axes and negative axes (${dtype})`, () => {
      const cases: [number[], number[] | undefined, number[]][] = [
        [[8, 6], undefined, [0, 1]],
        [[3, 5, 7], undefined, [0, 1, 2]],
        [[3, 5, 7], [-1], [2]],
        [[4, 4, 3, 2], [1, 3], [1, 3]],
        [[64, 48], [0], [0]],
      ];
      for (const [shape, axes, resolved] of cases) {
        const x = randomSignal(2 * prod(shape), prod(shape));
        const X = fftn(typed(dtype, x), shape, { backend, axes });
        expect(relativeRmsError(X, directDftN(x, shape, resolved)), `${shape}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
        expect(relativeRmsError(ifftn(X, shape, { backend, axes }), x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
        const ortho = fftn(typed(dtype, x), shape, { backend, axes, norm: 'ortho' });
        const count = resolved.reduce((a, ax) => a * shape[ax]!, 1);
        expect(relativeRmsError(ortho, directDftN(x, shape, resolved).map((v) => v / Math.sqrt(count)))).toBeLessThanOrEqual(TOLERANCE[dtype]);
      }
    });

    it(`rfftn/irfftn round trip and agree with fftn on the half spectrum (${dtype})`, () => {
      for (const [shape, axes] of [[[6, 10], undefined], [[5, 7, 3], undefined], [[5, 7, 3], [0, 1]], [[9, 4], [1, 0]]] as [number[], number[] | undefined][]) {
        const xr = randomSignal(prod(shape), 3 * prod(shape));
        const R = rfftn(typed(dtype, xr), shape, { backend, axes });
        const hs = halfSpectrumShape(shape, axes);
        expect(R.length).toBe(2 * prod(hs));
        const full = fftn(typed(dtype, realToComplex(xr)), shape, { backend, axes });
        // Crop the full spectrum to the half shape and compare.
        const cropped = new Float64Array(R.length);
        for (let c = 0; c < prod(hs); c++) {
          let rem = c;
          let f = 0;
          let mul = 1;
          for (let d = shape.length - 1; d >= 0; d--) {
            const i = rem % hs[d]!;
            rem = Math.floor(rem / hs[d]!);
            f += i * mul;
            mul *= shape[d]!;
          }
          cropped[2 * c] = full[2 * f]!;
          cropped[2 * c + 1] = full[2 * f + 1]!;
        }
        expect(relativeRmsError(R, cropped), `${shape} ${axes}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
        expect(relativeRmsError(irfftn(R, shape, { backend, axes }), xr)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      }
    });

    it(`dct/idct of every type and norm match scipy's definitions and invert (${dtype})`, () => {
      for (const type of [1, 2, 3, 4] as const) {
        // Type 1 needs two points; the others take one.
        for (const n of type === 1 ? [2, 3, 8, 31, 100, 256] : [1, 2, 3, 8, 31, 100, 256]) {
          const x = randomSignal(n, n * type);
          for (const norm of NORMS) {
            const y = dct(typed(dtype, x), { type, norm, backend });
            expect(relativeRmsError(y, directDct(x, type, norm)), `type ${type} n=${n} ${norm}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
            expect(relativeRmsError(idct(y, { type, norm, backend }), x), `idct type ${type} n=${n} ${norm}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
          }
        }
      }
      // Default: type 2, backward.
      const x = randomSignal(12, 1);
      expect(relativeRmsError(dct(typed(dtype, x), { backend }), directDct(x, 2))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    });

    it(`dctn/idctn are separable DCTs along the chosen axes (${dtype})`, () => {
      const shape = [6, 5, 4];
      const x = randomSignal(prod(shape), 5);
      const y = dctn(typed(dtype, x), shape, { backend, norm: 'ortho', axes: [0, 2] });
      // Reference: DCT-II ortho along axis 2, then along axis 0.
      const ref = Float64Array.from(x);
      const along = (axis: number) => {
        const stride = prod(shape.slice(axis + 1));
        const len = shape[axis]!;
        for (let o = 0; o < prod(shape.slice(0, axis)); o++) {
          for (let s = 0; s < stride; s++) {
            const idx = (i: number) => o * len * stride + i * stride + s;
            const line = Array.from({ length: len }, (_, i) => ref[idx(i)]!);
            directDct(line, 2, 'ortho').forEach((v, i) => (ref[idx(i)] = v));
          }
        }
      };
      along(2);
      along(0);
      expect(relativeRmsError(y, ref)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      expect(relativeRmsError(idctn(y, shape, { backend, norm: 'ortho', axes: [0, 2] }), x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      for (const type of [1, 3, 4] as const) {
        const z = dctn(typed(dtype, x), shape, { backend, type });
        expect(relativeRmsError(idctn(z, shape, { backend, type }), x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      }
    });

    it(`dctn over an axis of length 1 (${dtype})`, () => {
      // The orthonormal DCT-II of one value is that value, so the extra axis changes nothing.
      const x = typed(dtype, randomSignal(12, 9));
      const withUnitAxis = dctn(x, [3, 1, 4], { backend, norm: 'ortho' });
      expect(relativeRmsError(withUnitAxis, dctn(x, [3, 4], { backend, norm: 'ortho' }))).toBeLessThanOrEqual(TOLERANCE[dtype]);
      expect(relativeRmsError(idctn(withUnitAxis, [3, 1, 4], { backend, norm: 'ortho' }), x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      expect(relativeRmsError(dctn(x, [3, 1, 4], { backend, norm: 'ortho', axes: [1] }), x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
    });
  }
});
