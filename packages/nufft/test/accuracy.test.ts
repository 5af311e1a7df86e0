// Accuracy against exact direct sums in float64 on ≥ 100 sampled outputs, every type and dimension,
// uniform and clustered points, each eps, on every backend.
import { beforeAll, describe, expect, it } from 'vitest';

import { createNufftPlan, type NufftKernel } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { directSum, makeComplex, makePoints, modeVector, sampleIndices, sampledError, type Order } from './reference.js';

beforeAll(loadAll);

const MODES: Record<number, number[]> = { 1: [200], 2: [24, 20], 3: [10, 8, 12] };
const POINTS = 1000;
const TARGETS = 400;
const SAMPLES = 128;

interface Case {
  type: 1 | 2 | 3;
  dim: number;
  eps: number;
  clustered: boolean;
  kernel: NufftKernel;
  order: Order;
}

/** Runs one case and returns the sampled relative l2 error against the direct sum. */
function measure(backend: string, k: Case): number {
  const { type, dim, eps, clustered, kernel, order } = k;
  const x = Array.from({ length: dim }, (_, d) => makePoints(POINTS, 10 * d + (clustered ? 1 : 2), clustered));
  const isign = type === 2 ? -1 : 1;
  const plan = createNufftPlan({ type, modes: type === 3 ? dim : MODES[dim]!, eps, dtype: 'f64', kernel, modeOrder: order, backend });
  try {
    if (type === 3) {
      // Frequencies centred off zero; their spread times the points' sets the grid (≈ 4·X·S/π + w per axis).
      const scale = [30, 12, 3][dim - 1]!;
      const s = Array.from({ length: dim }, (_, d) => makePoints(TARGETS, 50 + d, clustered).map((v) => scale * v + 7));
      plan.setPoints(...x, ...s);
      const c = makeComplex(POINTS, 3);
      const out = plan.execute(c);
      const at = sampleIndices(TARGETS, SAMPLES, 4);
      return sampledError(out, at, at.map((q) => directSum(x, c, s.map((a) => a[q]!), isign)));
    }
    plan.setPoints(...x);
    const modes = MODES[dim]!;
    const nModes = modes.reduce((a, b) => a * b, 1);
    if (type === 1) {
      const c = makeComplex(POINTS, 5);
      const out = plan.execute(c);
      const at = sampleIndices(nModes, SAMPLES, 6);
      return sampledError(out, at, at.map((p) => directSum(x, c, modeVector(p, modes, order), isign)));
    }
    const f = makeComplex(nModes, 7);
    const out = plan.execute(f);
    const ks = Array.from({ length: dim }, (_, d) => Float64Array.from({ length: nModes }, (_, p) => modeVector(p, modes, order)[d]!));
    const at = sampleIndices(POINTS, SAMPLES, 8);
    return sampledError(out, at, at.map((j) => directSum(ks, f, x.map((a) => a[j]!), isign)));
  } finally {
    plan.dispose();
  }
}

describe.each(BACKENDS)('accuracy on %s', (backend) => {
  for (const type of [1, 2, 3] as const) {
    for (const dim of [1, 2, 3]) {
      it(`type ${type}, ${dim}-D: relative l2 ≤ eps for eps 1e-3, 1e-6, 1e-9, 1e-12, uniform and clustered`, () => {
        for (const eps of [1e-3, 1e-6, 1e-9, 1e-12]) {
          for (const clustered of [false, true]) {
            const err = measure(backend, { type, dim, eps, clustered, kernel: 'es', order: 'centered' });
            expect(err, `eps ${eps} clustered ${clustered}`).toBeLessThanOrEqual(eps);
            // Not trivially small either: the error tracks the tolerance (a wrong path would be off by far more or far less).
            expect(err, `eps ${eps} clustered ${clustered}`).toBeGreaterThan(eps * 1e-5);
          }
        }
      });
    }
  }

  it('Kaiser–Bessel kernel and FFT mode order meet eps too', () => {
    for (const type of [1, 2, 3] as const) {
      for (const dim of [1, 2, 3]) {
        for (const eps of [1e-4, 1e-10]) {
          const err = measure(backend, { type, dim, eps, clustered: false, kernel: 'kb', order: 'fft' });
          expect(err, `type ${type} dim ${dim} eps ${eps}`).toBeLessThanOrEqual(eps);
        }
      }
    }
  });
});
