import { beforeAll, describe, expect, it } from 'vitest';
import { directDft, randomSignal, relativeRmsError, TOLERANCE } from '@dsp/backend/testing';

import {
  binFrequency,
  createFftPlan,
  dct,
  dctn,
  DspError,
  fft,
  fftfreq,
  fftn,
  fftshift,
  getBackend,
  idct,
  ifft,
  irfft,
  irfftn,
  magnitude,
  rfft,
  rfftn,
  type DspErrorCode,
} from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

function expectError(fn: () => unknown, code: DspErrorCode, ...mentions: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(DspError);
  expect((caught as DspError).code).toBe(code);
  for (const m of mentions) expect((caught as DspError).message).toContain(m);
}

beforeAll(loadAll);

describe.each(BACKENDS)('bad input on %s', (backend) => {
  // After every refusal the next call must still be right.
  const stillWorks = () => {
    const x = randomSignal(32, 1);
    expect(relativeRmsError(fft(Float64Array.from(x), { backend }), directDft(x))).toBeLessThanOrEqual(TOLERANCE.f64);
  };

  it('wrong dtype → E_DTYPE naming the parameter', () => {
    expectError(() => fft(new Int16Array(8) as never, { backend }), 'E_DTYPE', 'fft', 'x', 'Float32Array or Float64Array', 'Int16Array');
    expectError(() => fft([1, 2, 3, 4] as never, { backend }), 'E_DTYPE', 'x');
    expectError(() => rfft(new Uint8Array(4) as never, { backend }), 'E_DTYPE', 'rfft');
    expectError(() => fft(new Float32Array(8), { backend, out: new Float64Array(8) }), 'E_DTYPE', 'out');
    const plan = createFftPlan(4, { dtype: 'f32', backend });
    expectError(() => plan.forward(new Float64Array(8)), 'E_DTYPE', 'Float32Array');
    plan.dispose();
    stillWorks();
  });

  it('odd-length complex input and empty input → E_SHAPE', () => {
    expectError(() => fft(new Float64Array(7), { backend }), 'E_SHAPE', 'even length', 'got length 7');
    expectError(() => ifft(new Float32Array(0), { backend }), 'E_SHAPE', 'got length 0');
    expectError(() => irfft(new Float64Array(3), 4, { backend }), 'E_SHAPE', 'X');
    expectError(() => rfft(new Float64Array(0), { backend }), 'E_SHAPE');
    expectError(() => dct(new Float64Array(0), { backend }), 'E_SHAPE');
    expectError(() => fftn(new Float64Array(10), [2, 3], { backend }), 'E_SHAPE', '[2, 3]', '12');
    expectError(() => rfftn(new Float64Array(6), [2, 0], { backend }), 'E_SHAPE');
    expectError(() => irfftn(new Float64Array(6), [2, 4], { backend }), 'E_SHAPE');
    stillWorks();
  });

  it('n = 0 and other out-of-range sizes or options → E_INVALID_ARGUMENT', () => {
    expectError(() => createFftPlan(0, { backend }), 'E_INVALID_ARGUMENT', 'n must be an integer', 'got 0');
    expectError(() => createFftPlan(2.5, { backend }), 'E_INVALID_ARGUMENT', 'n');
    expectError(() => createFftPlan(NaN, { backend }), 'E_INVALID_ARGUMENT', 'n');
    expectError(() => irfft(new Float64Array(8), 0, { backend }), 'E_INVALID_ARGUMENT', 'n');
    expectError(() => irfft(new Float64Array(2), undefined, { backend }), 'E_INVALID_ARGUMENT', 'n is required');
    expectError(() => fft(new Float64Array(8), { backend, norm: 'unitary' as never }), 'E_INVALID_ARGUMENT', 'norm', '"ortho"', '"unitary"');
    expectError(() => fft(new Float64Array(8), { backend, nrom: 'ortho' } as never), 'E_INVALID_ARGUMENT', 'unknown option "nrom"');
    expectError(() => fft(new Float64Array(8), { backend, threads: -1 }), 'E_INVALID_ARGUMENT', 'threads');
    expectError(() => createFftPlan(8, { backend, kind: 'c2r' as never }), 'E_INVALID_ARGUMENT', 'kind');
    expectError(() => createFftPlan(8, { backend, dtype: 'f16' as never }), 'E_INVALID_ARGUMENT', 'dtype');
    expectError(() => createFftPlan(8, { backend, batch: 0 }), 'E_INVALID_ARGUMENT', 'batch');
    expectError(() => dct(new Float64Array(4), { backend, type: 5 as never }), 'E_INVALID_ARGUMENT', 'type');
    expectError(() => dct(new Float64Array(1), { backend, type: 1 }), 'E_SHAPE', 'type 1');
    expectError(() => fftn(new Float64Array(12), [2, 3], { backend, axes: [2] }), 'E_INVALID_ARGUMENT', 'axes');
    expectError(() => dctn(new Float64Array(6), [2, 3], { backend, axes: [0, 0] }), 'E_INVALID_ARGUMENT', 'distinct');
    expectError(() => fftfreq(0), 'E_INVALID_ARGUMENT', 'n');
    expectError(() => fftfreq(4, 0), 'E_INVALID_ARGUMENT', 'd');
    expectError(() => binFrequency(8, 8, 100), 'E_INVALID_ARGUMENT', 'k');
    expectError(() => fftshift(new Float64Array(6), { shape: [4] }), 'E_SHAPE');
    expectError(() => magnitude(new Float64Array(3)), 'E_SHAPE');
    stillWorks();
  });

  it('NaN or Infinity anywhere in the input → E_INVALID_ARGUMENT naming it', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const Arr of [Float32Array, Float64Array]) {
        const x = new Arr(64);
        x[37] = bad;
        expectError(() => fft(x, { backend }), 'E_INVALID_ARGUMENT', 'fft', 'NaN or Infinity');
        expectError(() => ifft(x, { backend }), 'E_INVALID_ARGUMENT', 'ifft');
        expectError(() => rfft(x, { backend }), 'E_INVALID_ARGUMENT', 'rfft');
        expectError(() => irfft(x, 62, { backend }), 'E_INVALID_ARGUMENT', 'irfft');
        expectError(() => fftn(x, [4, 8], { backend }), 'E_INVALID_ARGUMENT', 'fftn');
        expectError(() => rfftn(x, [8, 8], { backend }), 'E_INVALID_ARGUMENT', 'rfftn');
        expectError(() => dct(x, { backend }), 'E_INVALID_ARGUMENT', 'dct');
        expectError(() => idct(x, { backend, type: 4 }), 'E_INVALID_ARGUMENT', 'idct');
        const plan = createFftPlan(32, { dtype: Arr === Float32Array ? 'f32' : 'f64', backend });
        expectError(() => plan.forward(x), 'E_INVALID_ARGUMENT', 'NaN or Infinity');
        plan.dispose();
      }
    }
    stillWorks();
  });

  it('mismatched or overlapping out → E_SHAPE / E_INVALID_ARGUMENT', () => {
    expectError(() => fft(new Float64Array(8), { backend, out: new Float64Array(6) }), 'E_SHAPE', 'out', '8');
    expectError(() => rfft(new Float64Array(8), { backend, out: new Float64Array(8) }), 'E_SHAPE', 'out', '10');
    const buf = new Float64Array(16);
    expectError(() => fft(buf.subarray(0, 8), { backend, out: buf.subarray(4, 12) }), 'E_INVALID_ARGUMENT', 'overlaps');
    expectError(() => rfft(buf.subarray(0, 8), { backend, out: buf.subarray(0, 10) }), 'E_INVALID_ARGUMENT', 'overlaps');
    const plan = createFftPlan(8, { backend });
    expectError(() => plan.forward(new Float64Array(8)), 'E_SHAPE', 'input', '16');
    expectError(() => plan.forward(new Float64Array(16), new Float64Array(10)), 'E_SHAPE', 'out');
    plan.dispose();
    stillWorks();
  });

  it('a disposed plan → E_DISPOSED; disposing twice is harmless', () => {
    const plan = createFftPlan(16, { backend });
    plan.dispose();
    plan.dispose();
    expect(plan.disposed).toBe(true);
    expectError(() => plan.forward(new Float64Array(32)), 'E_DISPOSED', 'disposed');
    expectError(() => plan.inverse(new Float64Array(32)), 'E_DISPOSED');
    stillWorks();
  });

  it('unknown backend → E_BACKEND_UNAVAILABLE naming it', () => {
    expectError(() => fft(new Float64Array(8), { backend: 'gpu' }), 'E_BACKEND_UNAVAILABLE', '"gpu"');
    expectError(() => createFftPlan(8, { backend: 'gpu' }), 'E_BACKEND_UNAVAILABLE', '"gpu"');
    expect(getBackend(backend).name).toBe(backend);
    stillWorks();
  });
});
