import { beforeAll, describe, expect, it } from 'vitest';

import { getWindow, type WindowName } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

beforeAll(loadAll);

// scipy.signal.windows written out from their definitions (symmetric, m points).
function cosineSum(m: number, a: number[]): number[] {
  return Array.from({ length: m }, (_, i) => a.reduce((s, ak, k) => s + (k % 2 ? -1 : 1) * ak * Math.cos((2 * Math.PI * k * i) / (m - 1)), 0));
}

function i0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 500; k++) {
    term *= (x * x) / 4 / (k * k);
    sum += term;
    if (term < sum * 1e-18) break;
  }
  return sum;
}

const CLOSED_FORMS: Record<string, { name: WindowName; param?: Record<string, number>; sym: (m: number) => number[] }> = {
  hann: { name: 'hann', sym: (m) => cosineSum(m, [0.5, 0.5]) },
  hamming: { name: 'hamming', sym: (m) => cosineSum(m, [0.54, 0.46]) },
  blackman: { name: 'blackman', sym: (m) => cosineSum(m, [0.42, 0.5, 0.08]) },
  blackmanharris: { name: 'blackmanharris', sym: (m) => cosineSum(m, [0.35875, 0.48829, 0.14128, 0.01168]) },
  nuttall: { name: 'nuttall', sym: (m) => cosineSum(m, [0.3635819, 0.4891775, 0.1365995, 0.0106411]) },
  flattop: { name: 'flattop', sym: (m) => cosineSum(m, [0.21557895, 0.41663158, 0.277263158, 0.083578947, 0.006947368]) },
  bartlett: { name: 'bartlett', sym: (m) => Array.from({ length: m }, (_, n) => (n <= (m - 1) / 2 ? (2 * n) / (m - 1) : 2 - (2 * n) / (m - 1))) },
  triang: {
    name: 'triang',
    sym: (m) => Array.from({ length: m }, (_, i) => {
      // scipy: 1 − |n − (m−1)/2| / (m/2) for even m, / ((m+1)/2) for odd m.
      const half = m % 2 === 0 ? m / 2 : (m + 1) / 2;
      return 1 - Math.abs(i - (m - 1) / 2) / half;
    }),
  },
  kaiser: { name: 'kaiser', param: { beta: 8.6 }, sym: (m) => Array.from({ length: m }, (_, n) => i0(8.6 * Math.sqrt(Math.max(0, 1 - ((n - (m - 1) / 2) / ((m - 1) / 2)) ** 2))) / i0(8.6)) },
  gaussian: { name: 'gaussian', param: { std: 7 }, sym: (m) => Array.from({ length: m }, (_, n) => Math.exp(-((n - (m - 1) / 2) ** 2) / (2 * 49))) },
  tukey: {
    name: 'tukey',
    param: { alpha: 0.3 },
    sym: (m) => {
      const width = Math.floor((0.3 * (m - 1)) / 2);
      return Array.from({ length: m }, (_, n) => {
        if (n <= width) return 0.5 * (1 + Math.cos(Math.PI * (-1 + (2 * n) / 0.3 / (m - 1))));
        if (n < m - width - 1) return 1;
        return 0.5 * (1 + Math.cos(Math.PI * (-2 / 0.3 + 1 + (2 * n) / 0.3 / (m - 1))));
      });
    },
  },
  cosine: { name: 'cosine', sym: (m) => Array.from({ length: m }, (_, n) => Math.sin((Math.PI / m) * (n + 0.5))) },
  boxcar: { name: 'boxcar', sym: (m) => new Array<number>(m).fill(1) },
  rect: { name: 'rect', sym: (m) => new Array<number>(m).fill(1) },
};

describe.each(BACKENDS)('getWindow on %s', (backend) => {
  for (const [label, { name, param, sym }] of Object.entries(CLOSED_FORMS)) {
    it(`${label} equals its closed form, periodic and symmetric, f64 to 1e-15 and f32 to 1e-7`, () => {
      for (const n of [2, 3, 4, 5, 16, 17, 64, 255, 1024, 2048]) {
        for (const periodic of [true, false]) {
          const want = periodic ? sym(n + 1).slice(0, n) : sym(n);
          const w64 = getWindow(name, n, { periodic, ...param, backend });
          const w32 = getWindow(name, n, { periodic, ...param, dtype: 'f32', backend });
          expect(w64).toBeInstanceOf(Float64Array);
          expect(w32).toBeInstanceOf(Float32Array);
          for (let k = 0; k < n; k++) {
            expect(Math.abs(w64[k]! - want[k]!), `${label} n=${n} periodic=${periodic} k=${k}`).toBeLessThanOrEqual(1e-15);
            expect(Math.abs(w32[k]! - want[k]!), `${label} f32 n=${n} k=${k}`).toBeLessThanOrEqual(1e-7);
          }
        }
      }
      expect(Array.from(getWindow(name, 1, { ...param, backend }))).toEqual([1]);
    });
  }

  it('periodic is the default (scipy get_window fftbins=True) and matches known values', () => {
    expect(Array.from(getWindow('hann', 4, { backend }))).toEqual([0, 0.5, 1, 0.5]);
    expect(Array.from(getWindow('hann', 5, { periodic: false, backend }))).toEqual([0, 0.5, 1, 0.5, 0]);
    // scipy.signal.get_window('triang', 4) = [1/3, 2/3, 1, 2/3] (periodic: symmetric 5 without the last).
    const t = getWindow('triang', 4, { backend });
    [1 / 3, 2 / 3, 1, 2 / 3].forEach((v, i) => expect(Math.abs(t[i]! - v)).toBeLessThanOrEqual(1e-16));
    // tukey alpha defaults to 0.5; alpha 0 is boxcar, alpha 1 is Hann.
    expect(Array.from(getWindow('tukey', 8, { alpha: 0, backend }))).toEqual(new Array(8).fill(1));
    expect(Array.from(getWindow('tukey', 8, { alpha: 1, backend }))).toEqual(Array.from(getWindow('hann', 8, { backend })));
    expect(Array.from(getWindow('tukey', 9, { backend }))).toEqual(Array.from(getWindow('tukey', 9, { alpha: 0.5, backend })));
  });
});
