// @ts-check
// The bench's input: one deterministic sequence in [-1, 1), the same LCG as
// native/dsp-core/examples/fft_bench.rs and python/fft_bench.py, so every
// language transforms the same numbers. A case of length L uses its first L
// values (c2c: 2n interleaved, r2c: n real).

/** @typedef {'f32' | 'f64'} Dtype */
/** @typedef {'c2c' | 'r2c'} Kind */
/** @typedef {Float32Array | Float64Array} FloatArray */

/** @type {Float64Array} */
let sequence = new Float64Array(0);

/** @param {number} count */
function values(count) {
  if (sequence.length < count) {
    const next = new Float64Array(count);
    let state = 0x12345678;
    for (let i = 0; i < count; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      next[i] = state / 2147483648 - 1;
    }
    sequence = next;
  }
  return sequence.subarray(0, count);
}

/**
 * A fresh input array for one case.
 * @param {Dtype} dtype
 * @param {Kind} kind
 * @param {number} n
 * @returns {FloatArray}
 */
export function makeInput(dtype, kind, n) {
  const v = values(kind === 'c2c' ? 2 * n : n);
  return dtype === 'f32' ? Float32Array.from(v) : Float64Array.from(v);
}

/** Scalars in a forward output: c2c 2n, r2c 2(⌊n/2⌋+1). @param {Kind} kind @param {number} n */
export function spectrumLength(kind, n) {
  return kind === 'c2c' ? 2 * n : 2 * (Math.floor(n / 2) + 1);
}
