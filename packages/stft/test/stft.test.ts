// stft/istft/spectrogram semantics against definitions: round trips, thread
// independence, complex IQ, normalisation, dB conversions.
import { beforeAll, describe, expect, it } from 'vitest';
import { directDft, randomSignal, referenceStft, relativeRmsError } from '@dsp/backend/testing';

import { amplitudeToDb, getWindow, istft, powerToDb, spectrogram, stft, type FloatArray } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

beforeAll(loadAll);

function bytes(a: FloatArray): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

describe.each(BACKENDS)('stft on %s', (backend) => {
  it('equals a direct DFT of padded, windowed frames (winLength < nFft pads the window in the middle)', () => {
    const y = randomSignal(1000, 1);
    const S = stft(Float64Array.from(y), { nFft: 64, hopLength: 10, winLength: 40, window: 'hamming', padMode: 'reflect', backend });
    const w = new Float64Array(64);
    w.set(getWindow('hamming', 40, { backend }), 12);
    const want = referenceStft(y, w, { complex: false, nFft: 64, hop: 10, start: -32, nFrames: S.shape[0], padMode: 'reflect', output: 'complex', shift: false, scale: 1 });
    expect(S.shape).toEqual([1 + Math.floor(1000 / 10), 33]);
    expect(relativeRmsError(S.data, want)).toBeLessThanOrEqual(1e-13);
  });

  it('frame t of a centred STFT is the DFT of the windowed samples around t·hop', () => {
    const y = randomSignal(4096, 2);
    const S = stft(Float64Array.from(y), { nFft: 256, hopLength: 100, window: ['kaiser', 6], backend });
    const w = getWindow('kaiser', 256, { beta: 6, backend });
    const t = 7;
    const frame = new Float64Array(512);
    for (let j = 0; j < 256; j++) frame[2 * j] = y[t * 100 - 128 + j]! * w[j]!;
    expect(relativeRmsError(S.data.subarray(t * 2 * 129, (t + 1) * 2 * 129), directDft(frame).subarray(0, 2 * 129))).toBeLessThanOrEqual(1e-13);
  });

  it('gives identical bits for any thread count', () => {
    const y = Float32Array.from(randomSignal(200_000, 3));
    const runs = [0, 1, 2, 4].map((threads) => stft(y, { nFft: 1024, hopLength: 256, backend, threads }).data);
    for (const r of runs) expect(bytes(r).equals(bytes(runs[0]!))).toBe(true);
    const iq = Float32Array.from(randomSignal(2 * 100_000, 4));
    const specs = [1, 2, 3].map((threads) => spectrogram(iq, { nFft: 512, hopLength: 512, complex: true, backend, threads }).data);
    for (const r of specs) expect(bytes(r).equals(bytes(specs[0]!))).toBe(true);
  });

  it('ISTFT(STFT(y)) = y to 1e-6 in f32 for COLA settings', () => {
    const y = Float32Array.from(randomSignal(50_000, 5));
    const cases = [
      { nFft: 2048, hopLength: 512, window: 'hann' as const },
      { nFft: 1024, hopLength: 256, window: 'hamming' as const },
      { nFft: 512, hopLength: 128, window: 'blackman' as const },
      { nFft: 400, hopLength: 100, winLength: 300, window: 'hann' as const },
      { nFft: 256, hopLength: 64, window: 'hann' as const, center: false },
    ];
    for (const c of cases) {
      const S = stft(y, { ...c, backend });
      const back = istft(S, { ...c, length: y.length, backend });
      expect(back).toBeInstanceOf(Float32Array);
      // Without center the first and last (nFft − hop) samples lack full overlap; librosa divides by the window sum there too.
      const edge = c.center === false ? c.nFft : 0;
      let d = 0;
      for (let i = edge; i < y.length - edge; i++) d = Math.max(d, Math.abs(back[i]! - y[i]!));
      expect(d, JSON.stringify(c)).toBeLessThanOrEqual(1e-6);
    }
  });

  it('istft without length returns librosa’s length and trims frames past `length`', () => {
    const y = Float64Array.from(randomSignal(3000, 6));
    const S = stft(y, { nFft: 256, hopLength: 64, backend });
    expect(istft(S, { hopLength: 64, backend }).length).toBe(256 + 64 * (S.shape[0] - 1) - 256);
    const short = istft(S, { hopLength: 64, length: 1000, backend });
    expect(relativeRmsError(short, y.subarray(0, 1000))).toBeLessThanOrEqual(1e-13);
    const long = istft(S, { hopLength: 64, length: 4000, backend });
    expect(Array.from(long.subarray(3100))).toEqual(new Array(900).fill(0));
  });

  it('complex IQ: two-sided spectra, fftshift puts DC in the middle, a tone lands on its bin', () => {
    const n = 128;
    const len = 4096;
    const k0 = 20;
    const iq = new Float64Array(2 * len);
    for (let i = 0; i < len; i++) {
      iq[2 * i] = Math.cos((2 * Math.PI * k0 * i) / n);
      iq[2 * i + 1] = Math.sin((2 * Math.PI * k0 * i) / n);
    }
    const S = stft(iq, { nFft: n, hopLength: n, complex: true, center: false, window: 'boxcar', backend });
    expect(S.shape).toEqual([len / n, n]);
    expect(S.data[2 * k0]).toBeCloseTo(n, 9);
    const P = spectrogram(iq, { nFft: n, hopLength: n, complex: true, center: false, window: 'boxcar', backend });
    expect(P.shape).toEqual([len / n, n]);
    // Shifted: bin j holds frequency j − n/2, so the tone is at n/2 + k0.
    expect(P.data[n / 2 + k0]).toBeCloseTo(n * n, 6);
    const unshifted = spectrogram(iq, { nFft: n, hopLength: n, complex: true, center: false, window: 'boxcar', shift: false, backend });
    expect(unshifted.data[k0]).toBeCloseTo(n * n, 6);
  });

  it('normalize: a bin-centred unit sine reads 0.5 in magnitude (0.25 in power) for any window', () => {
    const n = 1024;
    const x = Float64Array.from({ length: 8 * n }, (_, i) => Math.cos((2 * Math.PI * 64 * i) / n));
    for (const window of ['hann', 'hamming', 'blackmanharris', 'flattop', 'boxcar'] as const) {
      const M = spectrogram(x, { nFft: n, hopLength: n, window, power: 1, normalize: true, center: false, backend });
      expect(M.data[64]!, window).toBeCloseTo(0.5, 6);
      const P = spectrogram(x, { nFft: n, hopLength: n, window, normalize: true, center: false, backend });
      expect(P.data[64]!, window).toBeCloseTo(0.25, 6);
    }
  });

  it('spectrogram in dB is powerToDb of the power spectrogram with topDb off; powerToDb/amplitudeToDb follow librosa', () => {
    const x = Float64Array.from(randomSignal(5000, 7));
    const P = spectrogram(x, { nFft: 256, backend });
    const D = spectrogram(x, { nFft: 256, scale: 'db', backend });
    const viaDb = powerToDb(P, { topDb: null });
    expect(bytes(D.data).equals(bytes(viaDb.data))).toBe(true);
    const S = Float64Array.from([1e-12, 1, 10, 100, 1000]);
    expect(Array.from(powerToDb(S, { topDb: null }))).toEqual([-100, 0, 10, 20, 30]);
    expect(Array.from(powerToDb(S))).toEqual([-50, 0, 10, 20, 30]);
    expect(Array.from(powerToDb(S, { ref: 'max', topDb: null }))).toEqual([-130, -30, -20, -10, 0]);
    const A = Float64Array.from([1e-7, 1, 10]);
    const a = amplitudeToDb(A, { ref: 'max' });
    expect(a[0]).toBeCloseTo(-80, 12);
    expect(a[1]).toBeCloseTo(-20, 12);
    expect(a[2]).toBe(0);
    const M = spectrogram(x, { nFft: 256, power: 1, scale: 'db', backend });
    const viaAmp = amplitudeToDb(spectrogram(x, { nFft: 256, power: 1, backend }), { topDb: null });
    expect(relativeRmsError(M.data, viaAmp.data)).toBe(0);
  });

  it('writes into `out` and keeps the input dtype', () => {
    const y = Float32Array.from(randomSignal(1000, 8));
    const out = new Float32Array(2 * (1 + Math.floor(1000 / 64)) * 129);
    const S = stft(y, { nFft: 256, hopLength: 64, out, backend });
    expect(S.data).toBe(out);
    expect(spectrogram(y, { nFft: 256, backend }).data).toBeInstanceOf(Float32Array);
  });
});
