// Copying rectangular boxes between row-major N-D arrays (padding, cropping,
// slicing), one contiguous run along the last axis at a time.
import type { FloatArray } from '@dsp/backend';

import { stridesOf } from './layout.js';

/**
 * dst[dstStart + i] = src[srcStart + i] (or += when `add`) for every
 * multi-index i inside `box`.
 */
export function copyBox(
  src: FloatArray,
  srcShape: readonly number[],
  srcStart: readonly number[],
  dst: FloatArray,
  dstShape: readonly number[],
  dstStart: readonly number[],
  box: readonly number[],
  add = false,
): void {
  const rank = box.length;
  if (box.some((d) => d === 0)) return;
  const ss = stridesOf(srcShape);
  const ds = stridesOf(dstShape);
  const run = box[rank - 1]!;
  const rows = box.reduce((a, b) => a * b, 1) / run;
  const c = new Array<number>(rank).fill(0);
  for (let r = 0; r < rows; r++) {
    let rest = r;
    for (let d = rank - 2; d >= 0; d--) {
      c[d] = rest % box[d]!;
      rest = Math.floor(rest / box[d]!);
    }
    let si = srcStart[rank - 1]!;
    let di = dstStart[rank - 1]!;
    for (let d = 0; d < rank - 1; d++) {
      si += (srcStart[d]! + c[d]!) * ss[d]!;
      di += (dstStart[d]! + c[d]!) * ds[d]!;
    }
    if (add) {
      for (let k = 0; k < run; k++) dst[di + k] = dst[di + k]! + src[si + k]!;
    } else {
      dst.set(src.subarray(si, si + run), di);
    }
  }
}

/** The smallest 5-smooth integer ≥ n (FFT lengths that factor into 2, 3 and 5 run fastest). */
export function nextFastLength(n: number): number {
  let best = Infinity;
  for (let p5 = 1; p5 < 2 * n; p5 *= 5) {
    for (let p35 = p5; p35 < 2 * n; p35 *= 3) {
      let v = p35;
      while (v < n) v *= 2;
      if (v < best) best = v;
    }
  }
  return best;
}
