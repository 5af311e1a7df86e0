// Sorted-support arithmetic on (positions, values) lists: the exact spectral
// operations are merges of two supports.
import { allocate, type Dtype, type FloatArray } from '@dsp/backend';

export interface Coefficients {
  /** Positions, strictly ascending. */
  indices: Int32Array;
  /** One value per position (two, interleaved, when complex). */
  values: FloatArray;
}

/** a + s·b over the union of the supports (a position present in both is summed, even to zero). */
export function unionCombine(a: Coefficients, b: Coefficients, s: number, complex: boolean, dtype: Dtype): Coefficients {
  const w = complex ? 2 : 1;
  const ai = a.indices;
  const bi = b.indices;
  let n = 0;
  for (let i = 0, j = 0; i < ai.length || j < bi.length; n++) {
    if (j >= bi.length || (i < ai.length && ai[i]! < bi[j]!)) i++;
    else if (i >= ai.length || bi[j]! < ai[i]!) j++;
    else {
      i++;
      j++;
    }
  }
  const indices = new Int32Array(n);
  const values = allocate(dtype, w * n, 'union');
  for (let i = 0, j = 0, k = 0; k < n; k++) {
    const takeA = j >= bi.length || (i < ai.length && ai[i]! <= bi[j]!);
    const takeB = i >= ai.length || (j < bi.length && bi[j]! <= ai[i]!);
    indices[k] = takeA ? ai[i]! : bi[j]!;
    for (let c = 0; c < w; c++) {
      values[w * k + c] = (takeA ? a.values[w * i + c]! : 0) + (takeB ? s * b.values[w * j + c]! : 0);
    }
    if (takeA) i++;
    if (takeB) j++;
  }
  return { indices, values };
}

/** Calls `f(ia, ib)` for each position in both supports (slots in a and b). */
export function forEachCommon(a: Int32Array, b: Int32Array, f: (ia: number, ib: number) => void): void {
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (b[j]! < a[i]!) j++;
    else f(i++, j++);
  }
}

/** The slot of `position` in ascending `indices`, or −1. */
export function slotOf(indices: Int32Array, position: number): number {
  let lo = 0;
  let hi = indices.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = indices[mid]!;
    if (v === position) return mid;
    if (v < position) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
