// sst(): the figures are exact (Parseval), the dense round trip matches them,
// and the measured facts about compression hold — on every backend.
import { beforeAll, describe, expect, it } from 'vitest';

import { sst, type Basis } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { gaussian, norm, relativeDifference, smoothField, typedAs, unravel } from './helpers.js';

beforeAll(loadAll);

const BASES: Basis[] = ['dct', 'rfft', 'fft'];
const CASES: { shape: number[]; axes?: number[] }[] = [
  { shape: [50] },
  { shape: [51] },
  { shape: [12, 17] },
  { shape: [6, 5, 8] },
  { shape: [4, 3, 2, 5], axes: [1, 3] },
  { shape: [3, 6, 4], axes: [2, 0] },
  { shape: [2, 2, 2, 2, 2, 2, 2, 3] },
];

/** Fraction of a standard normal's energy in its top fraction f by magnitude: f + 2tφ(t), P(|x| > t) = f. */
function realGaussianEnergy(f: number): number {
  // erfc by Abramowitz–Stegun 7.1.26 (error < 1.5e-7), inverted by bisection.
  const erfc = (x: number) => {
    const t = 1 / (1 + 0.3275911 * x);
    return t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  };
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (erfc(mid / Math.SQRT2) > f) lo = mid;
    else hi = mid;
  }
  const t = lo;
  return f + (2 * t * Math.exp((-t * t) / 2)) / Math.sqrt(2 * Math.PI);
}

describe.each(BACKENDS)('sst on %s', (backend) => {
  describe.each(['f64', 'f32'] as const)('%s', (dtype) => {
    const tol = dtype === 'f64' ? 1e-10 : 2e-5;
    it.each(BASES)('%s: relativeError and energyKept equal the dense round trip; get() equals toSpatial()', (basis) => {
      for (const [c, { shape, axes }] of CASES.entries()) {
        const x = typedAs(dtype, smoothField(shape, 10 + c));
        for (const keep of [0.05, 0.3, 1]) {
          const T = sst(x, shape, { keep, basis, axes, backend });
          const y = T.toSpatial(undefined, { backend });
          const err = relativeDifference(y, x);
          expect(Math.abs(T.relativeError - err), `${shape} ${basis} keep ${keep}`).toBeLessThan(tol);
          expect(T.energyKept).toBeCloseTo(1 - T.relativeError ** 2, 9);
          if (keep === 1) expect(T.relativeError).toBeLessThan(tol);
          // Parseval: the tensor's norm is the norm of its dense data.
          expect(Math.abs(T.norm() - norm(y)) / norm(y)).toBeLessThan(tol);
          for (const i of [0, 1, Math.floor(x.length / 2), x.length - 1]) {
            expect(Math.abs(T.get(unravel(i, shape)) - y[i]!)).toBeLessThan(tol * 10 * (norm(y) / Math.sqrt(y.length) + 1));
            expect(T.get(i)).toBe(T.get(unravel(i, shape)));
          }
          T.dispose();
        }
      }
    });
  });

  it('k stores exactly k coefficients (dct, rfft) or k − 1 when the next conjugate pair does not fit (fft)', () => {
    const x = gaussian(600, 3);
    const shape = [20, 30];
    // rfft positions of a real [20, 30] signal: 20 × 14 off the two partner planes, 11 canonical in each plane.
    const rfftPositions = 20 * 14 + 2 * 11;
    expect(sst(x, shape, { keep: 1, basis: 'rfft', backend }).nnz).toBe(rfftPositions);
    for (const k of [1, 7, 100, 599]) {
      expect(sst(x, shape, { k, backend }).nnz).toBe(k);
      expect(sst(x, shape, { k, basis: 'rfft', backend }).nnz).toBe(Math.min(k, rfftPositions));
      const n = sst(x, shape, { k, basis: 'fft', backend }).nnz;
      expect(n === k || n === k - 1).toBe(true);
    }
    expect(sst(x, shape, { k: 10_000, backend }).nnz).toBe(600);
  });

  it('the fft basis with int32 positions compresses float32 data 1/(3f), not 1/f', () => {
    const shape = [1000, 1000];
    const x = Float32Array.from(gaussian(1e6, 5));
    for (const f of [0.01, 0.05, 0.1, 0.25]) {
      const T = sst(x, shape, { keep: f, basis: 'fft', backend });
      expect(T.storedBytes()).toBe(12 * T.nnz);
      expect(T.denseBytes()).toBe(4e6);
      expect(Math.abs(T.nnz - f * 1e6)).toBeLessThanOrEqual(1);
      expect(T.compressRatio()).toBeCloseTo(1 / (3 * f), 3);
      T.dispose();
    }
  });

  it('compressRatio compares with dense float32 whatever the dtype (float64 fft: 20 bytes a coefficient, 1/(5f))', () => {
    const T = sst(Float64Array.from(gaussian(1e4, 6)), [100, 100], { keep: 0.05, basis: 'fft', backend });
    expect(T.storedBytes()).toBe(20 * T.nnz);
    expect(T.denseBytes()).toBe(8e4);
    expect(T.compressRatio()).toBe(4e4 / (20 * T.nnz));
    T.dispose();
  });

  it('i.i.d. gaussian data keeps f(1 + ln 1/f) of its energy in complex bases (and f + 2tφ(t) in the DCT), within 2% at n = 10⁶', () => {
    const shape = [1000, 1000];
    const x = gaussian(1e6, 7);
    for (const f of [0.01, 0.05, 0.1, 0.25]) {
      const complexLaw = f * (1 + Math.log(1 / f));
      for (const basis of ['fft', 'rfft'] as const) {
        const T = sst(x, shape, { keep: f, basis, backend });
        expect(Math.abs(T.energyKept / complexLaw - 1), `${basis} at ${f}`).toBeLessThan(0.02);
        T.dispose();
      }
      const D = sst(x, shape, { keep: f, backend });
      expect(Math.abs(D.energyKept / realGaussianEnergy(f) - 1), `dct at ${f}`).toBeLessThan(0.02);
      D.dispose();
    }
    // The headline: at 5% kept the relative error of white noise is ≈ 0.89.
    expect(sst(x, shape, { keep: 0.05, basis: 'fft', backend }).relativeError).toBeCloseTo(Math.sqrt(1 - 0.05 * (1 + Math.log(20))), 2);
  });

  it.each(BASES)('%s: maxError is met, with the fewest coefficients', (basis) => {
    const shape = [24, 40];
    const x = smoothField(shape, 21);
    for (const maxError of [0.3, 0.1, 0.03, 0.01, 0.001]) {
      const T = sst(x, shape, { maxError, basis, backend });
      expect(T.relativeError).toBeLessThanOrEqual(maxError);
      expect(relativeDifference(T.toSpatial(), x)).toBeLessThanOrEqual(maxError * (1 + 1e-9));
      // One stored coefficient (one pair for fft) fewer misses the target.
      const fewer = sst(x, shape, { k: T.nnz - (basis === 'fft' ? 2 : 1), basis, backend });
      expect(fewer.relativeError).toBeGreaterThan(maxError);
    }
    expect(sst(x, shape, { maxError: 0, basis, backend }).relativeError).toBe(0);
  });

  it('keep 1 reproduces the data; the coefficient shape follows the basis and axes', () => {
    const shape = [6, 9];
    const x = smoothField(shape, 2);
    for (const basis of BASES) {
      const T = sst(x, shape, { keep: 1, basis, backend });
      expect(relativeDifference(T.toSpatial(), x)).toBeLessThan(1e-13);
    }
    expect(sst(x, shape, { keep: 1, basis: 'rfft', backend }).coefficientShape).toEqual([6, 5]);
    expect(sst(x, shape, { keep: 1, basis: 'rfft', axes: [1, 0], backend }).coefficientShape).toEqual([4, 9]);
    expect(sst(x, shape, { keep: 1, basis: 'fft', backend }).coefficientShape).toEqual([6, 9]);
  });

  it('toSpatial writes into out', () => {
    const x = Float32Array.from(smoothField([10, 10], 4));
    const T = sst(x, [10, 10], { keep: 0.2, backend });
    const out = new Float32Array(100);
    expect(T.toSpatial(out)).toBe(out);
    expect(Array.from(out)).toEqual(Array.from(T.toSpatial()));
  });
});
