// What only the native backend has: the addon reads typed arrays in place
// (any byteOffset, SharedArrayBuffer, Uint32Array shapes), so it checks element
// types, bounds and overlap itself; and it runs batches and N-D kernels on
// threads. The kernels' numbers, batches, in-place runs, views and common
// refusals are the conformance suite's (conformance.test.ts).
import type { FloatArray } from '@dsp/backend';
import { TOLERANCE, directDft, directDftN, expectDspError, randomSignal, relativeRmsError, typed } from '@dsp/backend/testing';
import { describe, expect, it } from 'vitest';
import { createNativeBackend } from '../src/index.js';

const backend = createNativeBackend();

function bytes(a: FloatArray): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe.each(['f32', 'f64'] as const)('threads and shapes on the native backend (%s)', (dtype) => {
  // The suite checks c2c batches across thread counts; these are the other threaded kernels.
  it('r2c batches and fftn give identical bytes for threads 1, 2 and 0', () => {
    const n = 1024;
    const batch = 300;
    const x = typed(dtype, randomSignal(n * batch, 21));
    const rplan = backend.createFftPlan('r2c', dtype, n);
    const real = [1, 2, 0].map((threads) => {
      const out = typed(dtype, (n + 2) * batch);
      rplan.execute(false, x, out, batch, 1, threads);
      return bytes(out);
    });
    expect(real[1]!.equals(real[0]!)).toBe(true);
    expect(real[2]!.equals(real[0]!)).toBe(true);
    rplan.dispose();

    const shape = [256, 512];
    const grid = typed(dtype, randomSignal(2 * shape[0]! * shape[1]!, 4));
    const results = [1, 2, 0].map((threads) => {
      const out = typed(dtype, grid.length);
      backend.fftn(grid, out, shape, [0, 1], false, 1, threads);
      return bytes(out);
    });
    expect(results[1]!.equals(results[0]!)).toBe(true);
    expect(results[2]!.equals(results[0]!)).toBe(true);
  });

  it('fftn takes shape and axes as a Uint32Array as well as an array', () => {
    const [rows, cols] = [6, 10];
    const x = randomSignal(2 * rows * cols, 5);
    const viaArray = typed(dtype, x.length);
    backend.fftn(typed(dtype, x), viaArray, [rows, cols], [0, 1], false, 1, 0);
    const viaUint32 = typed(dtype, x.length);
    backend.fftn(typed(dtype, x), viaUint32, Uint32Array.of(rows, cols) as unknown as number[], Uint32Array.of(0, 1) as unknown as number[], false, 1, 0);
    expect(relativeRmsError(viaUint32, directDftN(x, [rows, cols], [0, 1]))).toBeLessThanOrEqual(TOLERANCE[dtype]);
    expect(bytes(viaUint32).equals(bytes(viaArray))).toBe(true);
  });
});

describe('SharedArrayBuffer-backed arrays', () => {
  it('run like any other, and a wrong element type is refused', () => {
    const n = 16;
    const x = randomSignal(2 * n, 31);
    const input = new Float32Array(new SharedArrayBuffer(8 * n));
    input.set(x);
    const output = new Float32Array(new SharedArrayBuffer(8 * n));
    const plan = backend.createFftPlan('c2c', 'f32', n);
    plan.execute(false, input, output, 1, 1, 0);
    expect(relativeRmsError(output, directDft(x))).toBeLessThanOrEqual(TOLERANCE.f32);
    const wrongType = new Int32Array(new SharedArrayBuffer(8 * n)) as unknown as Float32Array;
    expectDspError(() => plan.execute(false, wrongType, output, 1, 1, 0), 'E_INVALID_ARGUMENT');
    plan.dispose();
  });
});

describe('the addon checks what it reads in place', () => {
  it('refuses what would be unsafe instead of reading past a buffer', () => {
    const plan = backend.createFftPlan('c2c', 'f64', 8);
    // 16 f32 values are half the bytes 16 f64 values need: reading them as f64 would overrun.
    const tooSmall = expectDspError(() => plan.execute(false, new Float32Array(16) as unknown as Float64Array, new Float64Array(16), 1, 1, 0), 'E_INVALID_ARGUMENT');
    expect(tooSmall.message).toContain("plan's dtype");
    // A view near the end of its buffer: 16 f64 values from byte 96 would run past its 160 bytes.
    const nearEnd = new Float32Array(new ArrayBuffer(160), 96, 16) as unknown as Float64Array;
    expectDspError(() => plan.execute(false, new Float64Array(16), nearEnd, 1, 1, 0), 'E_INVALID_ARGUMENT');
    expectDspError(() => plan.execute(false, [1, 2] as unknown as Float64Array, new Float64Array(16), 1, 1, 0), 'E_INVALID_ARGUMENT');
    const shared = new Float64Array(24);
    const overlap = expectDspError(() => plan.execute(false, shared.subarray(0, 16), shared.subarray(8, 24), 1, 1, 0), 'E_INVALID_ARGUMENT');
    expect(overlap.message).toContain('overlaps');
    expectDspError(() => backend.fftn(new Float64Array(16), new Float32Array(16) as unknown as Float64Array, [8], [0], false, 1, 0), 'E_INVALID_ARGUMENT');
    expectDspError(() => backend.fftn(new Float64Array(2), new Float64Array(2), new Array(33).fill(1), [0], false, 1, 0), 'E_INVALID_ARGUMENT');
    // The plan is unharmed by the refusals.
    const out = new Float64Array(16);
    plan.execute(false, new Float64Array(16).fill(1), out, 1, 1, 0);
    expect(out[0]).toBe(8);
    plan.dispose();
  });
});
