import { beforeAll, describe, expect, it } from 'vitest';
import { directDft, expectDspError, randomSignal, relativeRmsError, TOLERANCE } from '@dsp/backend/testing';

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


beforeAll(loadAll);

describe.each(BACKENDS)('bad input on %s', (backend) => {
  // After every refusal the next call must still be right.
  const stillWorks = () => {
    const x = randomSignal(32, 1);
    expect(relativeRmsError(fft(Float64Array.from(x), { backend }), directDft(x))).toBeLessThanOrEqual(TOLERANCE.f64);
  };

  it('wrong dtype → E_DTYPE naming the parameter', () => {
    expectDspError(() => fft(new Int16Array(8) as never, { backend }), 'E_DTYPE', 'fft', 'x', 'Float32Array or Float64Array', 'Int16Array');
    expectDspError(() => fft([1, 2, 3, 4] as never, { backend }), 'E_DTYPE', 'x');
    expectDspError(() => rfft(new Uint8Array(4) as never, { backend }), 'E_DTYPE', 'rfft');
    expectDspError(() => fft(new Float32Array(8), { backend, out: new Float64Array(8) }), 'E_DTYPE', 'out');
    const plan = createFftPlan(4, { dtype: 'f32', backend });
    expectDspError(() => plan.forward(new Float64Array(8)), 'E_DTYPE', 'Float32Array');
    plan.dispose();
    stillWorks();
  });

  it('odd-length complex input and empty input → E_SHAPE', () => {
    expectDspError(() => fft(new Float64Array(7), { backend }), 'E_SHAPE', 'even length', 'got length 7');
    expectDspError(() => ifft(new Float32Array(0), { backend }), 'E_SHAPE', 'got length 0');
    expectDspError(() => irfft(new Float64Array(3), 4, { backend }), 'E_SHAPE', 'X');
    expectDspError(() => rfft(new Float64Array(0), { backend }), 'E_SHAPE');
    expectDspError(() => dct(new Float64Array(0), { backend }), 'E_SHAPE');
    expectDspError(() => fftn(new Float64Array(10), [2, 3], { backend }), 'E_SHAPE', '[2, 3]', '12');
    expectDspError(() => rfftn(new Float64Array(6), [2, 0], { backend }), 'E_SHAPE');
    expectDspError(() => irfftn(new Float64Array(6), [2, 4], { backend }), 'E_SHAPE');
    stillWorks();
  });

  it('n = 0 and other out-of-range sizes or options → E_INVALID_ARGUMENT', () => {
    expectDspError(() => createFftPlan(0, { backend }), 'E_INVALID_ARGUMENT', 'n must be an integer', 'got 0');
    expectDspError(() => createFftPlan(2.5, { backend }), 'E_INVALID_ARGUMENT', 'n');
    expectDspError(() => createFftPlan(NaN, { backend }), 'E_INVALID_ARGUMENT', 'n');
    expectDspError(() => irfft(new Float64Array(8), 0, { backend }), 'E_INVALID_ARGUMENT', 'n');
    expectDspError(() => irfft(new Float64Array(2), undefined, { backend }), 'E_INVALID_ARGUMENT', 'n is required');
    expectDspError(() => fft(new Float64Array(8), { backend, norm: 'unitary' as never }), 'E_INVALID_ARGUMENT', 'norm', '"ortho"', '"unitary"');
    expectDspError(() => fft(new Float64Array(8), { backend, nrom: 'ortho' } as never), 'E_INVALID_ARGUMENT', 'unknown option "nrom"');
    expectDspError(() => fft(new Float64Array(8), { backend, threads: -1 }), 'E_INVALID_ARGUMENT', 'threads');
    expectDspError(() => createFftPlan(8, { backend, kind: 'c2r' as never }), 'E_INVALID_ARGUMENT', 'kind');
    expectDspError(() => createFftPlan(8, { backend, dtype: 'f16' as never }), 'E_INVALID_ARGUMENT', 'dtype');
    expectDspError(() => createFftPlan(8, { backend, batch: 0 }), 'E_INVALID_ARGUMENT', 'batch');
    expectDspError(() => dct(new Float64Array(4), { backend, type: 5 as never }), 'E_INVALID_ARGUMENT', 'type');
    expectDspError(() => dct(new Float64Array(1), { backend, type: 1 }), 'E_SHAPE', 'type 1');
    expectDspError(() => fftn(new Float64Array(12), [2, 3], { backend, axes: [2] }), 'E_INVALID_ARGUMENT', 'axes');
    expectDspError(() => dctn(new Float64Array(6), [2, 3], { backend, axes: [0, 0] }), 'E_INVALID_ARGUMENT', 'distinct');
    expectDspError(() => fftfreq(0), 'E_INVALID_ARGUMENT', 'n');
    expectDspError(() => fftfreq(4, 0), 'E_INVALID_ARGUMENT', 'd');
    expectDspError(() => binFrequency(8, 8, 100), 'E_INVALID_ARGUMENT', 'k');
    expectDspError(() => fftshift(new Float64Array(6), { shape: [4] }), 'E_SHAPE');
    expectDspError(() => magnitude(new Float64Array(3)), 'E_SHAPE');
    stillWorks();
  });

  it('NaN or Infinity anywhere in the input → E_INVALID_ARGUMENT naming it', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const Arr of [Float32Array, Float64Array]) {
        const x = new Arr(64);
        x[37] = bad;
        expectDspError(() => fft(x, { backend }), 'E_INVALID_ARGUMENT', 'fft', 'NaN or Infinity');
        expectDspError(() => ifft(x, { backend }), 'E_INVALID_ARGUMENT', 'ifft');
        expectDspError(() => rfft(x, { backend }), 'E_INVALID_ARGUMENT', 'rfft');
        expectDspError(() => irfft(x, 62, { backend }), 'E_INVALID_ARGUMENT', 'irfft');
        expectDspError(() => fftn(x, [4, 8], { backend }), 'E_INVALID_ARGUMENT', 'fftn');
        expectDspError(() => rfftn(x, [8, 8], { backend }), 'E_INVALID_ARGUMENT', 'rfftn');
        expectDspError(() => dct(x, { backend }), 'E_INVALID_ARGUMENT', 'dct');
        expectDspError(() => idct(x, { backend, type: 4 }), 'E_INVALID_ARGUMENT', 'idct');
        const plan = createFftPlan(32, { dtype: Arr === Float32Array ? 'f32' : 'f64', backend });
        expectDspError(() => plan.forward(x), 'E_INVALID_ARGUMENT', 'NaN or Infinity');
        plan.dispose();
      }
    }
    stillWorks();
  });

  it('mismatched or overlapping out → E_SHAPE / E_INVALID_ARGUMENT', () => {
    expectDspError(() => fft(new Float64Array(8), { backend, out: new Float64Array(6) }), 'E_SHAPE', 'out', '8');
    expectDspError(() => rfft(new Float64Array(8), { backend, out: new Float64Array(8) }), 'E_SHAPE', 'out', '10');
    const buf = new Float64Array(16);
    expectDspError(() => fft(buf.subarray(0, 8), { backend, out: buf.subarray(4, 12) }), 'E_INVALID_ARGUMENT', 'overlaps');
    expectDspError(() => rfft(buf.subarray(0, 8), { backend, out: buf.subarray(0, 10) }), 'E_INVALID_ARGUMENT', 'overlaps');
    const plan = createFftPlan(8, { backend });
    expectDspError(() => plan.forward(new Float64Array(8)), 'E_SHAPE', 'input', '16');
    expectDspError(() => plan.forward(new Float64Array(16), new Float64Array(10)), 'E_SHAPE', 'out');
    plan.dispose();
    stillWorks();
  });

  it('a plan that accepted (input, out) still checks every other pair, and a detached out', () => {
    // The plan remembers the last pair it checked; nothing else may pass unchecked.
    const plan = createFftPlan(4, { backend });
    const buf = new Float64Array(16);
    const [x, out] = [buf.subarray(0, 8), buf.subarray(8, 16)];
    x[0] = 1;
    plan.forward(x, out);
    expect(Array.from(out)).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    expectDspError(() => plan.forward(x, buf.subarray(4, 12)), 'E_INVALID_ARGUMENT', 'overlaps');
    expectDspError(() => plan.forward(buf.subarray(4, 12), out), 'E_INVALID_ARGUMENT', 'overlaps');
    plan.forward(x, out);
    expect(Array.from(out)).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
    structuredClone(buf.buffer, { transfer: [buf.buffer] });
    expectDspError(() => plan.forward(new Float64Array(8), out), 'E_SHAPE', 'out');
    plan.dispose();
    stillWorks();
  });

  it('a disposed plan → E_DISPOSED; disposing twice is harmless', () => {
    const plan = createFftPlan(16, { backend });
    plan.dispose();
    plan.dispose();
    expect(plan.disposed).toBe(true);
    expectDspError(() => plan.forward(new Float64Array(32)), 'E_DISPOSED', 'disposed');
    expectDspError(() => plan.inverse(new Float64Array(32)), 'E_DISPOSED');
    stillWorks();
  });

  it('unknown backend → E_BACKEND_UNAVAILABLE naming it', () => {
    expectDspError(() => fft(new Float64Array(8), { backend: 'gpu' }), 'E_BACKEND_UNAVAILABLE', '"gpu"');
    expectDspError(() => createFftPlan(8, { backend: 'gpu' }), 'E_BACKEND_UNAVAILABLE', '"gpu"');
    expect(getBackend(backend).name).toBe(backend);
    stillWorks();
  });
});
