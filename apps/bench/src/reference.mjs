// @ts-check
// The ground truth every contender is checked against: a float64 DFT written
// here, independent of every library under test. Powers of two use an
// iterative radix-2 FFT; any other n uses Bluestein's chirp-z over it.

import { spectrumLength } from './signal.mjs';

/** @typedef {import('./signal.mjs').Kind} Kind */

/**
 * In-place forward FFT of split complex data; length a power of two.
 * @param {Float64Array} re @param {Float64Array} im @param {boolean} inverse
 */
function radix2(re, im, inverse) {
  const m = re.length;
  for (let i = 1, j = 0; i < m; i++) {
    let bit = m >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]; re[i] = re[j]; re[j] = t;
      t = im[i]; im[i] = im[j]; im[j] = t;
    }
  }
  const sign = inverse ? 1 : -1;
  const cos = new Float64Array(m >> 1);
  const sin = new Float64Array(m >> 1);
  for (let k = 0; k < m >> 1; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / m);
    sin[k] = sign * Math.sin((2 * Math.PI * k) / m);
  }
  for (let len = 2; len <= m; len <<= 1) {
    const half = len >> 1;
    const step = m / len;
    for (let start = 0; start < m; start += len) {
      for (let k = 0; k < half; k++) {
        const wr = cos[k * step], wi = sin[k * step];
        const a = start + k, b = a + half;
        const xr = re[b] * wr - im[b] * wi;
        const xi = re[b] * wi + im[b] * wr;
        re[b] = re[a] - xr; im[b] = im[a] - xi;
        re[a] += xr; im[a] += xi;
      }
    }
  }
}

/**
 * Forward DFT of n complex values (split), any n.
 * @param {Float64Array} re @param {Float64Array} im
 */
function dft(re, im) {
  const n = re.length;
  if ((n & (n - 1)) === 0) return radix2(re, im, false);
  let m = 1;
  while (m < 2 * n - 1) m <<= 1;
  // Chirp w_k = exp(-iπk²/n); k² mod 2n keeps the angle small and exact.
  const wr = new Float64Array(n), wi = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const angle = (Math.PI * ((k * k) % (2 * n))) / n;
    wr[k] = Math.cos(angle); wi[k] = -Math.sin(angle);
  }
  const ar = new Float64Array(m), ai = new Float64Array(m);
  const br = new Float64Array(m), bi = new Float64Array(m);
  for (let k = 0; k < n; k++) {
    ar[k] = re[k] * wr[k] - im[k] * wi[k];
    ai[k] = re[k] * wi[k] + im[k] * wr[k];
    br[k] = wr[k]; bi[k] = -wi[k];
    if (k > 0) { br[m - k] = wr[k]; bi[m - k] = -wi[k]; }
  }
  radix2(ar, ai, false);
  radix2(br, bi, false);
  for (let k = 0; k < m; k++) {
    const r = ar[k] * br[k] - ai[k] * bi[k];
    ai[k] = ar[k] * bi[k] + ai[k] * br[k];
    ar[k] = r;
  }
  radix2(ar, ai, true);
  for (let k = 0; k < n; k++) {
    const r = ar[k] / m, i = ai[k] / m;
    re[k] = r * wr[k] - i * wi[k];
    im[k] = r * wi[k] + i * wr[k];
  }
}

/**
 * The forward spectrum of `input`, interleaved (c2c: n bins, r2c: ⌊n/2⌋+1).
 * @param {Kind} kind @param {number} n @param {ArrayLike<number>} input
 */
export function referenceSpectrum(kind, n, input) {
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (kind === 'c2c') { re[k] = /** @type {number} */ (input[2 * k]); im[k] = /** @type {number} */ (input[2 * k + 1]); }
    else re[k] = /** @type {number} */ (input[k]);
  }
  dft(re, im);
  const out = new Float64Array(spectrumLength(kind, n));
  for (let k = 0; k < out.length / 2; k++) { out[2 * k] = /** @type {number} */ (re[k]); out[2 * k + 1] = /** @type {number} */ (im[k]); }
  return out;
}

/**
 * ‖a − ref‖ / ‖ref‖ over the first ref.length scalars of a.
 * @param {ArrayLike<number>} a @param {ArrayLike<number>} ref
 */
export function relativeError(a, ref) {
  if (a.length < ref.length) return Infinity;
  let num = 0, den = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = /** @type {number} */ (ref[i]);
    const d = /** @type {number} */ (a[i]) - r;
    num += d * d; den += r * r;
  }
  return Math.sqrt(num / den);
}

/**
 * Every stride-th complex bin, interleaved: a small fingerprint of a spectrum
 * for checking results that come back from other processes (Python).
 * @param {ArrayLike<number>} spectrum @param {number} stride
 */
export function probe(spectrum, stride) {
  const bins = spectrum.length / 2;
  const out = [];
  for (let k = 0; k < bins; k += stride) out.push(/** @type {number} */ (spectrum[2 * k]), /** @type {number} */ (spectrum[2 * k + 1]));
  return out;
}

/** Stride giving at most `maxBins` probe bins. @param {Kind} kind @param {number} n @param {number} maxBins */
export function probeStride(kind, n, maxBins) {
  return Math.max(1, Math.ceil(spectrumLength(kind, n) / 2 / maxBins));
}
