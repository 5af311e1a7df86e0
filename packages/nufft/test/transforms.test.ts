// Adjoints, the one-call functions, batches, f32's floor and the plain-FFT path on the grid, on every backend.
import { getBackend } from '@dsp/backend';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  createNufftPlan,
  nufft1d1,
  nufft1d2,
  nufft1d3,
  nufft2d1,
  nufft2d2,
  nufft2d3,
  nufft3d1,
  nufft3d2,
  nufft3d3,
  NUFFT_EPS_FLOOR,
} from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { directSum, inner, makeComplex, makePoints, modeVector, norm, sampleIndices, sampledError } from './reference.js';

beforeAll(loadAll);

const MODES: Record<number, number[]> = { 1: [40], 2: [12, 10], 3: [6, 8, 5] };

describe.each(BACKENDS)('NUFFT on %s', (backend) => {
  it('adjoint is the exact transpose: ⟨A u, v⟩ = ⟨u, Aᴴ v⟩ to 1e-12 for every type and dimension', () => {
    for (const type of [1, 2, 3] as const) {
      for (const dim of [1, 2, 3]) {
        const plan = createNufftPlan({ type, modes: type === 3 ? dim : MODES[dim]!, eps: 1e-6, dtype: 'f64', backend });
        const x = Array.from({ length: dim }, (_, d) => makePoints(300, 70 + d, d === 1));
        const s = Array.from({ length: dim }, (_, d) => makePoints(90, 80 + d, false).map((v) => 8 * v));
        plan.setPoints(...x, ...(type === 3 ? s : []));
        const u = makeComplex(plan.inputLength, 1);
        const v = makeComplex(plan.outputLength, 2);
        const au = plan.execute(u);
        const ahv = plan.adjoint(v);
        const [lr, li] = inner(au, v);
        const [rr, ri] = inner(u, ahv);
        const scale = norm(au) * norm(v);
        expect(Math.hypot(lr - rr, li - ri) / scale, `type ${type} dim ${dim}`).toBeLessThanOrEqual(1e-12);
        plan.dispose();
      }
    }
  });

  it('the one-call functions equal the plan and FINUFFT’s sign conventions', () => {
    const x = makePoints(200, 1, false);
    const y = makePoints(200, 2, false);
    const z = makePoints(200, 3, true);
    const c = makeComplex(200, 4);
    const s = makePoints(60, 5, false).map((v) => 10 * v);
    const t = makePoints(60, 6, false).map((v) => 10 * v);
    const u = makePoints(60, 7, false).map((v) => 10 * v);
    const eps = 1e-9;
    const check = (out: Float64Array, want: (p: number) => [number, number], n: number) => {
      const at = sampleIndices(n, 100, 9);
      expect(sampledError(out, at, at.map(want))).toBeLessThanOrEqual(eps);
    };
    check(nufft1d1(x, c, 30, { eps, backend }), (p) => directSum([x], c, modeVector(p, [30], 'centered'), 1), 30);
    check(nufft2d1(x, y, c, [8, 6], { eps, backend }), (p) => directSum([x, y], c, modeVector(p, [8, 6], 'centered'), 1), 48);
    check(nufft3d1(x, y, z, c, [4, 6, 5], { eps, backend }), (p) => directSum([x, y, z], c, modeVector(p, [4, 6, 5], 'centered'), 1), 120);
    const f1 = makeComplex(30, 10);
    const k1 = [Float64Array.from({ length: 30 }, (_, p) => modeVector(p, [30], 'centered')[0]!)];
    check(nufft1d2(x, f1, { eps, backend }), (j) => directSum(k1, f1, [x[j]!], -1), 200);
    const f2 = makeComplex(48, 11);
    const k2 = [0, 1].map((d) => Float64Array.from({ length: 48 }, (_, p) => modeVector(p, [8, 6], 'centered')[d]!));
    check(nufft2d2(x, y, f2, [8, 6], { eps, backend }), (j) => directSum(k2, f2, [x[j]!, y[j]!], -1), 200);
    const f3 = makeComplex(120, 12);
    const k3 = [0, 1, 2].map((d) => Float64Array.from({ length: 120 }, (_, p) => modeVector(p, [4, 6, 5], 'centered')[d]!));
    check(nufft3d2(x, y, z, f3, [4, 6, 5], { eps, backend }), (j) => directSum(k3, f3, [x[j]!, y[j]!, z[j]!], -1), 200);
    check(nufft1d3(x, c, s, { eps, backend }), (q) => directSum([x], c, [s[q]!], 1), 60);
    check(nufft2d3(x, y, c, s, t, { eps, backend }), (q) => directSum([x, y], c, [s[q]!, t[q]!], 1), 60);
    check(nufft3d3(x, y, z, c, s, t, u, { eps, backend }), (q) => directSum([x, y, z], c, [s[q]!, t[q]!, u[q]!], 1), 60);
    // isign flips the exponent: type 1 with isign -1 at k equals isign +1 at -k (centred, odd N so -k exists).
    const plus = nufft1d1(x, c, 31, { eps, backend });
    const minus = nufft1d1(x, c, 31, { eps, isign: -1, backend });
    for (let i = 0; i < 31; i++) {
      expect(minus[2 * i]).toBeCloseTo(plus[2 * (30 - i)]!, 6);
      expect(minus[2 * i + 1]).toBeCloseTo(plus[2 * (30 - i) + 1]!, 6);
    }
  });

  it('setPoints again (same count, after a refused call too) gives what a fresh plan gives, bit for bit', () => {
    for (const [dim, Arr] of [[2, Float64Array], [1, Float32Array], [3, Float32Array]] as const) {
      const opts = { type: 1 as const, modes: MODES[dim]!, eps: Arr === Float32Array ? 1e-4 : 1e-9, dtype: (Arr === Float32Array ? 'f32' : 'f64') as 'f32' | 'f64', backend };
      const points = (seed: number) => Array.from({ length: dim }, (_, d) => Arr.from(makePoints(120, seed + d, d === 0)));
      const c = Arr.from(makeComplex(120, 5));
      const [first, second] = [points(30), points(40)];
      const plan = createNufftPlan(opts);
      plan.setPoints(...first);
      plan.execute(c);
      plan.setPoints(...second);
      const bad = points(50);
      bad[dim - 1]![7] = NaN;
      expect(() => plan.setPoints(...bad)).toThrow(/finite/);
      const fresh = createNufftPlan(opts);
      fresh.setPoints(...second);
      expect(Array.from(plan.execute(c)), `dim ${dim}`).toEqual(Array.from(fresh.execute(c)));
      plan.dispose();
      fresh.dispose();
    }
  });

  it('batch runs each vector as its own call would, bit for bit, and out is written in place', () => {
    const x = makePoints(150, 20, false);
    const c = makeComplex(3 * 150, 21);
    const plan = createNufftPlan({ type: 1, modes: 25, eps: 1e-8, dtype: 'f64', batch: 3, backend });
    plan.setPoints(x);
    const out = new Float64Array(3 * 50);
    expect(plan.execute(c, out)).toBe(out);
    for (let b = 0; b < 3; b++) {
      const one = nufft1d1(x, c.subarray(300 * b, 300 * (b + 1)), 25, { eps: 1e-8, backend });
      expect(Array.from(out.subarray(50 * b, 50 * (b + 1)))).toEqual(Array.from(one));
    }
    plan.dispose();
  });

  it(`f32 meets its floor (eps ≥ ${NUFFT_EPS_FLOOR.f32}) and refuses eps below it`, () => {
    for (const dim of [1, 2, 3]) {
      const modes = MODES[dim]!;
      const x = Array.from({ length: dim }, (_, d) => Float32Array.from(makePoints(500, 90 + d, false)));
      const c = Float32Array.from(makeComplex(500, 91));
      const plan = createNufftPlan({ type: 1, modes, eps: NUFFT_EPS_FLOOR.f32, dtype: 'f32', backend });
      plan.setPoints(...x);
      const out = plan.execute(c);
      expect(out).toBeInstanceOf(Float32Array);
      const n = modes.reduce((a, b) => a * b, 1);
      const at = sampleIndices(n, 100, 92);
      // The reference uses the very f32 points and strengths, widened exactly to f64.
      const err = sampledError(out, at, at.map((p) => directSum(x, c, modeVector(p, modes, 'centered'), 1)));
      expect(err, `dim ${dim}`).toBeLessThanOrEqual(NUFFT_EPS_FLOOR.f32);
      plan.dispose();
    }
    expect(() => createNufftPlan({ type: 1, modes: 10, eps: 1e-7, dtype: 'f32', backend })).toThrow(/below what f32 can honour/);
  });

  it('points on the grid with sigma = 1 take the plain FFT: identical to the backend’s fftn', () => {
    for (const modes of [[16], [8, 12], [4, 6, 10]]) {
      const dim = modes.length;
      const n = modes.reduce((a, b) => a * b, 1);
      // Every grid point once, in a scrambled order.
      const order = sampleIndices(n, n, 1).sort((a, b) => ((a * 7919) % n) - ((b * 7919) % n));
      const coords = Array.from({ length: dim }, () => new Float64Array(n));
      const data = makeComplex(n, 3);
      const scattered = new Float64Array(2 * n);
      order.forEach((p, j) => {
        let rest = p;
        for (let d = dim - 1; d >= 0; d--) {
          coords[d]![j] = (2 * Math.PI * (rest % modes[d]!)) / modes[d]!;
          rest = Math.floor(rest / modes[d]!);
        }
        scattered[2 * p] = data[2 * j]!;
        scattered[2 * p + 1] = data[2 * j + 1]!;
      });
      const plan = createNufftPlan({ type: 1, modes, eps: 1e-12, dtype: 'f64', sigma: 1, isign: -1, modeOrder: 'fft', backend });
      plan.setPoints(...coords);
      const got = plan.execute(data);
      const want = new Float64Array(2 * n);
      getBackend(backend).fftn(scattered, want, modes, modes.map((_, d) => d), false, 1, 0);
      expect(Array.from(got)).toEqual(Array.from(want));
      plan.dispose();
    }
  });

  it('results do not depend on the thread count', () => {
    const x = makePoints(20000, 30, true);
    const y = makePoints(20000, 31, false);
    const c = makeComplex(20000, 32);
    const one = nufft2d1(x, y, c, [64, 48], { eps: 1e-9, threads: 1, backend });
    for (const threads of [0, 2, 3]) expect(Array.from(nufft2d1(x, y, c, [64, 48], { eps: 1e-9, threads, backend }))).toEqual(Array.from(one));
  });
});
