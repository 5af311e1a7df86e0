// @ts-check
// The STFT contenders. Ours: @dsp/stft's spectrogram (IQ power) and stft (clip)
// into a caller's buffer, on native (1 and 2 threads) and wasm. Peers: pffft-wasm
// and fft.js applied frame by frame in JavaScript (window multiply, transform,
// power or copy out), the way one builds an STFT on an FFT library.
import { createRequire } from 'node:module';

import { hann } from './workloads.mjs';

/** @typedef {import('./workloads.mjs').Workload} Workload */
/** @typedef {{ id: string, label: string, prepare(w: Workload): { run(): void, output: Float32Array } }} StftContender */

/** @returns {Promise<StftContender[]>} */
export async function ours() {
  const stftPkg = await import('@dsp/stft');
  await import('@dsp/backend-native');
  await import('@dsp/backend-wasm');
  /** @type {StftContender[]} */
  const list = [];
  for (const [backend, threads] of /** @type {const} */ ([['native', 1], ['native', 2], ['wasm', 0]])) {
    await stftPkg.initBackend(backend);
    list.push({
      id: backend === 'wasm' ? 'wasm' : `native-${threads}t`,
      label: backend === 'wasm' ? 'wasm' : `native ${threads} thread${threads > 1 ? 's' : ''}`,
      prepare(w) {
        const output = new Float32Array(w.frames * w.rowLength);
        const opts = { nFft: w.nFft, hopLength: w.hop, center: w.center, backend, threads, out: output };
        const run = w.complex
          ? () => void stftPkg.spectrogram(w.input, { ...opts, complex: true, shift: false })
          : () => void stftPkg.stft(w.input, opts);
        return { run, output };
      },
    });
  }
  return list;
}

/** Frame f's windowed samples into `frame` (interleaved for IQ), reading a virtually zero-padded signal. */
function fill(/** @type {Workload} */ w, /** @type {Float32Array} */ window, /** @type {number} */ f, /** @type {Float32Array | Float64Array} */ frame) {
  const pad = w.center ? w.nFft / 2 : 0;
  const begin = f * w.hop - pad;
  const len = w.complex ? w.input.length / 2 : w.input.length;
  const x = w.input;
  for (let j = 0; j < w.nFft; j++) {
    const i = begin + j;
    const inside = i >= 0 && i < len;
    if (w.complex) {
      frame[2 * j] = inside ? x[2 * i] * window[j] : 0;
      frame[2 * j + 1] = inside ? x[2 * i + 1] * window[j] : 0;
    } else {
      frame[j] = inside ? x[i] * window[j] : 0;
    }
  }
}

/** @returns {Promise<StftContender>} */
export async function pffft() {
  const { default: PFFFT } = await import('@echogarden/pffft-wasm/simd');
  const wasm = await PFFFT();
  return {
    id: 'pffft',
    label: 'pffft-wasm frame by frame',
    prepare(w) {
      const n = w.nFft;
      const len = w.complex ? 2 * n : n;
      const setup = wasm._pffft_new_setup(n, w.complex ? 1 : 0);
      const inPtr = wasm._pffft_aligned_malloc(4 * len);
      const outPtr = wasm._pffft_aligned_malloc(4 * len);
      const workPtr = wasm._pffft_aligned_malloc(4 * len);
      const heap = /** @type {Float32Array} */ (wasm.HEAPF32);
      const frame = heap.subarray(inPtr >> 2, (inPtr >> 2) + len);
      const spectrum = heap.subarray(outPtr >> 2, (outPtr >> 2) + len);
      const window = hann(n);
      const output = new Float32Array(w.frames * w.rowLength);
      const run = () => {
        for (let f = 0; f < w.frames; f++) {
          fill(w, window, f, frame);
          wasm._pffft_transform_ordered(setup, inPtr, outPtr, workPtr, 0);
          const o = f * w.rowLength;
          if (w.complex) {
            for (let k = 0; k < n; k++) output[o + k] = spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1];
          } else {
            // Ordered real output packs X[n/2].re into X[0].im.
            output.set(spectrum, o);
            output[o + 1] = 0;
            output[o + n] = spectrum[1];
            output[o + n + 1] = 0;
          }
        }
      };
      return { run, output };
    },
  };
}

/** @returns {Promise<StftContender>} */
export async function fftjs() {
  /** @type {new (n: number) => { transform(out: Float64Array, data: Float64Array): void, realTransform(out: Float64Array, data: Float64Array): void }} */
  const FFT = createRequire(import.meta.url)('fft.js');
  return {
    id: 'fftjs',
    label: 'fft.js frame by frame',
    prepare(w) {
      const n = w.nFft;
      const fft = new FFT(n);
      const frame = new Float64Array(w.complex ? 2 * n : n);
      const spectrum = new Float64Array(2 * n);
      const window = hann(n);
      const output = new Float32Array(w.frames * w.rowLength);
      const run = () => {
        for (let f = 0; f < w.frames; f++) {
          fill(w, window, f, frame);
          const o = f * w.rowLength;
          if (w.complex) {
            fft.transform(spectrum, frame);
            for (let k = 0; k < n; k++) output[o + k] = spectrum[2 * k] * spectrum[2 * k] + spectrum[2 * k + 1] * spectrum[2 * k + 1];
          } else {
            fft.realTransform(spectrum, frame);
            for (let k = 0; k < w.rowLength; k++) output[o + k] = spectrum[k];
          }
        }
      };
      return { run, output };
    },
  };
}
