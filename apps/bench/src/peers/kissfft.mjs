// @ts-check
// KissFFT compiled to wasm (kissfft-wasm): f32 only, any n for complex input,
// even n for real input. Timed through its plan-level classes (FFTConfig /
// RealFFTConfig with buffers kept in the wasm heap): copy in, work, copy out.
// Its one-shot fft() allocates a config and buffers per call, which would
// measure allocation instead of the transform.
import { createRequire } from 'node:module';
import { packageVersion } from './versions.mjs';

/** @typedef {import('./contender.mjs').Contender} Contender */
/** @typedef {{ pointer: number, free(): void }} KissArray */
/** @typedef {{ work(input: KissArray, output: KissArray): void, free(): void }} KissConfig */

/** @returns {Promise<Contender[]>} */
export async function load() {
  const require = createRequire(import.meta.url);
  // Its emscripten glue (2021) streams the .wasm with fetch() whenever fetch
  // exists, which in Node 18+ fails on a file path; without fetch it reads
  // the file with fs. The load starts synchronously inside require().
  const fetch = globalThis.fetch;
  /** @type {{ waitLoading(): Promise<void>, wasm: { HEAPF32: Float32Array } }} */
  let loader;
  try {
    /** @type {any} */ (globalThis).fetch = undefined;
    loader = require('kissfft-wasm/lib/wasm.js');
  } finally {
    globalThis.fetch = fetch;
  }
  await loader.waitLoading();
  /** @type {{ FFTConfig: new (n: number, inverse: boolean) => KissConfig, RealFFTConfig: new (n: number) => KissConfig, ComplexArray: new (n: number) => KissArray, RealArray: new (n: number) => KissArray }} */
  const kiss = require('kissfft-wasm');
  return [
    {
      id: 'kissfft',
      label: 'kissfft-wasm',
      library: 'kissfft-wasm',
      version: packageVersion('kissfft-wasm'),
      api: 'FFTConfig/RealFFTConfig.work, data copied in and out of the wasm heap',
      supports: (dtype, kind, n) => (dtype !== 'f32' ? 'f32 only' : kind === 'r2c' && n % 2 ? 'real input needs even n' : null),
      prepare(_dtype, kind, n, input) {
        const config = kind === 'c2c' ? new kiss.FFTConfig(n, false) : new kiss.RealFFTConfig(n);
        const inArray = kind === 'c2c' ? new kiss.ComplexArray(n) : new kiss.RealArray(n);
        // Its length check wants an n-bin output even for r2c (which fills n/2+1).
        const outArray = new kiss.ComplexArray(n);
        const outLen = kind === 'c2c' ? 2 * n : n + 2;
        const out = new Float32Array(outLen);
        const heap = loader.wasm.HEAPF32; // after the allocations: the heap may have grown
        const inView = heap.subarray(inArray.pointer >> 2, (inArray.pointer >> 2) + input.length);
        const outView = heap.subarray(outArray.pointer >> 2, (outArray.pointer >> 2) + outLen);
        return {
          run() {
            inView.set(input);
            config.work(inArray, outArray);
            out.set(outView);
          },
          output: () => out,
          dispose() {
            config.free();
            inArray.free();
            outArray.free();
          },
        };
      },
    },
  ];
}
