import { DspError, type Dtype, type FloatArray } from '@dsp/backend';
import { describe, expect, it } from 'vitest';
import { createNativeBackend } from '../src/index.js';
import { TOLERANCE, directDft, halfSpectrum, realToComplex, relativeError, signal } from './reference.js';

const backend = createNativeBackend();

function typed(dtype: Dtype, data: ArrayLike<number> | number): FloatArray {
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

function bytes(a: FloatArray): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe.each(['f32', 'f64'] as const)('FFT plans on the native backend (%s)', (dtype) => {
  it('c2c forward and inverse of a batch match a direct DFT', () => {
    for (const n of [1, 2, 5, 16, 17, 64, 100, 1024]) {
      const batch = 3;
      const x = signal(2 * n * batch, n);
      const plan = backend.createFftPlan('c2c', dtype, n);
      expect([plan.kind, plan.dtype, plan.n, plan.disposed]).toEqual(['c2c', dtype, n, false]);
      const out = typed(dtype, 2 * n * batch);
      plan.execute(false, typed(dtype, x), out, batch, 1, 0);
      expect(relativeError(out, directDft(x, n, batch)), `n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
      plan.execute(true, typed(dtype, x), out, batch, 1 / n, 0);
      expect(relativeError(out, directDft(x, n, batch, true, 1 / n)), `inverse n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
      plan.dispose();
    }
  });

  it('r2c forward gives the half spectrum of a batch, and the inverse restores it', () => {
    for (const n of [1, 2, 7, 16, 33, 128]) {
      const batch = 2;
      const bins = Math.floor(n / 2) + 1;
      const x = signal(n * batch, 100 + n);
      const plan = backend.createFftPlan('r2c', dtype, n);
      const half = typed(dtype, 2 * bins * batch);
      plan.execute(false, typed(dtype, x), half, batch, 1, 0);
      const expected = halfSpectrum(directDft(realToComplex(x), n, batch), n, batch);
      expect(relativeError(half, expected), `n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
      const back = typed(dtype, n * batch);
      plan.execute(true, half, back, batch, 1 / n, 0);
      expect(relativeError(back, x), `round trip n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
      plan.dispose();
    }
  });

  it('c2c runs in place when input and output are the same array', () => {
    const n = 48;
    const x = signal(2 * n * 2, 9);
    const buffer = typed(dtype, x);
    const plan = backend.createFftPlan('c2c', dtype, n);
    plan.execute(false, buffer, buffer, 2, 0.5, 0);
    expect(relativeError(buffer, directDft(x, n, 2, false, 0.5))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    plan.dispose();
  });

  it('reads and writes views at their byteOffset without copying', () => {
    const n = 32;
    const x = signal(2 * n, 11);
    const inputBacking = typed(dtype, 2 * n + 6);
    inputBacking.set(typed(dtype, x), 3);
    const outputBacking = typed(dtype, 2 * n + 10).fill(7);
    const input = inputBacking.subarray(3, 3 + 2 * n);
    const output = outputBacking.subarray(5, 5 + 2 * n);
    const plan = backend.createFftPlan('c2c', dtype, n);
    plan.execute(false, input, output, 1, 1, 1);
    expect(relativeError(output, directDft(x, n, 1))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    // Nothing outside the output view was touched.
    expect(Array.from(outputBacking.subarray(0, 5))).toEqual([7, 7, 7, 7, 7]);
    expect(Array.from(outputBacking.subarray(5 + 2 * n))).toEqual([7, 7, 7, 7, 7]);
    plan.dispose();
  });

  it('gives identical bytes for threads 1, 2 and 0 on a large batch', () => {
    const n = 1024;
    const batch = 300;
    const x = typed(dtype, signal(2 * n * batch, 21));
    const plan = backend.createFftPlan('c2c', dtype, n);
    const results = [1, 2, 0].map((threads) => {
      const out = typed(dtype, x.length);
      plan.execute(false, x, out, batch, 1, threads);
      return bytes(out);
    });
    expect(results[1]!.equals(results[0]!)).toBe(true);
    expect(results[2]!.equals(results[0]!)).toBe(true);
    const rplan = backend.createFftPlan('r2c', dtype, n);
    const real = [1, 2, 0].map((threads) => {
      const out = typed(dtype, (n + 2) * batch);
      rplan.execute(false, x.subarray(0, n * batch), out, batch, 1, threads);
      return bytes(out);
    });
    expect(real[1]!.equals(real[0]!)).toBe(true);
    expect(real[2]!.equals(real[0]!)).toBe(true);
    plan.dispose();
    rplan.dispose();
  });
});

describe.each(['f32', 'f64'] as const)('N-D kernels on the native backend (%s)', (dtype) => {
  it('fftn of a 2-D array matches row and column DFTs; shape and axes may be a Uint32Array', () => {
    const [rows, cols] = [6, 10];
    const x = signal(2 * rows * cols, 5);
    // Rows first, then columns (transpose, DFT, transpose back).
    const byRows = directDft(x, cols, rows);
    const transposed = new Float64Array(byRows.length);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        transposed[2 * (c * rows + r)] = byRows[2 * (r * cols + c)]!;
        transposed[2 * (c * rows + r) + 1] = byRows[2 * (r * cols + c) + 1]!;
      }
    }
    const byColumns = directDft(transposed, rows, cols);
    const expected = new Float64Array(byColumns.length);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        expected[2 * (r * cols + c)] = byColumns[2 * (c * rows + r)]!;
        expected[2 * (r * cols + c) + 1] = byColumns[2 * (c * rows + r) + 1]!;
      }
    }
    const out = typed(dtype, x.length);
    backend.fftn(typed(dtype, x), out, [rows, cols], [0, 1], false, 1, 0);
    expect(relativeError(out, expected)).toBeLessThanOrEqual(TOLERANCE[dtype]);
    const viaUint32 = typed(dtype, x.length);
    const addonShape = Uint32Array.of(rows, cols) as unknown as number[];
    backend.fftn(typed(dtype, x), viaUint32, addonShape, Uint32Array.of(0, 1) as unknown as number[], false, 1, 0);
    expect(bytes(viaUint32).equals(bytes(out))).toBe(true);
    // In place, then back.
    const data = typed(dtype, x);
    backend.fftn(data, data, [rows, cols], [0, 1], false, 1, 0);
    expect(bytes(data).equals(bytes(out))).toBe(true);
    backend.fftn(data, data, [rows, cols], [1, 0], true, 1 / (rows * cols), 0);
    expect(relativeError(data, x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
  });

  it('rfftn along the last axis matches a direct DFT per row, and irfftn inverts it', () => {
    const [rows, n] = [4, 12];
    const bins = n / 2 + 1;
    const x = signal(rows * n, 8);
    const out = typed(dtype, 2 * bins * rows);
    backend.rfftn(typed(dtype, x), out, [rows, n], [1], 1, 0);
    expect(relativeError(out, halfSpectrum(directDft(realToComplex(x), n, rows), n, rows))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    const back = typed(dtype, rows * n);
    backend.irfftn(out, back, [rows, n], [1], 1 / n, 0);
    expect(relativeError(back, x)).toBeLessThanOrEqual(TOLERANCE[dtype]);
  });

  it('dctn type 2 matches its definition (scipy, norm backward)', () => {
    const n = 20;
    const x = signal(n, 3);
    const expected = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += x[j]! * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
      expected[k] = 2 * sum;
    }
    const out = typed(dtype, n);
    backend.dctn(typed(dtype, x), out, [n], [0], 2, 'backward', false, 0);
    expect(relativeError(out, expected)).toBeLessThanOrEqual(dtype === 'f32' ? TOLERANCE.f32 : 1e-13);
  });

  it('N-D kernels give identical bytes for threads 1, 2 and 0', () => {
    const shape = [256, 512];
    const x = typed(dtype, signal(2 * shape[0]! * shape[1]!, 4));
    const results = [1, 2, 0].map((threads) => {
      const out = typed(dtype, x.length);
      backend.fftn(x, out, shape, [0, 1], false, 1, threads);
      return bytes(out);
    });
    expect(results[1]!.equals(results[0]!)).toBe(true);
    expect(results[2]!.equals(results[0]!)).toBe(true);
  });
});

describe('SharedArrayBuffer-backed arrays', () => {
  it('run like any other, and a wrong element type is refused', () => {
    const n = 16;
    const x = signal(2 * n, 31);
    const input = new Float32Array(new SharedArrayBuffer(8 * n));
    input.set(x);
    const output = new Float32Array(new SharedArrayBuffer(8 * n));
    const plan = backend.createFftPlan('c2c', 'f32', n);
    plan.execute(false, input, output, 1, 1, 0);
    expect(relativeError(output, directDft(x, n, 1))).toBeLessThanOrEqual(TOLERANCE.f32);
    const wrongType = new Int32Array(new SharedArrayBuffer(8 * n)) as unknown as Float32Array;
    expectCode(() => plan.execute(false, wrongType, output, 1, 1, 0), 'E_INVALID_ARGUMENT');
    plan.dispose();
  });
});

describe('errors from the native backend', () => {
  it('NaN input is E_INVALID_ARGUMENT naming NaN, and the next call works', () => {
    for (const dtype of ['f32', 'f64'] as const) {
      const n = 16;
      const plan = backend.createFftPlan('c2c', dtype, n);
      const x = typed(dtype, signal(2 * n, 1));
      x[5] = NaN;
      const error = expectCode(() => plan.execute(false, x, typed(dtype, 2 * n), 1, 1, 0), 'E_INVALID_ARGUMENT');
      expect(error.message).toContain('NaN');
      const good = signal(2 * n, 2);
      const out = typed(dtype, 2 * n);
      plan.execute(false, typed(dtype, good), out, 1, 1, 0);
      expect(relativeError(out, directDft(good, n, 1))).toBeLessThanOrEqual(TOLERANCE[dtype]);
      expectCode(() => backend.fftn(x, typed(dtype, 2 * n), [4, 4], [0, 1], false, 1, 0), 'E_INVALID_ARGUMENT');
      plan.dispose();
    }
  });

  it('a disposed plan is E_DISPOSED, disposing twice is harmless, and new plans still work', () => {
    const plan = backend.createFftPlan('c2c', 'f32', 8);
    plan.dispose();
    plan.dispose();
    expect(plan.disposed).toBe(true);
    const error = expectCode(() => plan.execute(false, new Float32Array(16), new Float32Array(16), 1, 1, 0), 'E_DISPOSED');
    expect(error.message).toContain('disposed');
    const fresh = backend.createFftPlan('c2c', 'f32', 8);
    const out = new Float32Array(16);
    fresh.execute(false, Float32Array.of(1, 0, ...new Array(14).fill(0)), out, 1, 1, 0);
    expect(Array.from(out)).toEqual(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 1 : 0)));
    fresh.dispose();
  });

  it('lengths that do not fit the plan are refused by the core with its message', () => {
    const plan = backend.createFftPlan('r2c', 'f64', 10);
    const error = expectCode(() => plan.execute(false, new Float64Array(10), new Float64Array(11), 1, 1, 0), 'E_INVALID_ARGUMENT');
    expect(error.message).toContain('do not fit');
    plan.dispose();
    expectCode(() => backend.createFftPlan('c2c', 'f32', 0), 'E_INVALID_ARGUMENT');
  });

  it('the addon refuses what would be unsafe instead of reading past a buffer', () => {
    const plan = backend.createFftPlan('c2c', 'f64', 8);
    // 16 f32 values are half the bytes 16 f64 values need: reading them as f64 would overrun.
    const tooSmall = expectCode(() => plan.execute(false, new Float32Array(16) as unknown as Float64Array, new Float64Array(16), 1, 1, 0), 'E_INVALID_ARGUMENT');
    expect(tooSmall.message).toContain("plan's dtype");
    // A view near the end of its buffer: 16 f64 values from byte 96 would run past its 160 bytes.
    const nearEnd = new Float32Array(new ArrayBuffer(160), 96, 16) as unknown as Float64Array;
    expectCode(() => plan.execute(false, new Float64Array(16), nearEnd, 1, 1, 0), 'E_INVALID_ARGUMENT');
    expectCode(() => plan.execute(false, [1, 2] as unknown as Float64Array, new Float64Array(16), 1, 1, 0), 'E_INVALID_ARGUMENT');
    const shared = new Float64Array(24);
    const overlap = expectCode(() => plan.execute(false, shared.subarray(0, 16), shared.subarray(8, 24), 1, 1, 0), 'E_INVALID_ARGUMENT');
    expect(overlap.message).toContain('overlaps');
    expectCode(() => backend.fftn(new Float64Array(16), new Float32Array(16) as unknown as Float64Array, [8], [0], false, 1, 0), 'E_INVALID_ARGUMENT');
    expectCode(() => backend.fftn(new Float64Array(2), new Float64Array(2), new Array(33).fill(1), [0], false, 1, 0), 'E_INVALID_ARGUMENT');
    expectCode(() => backend.createFftPlan('c3c' as 'c2c', 'f32', 8), 'E_INVALID_ARGUMENT');
    expectCode(() => backend.dctn(new Float64Array(4), new Float64Array(4), [4], [0], 2, 'sideways' as 'ortho', false, 0), 'E_INVALID_ARGUMENT');
    // The plan is unharmed by the refusals.
    const out = new Float64Array(16);
    plan.execute(false, new Float64Array(16).fill(1), out, 1, 1, 0);
    expect(out[0]).toBe(8);
    plan.dispose();
  });
});
