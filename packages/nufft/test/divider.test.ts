// The spectral-division node against an independent one-shot reference (direct DFTs in f64), and its
// streaming, gating, phase, warm-up, ε and gradient behaviour, on every backend.
import { directDft, expectDspError, randomSignal } from '@dsp/backend/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { createSpectralDivider, fromJSON, type Signal3, type SpectralDividerDescriptor } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

beforeAll(loadAll);

const N = 16;
const SHAPE: [number, number, number] = [2, 2, 150];

function signal3(seed: number, shape = SHAPE): Signal3 {
  return { data: randomSignal(shape[0] * shape[1] * shape[2], seed), shape };
}

/** One-shot reference of one channel, written from the definition with direct DFTs. */
function reference(x: Float64Array, y: Float64Array, d: Required<Pick<SpectralDividerDescriptor, 'lowerBand' | 'upperBand' | 'filterIntensity' | 'phaseOffset' | 'epsilon'>>): Float64Array {
  const T = x.length;
  const w = Array.from({ length: N }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / N));
  const ola = new Float64Array(T + N);
  for (let s = -N / 2; s + N - 1 <= T - 1; s += N / 2) {
    const fx = new Float64Array(2 * N);
    const fy = new Float64Array(2 * N);
    for (let j = 0; j < N; j++) {
      if (s + j >= 0) {
        fx[2 * j] = w[j]! * x[s + j]!;
        fy[2 * j] = w[j]! * y[s + j]!;
      }
    }
    const X = directDft(fx);
    const D = directDft(fy);
    const Y = new Float64Array(2 * N);
    for (let k = 0; k < N; k++) {
      const signed = k <= N / 2 ? k : k - N;
      const f = Math.abs(signed) / N;
      const gain = f >= d.lowerBand && f <= d.upperBand ? 1 : 1 - d.filterIntensity;
      const phase = signed === 0 || 2 * k === N ? 0 : Math.sign(signed) * d.phaseOffset;
      const [xr, xi, dr, di] = [X[2 * k]!, X[2 * k + 1]!, D[2 * k]!, D[2 * k + 1]!];
      const den = dr * dr + di * di + d.epsilon;
      const qr = (xr * dr + xi * di) / den;
      const qi = (xi * dr - xr * di) / den;
      Y[2 * k] = gain * (qr * Math.cos(phase) - qi * Math.sin(phase));
      Y[2 * k + 1] = gain * (qr * Math.sin(phase) + qi * Math.cos(phase));
    }
    const o = directDft(Y, true);
    for (let j = 0; j < N; j++) if (s + j >= 0) ola[s + j] = ola[s + j]! + o[2 * j]! / N;
  }
  return Float64Array.from({ length: T }, (_, t) => (t < N - 1 ? (x[t]! * y[t]!) / (y[t]! * y[t]! + d.epsilon) : ola[t - N + 1]!));
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i]! - b[i]!));
    den = Math.max(den, Math.abs(b[i]!));
  }
  return num / den;
}

const PARAMS = { lowerBand: 0.1, upperBand: 0.35, filterIntensity: 0.8, phaseOffset: 0.7, epsilon: 1e-3 };

describe.each(BACKENDS)('spectral divider on %s', (backend) => {
  it('each algorithm matches the direct-DFT reference per (batch, channel), including warm-up', () => {
    const x = signal3(1);
    const y = signal3(2);
    for (const algorithm of ['fft', 'dft', 'nufft'] as const) {
      const node = createSpectralDivider({ algorithm, windowSize: N, window: 'hann', ...PARAMS, backend });
      const out = node.process(x, y);
      expect(out.shape).toEqual(SHAPE);
      for (let r = 0; r < 4; r++) {
        const span = (a: Float64Array) => a.subarray(r * 150, (r + 1) * 150);
        const want = reference(span(x.data), span(y.data), PARAMS);
        expect(maxRelDiff(span(out.data), want), `${algorithm} row ${r}`).toBeLessThanOrEqual(algorithm === 'nufft' ? 1e-10 : 1e-12);
        // Warm-up: the first N − 1 samples are the safe division itself.
        for (let t = 0; t < N - 1; t++) expect(out.data[r * 150 + t]).toBe((x.data[r * 150 + t]! * y.data[r * 150 + t]!) / (y.data[r * 150 + t]! ** 2 + 1e-3));
      }
      expect(node.metrics().delaySamples).toBe(N - 1);
      expect(node.metrics().framesProcessed).toBe(4 * Math.floor((150 - N + N / 2) / (N / 2) + 1));
      expect(node.metrics().latencyMs).toBeGreaterThanOrEqual(0);
      node.dispose();
    }
  });

  it("'dft' equals 'fft' to 1e-12, and 'nufft' with points on the grid (sigma 1) equals 'fft'", () => {
    const x = signal3(3);
    const y = signal3(4);
    const run = (d: Partial<SpectralDividerDescriptor>) => createSpectralDivider({ algorithm: 'fft', windowSize: N, ...PARAMS, backend, ...d }).process(x, y).data;
    const fft = run({});
    expect(maxRelDiff(run({ algorithm: 'dft' }), fft)).toBeLessThanOrEqual(1e-12);
    expect(maxRelDiff(run({ algorithm: 'nufft', sigma: 1 }), fft)).toBeLessThanOrEqual(1e-15);
    expect(maxRelDiff(run({ algorithm: 'nufft', eps: 1e-12 }), fft)).toBeLessThanOrEqual(1e-10);
  });

  it('streaming equals one-shot for any chunk size', () => {
    const x = signal3(5);
    const y = signal3(6);
    for (const algorithm of ['fft', 'nufft'] as const) {
      const whole = createSpectralDivider({ algorithm, windowSize: N, ...PARAMS, backend }).process(x, y).data;
      for (const chunk of [1, 3, 7, 8, 16, 49, 150]) {
        const node = createSpectralDivider({ algorithm, windowSize: N, ...PARAMS, backend });
        const got = new Float64Array(whole.length);
        for (let t0 = 0; t0 < 150; t0 += chunk) {
          const len = Math.min(chunk, 150 - t0);
          const cut = (s: Signal3) => {
            const data = new Float64Array(4 * len);
            for (let r = 0; r < 4; r++) data.set(s.data.subarray(r * 150 + t0, r * 150 + t0 + len), r * len);
            return { data, shape: [2, 2, len] as [number, number, number] };
          };
          const o = node.process(cut(x), cut(y));
          for (let r = 0; r < 4; r++) got.set(o.data.subarray(r * len, (r + 1) * len), r * 150 + t0);
        }
        expect(Array.from(got), `${algorithm} chunk ${chunk}`).toEqual(Array.from(whole));
      }
    }
  });

  it('gating: intensity 0 or the full band leave the spectrum alone; extreme band edges', () => {
    const x = signal3(7);
    const y = signal3(8);
    const run = (d: Partial<SpectralDividerDescriptor>) => createSpectralDivider({ algorithm: 'fft', windowSize: N, epsilon: 1e-3, backend, ...d }).process(x, y).data;
    const open = run({});
    expect(Array.from(run({ lowerBand: 0.2, upperBand: 0.3, filterIntensity: 0 }))).toEqual(Array.from(open));
    expect(Array.from(run({ lowerBand: 0, upperBand: 0.5, filterIntensity: 1 }))).toEqual(Array.from(open));
    for (const [lowerBand, upperBand] of [[0, 0], [0.5, 0.5], [0.25, 0.25], [0, 0.5]] as const) {
      const got = run({ lowerBand, upperBand, filterIntensity: 0.6 });
      for (let r = 0; r < 4; r++) {
        const span = (a: Float64Array) => a.subarray(r * 150, (r + 1) * 150);
        expect(maxRelDiff(span(got), reference(span(x.data), span(y.data), { lowerBand, upperBand, filterIntensity: 0.6, phaseOffset: 0, epsilon: 1e-3 }))).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it('phase rotation: linear in e^{iφ}, 2π-periodic, π negates all but DC and Nyquist', () => {
    const x = signal3(9);
    const y = signal3(10);
    const run = (phaseOffset: number) => createSpectralDivider({ algorithm: 'fft', windowSize: N, epsilon: 1e-3, phaseOffset, backend }).process(x, y).data;
    const [p0, p90, p180, phi] = [run(0), run(Math.PI / 2), run(Math.PI), run(1.1)];
    // DC and Nyquist are never rotated: c is their part alone, and π negates the rest.
    const c = p0.map((v, i) => (v + p180[i]!) / 2);
    const combo = p0.map((v, i) => (i % 150 < N - 1 ? v : Math.cos(1.1) * (v - c[i]!) + Math.sin(1.1) * (p90[i]! - c[i]!) + c[i]!));
    expect(maxRelDiff(phi, combo)).toBeLessThanOrEqual(1e-12);
    expect(maxRelDiff(run(2 * Math.PI), p0)).toBeLessThanOrEqual(1e-12);
  });

  it('a zero divisor gives zeros through ε, never NaN; ε must be positive', () => {
    const x = signal3(11);
    const zero = { data: new Float64Array(600), shape: SHAPE };
    for (const algorithm of ['fft', 'dft', 'nufft'] as const) {
      const out = createSpectralDivider({ algorithm, windowSize: N, epsilon: 1e-12, backend }).process(x, zero);
      expect(out.data.every((v) => v === 0)).toBe(true);
    }
    expectDspError(() => createSpectralDivider({ algorithm: 'fft', windowSize: N, epsilon: 0, backend }), 'E_INVALID_ARGUMENT', 'epsilon', 'positive');
  });

  it('backward is the exact vector–Jacobian product: finite differences and the dot-product test', () => {
    const shape: [number, number, number] = [1, 2, 60];
    const x = signal3(12, shape);
    const y = signal3(13, shape);
    const g = signal3(14, shape);
    for (const algorithm of ['fft', 'dft', 'nufft'] as const) {
      const make = () => createSpectralDivider({ algorithm, windowSize: N, ...PARAMS, epsilon: 0.5, backend });
      const node = make();
      node.process(x, y);
      const { gradSignal, gradDivisor } = node.backward(g);
      const loss = (xs: Float64Array, ys: Float64Array) => {
        const o = make().process({ data: xs, shape }, { data: ys, shape }).data;
        return o.reduce((acc, v, i) => acc + v * g.data[i]!, 0);
      };
      const h = 1e-6;
      for (const i of [0, 5, 14, 20, 33, 59, 60, 77, 119]) {
        const xp = x.data.slice();
        const xm = x.data.slice();
        xp[i] = xp[i]! + h;
        xm[i] = xm[i]! - h;
        expect(gradSignal.data[i], `${algorithm} dL/dx[${i}]`).toBeCloseTo((loss(xp, y.data) - loss(xm, y.data)) / (2 * h), 6);
        const yp = y.data.slice();
        const ym = y.data.slice();
        yp[i] = yp[i]! + h;
        ym[i] = ym[i]! - h;
        expect(gradDivisor.data[i], `${algorithm} dL/dy[${i}]`).toBeCloseTo((loss(x.data, yp) - loss(x.data, ym)) / (2 * h), 6);
      }
      // The output is linear in the signal: ⟨process(v), g⟩ = ⟨v, gradSignal⟩.
      const v = signal3(15, shape);
      const lhs = make().process(v, y).data.reduce((acc, o, i) => acc + o * g.data[i]!, 0);
      const rhs = v.data.reduce((acc, vi, i) => acc + vi * gradSignal.data[i]!, 0);
      expect(Math.abs(lhs - rhs) / Math.abs(lhs), algorithm).toBeLessThanOrEqual(1e-12);
    }
  });

  it('backward of a later chunk holds the history fixed and matches finite differences', () => {
    const shape: [number, number, number] = [1, 1, 40];
    const node = createSpectralDivider({ algorithm: 'fft', windowSize: N, ...PARAMS, backend });
    const first = [signal3(16, shape), signal3(17, shape)] as const;
    node.process(...first);
    const x = signal3(18, shape);
    const y = signal3(19, shape);
    const g = signal3(20, shape);
    node.process(x, y);
    const { gradSignal } = node.backward(g);
    const loss = (xs: Float64Array) => {
      const n2 = createSpectralDivider({ algorithm: 'fft', windowSize: N, ...PARAMS, backend });
      n2.process(...first);
      return n2.process({ data: xs, shape }, y).data.reduce((acc, v, i) => acc + v * g.data[i]!, 0);
    };
    for (const i of [0, 7, 20, 39]) {
      const xp = x.data.slice();
      const xm = x.data.slice();
      xp[i] = xp[i]! + 1e-6;
      xm[i] = xm[i]! - 1e-6;
      expect(gradSignal.data[i]).toBeCloseTo((loss(xp) - loss(xm)) / 2e-6, 6);
    }
  });

  it('fromJSON reads the descriptor; bad descriptors and shapes are DspErrors', () => {
    const json = JSON.stringify({ algorithm: 'nufft', windowSize: N, window: 'hann', lowerBand: 0, upperBand: 0.5, filterIntensity: 1, phaseOffset: 0, epsilon: 1e-6, sigma: 2, m: 6, kbBeta: 30, backend });
    const node = fromJSON(json);
    expect(node.algorithm).toBe('nufft');
    expect(node.toJSON()).toEqual(JSON.parse(json));
    expect(node.process(signal3(21), signal3(22)).shape).toEqual(SHAPE);
    expectDspError(() => fromJSON('{"algorithm": "wavelet", "windowSize": 16}'), 'E_INVALID_ARGUMENT', 'algorithm', 'wavelet', '"nufft"');
    expectDspError(() => fromJSON('{not json'), 'E_INVALID_ARGUMENT', 'fromJSON', 'JSON');
    expectDspError(() => createSpectralDivider({ algorithm: 'fft', windowSize: 15 }), 'E_INVALID_ARGUMENT', 'windowSize', 'even');
    expectDspError(() => createSpectralDivider({ algorithm: 'fft', windowSize: N, window: 'hamming' as never }), 'E_INVALID_ARGUMENT', 'window', '"hann"');
    expectDspError(() => createSpectralDivider({ algorithm: 'fft', windowSize: N, lowerBand: 0.3, upperBand: 0.2 }), 'E_INVALID_ARGUMENT', 'lowerBand');
    expectDspError(() => createSpectralDivider({ algorithm: 'fft', windowSize: N, sigma: 2 }), 'E_INVALID_ARGUMENT', 'sigma', 'nufft');
    const n2 = createSpectralDivider({ algorithm: 'fft', windowSize: N, backend });
    expectDspError(() => n2.backward(signal3(1)), 'E_INVALID_ARGUMENT', 'process before backward');
    expectDspError(() => n2.process(signal3(1), signal3(2, [2, 2, 149])), 'E_SHAPE', 'divisor');
    expectDspError(() => n2.process({ data: new Float64Array(3), shape: [1, 1, 4] }, signal3(2)), 'E_SHAPE', 'signal.data');
    n2.process(signal3(1), signal3(2));
    expectDspError(() => n2.process(signal3(1, [1, 2, 150]), signal3(2, [1, 2, 150])), 'E_SHAPE', 'reset()');
    const bad = signal3(3);
    bad.data[5] = NaN;
    expectDspError(() => n2.process(bad, signal3(2)), 'E_INVALID_ARGUMENT', 'signal.data[5]');
  });
});
