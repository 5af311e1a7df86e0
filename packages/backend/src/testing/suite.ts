// The conformance suite every backend runs (tfjs-style: one suite, once per backend).
import { describe, expect, it, beforeAll } from 'vitest';

import type { Backend, DctType, Dtype, FftNorm, FloatArray } from '../types.js';
import { ABI_VERSION } from '../abi.js';
import {
  BACKEND_AGREEMENT,
  TOLERANCE,
  directDct,
  directDft,
  directDftN,
  randomSignal,
  realToComplex,
  relativeRmsError,
} from './reference.js';
import { expectDspError } from './expect.js';
import { stftConformance } from './stft-suite.js';

const DTYPES: Dtype[] = ['f32', 'f64'];

export function typed(dtype: Dtype, data: ArrayLike<number> | number): FloatArray {
  if (typeof data === 'number') return dtype === 'f32' ? new Float32Array(data) : new Float64Array(data);
  return dtype === 'f32' ? Float32Array.from(data) : Float64Array.from(data);
}

function bytes(a: FloatArray): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Sizes the kernel tests sweep: every n in 1…64 and the awkward ones above. */
export const CONFORMANCE_SIZES = [
  ...Array.from({ length: 64 }, (_, i) => i + 1),
  100, 127, 128, 243, 625, 1000, 1024, 1536, 2187, 4096, 4099, 10007,
];

/**
 * Runs the backend conformance suite for one backend: c2c and r2c plans
 * against a direct DFT, batches, in place, subarray views, N-D, DCTs against their
 * definitions, determinism across thread counts, and error statuses.
 */
export function backendConformanceSuite(name: string, load: () => Promise<Backend>): void {
  describe(`backend conformance: ${name}`, () => {
    let backend: Backend;
    beforeAll(async () => {
      backend = await load();
    });

    it('reports its name and ABI version', () => {
      expect(backend.name).toBe(name);
      expect(backend.abiVersion).toBe(ABI_VERSION);
      expect(backend.maxThreads).toBeGreaterThanOrEqual(1);
    });

    for (const dtype of DTYPES) {
      it(`c2c forward and inverse match a direct DFT (${dtype})`, () => {
        for (const n of CONFORMANCE_SIZES) {
          const x = randomSignal(2 * n, n);
          const plan = backend.createFftPlan('c2c', dtype, n);
          const out = typed(dtype, 2 * n);
          plan.execute(false, typed(dtype, x), out, 1, 1, 0);
          expect(relativeRmsError(out, directDft(x)), `n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
          plan.execute(true, typed(dtype, x), out, 1, 1 / n, 0);
          const inv = directDft(x, true).map((v) => v / n);
          expect(relativeRmsError(out, inv), `inverse n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
          plan.dispose();
        }
      });

      it(`r2c forward and inverse match a direct DFT (${dtype})`, () => {
        for (const n of CONFORMANCE_SIZES) {
          const x = randomSignal(n, 1000 + n);
          const plan = backend.createFftPlan('r2c', dtype, n);
          const half = typed(dtype, 2 * (Math.floor(n / 2) + 1));
          plan.execute(false, typed(dtype, x), half, 1, 1, 0);
          const full = directDft(realToComplex(x));
          expect(relativeRmsError(half, full.subarray(0, half.length)), `n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
          const back = typed(dtype, n);
          plan.execute(true, half, back, 1, 1 / n, 0);
          expect(relativeRmsError(back, x), `round trip n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
          plan.dispose();
        }
      });

      it(`batched rows equal separate transforms, for any thread count (${dtype})`, () => {
        const n = 256;
        const batch = 300;
        const x = typed(dtype, randomSignal(2 * n * batch, 7));
        const plan = backend.createFftPlan('c2c', dtype, n);
        const serial = typed(dtype, x.length);
        plan.execute(false, x, serial, batch, 1, 1);
        for (const threads of [0, 2, 3]) {
          const par = typed(dtype, x.length);
          plan.execute(false, x, par, batch, 1, threads);
          expect(Buffer.from(par.buffer).equals(Buffer.from(serial.buffer)), `threads=${threads}`).toBe(true);
        }
        const row = typed(dtype, 2 * n);
        for (const r of [0, 1, 150, batch - 1]) {
          plan.execute(false, x.subarray(2 * n * r, 2 * n * (r + 1)), row, 1, 1, 1);
          expect(Array.from(serial.subarray(2 * n * r, 2 * n * (r + 1)))).toEqual(Array.from(row));
        }
        plan.dispose();
      });

      it(`c2c runs in place (${dtype})`, () => {
        const n = 96;
        const x = randomSignal(2 * n, 3);
        const buf = typed(dtype, x);
        const plan = backend.createFftPlan('c2c', dtype, n);
        plan.execute(false, buf, buf, 1, 1, 0);
        expect(relativeRmsError(buf, directDft(x))).toBeLessThanOrEqual(TOLERANCE[dtype]);
        plan.dispose();
      });

      it(`fftn over all and some axes matches a direct N-D DFT (${dtype})`, () => {
        const cases: [number[], number[]][] = [
          [[5, 6], [0, 1]],
          [[4, 3, 7], [0, 1, 2]],
          [[4, 3, 7], [1]],
          [[4, 3, 7], [2, 0]],
          [[2, 3, 2, 5], [0, 3]],
          [[40, 33], [0]],
        ];
        for (const [shape, axes] of cases) {
          const size = shape.reduce((a, b) => a * b, 1);
          const x = randomSignal(2 * size, size);
          const out = typed(dtype, 2 * size);
          backend.fftn(typed(dtype, x), out, shape, axes, false, 1, 0);
          expect(relativeRmsError(out, directDftN(x, shape, axes)), `${shape} ${axes}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
          const back = typed(dtype, 2 * size);
          const count = axes.reduce((a, ax) => a * shape[ax]!, 1);
          backend.fftn(out, back, shape, axes, true, 1 / count, 0);
          expect(relativeRmsError(back, x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
        }
      });

      it(`rfftn and irfftn match a direct N-D DFT (${dtype})`, () => {
        const cases: [number[], number[]][] = [
          [[6, 8], [0, 1]],
          [[5, 7], [0, 1]],
          [[3, 4, 5], [0, 1, 2]],
          [[3, 4, 5], [2, 0]],
          [[6, 9], [0]],
          [[4, 12], [1]],
        ];
        for (const [shape, axes] of cases) {
          const size = shape.reduce((a, b) => a * b, 1);
          const x = randomSignal(size, 50 + size);
          const last = axes[axes.length - 1]!;
          const cshape = shape.slice();
          cshape[last] = Math.floor(shape[last]! / 2) + 1;
          const csize = cshape.reduce((a, b) => a * b, 1);
          const out = typed(dtype, 2 * csize);
          backend.rfftn(typed(dtype, x), out, shape, axes, 1, 0);
          // Expected: the full DFT, cropped to the half spectrum along `last`.
          const full = directDftN(realToComplex(x), shape, axes);
          const expected = new Float64Array(2 * csize);
          const idx = new Array(shape.length).fill(0);
          for (let c = 0; c < csize; c++) {
            let rem = c;
            for (let d = shape.length - 1; d >= 0; d--) {
              idx[d] = rem % cshape[d]!;
              rem = Math.floor(rem / cshape[d]!);
            }
            const f = idx.reduce((acc: number, v: number, d: number) => acc * shape[d]! + v, 0);
            expected[2 * c] = full[2 * f]!;
            expected[2 * c + 1] = full[2 * f + 1]!;
          }
          expect(relativeRmsError(out, expected), `${shape} ${axes}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
          const back = typed(dtype, size);
          const count = axes.reduce((a, ax) => a * shape[ax]!, 1);
          backend.irfftn(out, back, shape, axes, 1 / count, 0);
          expect(relativeRmsError(back, x), `round trip ${shape} ${axes}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
        }
      });

      it(`dctn of types 1–4 matches scipy's definitions for every norm (${dtype})`, () => {
        const norms: FftNorm[] = ['backward', 'ortho', 'forward'];
        for (const type of [1, 2, 3, 4] as DctType[]) {
          for (const n of [2, 3, 4, 5, 8, 17, 64, 100]) {
            const x = randomSignal(n, 10 * n + type);
            for (const norm of norms) {
              for (const inverse of [false, true]) {
                const out = typed(dtype, n);
                backend.dctn(typed(dtype, x), out, [n], [0], type, norm, inverse, 0);
                const want = directDct(x, type, norm, inverse);
                expect(relativeRmsError(out, want), `type ${type} n=${n} ${norm} inverse=${inverse}`).toBeLessThanOrEqual(
                  dtype === 'f32' ? TOLERANCE.f32 : 1e-13,
                );
              }
            }
          }
        }
        // Separable along a strided axis: columns of a 2-D array.
        const shape = [7, 5];
        const x = randomSignal(35, 99);
        const out = typed(dtype, 35);
        backend.dctn(typed(dtype, x), out, shape, [0], 2, 'ortho', false, 0);
        for (let c = 0; c < 5; c++) {
          const col = Array.from({ length: 7 }, (_, r) => x[r * 5 + c]!);
          const want = directDct(col, 2, 'ortho');
          const got = Array.from({ length: 7 }, (_, r) => out[r * 5 + c]!);
          expect(relativeRmsError(got, want)).toBeLessThanOrEqual(TOLERANCE[dtype]);
        }
      });

      it(`plans describe themselves; batched c2c inverse and r2c forward and inverse match a direct DFT row by row (${dtype})`, () => {
        const batch = 3;
        for (const n of [1, 2, 5, 7, 16, 17, 33, 64, 100, 128, 1024]) {
          const bins = Math.floor(n / 2) + 1;
          const c2c = backend.createFftPlan('c2c', dtype, n);
          const r2c = backend.createFftPlan('r2c', dtype, n);
          expect([c2c.kind, c2c.dtype, c2c.n, c2c.disposed]).toEqual(['c2c', dtype, n, false]);
          expect([r2c.kind, r2c.dtype, r2c.n, r2c.disposed]).toEqual(['r2c', dtype, n, false]);
          const x = randomSignal(2 * n * batch, 2000 + n);
          const inv = typed(dtype, 2 * n * batch);
          c2c.execute(true, typed(dtype, x), inv, batch, 1 / n, 0);
          const real = x.subarray(0, n * batch);
          const half = typed(dtype, 2 * bins * batch);
          r2c.execute(false, typed(dtype, real), half, batch, 1, 0);
          for (let row = 0; row < batch; row++) {
            const want = directDft(x.subarray(2 * n * row, 2 * n * (row + 1)), true).map((v) => v / n);
            expect(relativeRmsError(inv.subarray(2 * n * row, 2 * n * (row + 1)), want), `c2c inverse n=${n} row ${row}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
            const spectrum = directDft(realToComplex(real.subarray(n * row, n * (row + 1)))).subarray(0, 2 * bins);
            expect(relativeRmsError(half.subarray(2 * bins * row, 2 * bins * (row + 1)), spectrum), `r2c n=${n} row ${row}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
          }
          const back = typed(dtype, n * batch);
          r2c.execute(true, half, back, batch, 1 / n, 0);
          expect(relativeRmsError(back, real), `r2c round trip n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
          c2c.dispose();
          r2c.dispose();
        }
      });

      it(`plans and fftn run in place with a batch and a scale, giving the out-of-place bytes (${dtype})`, () => {
        const n = 48;
        const batch = 2;
        const x = typed(dtype, randomSignal(2 * n * batch, 9));
        const plan = backend.createFftPlan('c2c', dtype, n);
        const apart = typed(dtype, x.length);
        plan.execute(false, x, apart, batch, 0.5, 0);
        for (let row = 0; row < batch; row++) {
          const want = directDft(x.subarray(2 * n * row, 2 * n * (row + 1))).map((v) => v * 0.5);
          expect(relativeRmsError(apart.subarray(2 * n * row, 2 * n * (row + 1)), want), `row ${row}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
        }
        const buffer = x.slice();
        plan.execute(false, buffer, buffer, batch, 0.5, 0);
        expect(bytes(buffer).equals(bytes(apart))).toBe(true);
        plan.dispose();

        const shape = [6, 10];
        const grid = typed(dtype, randomSignal(2 * 60, 5));
        const spectrum = typed(dtype, grid.length);
        backend.fftn(grid, spectrum, shape, [0, 1], false, 1, 0);
        const data = grid.slice();
        backend.fftn(data, data, shape, [0, 1], false, 1, 0);
        expect(bytes(data).equals(bytes(spectrum))).toBe(true);
        backend.fftn(data, data, shape, [1, 0], true, 1 / 60, 0);
        expect(relativeRmsError(data, grid)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      });

      it(`reads and writes subarray views at their byteOffset, leaving the rest of the buffer alone (${dtype})`, () => {
        const n = 32;
        const x = randomSignal(2 * n, 11);
        const inputBacking = typed(dtype, 2 * n + 6);
        inputBacking.set(typed(dtype, x), 3);
        const outputBacking = typed(dtype, 2 * n + 10).fill(7);
        const input = inputBacking.subarray(3, 3 + 2 * n);
        const output = outputBacking.subarray(5, 5 + 2 * n);
        const plan = backend.createFftPlan('c2c', dtype, n);
        plan.execute(false, input, output, 1, 1, 1);
        expect(relativeRmsError(output, directDft(x))).toBeLessThanOrEqual(TOLERANCE[dtype]);
        expect(Array.from(outputBacking.subarray(0, 5))).toEqual([7, 7, 7, 7, 7]);
        expect(Array.from(outputBacking.subarray(5 + 2 * n))).toEqual([7, 7, 7, 7, 7]);
        expect(Array.from(inputBacking.subarray(3, 3 + 2 * n))).toEqual(Array.from(typed(dtype, x)));
        plan.dispose();
      });

      it(`refusals say why, name the operation, and leave other plans working (${dtype})`, () => {
        const plan = backend.createFftPlan('c2c', dtype, 8);
        const x = typed(dtype, randomSignal(16, 1));
        x[5] = NaN;
        expect(expectDspError(() => plan.execute(false, x, typed(dtype, 16), 1, 1, 0), 'E_INVALID_ARGUMENT').message).toMatch(/NaN or Infinity/);
        const short = expectDspError(() => plan.execute(false, typed(dtype, 15), typed(dtype, 16), 1, 1, 0), 'E_INVALID_ARGUMENT');
        expect(short.message).toMatch(/^FftPlan\.execute: .*15.*do not fit/);
        const real = backend.createFftPlan('r2c', dtype, 10);
        expect(expectDspError(() => real.execute(false, typed(dtype, 10), typed(dtype, 11), 1, 1, 0), 'E_INVALID_ARGUMENT').message).toContain('do not fit');
        expectDspError(() => backend.rfftn(typed(dtype, 16), typed(dtype, 16), [16], [0], 1, 0), 'E_INVALID_ARGUMENT');
        expectDspError(() => backend.createFftPlan('c2c', dtype, 0), 'E_INVALID_ARGUMENT');
        expectDspError(() => backend.createFftPlan('c3c' as 'c2c', dtype, 8), 'E_INVALID_ARGUMENT');
        expectDspError(() => backend.dctn(typed(dtype, 4), typed(dtype, 4), [4], [0], 2, 'sideways' as 'ortho', false, 0), 'E_INVALID_ARGUMENT');

        real.dispose();
        expect(expectDspError(() => real.execute(false, typed(dtype, 10), typed(dtype, 12), 1, 1, 0), 'E_DISPOSED').message).toContain('disposed');
        // An impulse at 0 has a flat spectrum: exact in any precision.
        const impulse = typed(dtype, 16);
        impulse[0] = 1;
        const out = typed(dtype, 16);
        plan.execute(false, impulse, out, 1, 1, 0);
        expect(Array.from(out)).toEqual(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
        const other = backend.createFftPlan('r2c', dtype, 10);
        const signal = randomSignal(10, 40);
        const half = typed(dtype, 12);
        other.execute(false, typed(dtype, signal), half, 1, 1, 0);
        expect(relativeRmsError(half, directDft(realToComplex(signal)).subarray(0, 12))).toBeLessThanOrEqual(TOLERANCE[dtype]);
        other.dispose();
        plan.dispose();
      });

      it(`refuses NaN and Infinity with E_INVALID_ARGUMENT, and keeps working (${dtype})`, () => {
        const n = 64;
        const plan = backend.createFftPlan('c2c', dtype, n);
        const rplan = backend.createFftPlan('r2c', dtype, n);
        for (const bad of [NaN, Infinity, -Infinity]) {
          for (const at of [0, 1, 77, 2 * n - 1]) {
            const x = typed(dtype, randomSignal(2 * n, 5));
            x[at] = bad;
            expectDspError(() => plan.execute(false, x, typed(dtype, 2 * n), 1, 1, 0), 'E_INVALID_ARGUMENT');
            expectDspError(() => plan.execute(true, x, typed(dtype, 2 * n), 1, 1, 0), 'E_INVALID_ARGUMENT');
            const r = typed(dtype, randomSignal(n, 6));
            r[at % n] = bad;
            expectDspError(() => rplan.execute(false, r, typed(dtype, n + 2), 1, 1, 0), 'E_INVALID_ARGUMENT');
            const h = typed(dtype, randomSignal(n + 2, 6));
            h[at % (n + 2)] = bad;
            expectDspError(() => rplan.execute(true, h, typed(dtype, n), 1, 1, 0), 'E_INVALID_ARGUMENT');
            expectDspError(() => backend.fftn(x, typed(dtype, 2 * n), [8, 8], [0, 1], false, 1, 0), 'E_INVALID_ARGUMENT');
            expectDspError(() => backend.dctn(r, typed(dtype, n), [n], [0], 2, 'backward', false, 0), 'E_INVALID_ARGUMENT');
          }
        }
        const x = randomSignal(2 * n, 8);
        const out = typed(dtype, 2 * n);
        plan.execute(false, typed(dtype, x), out, 1, 1, 0);
        expect(relativeRmsError(out, directDft(x))).toBeLessThanOrEqual(TOLERANCE[dtype]);
        plan.dispose();
        rplan.dispose();
      });

      it(`a disposed plan throws E_DISPOSED; disposing twice is harmless (${dtype})`, () => {
        const plan = backend.createFftPlan('c2c', dtype, 16);
        plan.dispose();
        plan.dispose();
        expect(plan.disposed).toBe(true);
        expectDspError(() => plan.execute(false, typed(dtype, 32), typed(dtype, 32), 1, 1, 0), 'E_DISPOSED');
        const fresh = backend.createFftPlan('c2c', dtype, 16);
        fresh.execute(false, typed(dtype, 32), typed(dtype, 32), 1, 1, 0);
        fresh.dispose();
      });
    }

    stftConformance(() => backend, DTYPES);

    it('core length checks refuse buffers that do not fit the plan (never read or write past them)', () => {
      const plan = backend.createFftPlan('c2c', 'f64', 8);
      expectDspError(() => plan.execute(false, new Float64Array(15), new Float64Array(16), 1, 1, 0), 'E_INVALID_ARGUMENT');
      expectDspError(() => plan.execute(false, new Float64Array(16), new Float64Array(16), 2, 1, 0), 'E_INVALID_ARGUMENT');
      expectDspError(() => backend.fftn(new Float64Array(16), new Float64Array(16), [3, 3], [0, 1], false, 1, 0), 'E_INVALID_ARGUMENT');
      expectDspError(() => backend.dctn(new Float64Array(1), new Float64Array(1), [1], [0], 1, 'backward', false, 0), 'E_INVALID_ARGUMENT');
      plan.dispose();
    });
  });
}

/**
 * Checks that two backends give the same numbers (native vs wasm) within
 * BACKEND_AGREEMENT, on c2c, r2c, N-D and DCT kernels.
 */
export function backendAgreementSuite(load: () => Promise<[Backend, Backend]>): void {
  describe('backends agree', () => {
    let a: Backend;
    let b: Backend;
    beforeAll(async () => {
      [a, b] = await load();
    });
    for (const dtype of DTYPES) {
      it(`c2c, r2c, fftn and dct agree (${dtype})`, () => {
        for (const n of [1, 7, 64, 100, 1000, 1024, 4099]) {
          const x = typed(dtype, randomSignal(2 * n, n + 5));
          const outs = [a, b].map((be) => {
            const p = be.createFftPlan('c2c', dtype, n);
            const o = typed(dtype, 2 * n);
            p.execute(false, x, o, 1, 1, 0);
            p.dispose();
            return o;
          });
          expect(relativeRmsError(outs[0]!, outs[1]!), `c2c n=${n}`).toBeLessThanOrEqual(BACKEND_AGREEMENT[dtype]);
          const r = x.subarray(0, n);
          const routs = [a, b].map((be) => {
            const p = be.createFftPlan('r2c', dtype, n);
            const o = typed(dtype, 2 * (Math.floor(n / 2) + 1));
            p.execute(false, r, o, 1, 1, 0);
            p.dispose();
            return o;
          });
          expect(relativeRmsError(routs[0]!, routs[1]!), `r2c n=${n}`).toBeLessThanOrEqual(BACKEND_AGREEMENT[dtype]);
        }
        const shape = [12, 10, 6];
        const x = typed(dtype, randomSignal(2 * 720, 4));
        const [o1, o2] = [a, b].map((be) => {
          const o = typed(dtype, 2 * 720);
          be.fftn(x, o, shape, [0, 1, 2], false, 1, 0);
          return o;
        });
        expect(relativeRmsError(o1!, o2!)).toBeLessThanOrEqual(BACKEND_AGREEMENT[dtype]);
        const [d1, d2] = [a, b].map((be) => {
          const o = typed(dtype, 720);
          be.dctn(x.subarray(0, 720), o, shape, [0, 2], 2, 'ortho', false, 0);
          return o;
        });
        expect(relativeRmsError(d1!, d2!)).toBeLessThanOrEqual(BACKEND_AGREEMENT[dtype]);
      });
    }
  });
}
