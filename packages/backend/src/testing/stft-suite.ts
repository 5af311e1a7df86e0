// STFT kernels in the conformance suite: windows against their closed forms,
// frames against a direct DFT of explicitly padded and windowed frames.
import { expect, it } from 'vitest';

import type { Backend, Dtype, FloatArray, PadMode, StftKernelParams } from '../types.js';
import { TOLERANCE, directDft, randomSignal, relativeRmsError } from './reference.js';
import { expectDspError } from './expect.js';

function typedOf(dtype: Dtype, data: ArrayLike<number> | number): FloatArray {
  if (typeof data === 'number') return dtype === 'f32' ? new Float32Array(data) : new Float64Array(data);
  return dtype === 'f32' ? Float32Array.from(data) : Float64Array.from(data);
}

/** numpy.pad index mapping for one position `p` of a signal of `len` samples (-1: zero). */
export function padIndex(p: number, len: number, mode: PadMode): number {
  if (p >= 0 && p < len) return p;
  if (mode === 'constant') return -1;
  if (mode === 'edge') return p < 0 ? 0 : len - 1;
  if (len === 1) return 0;
  const period = 2 * (len - 1);
  let m = ((p % period) + period) % period;
  if (m >= len) m = period - m;
  return m;
}

/**
 * The STFT by definition: each frame padded and windowed explicitly, then a
 * direct DFT in float64. Rows as the kernel writes them.
 */
export function referenceStft(signal: ArrayLike<number>, window: ArrayLike<number>, p: StftKernelParams): Float64Array {
  const n = p.nFft;
  const len = p.complex ? signal.length / 2 : signal.length;
  const bins = p.complex ? n : n / 2 + 1;
  const rowLen = p.output === 'complex' ? 2 * bins : bins;
  const out = new Float64Array(p.nFrames * rowLen);
  for (let f = 0; f < p.nFrames; f++) {
    const frame = new Float64Array(2 * n);
    for (let j = 0; j < n; j++) {
      const i = padIndex(p.start + f * p.hop + j, len, p.padMode);
      if (i < 0) continue;
      frame[2 * j] = (p.complex ? signal[2 * i]! : signal[i]!) * window[j]!;
      frame[2 * j + 1] = p.complex ? signal[2 * i + 1]! * window[j]! : 0;
    }
    const X = directDft(frame);
    const shift = p.shift ? n - Math.floor(n / 2) : 0;
    for (let k = 0; k < bins; k++) {
      const src = (k + shift) % n;
      const [re, im] = [X[2 * src]!, X[2 * src + 1]!];
      if (p.output === 'complex') {
        out[f * rowLen + 2 * k] = re;
        out[f * rowLen + 2 * k + 1] = im;
      } else {
        const pow = re * re + im * im;
        out[f * rowLen + k] = (p.output === 'power' ? pow : Math.sqrt(pow)) * p.scale;
      }
    }
  }
  return out;
}

function hann(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / n));
}

function rowLength(p: StftKernelParams): number {
  const bins = p.complex ? p.nFft : p.nFft / 2 + 1;
  return p.output === 'complex' ? 2 * bins : bins;
}

function bytesOf(a: FloatArray): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Registers the STFT checks inside a backend's conformance describe block. */
export function stftConformance(backend: () => Backend, dtypes: readonly Dtype[]): void {
  for (const dtype of dtypes) {
    it(`window: periodic and symmetric Hann match their closed form (${dtype})`, () => {
      for (const n of [1, 2, 7, 16, 1024]) {
        const w = typedOf(dtype, n);
        backend().window('hann', true, 0, w);
        const want = n === 1 ? [1] : hann(n);
        for (let k = 0; k < n; k++) expect(Math.abs(w[k]! - want[k]!), `n=${n} k=${k}`).toBeLessThanOrEqual(dtype === 'f32' ? 1e-7 : 1e-15);
        backend().window('hann', false, 0, w);
        const sym = n === 1 ? [1] : Float64Array.from({ length: n }, (_, k) => 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / (n - 1)));
        for (let k = 0; k < n; k++) expect(Math.abs(w[k]! - sym[k]!)).toBeLessThanOrEqual(dtype === 'f32' ? 1e-7 : 1e-15);
      }
    });

    it(`stft: real frames over every pad mode match a direct DFT of padded, windowed frames (${dtype})`, () => {
      const len = 203;
      const signal = randomSignal(len, 31);
      for (const nFft of [16, 30, 64]) {
        const window = hann(nFft);
        for (const padMode of ['constant', 'reflect', 'edge'] as const) {
          for (const output of ['complex', 'power', 'magnitude'] as const) {
            const pad = Math.floor(nFft / 2);
            const hop = 7;
            const p: StftKernelParams = { complex: false, nFft, hop, start: -pad, nFrames: 1 + Math.floor((len + 2 * pad - nFft) / hop), padMode, output, shift: false, scale: output === 'complex' ? 1 : 0.5 };
            const out = typedOf(dtype, p.nFrames * rowLength(p));
            backend().stft(typedOf(dtype, signal), typedOf(dtype, window), out, p, 0);
            expect(relativeRmsError(out, referenceStft(signal, window, p)), `nFft=${nFft} ${padMode} ${output}`).toBeLessThanOrEqual(TOLERANCE[dtype] * 4);
          }
        }
      }
    });

    it(`stft: complex (IQ) frames, two-sided and DC-centred, match a direct DFT (${dtype})`, () => {
      const len = 150;
      const iq = randomSignal(2 * len, 32);
      for (const nFft of [8, 25, 64]) {
        const window = hann(nFft);
        for (const shift of [false, true]) {
          for (const output of ['complex', 'power'] as const) {
            const p: StftKernelParams = { complex: true, nFft, hop: 11, start: 0, nFrames: 1 + Math.floor((len - nFft) / 11), padMode: 'constant', output, shift, scale: 1 };
            const out = typedOf(dtype, p.nFrames * rowLength(p));
            backend().stft(typedOf(dtype, iq), typedOf(dtype, window), out, p, 0);
            expect(relativeRmsError(out, referenceStft(iq, window, p)), `nFft=${nFft} shift=${shift} ${output}`).toBeLessThanOrEqual(TOLERANCE[dtype] * 4);
          }
        }
      }
    });

    it(`stft: identical bits for any thread count, and frame by frame (${dtype})`, () => {
      const len = 40000;
      const signal = typedOf(dtype, randomSignal(len, 33));
      const window = typedOf(dtype, hann(512));
      const p: StftKernelParams = { complex: false, nFft: 512, hop: 128, start: -256, nFrames: 1 + Math.floor(len / 128), padMode: 'reflect', output: 'complex', shift: false, scale: 1 };
      const outs = [0, 1, 2, 3, 7].map((threads) => {
        const out = typedOf(dtype, p.nFrames * rowLength(p));
        backend().stft(signal, window, out, p, threads);
        return out;
      });
      for (const o of outs) expect(bytesOf(o).equals(bytesOf(outs[0]!))).toBe(true);
      const one = typedOf(dtype, rowLength(p));
      backend().stft(signal, window, one, { ...p, start: p.start + 17 * p.hop, nFrames: 1 }, 1);
      expect(bytesOf(one).equals(bytesOf(outs[0]!.subarray(17 * rowLength(p), 18 * rowLength(p))))).toBe(true);
    });

    it(`istft inverts stft for a COLA window (${dtype})`, () => {
      const len = 3000;
      const signal = randomSignal(len, 34);
      const nFft = 256;
      const hop = 64;
      const window = typedOf(dtype, hann(nFft));
      const p: StftKernelParams = { complex: false, nFft, hop, start: -nFft / 2, nFrames: 1 + Math.floor(len / hop), padMode: 'constant', output: 'complex', shift: false, scale: 1 };
      const spec = typedOf(dtype, p.nFrames * rowLength(p));
      backend().stft(typedOf(dtype, signal), window, spec, p, 0);
      const back = typedOf(dtype, len);
      backend().istft(spec, window, back, { nFft, hop, nFrames: p.nFrames, offset: nFft / 2 }, 0);
      expect(relativeRmsError(back, signal)).toBeLessThanOrEqual(TOLERANCE[dtype] * 4);
    });

    it(`stft and istft refuse bad arguments and NaN, and keep working (${dtype})`, () => {
      const signal = typedOf(dtype, randomSignal(100, 35));
      const window = typedOf(dtype, hann(16));
      const p: StftKernelParams = { complex: false, nFft: 16, hop: 4, start: 0, nFrames: 22, padMode: 'constant', output: 'power', shift: false, scale: 1 };
      const out = typedOf(dtype, 22 * 9);
      expectDspError(() => backend().stft(signal, window, out, { ...p, hop: 0 }, 0), 'E_INVALID_ARGUMENT');
      expectDspError(() => backend().stft(signal, window.subarray(0, 8), out, p, 0), 'E_INVALID_ARGUMENT');
      expectDspError(() => backend().stft(signal, window, out.subarray(1), p, 0), 'E_INVALID_ARGUMENT');
      expectDspError(() => backend().stft(signal.subarray(0, 99), window, typedOf(dtype, 22 * 16), { ...p, complex: true, output: 'power' }, 0), 'E_INVALID_ARGUMENT');
      const bad = typedOf(dtype, signal);
      bad[50] = NaN;
      expectDspError(() => backend().stft(bad, window, out, p, 0), 'E_INVALID_ARGUMENT');
      expectDspError(() => backend().istft(typedOf(dtype, 5 * 18), window, typedOf(dtype, 10), { nFft: 16, hop: 0, nFrames: 5, offset: 0 }, 0), 'E_INVALID_ARGUMENT');
      expectDspError(() => backend().window('kaiser', true, NaN, typedOf(dtype, 8)), 'E_INVALID_ARGUMENT');
      backend().stft(signal, window, out, p, 0);
      expect(relativeRmsError(out, referenceStft(signal, window, p))).toBeLessThanOrEqual(TOLERANCE[dtype] * 4);
    });
  }
}
