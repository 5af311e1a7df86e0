// @ts-check
// webfft: a meta-library over about nine JS and wasm FFTs; powers of two from
// 4 to 131072, f32, complex input (its fftr pads real input to complex, so it
// is no r2c and is not timed as one). Its own profile() picks the fastest
// sub-library for a size, as its README advises; that choice is recorded.
// Its fft(x) returns a new array per call.
import { packageVersion } from './versions.mjs';
import { isPowerOfTwo } from './contender.mjs';

/** @typedef {import('./contender.mjs').Contender} Contender */
/** @typedef {{ fft(x: Float32Array): Float32Array, profile(seconds?: number): { fastestSubLibrary: string }, dispose(): void }} WebFft */

/** @param {{ profileSeconds?: number }} [options] @returns {Promise<Contender[]>} */
export async function load({ profileSeconds = 0.5 } = {}) {
  /** @type {{ default: new (n: number, subLibrary?: string) => WebFft }} */
  const { default: WebFFT } = /** @type {any} */ (await import('webfft'));
  return [
    {
      id: 'webfft',
      label: 'webfft',
      library: 'webfft',
      version: packageVersion('webfft'),
      api: 'new webfft(n).fft(x) after profile() picked the sub-library',
      supports(dtype, kind, n) {
        if (dtype !== 'f32') return 'f32 only';
        if (kind !== 'c2c') return 'no real-input transform';
        if (!isPowerOfTwo(n) || n < 4 || n > 131072) return 'powers of two from 4 to 131072';
        return null;
      },
      prepare(_dtype, _kind, n, input) {
        const fft = new WebFFT(n);
        // profile() logs its choice; keep the progress line clean.
        const log = console.log;
        console.log = () => {};
        let subLibrary;
        try {
          subLibrary = fft.profile(profileSeconds).fastestSubLibrary;
        } finally {
          console.log = log;
        }
        /** @type {Float32Array} */
        let out = new Float32Array(0);
        return {
          run() {
            out = fft.fft(/** @type {Float32Array} */ (input));
          },
          output: () => out,
          dispose: () => fft.dispose(),
          note: subLibrary,
        };
      },
    },
  ];
}
