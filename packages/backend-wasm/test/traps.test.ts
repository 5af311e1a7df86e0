// A trap (a Rust panic, an out-of-bounds access, memory exhausted inside the
// core) must become E_INTERNAL, never a crash or a corrupted later call.
import { TOLERANCE, directDft, expectDspError, randomSignal, realToComplex, relativeRmsError } from '@dsp/backend/testing';
import { describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { coreUrl } from './core-url.js';

// Far past the initial linear memory (about 1 MiB): any access there traps.
const OUT_OF_BOUNDS = 0x7fff_0000;

describe('traps in the wasm core', () => {
  it('become E_INTERNAL; the instance is re-created and plans made before keep working', async () => {
    const backend = await createWasmBackend({ wasm: coreUrl });
    const complexPlan = backend.createFftPlan('c2c', 'f32', 64);
    const realPlan = backend.createFftPlan('r2c', 'f64', 30);
    const disposedPlan = backend.createFftPlan('c2c', 'f64', 8);
    disposedPlan.dispose();
    const x = randomSignal(128, 1);
    const out = new Float32Array(128);
    complexPlan.execute(false, Float32Array.from(x), out, 1, 1, 0);

    const error = expectDspError(
      () => backend.callRaw((core) => core.dsp_fft_plan_execute(OUT_OF_BOUNDS, 0, 0, 0, 0, 0, 1, 1, 0)),
      'E_INTERNAL',
    );
    expect(error.cause).toBeInstanceOf(WebAssembly.RuntimeError);
    expect(error.message).toMatch(/trapped/);

    out.fill(0);
    complexPlan.execute(false, Float32Array.from(x), out, 1, 1, 0);
    expect(relativeRmsError(out, directDft(x))).toBeLessThanOrEqual(TOLERANCE.f32);
    const real = randomSignal(30, 2);
    const half = new Float64Array(32);
    realPlan.execute(false, Float64Array.from(real), half, 1, 1, 0);
    expect(relativeRmsError(half, directDft(realToComplex(real)).subarray(0, 32))).toBeLessThanOrEqual(TOLERANCE.f64);
    expectDspError(() => disposedPlan.execute(false, new Float64Array(16), new Float64Array(16), 1, 1, 0), 'E_DISPOSED');

    const fresh = backend.createFftPlan('c2c', 'f64', 64);
    const freshOut = new Float64Array(128);
    fresh.execute(false, Float64Array.from(x), freshOut, 1, 1, 0);
    expect(relativeRmsError(freshOut, directDft(x))).toBeLessThanOrEqual(TOLERANCE.f64);

    // Status errors still carry the new instance's message.
    const bad = Float32Array.from(x);
    bad[5] = NaN;
    expect(expectDspError(() => complexPlan.execute(false, bad, out, 1, 1, 0), 'E_INVALID_ARGUMENT').message).toMatch(/NaN or Infinity/);

    for (const plan of [complexPlan, realPlan, fresh]) plan.dispose();
  });

  it('survive several in a row, between calls that grow memory', async () => {
    const backend = await createWasmBackend({ wasm: coreUrl });
    const plan = backend.createFftPlan('c2c', 'f32', 4096);
    const x = randomSignal(8192, 3);
    const out = new Float32Array(8192);
    const want = directDft(x);
    for (let round = 0; round < 3; round++) {
      expectDspError(() => backend.callRaw((core) => core.dsp_fftn_c2c(0, OUT_OF_BOUNDS, 4, OUT_OF_BOUNDS, 1, 0, 1, 0, 0, 0, 0, 0)), 'E_INTERNAL');
      backend.fftn(new Float32Array(2 ** 19), new Float32Array(2 ** 19), [2 ** 18], [0], false, 1, 0);
      out.fill(0);
      plan.execute(false, Float32Array.from(x), out, 1, 1, 0);
      expect(relativeRmsError(out, want), `round ${round}`).toBeLessThanOrEqual(TOLERANCE.f32);
    }
    plan.dispose();
  });

  it('a plan disposed after a trap is freed without touching the new instance', async () => {
    const backend = await createWasmBackend({ wasm: coreUrl });
    const old = backend.createFftPlan('c2c', 'f32', 32);
    expectDspError(() => backend.callRaw((core) => core.dsp_fft_plan_free(OUT_OF_BOUNDS)), 'E_INTERNAL');
    // Its handle belonged to the dropped instance; freeing it there would corrupt the new heap.
    old.dispose();
    expect(old.disposed).toBe(true);
    const fresh = backend.createFftPlan('c2c', 'f32', 32);
    const x = randomSignal(64, 4);
    const out = new Float32Array(64);
    fresh.execute(false, Float32Array.from(x), out, 1, 1, 0);
    expect(relativeRmsError(out, directDft(x))).toBeLessThanOrEqual(TOLERANCE.f32);
    fresh.dispose();
  });

  it('in one backend leave another backend instance alone', async () => {
    const [a, b] = await Promise.all([createWasmBackend({ wasm: coreUrl }), createWasmBackend({ wasm: coreUrl })]);
    const plan = b.createFftPlan('c2c', 'f64', 16);
    const before = b.memoryBytes;
    expectDspError(() => a.callRaw((core) => core.dsp_fft_plan_execute(OUT_OF_BOUNDS, 0, 0, 0, 0, 0, 1, 1, 0)), 'E_INTERNAL');
    expect(b.memoryBytes).toBe(before);
    const x = randomSignal(32, 5);
    const out = new Float64Array(32);
    plan.execute(false, Float64Array.from(x), out, 1, 1, 0);
    expect(relativeRmsError(out, directDft(x))).toBeLessThanOrEqual(TOLERANCE.f64);
    plan.dispose();
  });
});
