// Input checks shared by the HPSS and pitch functions.
import { DspError, dtypeOf, type Dtype, type FloatArray } from '@dsp/backend';

/** The array's dtype, refusing an empty array and any NaN or ±Infinity (which librosa would turn into NaN results). */
export function checkFiniteSignal(x: unknown, name: string, fn: string): Dtype {
  const dtype = dtypeOf(x, name, fn);
  const a = x as FloatArray;
  if (a.length === 0) throw new DspError('E_SHAPE', `${fn}: ${name} must hold at least 1 value, got length 0`);
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    // v - v is NaN exactly when v is NaN or ±Infinity.
    if (v - v !== 0) {
      throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name} contains ${Number.isNaN(v) ? 'NaN' : String(v)} at index ${i}; only finite values are accepted`);
    }
  }
  return dtype;
}

/** Python's round(): halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
