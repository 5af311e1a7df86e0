import type { Dtype } from '@dsp/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { expectCode } from './expect-code.js';
import { TOLERANCE, coreUrl, directDct2, directDft, directDft2d, halfSpectrum, realToComplex, relativeError, signal, typed } from './reference.js';

let backend: WasmBackend;
beforeAll(async () => {
  backend = await createWasmBackend({ wasm: coreUrl });
});

describe.each(['f32', 'f64'] as const)('kernels on the wasm backend (%s)', (dtype: Dtype) => {
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

  it('c2c runs in place when input === output', () => {
    const n = 48;
    const x = signal(2 * n * 2, 9);
    const buffer = typed(dtype, x);
    const plan = backend.createFftPlan('c2c', dtype, n);
    plan.execute(false, buffer, buffer, 2, 1, 0);
    expect(relativeError(buffer, directDft(x, n, 2))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    plan.dispose();
    const grid = typed(dtype, signal(2 * 6 * 5, 10));
    const want = directDft2d(grid, 6, 5);
    backend.fftn(grid, grid, [6, 5], [0, 1], false, 1, 0);
    expect(relativeError(grid, want)).toBeLessThanOrEqual(TOLERANCE[dtype]);
  });

  it('reads and writes subarray views at their offsets, leaving the rest alone', () => {
    const n = 32;
    const x = signal(2 * n, 11);
    const input = typed(dtype, 2 * n + 6);
    input.set(typed(dtype, x), 3);
    const output = typed(dtype, 2 * n + 4).fill(7);
    const plan = backend.createFftPlan('c2c', dtype, n);
    plan.execute(false, input.subarray(3, 3 + 2 * n), output.subarray(2, 2 + 2 * n), 1, 1, 0);
    expect(relativeError(output.subarray(2, 2 + 2 * n), directDft(x, n))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    expect([output[0], output[1], output[2 * n + 2], output[2 * n + 3]]).toEqual([7, 7, 7, 7]);
    plan.dispose();
  });

  it('fftn, rfftn and irfftn over a 2-D array match a direct DFT', () => {
    const [rows, cols] = [6, 10];
    const x = signal(2 * rows * cols, 12);
    const out = typed(dtype, 2 * rows * cols);
    backend.fftn(typed(dtype, x), out, [rows, cols], [0, 1], false, 1, 0);
    expect(relativeError(out, directDft2d(x, rows, cols))).toBeLessThanOrEqual(TOLERANCE[dtype]);

    const real = signal(rows * cols, 13);
    const bins = cols / 2 + 1;
    const spectrum = typed(dtype, 2 * rows * bins);
    backend.rfftn(typed(dtype, real), spectrum, [rows, cols], [0, 1], 1, 0);
    const full = directDft2d(realToComplex(real), rows, cols);
    expect(relativeError(spectrum, halfSpectrum(full, cols, rows))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    const back = typed(dtype, rows * cols);
    backend.irfftn(spectrum, back, [rows, cols], [0, 1], 1 / (rows * cols), 0);
    expect(relativeError(back, real)).toBeLessThanOrEqual(TOLERANCE[dtype]);
  });

  it('dctn type 2 matches its definition', () => {
    for (const n of [2, 5, 16, 31]) {
      const x = signal(n, 20 + n);
      const out = typed(dtype, n);
      backend.dctn(typed(dtype, x), out, [n], [0], 2, 'backward', false, 0);
      expect(relativeError(out, directDct2(x)), `n=${n}`).toBeLessThanOrEqual(TOLERANCE[dtype]);
    }
  });

  it('NaN or Infinity in the input is E_INVALID_ARGUMENT, and the next call works', () => {
    const n = 64;
    const plan = backend.createFftPlan('c2c', dtype, n);
    for (const bad of [NaN, Infinity]) {
      const x = typed(dtype, signal(2 * n, 30));
      x[17] = bad;
      const error = expectCode(() => plan.execute(false, x, typed(dtype, 2 * n), 1, 1, 0), 'E_INVALID_ARGUMENT');
      expect(error.message).toMatch(/NaN or Infinity/);
      expectCode(() => backend.fftn(x, typed(dtype, 2 * n), [8, 8], [0, 1], false, 1, 0), 'E_INVALID_ARGUMENT');
    }
    const x = signal(2 * n, 31);
    const out = typed(dtype, 2 * n);
    plan.execute(false, typed(dtype, x), out, 1, 1, 0);
    expect(relativeError(out, directDft(x, n))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    plan.dispose();
  });

  it('a disposed plan is E_DISPOSED; other plans keep working', () => {
    const plan = backend.createFftPlan('r2c', dtype, 16);
    plan.dispose();
    plan.dispose();
    expect(plan.disposed).toBe(true);
    expectCode(() => plan.execute(false, typed(dtype, 16), typed(dtype, 18), 1, 1, 0), 'E_DISPOSED');
    const other = backend.createFftPlan('r2c', dtype, 16);
    const x = signal(16, 40);
    const out = typed(dtype, 18);
    other.execute(false, typed(dtype, x), out, 1, 1, 0);
    expect(relativeError(out, halfSpectrum(directDft(realToComplex(x), 16), 16, 1))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    other.dispose();
  });

  it('buffers that do not fit the plan are E_INVALID_ARGUMENT, with the core\'s message', () => {
    const plan = backend.createFftPlan('c2c', dtype, 8);
    const error = expectCode(() => plan.execute(false, typed(dtype, 15), typed(dtype, 16), 1, 1, 0), 'E_INVALID_ARGUMENT');
    expect(error.message).toMatch(/^FftPlan\.execute: .*15/);
    expectCode(() => backend.rfftn(typed(dtype, 16), typed(dtype, 16), [16], [0], 1, 0), 'E_INVALID_ARGUMENT');
    plan.dispose();
  });
});

describe('wasm-specific limits and memory', () => {
  it('mixing precisions is E_DTYPE (copying would convert silently)', () => {
    const plan = backend.createFftPlan('c2c', 'f32', 4);
    expectCode(() => plan.execute(false, new Float64Array(8), new Float64Array(8), 1, 1, 0), 'E_DTYPE');
    expectCode(() => plan.execute(false, new Float32Array(8), new Float64Array(8), 1, 1, 0), 'E_DTYPE');
    expectCode(() => backend.fftn(new Float32Array(8), new Float64Array(8), [4], [0], false, 1, 0), 'E_DTYPE');
    plan.dispose();
  });

  it('sizes that do not fit wasm32 are refused before they could wrap', () => {
    expectCode(() => backend.fftn(new Float32Array(8), new Float32Array(8), [2 ** 32 + 4], [0], false, 1, 0), 'E_INVALID_ARGUMENT');
    expectCode(() => backend.fftn(new Float32Array(8), new Float32Array(8), [4], [-1], false, 1, 0), 'E_INVALID_ARGUMENT');
    expectCode(() => backend.fftn(new Float32Array(2), new Float32Array(2), new Array(33).fill(1), [0], false, 1, 0), 'E_SHAPE');
    expectCode(() => backend.createFftPlan('c2c', 'f32', 2 ** 32), 'E_INVALID_ARGUMENT');
    expectCode(() => backend.createFftPlan('c2c', 'f32', 0), 'E_INVALID_ARGUMENT');
    expectCode(() => backend.createFftPlan('c3c' as 'c2c', 'f32', 8), 'E_INVALID_ARGUMENT');
    expectCode(() => backend.dctn(new Float32Array(4), new Float32Array(4), [4], [0], 2, 'sideways' as 'ortho', false, 0), 'E_INVALID_ARGUMENT');
  });

  it('a plan whose tables cannot fit WebAssembly memory is E_MEMORY_LIMIT, naming the size', () => {
    const error = expectCode(() => backend.createFftPlan('c2c', 'f64', 2 ** 28), 'E_MEMORY_LIMIT');
    expect(error.message).toMatch(/n = 268435456/);
  });

  it('data that cannot be staged in WebAssembly memory is E_MEMORY_LIMIT, naming the size', () => {
    // 2 GiB + 32 bytes: never touched, so the pages are never really allocated.
    const huge = new Float32Array(2 ** 29 + 8);
    const error = expectCode(() => backend.fftn(huge, huge, [2 ** 28 + 4], [0], false, 1, 0), 'E_MEMORY_LIMIT');
    expect(error.message).toMatch(/2\.00 GiB/);
    const plan = backend.createFftPlan('c2c', 'f32', 8);
    expectCode(() => plan.execute(false, huge, huge, 2 ** 25 + 1, 1, 0), 'E_MEMORY_LIMIT');
    const out = new Float32Array(16);
    const x = signal(16, 50);
    plan.execute(false, Float32Array.from(x), out, 1, 1, 0);
    expect(relativeError(out, directDft(x, 8))).toBeLessThanOrEqual(TOLERANCE.f32);
    plan.dispose();
  });

  it('results stay right across memory growth (views of the old buffer are replaced)', () => {
    const small = backend.createFftPlan('c2c', 'f32', 16);
    const x = signal(32, 60);
    const out = new Float32Array(32);
    small.execute(false, Float32Array.from(x), out, 1, 1, 0);
    const before = backend.memoryBytes;
    // 2^20 complex values in and out: 16 MiB of staging, far beyond the initial memory.
    const n = 2 ** 20;
    const impulse = new Float32Array(2 * n);
    impulse[2] = 1; // x[1] = 1 → X[k] = e^{-2πik/n}
    const spectrum = new Float32Array(2 * n);
    backend.fftn(impulse, spectrum, [n], [0], false, 1, 0);
    expect(backend.memoryBytes).toBeGreaterThan(before);
    for (const k of [0, 1, n / 4, n / 2, n - 1]) {
      expect(spectrum[2 * k]).toBeCloseTo(Math.cos((2 * Math.PI * k) / n), 5);
      expect(spectrum[2 * k + 1]).toBeCloseTo(-Math.sin((2 * Math.PI * k) / n), 5);
    }
    small.execute(false, Float32Array.from(x), out, 1, 1, 0);
    expect(relativeError(out, directDft(x, 16))).toBeLessThanOrEqual(TOLERANCE.f32);
    small.dispose();
  });

  it('repeated calls reuse the resident staging memory', () => {
    const plan = backend.createFftPlan('c2c', 'f32', 1024);
    const x = Float32Array.from(signal(2048, 70));
    const out = new Float32Array(2048);
    plan.execute(false, x, out, 1, 1, 0);
    const settled = backend.memoryBytes;
    for (let i = 0; i < 2000; i++) plan.execute(i % 2 === 1, x, out, 1, 1, 0);
    expect(backend.memoryBytes).toBe(settled);
    plan.dispose();
  });
});
