// @ts-check
// fft.js (indutny): radix-4 in plain JS, powers of two only. It computes in
// doubles whatever array it is given, so f32 and f64 differ only in storage.
// Interleaved complex in and out; realTransform fills bins 0..n/2 of a 2n
// array (completeSpectrum would mirror the rest, which r2c does not need).
import { createRequire } from 'node:module';
import { isPowerOfTwo } from './contender.mjs';
import { packageVersion } from './versions.mjs';

/** @typedef {import('./contender.mjs').Contender} Contender */

/** @returns {Promise<Contender[]>} */
export async function load() {
  /** @type {new (n: number) => { transform(out: ArrayLike<number>, data: ArrayLike<number>): void, realTransform(out: ArrayLike<number>, data: ArrayLike<number>): void }} */
  const FFT = createRequire(import.meta.url)('fft.js');
  return [
    {
      id: 'fftjs',
      label: 'fft.js',
      library: 'fft.js',
      version: packageVersion('fft.js'),
      api: 'new FFT(n); transform(out, x) / realTransform(out, x)',
      supports: (_dtype, kind, n) => (!isPowerOfTwo(n) ? 'powers of two only' : kind === 'r2c' && n < 4 ? 'n ≥ 4' : null),
      prepare(dtype, kind, n, input) {
        const fft = new FFT(n);
        const out = dtype === 'f32' ? new Float32Array(2 * n) : new Float64Array(2 * n);
        const run = kind === 'c2c' ? () => fft.transform(out, input) : () => fft.realTransform(out, input);
        return { run, output: () => out };
      },
    },
  ];
}
