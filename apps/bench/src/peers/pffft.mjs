// @ts-check
// PFFFT compiled to wasm with SIMD (@echogarden/pffft-wasm "./simd"): f32 only;
// complex n a multiple of 16, real n a multiple of 32, and n/4 made of the
// factors 2, 3, 5 (pffft_new_setup returns 0 otherwise; it asserts on the
// multiples, which would abort the module, so those are checked here first).
// Timed: copy in to the wasm heap, pffft_transform_ordered, copy out.
// Its ordered real output packs X[n/2].re into X[0].im; `output` unpacks it.
import { packageVersion } from './versions.mjs';

/** @typedef {import('./contender.mjs').Contender} Contender */

const PFFFT_REAL = 0;
const PFFFT_COMPLEX = 1;
const PFFFT_FORWARD = 0;

/**
 * @typedef {{
 *   HEAPF32: Float32Array,
 *   _pffft_new_setup(n: number, transform: number): number,
 *   _pffft_destroy_setup(setup: number): void,
 *   _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void,
 *   _pffft_aligned_malloc(bytes: number): number,
 *   _pffft_aligned_free(ptr: number): void,
 * }} PffftModule
 */

/** @param {number} m */
function smooth235(m) {
  for (const p of [2, 3, 5]) while (m % p === 0) m /= p;
  return m === 1;
}

/** @returns {Promise<Contender[]>} */
export async function load() {
  const { default: PFFFT } = await import('@echogarden/pffft-wasm/simd');
  /** @type {PffftModule} */
  const wasm = await PFFFT();
  return [
    {
      id: 'pffft',
      label: 'pffft-wasm',
      library: '@echogarden/pffft-wasm (simd)',
      version: packageVersion('@echogarden/pffft-wasm'),
      api: 'pffft_transform_ordered, data copied in and out of the wasm heap',
      supports(dtype, kind, n) {
        if (dtype !== 'f32') return 'f32 only';
        const multiple = kind === 'c2c' ? 16 : 32;
        if (n % multiple !== 0 || !smooth235(n / 4)) return `n a multiple of ${multiple} with factors 2, 3, 5 only`;
        return null;
      },
      prepare(_dtype, kind, n, input) {
        const len = kind === 'c2c' ? 2 * n : n;
        const setup = wasm._pffft_new_setup(n, kind === 'c2c' ? PFFFT_COMPLEX : PFFFT_REAL);
        if (!setup) throw new Error(`pffft_new_setup(${n}) failed`);
        const inPtr = wasm._pffft_aligned_malloc(4 * len);
        const outPtr = wasm._pffft_aligned_malloc(4 * len);
        const workPtr = wasm._pffft_aligned_malloc(4 * len);
        const out = new Float32Array(len);
        // Views are taken after every allocation: the heap may have grown.
        const heap = wasm.HEAPF32;
        const inView = heap.subarray(inPtr >> 2, (inPtr >> 2) + len);
        const outView = heap.subarray(outPtr >> 2, (outPtr >> 2) + len);
        return {
          run() {
            inView.set(input);
            wasm._pffft_transform_ordered(setup, inPtr, outPtr, workPtr, PFFFT_FORWARD);
            out.set(outView);
          },
          output() {
            if (kind === 'c2c') return out;
            const spectrum = new Float32Array(n + 2);
            spectrum.set(out);
            spectrum[1] = 0;
            spectrum[n] = /** @type {number} */ (out[1]);
            spectrum[n + 1] = 0;
            return spectrum;
          },
          dispose() {
            for (const p of [inPtr, outPtr, workPtr]) wasm._pffft_aligned_free(p);
            wasm._pffft_destroy_setup(setup);
          },
        };
      },
    },
  ];
}
