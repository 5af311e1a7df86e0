// The conformance suite every backend runs (tfjs-style: one suite, once per backend).
import { describe, expect, it, beforeAll } from 'vitest';

import { DspError } from '../errors.js';
import type { Backend, DctType, Dtype, FftNorm, FloatArray } from '../types.js';
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

const DTYPES: Dtype[] = ['f32', 'f64'];

export function typed(dtype: Dtype, data: ArrayLike<number> | number): FloatArray {
  if (typeof data === 'number') return dtype === 'f32' ? new Float32Array(data) : new Float64Array(data);
  return dtype === 'f32' ? Float32Array.from(data) : Float64Array.from(data);
}

function expectCode(fn: () => unknown, code: DspError['code']): DspError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DspError);
    expect((e as DspError).code).toBe(code);
    return e as DspError;
  }
  throw new Error(`expected DspError ${code}, nothing was thrown`);
}

/** Sizes the kernel tests sweep: every n in 1…64 and the awkward ones above. */
export const CONFORMANCE_SIZES = [
  ...Array.from({ length: 64 }, (_, i) => i + 1),
  100, 127, 128, 243, 625, 1000, 1024, 1536, 2187, 4096, 4099, 10007,
];

/**
 * Runs the backend conformance suite for one backend: c2c and r2c plans
 * against a direct DFT, batches, in place, N-D, DCTs against their
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
      expect(backend.abiVersion).toBe(1);
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

      it(`refuses NaN and Infinity with E_INVALID_ARGUMENT, and keeps working (${dtype})`, () => {
        const n = 64;
        const plan = backend.createFftPlan('c2c', dtype, n);
        const rplan = backend.createFftPlan('r2c', dtype, n);
        for (const bad of [NaN, Infinity, -Infinity]) {
          for (const at of [0, 1, 77, 2 * n - 1]) {
            const x = typed(dtype, randomSignal(2 * n, 5));
            x[at] = bad;
            expectCode(() => plan.execute(false, x, typed(dtype, 2 * n), 1, 1, 0), 'E_INVALID_ARGUMENT');
            expectCode(() => plan.execute(true, x, typed(dtype, 2 * n), 1, 1, 0), 'E_INVALID_ARGUMENT');
            const r = typed(dtype, randomSignal(n, 6));
            r[at % n] = bad;
            expectCode(() => rplan.execute(false, r, typed(dtype, n + 2), 1, 1, 0), 'E_INVALID_ARGUMENT');
            const h = typed(dtype, randomSignal(n + 2, 6));
            h[at % (n + 2)] = bad;
            expectCode(() => rplan.execute(true, h, typed(dtype, n), 1, 1, 0), 'E_INVALID_ARGUMENT');
            expectCode(() => backend.fftn(x, typed(dtype, 2 * n), [8, 8], [0, 1], false, 1, 0), 'E_INVALID_ARGUMENT');
            expectCode(() => backend.dctn(r, typed(dtype, n), [n], [0], 2, 'backward', false, 0), 'E_INVALID_ARGUMENT');
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
        expectCode(() => plan.execute(false, typed(dtype, 32), typed(dtype, 32), 1, 1, 0), 'E_DISPOSED');
        const fresh = backend.createFftPlan('c2c', dtype, 16);
        fresh.execute(false, typed(dtype, 32), typed(dtype, 32), 1, 1, 0);
        fresh.dispose();
      });
    }

    it('core length checks refuse buffers that do not fit the plan (never read or write past them)', () => {
      const plan = backend.createFftPlan('c2c', 'f64', 8);
      expectCode(() => plan.execute(false, new Float64Array(15), new Float64Array(16), 1, 1, 0), 'E_INVALID_ARGUMENT');
      expectCode(() => plan.execute(false, new Float64Array(16), new Float64Array(16), 2, 1, 0), 'E_INVALID_ARGUMENT');
      expectCode(() => backend.fftn(new Float64Array(16), new Float64Array(16), [3, 3], [0, 1], false, 1, 0), 'E_INVALID_ARGUMENT');
      expectCode(() => backend.dctn(new Float64Array(1), new Float64Array(1), [1], [0], 1, 'backward', false, 0), 'E_INVALID_ARGUMENT');
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
