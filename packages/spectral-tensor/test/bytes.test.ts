// toBytes/fromBytes: round trips bit for bit (or to fp16 rounding), and any
// truncated, corrupted or hostile input is a DspError — never a crash, a
// RangeError or a huge allocation.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDspError, rng } from '@dsp/backend/testing';

import { DspError, MemoryManager, SparseSpectralTensor, sst, type Basis } from '../src/index.js';
import { crc32 } from '../src/bytes.js';
import { BACKENDS, loadAll } from './backends.js';
import { maxRelative, smoothField, typedAs } from './helpers.js';

beforeAll(loadAll);

/** Re-seals edited bytes with a valid checksum, so the structural checks are what must catch them. */
function reseal(b: Uint8Array): Uint8Array {
  const out = b.slice();
  new DataView(out.buffer).setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

describe.each(BACKENDS)('serialization on %s', (backend) => {
  const shape = [12, 10, 3];
  it.each(['dct', 'rfft', 'fft'] as Basis[])('%s: round trips exactly, and to fp16 rounding, with or without delta-coded positions', (basis) => {
    for (const dtype of ['f32', 'f64'] as const) {
      const T = sst(typedAs(dtype, smoothField(shape, 9)), shape, { keep: 0.2, basis, axes: [0, 1], backend });
      for (const deltaIndices of [false, true]) {
        const bytes = T.toBytes({ deltaIndices });
        const U = SparseSpectralTensor.fromBytes(bytes, { backend });
        expect([U.basis, U.dtype, U.shape, U.axes, U.relativeError, U.energyKept]).toEqual([T.basis, T.dtype, T.shape, T.axes, T.relativeError, T.energyKept]);
        expect(Array.from(U.indices)).toEqual(Array.from(T.indices));
        expect(Array.from(U.values)).toEqual(Array.from(T.values));
        const H = SparseSpectralTensor.fromBytes(T.toBytes({ fp16: true, deltaIndices }), { backend });
        expect(maxRelative(H.values, T.values)).toBeLessThan(2 ** -11);
        expect(maxRelative(H.toSpatial(), T.toSpatial())).toBeLessThan(2e-3);
      }
      // What the options save: fp16 halves the values, delta coding shrinks positions to 1–2 bytes.
      const plain = T.toBytes().length;
      expect(T.toBytes({ fp16: true, deltaIndices: true }).length).toBeLessThan(plain * 0.6);
    }
  });

  it('fp16 encodes the halves exactly where they are representable', async () => {
    const { toHalf, fromHalf } = await import('../src/bytes.js');
    for (const v of [0, 1, -2, 0.5, 65504, 2 ** -14, 2 ** -24, 1 + 2 ** -10, -3.140625]) expect(fromHalf(toHalf(v))).toBe(v);
    expect(fromHalf(toHalf(1 + 2 ** -11))).toBe(1); // ties to even
    expect(fromHalf(toHalf(2 ** -26))).toBe(0);
    const big = sst(Float64Array.of(1e6, 2, 3), [3], { keep: 1, backend });
    expectDspError(() => big.toBytes({ fp16: true }), 'E_INVALID_ARGUMENT', 'fp16');
  });

  it('refuses truncated, corrupted and hostile bytes with a DspError (fuzzed)', () => {
    const T = sst(smoothField(shape, 3), shape, { keep: 0.3, basis: 'fft', backend });
    const good = T.toBytes({ deltaIndices: true });
    const live = MemoryManager.getStats().liveTensors;
    // Every truncation.
    for (let n = 0; n < good.length; n++) expectDspError(() => SparseSpectralTensor.fromBytes(good.subarray(0, n)), 'E_INVALID_ARGUMENT');
    // Random flips: caught by the checksum.
    const r = rng(11);
    for (let t = 0; t < 500; t++) {
      const b = good.slice();
      const at = Math.floor(r() * b.length);
      b[at] = b[at]! ^ (1 + Math.floor(r() * 255));
      expectDspError(() => SparseSpectralTensor.fromBytes(b), 'E_INVALID_ARGUMENT');
    }
    // Random edits with a valid checksum: the structure checks must catch them or yield a valid tensor.
    for (const bytes of [good, T.toBytes(), T.toBytes({ fp16: true })]) {
      for (let t = 0; t < 2000; t++) {
        const b = bytes.slice();
        for (let e = 0; e < 1 + Math.floor(r() * 3); e++) b[Math.floor(r() * (b.length - 4))] = Math.floor(r() * 256);
        try {
          const U = SparseSpectralTensor.fromBytes(reseal(b), { backend });
          expect(U.toSpatial().every(Number.isFinite)).toBe(true);
          U.dispose();
        } catch (e) {
          expect(e).toBeInstanceOf(DspError);
        }
      }
    }
    // Random garbage of every small length.
    for (let n = 0; n < 300; n++) {
      const b = new Uint8Array(n).map(() => Math.floor(r() * 256));
      if (n >= 4) b.set([0x44, 0x53, 0x50, 0x54]);
      expect(() => SparseSpectralTensor.fromBytes(n > 8 ? reseal(b) : b)).toThrow(DspError);
    }
    expect(MemoryManager.getStats().liveTensors).toBe(live);
  });

  it('a hostile header asking for 2³¹ coefficients is refused before anything is allocated', () => {
    const T = sst(Float64Array.of(1, 2, 3, 4), [4], { keep: 1, backend });
    const b = T.toBytes();
    const view = new DataView(b.buffer);
    // shape [4] → [2³¹ − 1]; nnz → 2³¹ − 1.
    view.setUint32(12, 2 ** 31 - 1, true);
    view.setUint32(17, 2 ** 31 - 1, true);
    expectDspError(() => SparseSpectralTensor.fromBytes(reseal(b)), 'E_INVALID_ARGUMENT', 'do not fit');
    const v2 = b.slice();
    v2[4] = 2;
    expectDspError(() => SparseSpectralTensor.fromBytes(reseal(v2)), 'E_INVALID_ARGUMENT', 'version 2');
    expectDspError(() => SparseSpectralTensor.fromBytes(new Uint8Array(100)), 'E_INVALID_ARGUMENT', 'DSPT');
    expectDspError(() => SparseSpectralTensor.fromBytes([1, 2] as never), 'E_INVALID_ARGUMENT', 'Uint8Array');
  });
});
