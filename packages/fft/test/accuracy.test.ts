import { beforeAll, describe, expect, it } from 'vitest';
import { TOLERANCE, directDft, expectDspError, randomSignal, realToComplex, relativeRmsError, typed } from '@dsp/backend/testing';

import { createFftPlan, fft, ifft, irfft, rfft, type Dtype } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

const SIZES = [
  ...Array.from({ length: 64 }, (_, i) => i + 1),
  100, 127, 128, 243, 625, 1000, 1024, 1536, 2187, 4096, 4099, 10007, 44100, 65536,
];
const DTYPES: Dtype[] = ['f32', 'f64'];

// Above this size the O(n²) reference in JavaScript takes minutes, so it is
// computed on SAMPLED_BINS bins (spread over the whole spectrum) instead of
// all; the Rust tests compare every bin at these sizes.
const FULL_REFERENCE_MAX = 10007;
const SAMPLED_BINS = 1024;

// One float64 reference per size, shared by every backend and dtype (the
// inputs are float32-representable, so f32 and f64 see the same values).
const references = new Map<number, { x: Float64Array; bins: number[] | undefined; X: Float64Array }>();
function reference(n: number): { x: Float64Array; bins: number[] | undefined; X: Float64Array } {
  let r = references.get(n);
  if (!r) {
    const x = randomSignal(2 * n, 31 * n + 1);
    const bins = n <= FULL_REFERENCE_MAX ? undefined : Array.from({ length: SAMPLED_BINS }, (_, i) => Math.floor((i * n) / SAMPLED_BINS) + (i % 7));
    r = { x, bins, X: directDft(x, false, bins) };
    references.set(n, r);
  }
  return r;
}

/** The bins of a full spectrum that a reference holds. */
function pick(X: ArrayLike<number>, bins: number[] | undefined): ArrayLike<number> {
  if (!bins) return X;
  const out = new Float64Array(2 * bins.length);
  bins.forEach((k, i) => {
    out[2 * i] = X[2 * k]!;
    out[2 * i + 1] = X[2 * k + 1]!;
  });
  return out;
}

beforeAll(loadAll);

describe.each(BACKENDS)('fft accuracy on %s', (backend) => {
  for (const dtype of DTYPES) {
    it(`fft and ifft match a direct DFT for every n in 1…64 and awkward sizes up to 65536 (${dtype})`, () => {
      for (const n of SIZES) {
        const { x, bins, X } = reference(n);
        const got = fft(typed(dtype, x), { backend });
        const err = relativeRmsError(pick(got, bins), X);
        expect(err, `fft n=${n} err=${err}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
        const back = ifft(got, { backend });
        expect(relativeRmsError(back, x), `ifft(fft(x)) n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
      }
    });

    it(`spot-checks 32 bins at n = 2^20 and the prime 1048573 (${dtype})`, () => {
      for (const n of [1 << 20, 1048573]) {
        const x = randomSignal(2 * n, n);
        const got = fft(typed(dtype, x), { backend });
        const bins = Array.from({ length: 32 }, (_, i) => (i * 2654435761) % n);
        expect(relativeRmsError(pick(got, bins), directDft(x, false, bins)), `n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
      }
    });

    it(`keeps Parseval's identity and linearity (${dtype})`, () => {
      for (const n of [1, 17, 256, 1000, 4099]) {
        const x = typed(dtype, randomSignal(2 * n, n + 3));
        const y = typed(dtype, randomSignal(2 * n, n + 4));
        const X = fft(x, { backend });
        const Y = fft(y, { backend });
        const energy = (v: ArrayLike<number>) => Array.from(v).reduce((s, a) => s + a * a, 0);
        expect(Math.abs(energy(X) / n - energy(x)) / energy(x)).toBeLessThanOrEqual(dtype === 'f32' ? 2e-6 : 1e-13);
        const a = 0.75;
        const b = -1.5;
        const combo = typed(dtype, Array.from(x, (v, i) => a * v + b * y[i]!));
        const lhs = fft(combo, { backend });
        const rhs = Array.from(X, (v, i) => a * v + b * Y[i]!);
        expect(relativeRmsError(lhs, rhs)).toBeLessThanOrEqual(TOLERANCE[dtype] * 4);
      }
    });

    it(`rfft equals the first half of fft of the same real input, and irfft inverts it (${dtype})`, () => {
      for (const n of [1, 2, 3, 5, 8, 63, 64, 100, 127, 1000, 1024, 4097, 44100]) {
        const xr = randomSignal(n, 5 * n);
        const half = rfft(typed(dtype, xr), { backend });
        const full = fft(typed(dtype, realToComplex(xr)), { backend });
        expect(half.length).toBe(2 * (Math.floor(n / 2) + 1));
        expect(relativeRmsError(half, full.subarray(0, half.length)), `n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
        expect(relativeRmsError(irfft(half, n, { backend }), xr), `irfft n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
      }
    });

    it(`applies numpy's norm conventions (${dtype})`, () => {
      const n = 48;
      const { x, X } = reference(n);
      const ortho = fft(typed(dtype, x), { backend, norm: 'ortho' });
      expect(relativeRmsError(ortho, X.map((v) => v / Math.sqrt(n)))).toBeLessThanOrEqual(TOLERANCE[dtype]);
      const fwd = fft(typed(dtype, x), { backend, norm: 'forward' });
      expect(relativeRmsError(fwd, X.map((v) => v / n))).toBeLessThanOrEqual(TOLERANCE[dtype]);
      expect(relativeRmsError(ifft(fwd, { backend, norm: 'forward' }), x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      expect(relativeRmsError(ifft(ortho, { backend, norm: 'ortho' }), x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      const r = rfft(typed(dtype, x.subarray(0, n)), { backend, norm: 'ortho' });
      expect(relativeRmsError(irfft(r, n, { backend, norm: 'ortho' }), x.subarray(0, n))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    });

    it(`writes into out, in place, and keeps the dtype (${dtype})`, () => {
      const n = 40;
      const { x, X } = reference(n);
      const input = typed(dtype, x);
      const out = typed(dtype, 2 * n);
      expect(fft(input, { backend, out })).toBe(out);
      expect(relativeRmsError(out, X)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      expect(fft(input, { backend, out: input })).toBe(input);
      expect(relativeRmsError(input, X)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      expect(fft(typed(dtype, x), { backend })).toBeInstanceOf(dtype === 'f32' ? Float32Array : Float64Array);
    });

    it(`irfft follows numpy for default n, padding and truncation (${dtype})`, () => {
      const xr = randomSignal(10, 9);
      const half = rfft(typed(dtype, xr), { backend }); // 6 bins
      expect(irfft(half, undefined, { backend }).length).toBe(10);
      // n = 14 needs 8 bins: numpy zero-pads the two missing ones.
      const padded = new Float64Array(16);
      padded.set(half);
      const want = Array.from(irfft(typed(dtype, padded), 14, { backend }));
      expect(relativeRmsError(irfft(half, 14, { backend }), want)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      // n = 6 needs 4 bins: numpy ignores the rest.
      const cut = irfft(half, 6, { backend });
      expect(relativeRmsError(cut, irfft(typed(dtype, half.subarray(0, 8)), 6, { backend }))).toBe(0);
    });

    it(`plans: batched rows equal one-shot transforms, forward and inverse, c2c and r2c (${dtype})`, () => {
      const n = 100;
      const batch = 7;
      const x = typed(dtype, randomSignal(2 * n * batch, 77));
      const plan = createFftPlan(n, { dtype, batch, backend });
      expect(plan.inputLength).toBe(2 * n * batch);
      const X = plan.forward(x);
      for (let r = 0; r < batch; r++) {
        const row = fft(x.subarray(2 * n * r, 2 * n * (r + 1)) as typeof x, { backend });
        expect(relativeRmsError(X.subarray(2 * n * r, 2 * n * (r + 1)), row)).toBe(0);
      }
      expect(relativeRmsError(plan.inverse(X), x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      plan.dispose();
      const rplan = createFftPlan(n, { kind: 'r2c', dtype, batch, backend, norm: 'ortho' });
      const xr = x.subarray(0, n * batch) as typeof x;
      const R = rplan.forward(xr);
      expect(R.length).toBe((n + 2) * batch);
      expect(relativeRmsError(R.subarray(0, n + 2), rfft(xr.subarray(0, n) as typeof x, { backend, norm: 'ortho' }))).toBe(0);
      const out = typed(dtype, n * batch);
      expect(rplan.inverse(R, out)).toBe(out);
      expect(relativeRmsError(out, xr)).toBeLessThanOrEqual(TOLERANCE[dtype]);
      rplan.dispose();
    });

    // Over 1 MB, the wasm backend runs a batch in blocks of rows; these
    // compare that with one-row plans, which run whole.
    it(`plans: long batches equal row-by-row transforms bit for bit, in place too; a late NaN is refused (${dtype})`, () => {
      for (const n of [1000, 1024]) {
        const batch = 300;
        const x = typed(dtype, randomSignal(2 * n * batch, n));
        const plan = createFftPlan(n, { dtype, batch, backend, norm: 'ortho' });
        const one = createFftPlan(n, { dtype, backend, norm: 'ortho' });
        const X = plan.forward(x);
        const inPlace = x.slice();
        expect(plan.forward(inPlace, inPlace)).toBe(inPlace);
        expect(relativeRmsError(inPlace, X)).toBe(0);
        const back = plan.inverse(X);
        for (const r of [0, 1, 150, 299]) {
          const rows = (a: typeof x) => a.subarray(2 * n * r, 2 * n * (r + 1)) as typeof x;
          expect(relativeRmsError(rows(X), one.forward(rows(x))), `n ${n} row ${r}`).toBe(0);
          expect(relativeRmsError(rows(back), one.inverse(rows(X))), `n ${n} row ${r}`).toBe(0);
        }
        const rplan = createFftPlan(n, { kind: 'r2c', dtype, batch, backend });
        const rone = createFftPlan(n, { kind: 'r2c', dtype, backend });
        const xr = x.subarray(0, n * batch) as typeof x;
        const R = rplan.forward(xr);
        const xrBack = rplan.inverse(R);
        const bins = n + 2;
        for (const r of [0, 77, 299]) {
          expect(relativeRmsError(R.subarray(bins * r, bins * (r + 1)), rone.forward(xr.subarray(n * r, n * (r + 1)) as typeof x))).toBe(0);
          expect(relativeRmsError(xrBack.subarray(n * r, n * (r + 1)), rone.inverse(R.subarray(bins * r, bins * (r + 1)) as typeof x))).toBe(0);
        }
        const bad = x.slice();
        bad[2 * n * 290 + 5] = NaN;
        expectDspError(() => plan.forward(bad), 'E_INVALID_ARGUMENT', 'NaN or Infinity');
        expect(relativeRmsError(plan.forward(x), X)).toBe(0);
        for (const p of [plan, one, rplan, rone]) p.dispose();
      }
    });
  }
});
