// What only the wasm backend has: copies staged through WebAssembly memory,
// wasm32's address range, and a linear memory that grows. The kernels' numbers,
// batches, in-place runs, views and common refusals are the conformance suite's
// (conformance.test.ts).
import { TOLERANCE, directDft, expectDspError, randomSignal, relativeRmsError } from '@dsp/backend/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { coreUrl } from './core-url.js';

let backend: WasmBackend;
beforeAll(async () => {
  backend = await createWasmBackend({ wasm: coreUrl });
});

describe('wasm-specific limits and memory', () => {
  it('mixing precisions is E_DTYPE (copying would convert silently)', () => {
    const plan = backend.createFftPlan('c2c', 'f32', 4);
    expectDspError(() => plan.execute(false, new Float64Array(8), new Float64Array(8), 1, 1, 0), 'E_DTYPE');
    expectDspError(() => plan.execute(false, new Float32Array(8), new Float64Array(8), 1, 1, 0), 'E_DTYPE');
    expectDspError(() => backend.fftn(new Float32Array(8), new Float64Array(8), [4], [0], false, 1, 0), 'E_DTYPE');
    plan.dispose();
  });

  it('sizes that do not fit wasm32 are refused before they could wrap', () => {
    expectDspError(() => backend.fftn(new Float32Array(8), new Float32Array(8), [2 ** 32 + 4], [0], false, 1, 0), 'E_INVALID_ARGUMENT');
    expectDspError(() => backend.fftn(new Float32Array(8), new Float32Array(8), [4], [-1], false, 1, 0), 'E_INVALID_ARGUMENT');
    expectDspError(() => backend.fftn(new Float32Array(2), new Float32Array(2), new Array(33).fill(1), [0], false, 1, 0), 'E_SHAPE');
    expectDspError(() => backend.createFftPlan('c2c', 'f32', 2 ** 32), 'E_INVALID_ARGUMENT');
  });

  it('a plan whose tables cannot fit WebAssembly memory is E_MEMORY_LIMIT, naming the size', () => {
    const error = expectDspError(() => backend.createFftPlan('c2c', 'f64', 2 ** 28), 'E_MEMORY_LIMIT');
    expect(error.message).toMatch(/n = 268435456/);
  });

  it('data that cannot be staged in WebAssembly memory is E_MEMORY_LIMIT, naming the size', () => {
    // 2 GiB + 32 bytes: never touched, so the pages are never really allocated.
    const huge = new Float32Array(2 ** 29 + 8);
    const error = expectDspError(() => backend.fftn(huge, huge, [2 ** 28 + 4], [0], false, 1, 0), 'E_MEMORY_LIMIT');
    expect(error.message).toMatch(/2\.00 GiB/);
    const plan = backend.createFftPlan('c2c', 'f32', 8);
    expectDspError(() => plan.execute(false, huge, huge, 2 ** 25 + 1, 1, 0), 'E_MEMORY_LIMIT');
    const out = new Float32Array(16);
    const x = randomSignal(16, 50);
    plan.execute(false, Float32Array.from(x), out, 1, 1, 0);
    expect(relativeRmsError(out, directDft(x))).toBeLessThanOrEqual(TOLERANCE.f32);
    plan.dispose();
  });

  it('results stay right across memory growth (views of the old buffer are replaced)', () => {
    const small = backend.createFftPlan('c2c', 'f32', 16);
    const x = randomSignal(32, 60);
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
    out.fill(0);
    small.execute(false, Float32Array.from(x), out, 1, 1, 0);
    expect(relativeRmsError(out, directDft(x))).toBeLessThanOrEqual(TOLERANCE.f32);
    small.dispose();
  });

  it('repeated calls reuse the resident staging memory', () => {
    const plan = backend.createFftPlan('c2c', 'f32', 1024);
    const x = Float32Array.from(randomSignal(2048, 70));
    const out = new Float32Array(2048);
    plan.execute(false, x, out, 1, 1, 0);
    const settled = backend.memoryBytes;
    for (let i = 0; i < 2000; i++) plan.execute(i % 2 === 1, x, out, 1, 1, 0);
    expect(backend.memoryBytes).toBe(settled);
    plan.dispose();
  });
});
