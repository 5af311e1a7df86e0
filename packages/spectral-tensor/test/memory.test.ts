// MemoryManager counts the package's own buffers; past the limit nothing is created and nothing else changes.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectDspError } from '@dsp/backend/testing';

import { MemoryManager, SparseSpectralTensor, sst } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { smoothField } from './helpers.js';

beforeAll(loadAll);
afterEach(() => {
  MemoryManager.setLimit(Infinity);
  MemoryManager.clearAll();
});

describe.each(BACKENDS)('MemoryManager on %s', (backend) => {
  const x = Float32Array.from(smoothField([32, 32], 1));
  it('counts live tensors and their bytes, with the peak; dispose and clearAll release them', () => {
    MemoryManager.clearAll();
    MemoryManager.resetPeak();
    const A = sst(x, [32, 32], { k: 100, backend }); // 100 × (4 + 4) bytes
    const B = sst(x, [32, 32], { k: 50, basis: 'rfft', backend }); // 50 × (4 + 8)
    expect(MemoryManager.getStats()).toEqual({ liveTensors: 2, bytes: 800 + 600, limit: Infinity, utilization: 0, peak: 1400 });
    MemoryManager.setLimit(2800);
    expect(MemoryManager.getStats().utilization).toBe(0.5);
    MemoryManager.dispose(A);
    expect(A.disposed).toBe(true);
    expectDspError(() => A.toSpatial(), 'E_DISPOSED');
    expectDspError(() => A.add(A), 'E_DISPOSED');
    expect(MemoryManager.getStats()).toMatchObject({ liveTensors: 1, bytes: 600, peak: 1400 });
    A.dispose();
    expect(MemoryManager.getStats().bytes).toBe(600);
    MemoryManager.clearAll();
    expect(B.disposed).toBe(true);
    expect(MemoryManager.getStats()).toMatchObject({ liveTensors: 0, bytes: 0 });
  });

  it('creating past the limit throws E_MEMORY_LIMIT and leaves everything intact', () => {
    MemoryManager.clearAll();
    const A = sst(x, [32, 32], { k: 100, backend });
    MemoryManager.setLimit(1000);
    const before = MemoryManager.getStats();
    expectDspError(() => sst(x, [32, 32], { k: 100, backend }), 'E_MEMORY_LIMIT', 'sst', '800', 'setLimit');
    expectDspError(() => A.add(A), 'E_MEMORY_LIMIT', 'add');
    expectDspError(() => SparseSpectralTensor.fromBytes(A.toBytes()), 'E_MEMORY_LIMIT', 'fromBytes');
    expect(MemoryManager.getStats()).toEqual(before);
    expect(A.toSpatial().length).toBe(1024);
    expect(sst(x, [32, 32], { k: 20, backend }).nnz).toBe(20);
    expectDspError(() => MemoryManager.setLimit(-1), 'E_INVALID_ARGUMENT', 'bytes');
    expectDspError(() => MemoryManager.setLimit(NaN), 'E_INVALID_ARGUMENT', 'bytes');
  });
});
