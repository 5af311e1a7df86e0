// Input checks shared by the HPSS and pitch functions.
import { DspError, dtypeOf, type Dtype, type FloatArray } from '@dsp/backend';

/** The array's dtype, refusing an empty array and any NaN or ±Infinity (which librosa would turn into NaN results). */
export function checkFiniteSignal(x: unknown, name: string, fn: string): Dtype {
  const dtype = dtypeOf(x, name, fn);
  const a = x as FloatArray;
  if (a.length === 0) throw new DspError('E_SHAPE', `${fn}: ${name} must hold at least 1 value, got length 0`);
  // Blocks are scanned branch-free first: v·0 is NaN exactly when v is NaN or
  // ±Infinity, and a NaN stays in the sums (four of them, independent, so the
  // adds overlap); only a block whose sums are not 0 is searched value by value.
  const BLOCK = 4096;
  for (let start = 0; start < a.length; start += BLOCK) {
    const end = Math.min(a.length, start + BLOCK);
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = start;
    for (; i + 3 < end; i += 4) {
      s0 += a[i]! * 0;
      s1 += a[i + 1]! * 0;
      s2 += a[i + 2]! * 0;
      s3 += a[i + 3]! * 0;
    }
    for (; i < end; i++) s0 += a[i]! * 0;
    if (s0 + s1 + s2 + s3 === 0) continue;
    for (let j = start; j < end; j++) {
      const v = a[j]!;
      if (v - v !== 0) {
        throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name} contains ${Number.isNaN(v) ? 'NaN' : String(v)} at index ${j}; only finite values are accepted`);
      }
    }
  }
  return dtype;
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
