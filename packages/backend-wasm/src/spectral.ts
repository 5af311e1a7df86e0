// The sparse spectral tensor kernels over the WebAssembly core: copy in
// (one staging block), call, copy out.
import { DTYPE_CODES, DspError, type FloatArray, type SpectralTopKResult } from '@dsp/backend';

import { outputOffset, type WasmCore } from './core.js';

const align8 = (n: number): number => Math.ceil(n / 8) * 8;

export function spectralTopK(core: WasmCore, values: FloatArray, complex: boolean, weights: Uint8Array | null, k: number, out: Uint32Array): SpectralTopKResult {
  const what = 'spectralTopK';
  const bytes = values instanceof Float32Array ? 4 : 8;
  const n = complex ? values.length >>> 1 : values.length;
  if (weights !== null && weights.length !== n) throw new DspError('E_INVALID_ARGUMENT', `${what}: weights must have one entry per position`);
  const weightsAt = align8(values.length * bytes);
  const inputBytes = weightsAt + (weights === null ? 0 : n);
  const base = core.stage(inputBytes, 24 + 4 * out.length, what);
  const resultPtr = base + outputOffset(inputBytes);
  const outPtr = resultPtr + 24;
  (bytes === 4 ? core.heapF32() : core.heapF64()).set(values, base / bytes);
  if (weights !== null) core.heapU8().set(weights, base + weightsAt);
  let status: number;
  try {
    const dtype = bytes === 4 ? DTYPE_CODES.f32 : DTYPE_CODES.f64;
    status = core.exports().dsp_spectral_top_k(dtype, base, n, complex ? 1 : 0, weights === null ? 0 : base + weightsAt, k, outPtr, out.length, resultPtr);
  } catch (e) {
    throw core.trapped(e, what);
  }
  if (status !== 0) throw core.failure(status, what);
  const result = core.heapF64().subarray(resultPtr / 8, resultPtr / 8 + 3);
  const count = result[0]!;
  out.set(core.heapU32().subarray(outPtr / 4, outPtr / 4 + count));
  return { count, kept: result[1]!, dropped: result[2]! };
}

export function convolveDirect(
  core: WasmCore,
  a: FloatArray,
  aShape: readonly number[],
  b: FloatArray,
  bShape: readonly number[],
  offset: readonly number[],
  out: FloatArray,
  outShape: readonly number[],
  threads: number,
): void {
  const what = 'convolveDirect';
  const bytes = a instanceof Float32Array ? 4 : 8;
  if (!(b instanceof a.constructor) || !(out instanceof a.constructor)) throw new DspError('E_DTYPE', `${what}: a, b and out must have one dtype`);
  const rank = aShape.length;
  if (rank > 8 || bShape.length !== rank || offset.length !== rank || outShape.length !== rank) {
    throw new DspError('E_INVALID_ARGUMENT', `${what}: aShape, bShape, offset and outShape must have one length ≤ 8`);
  }
  // Layout of the input region: a, b, then the four size_t (u32) lists.
  const bAt = align8(a.length * bytes);
  const sizesAt = align8(bAt + b.length * bytes);
  const inputBytes = sizesAt + 16 * rank;
  const base = core.stage(inputBytes, out.length * bytes, what);
  const outPtr = base + outputOffset(inputBytes);
  const heap = bytes === 4 ? core.heapF32() : core.heapF64();
  heap.set(a, base / bytes);
  heap.set(b, (base + bAt) / bytes);
  const u32 = core.heapU32();
  const lists = [aShape, bShape, offset, outShape];
  lists.forEach((list, i) => {
    for (let d = 0; d < rank; d++) {
      const v = list[d]!;
      if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 32)) throw new DspError('E_INVALID_ARGUMENT', `${what}: sizes must be integers in 0…${2 ** 32 - 1}, got ${v}`);
      u32[(base + sizesAt + 4 * (i * rank + d)) / 4] = v;
    }
  });
  const at = (i: number) => base + sizesAt + 4 * i * rank;
  let status: number;
  try {
    const dtype = bytes === 4 ? DTYPE_CODES.f32 : DTYPE_CODES.f64;
    status = core.exports().dsp_convolve_direct(dtype, rank, base, at(0), base + bAt, at(1), at(2), outPtr, at(3), threads);
  } catch (e) {
    throw core.trapped(e, what);
  }
  if (status !== 0) throw core.failure(status, what);
  const h = bytes === 4 ? core.heapF32() : core.heapF64();
  out.set(h.subarray(outPtr / bytes, outPtr / bytes + out.length));
}
