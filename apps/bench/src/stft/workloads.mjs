// @ts-check
// The STFT section's workloads (issue 3): 1,048,576 complex f32 samples,
// nFft 1024, Hann, power, at hop 1024 and 256 (the RF spectrogram service's
// reference), and a 10 s, 22.05 kHz real clip, nFft 2048, hop 512, centred.
// Inputs come from the bench's shared LCG sequence, as Python's do.
import { makeInput } from '../signal.mjs';

/**
 * @typedef {object} Workload
 * @property {string} id           case name, shared with python/stft_bench.py
 * @property {string} label
 * @property {boolean} complex     interleaved IQ (two-sided power) or real audio (complex one-sided STFT)
 * @property {number} nFft
 * @property {number} hop
 * @property {boolean} center
 * @property {Float32Array} input
 * @property {number} frames
 * @property {number} rowLength    output scalars per frame
 * @property {{ native1: number, native2: number, wasm: number } | null} targetsMs
 */

const IQ_SAMPLES = 1 << 20;
const CLIP_SAMPLES = 220500;

/** @returns {Workload[]} */
export function workloads() {
  const iq = /** @type {Float32Array} */ (makeInput('f32', 'c2c', IQ_SAMPLES));
  const clip = /** @type {Float32Array} */ (makeInput('f32', 'r2c', CLIP_SAMPLES));
  /** @type {Workload[]} */
  const list = [];
  for (const hop of [1024, 256]) {
    list.push({
      id: `iq${hop}`,
      label: `IQ 1,048,576 complex f32, nFft 1024, hop ${hop}, Hann, power`,
      complex: true,
      nFft: 1024,
      hop,
      center: false,
      input: iq,
      frames: 1 + Math.floor((IQ_SAMPLES - 1024) / hop),
      rowLength: 1024,
      targetsMs: hop === 1024 ? { native1: 2.5, native2: 1.5, wasm: 7 } : { native1: 11, native2: 6, wasm: Infinity },
    });
  }
  list.push({
    id: 'clip',
    label: 'audio 10 s at 22.05 kHz (220,500 real f32), nFft 2048, hop 512, Hann, centred, complex STFT',
    complex: false,
    nFft: 2048,
    hop: 512,
    center: true,
    input: clip,
    frames: 1 + Math.floor(CLIP_SAMPLES / 512),
    rowLength: 2 * 1025,
    targetsMs: null,
  });
  return list;
}

/** The periodic Hann window of n points, as f32. @param {number} n */
export function hann(n) {
  return Float32Array.from({ length: n }, (_, k) => 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / n));
}
