// Streaming equals batch bit for bit, for random chunk sizes (property test over many seeds).
import { beforeAll, describe, expect, it } from 'vitest';
import { randomSignal, rng } from '@dsp/backend/testing';

import { createIstftStream, createSpectrogramStream, createStftStream, istft, spectrogram, stft, type FloatArray, type Frames, type FrameStream } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

beforeAll(loadAll);

function bytes(a: FloatArray): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Feeds `x` in chunks of random sizes (1 sample up to a few frames, sometimes empty) and concatenates every output. */
function streamAll(stream: FrameStream, x: FloatArray, seed: number, scalarsPerSample: number): Frames {
  const random = rng(seed);
  const parts: FloatArray[] = [];
  let frames = 0;
  let at = 0;
  const keep = (f: Frames) => {
    expect(f.shape[1]).toBe(stream.nBins);
    expect(f.data.length).toBe(f.shape[0] * stream.rowLength);
    parts.push(f.data);
    frames += f.shape[0];
  };
  while (at < x.length) {
    const r = random();
    const samples = r < 0.1 ? 0 : r < 0.4 ? 1 + Math.floor(random() * 4) : Math.floor(random() * 3000);
    const end = Math.min(x.length, at + samples * scalarsPerSample);
    keep(stream.push(x.subarray(at, end)));
    at = end;
  }
  keep(stream.flush());
  const data = x instanceof Float32Array ? new Float32Array(frames * stream.rowLength) : new Float64Array(frames * stream.rowLength);
  let o = 0;
  for (const p of parts) {
    data.set(p, o);
    o += p.length;
  }
  return { data, shape: [frames, stream.nBins] };
}

describe.each(BACKENDS)('streams on %s', (backend) => {
  it('stft stream == batch stft, bit for bit, over 60 seeds of random chunking, pad modes, center and hops', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const random = rng(1000 + seed);
      const nFft = [16, 64, 256, 255, 1024][seed % 5]!;
      const hopLength = Math.max(1, Math.floor(nFft / [1, 2, 3, 4, 8][(seed >> 1) % 5]!));
      const padMode = (['constant', 'reflect', 'edge'] as const)[seed % 3]!;
      const center = seed % 7 !== 0;
      const len = (center ? 1 : nFft) + Math.floor(random() * 12000);
      const x = Float32Array.from(randomSignal(len, seed));
      const opts = { nFft, hopLength, padMode, center, backend };
      const batch = stft(x, opts);
      const streamed = streamAll(createStftStream(opts), x, seed, 1);
      expect(streamed.shape, `seed ${seed}`).toEqual(batch.shape);
      expect(bytes(streamed.data).equals(bytes(batch.data)), `seed ${seed} nFft ${nFft} hop ${hopLength} ${padMode} center ${center} len ${len}`).toBe(true);
    }
  });

  it('signals shorter than the padding (reflect wraps around) stream like the batch', () => {
    for (const len of [1, 2, 3, 5, 8, 20, 33]) {
      for (const padMode of ['constant', 'reflect', 'edge'] as const) {
        const x = Float64Array.from(randomSignal(len, len));
        const opts = { nFft: 64, hopLength: 8, padMode, backend };
        const batch = stft(x, opts);
        for (let seed = 0; seed < 5; seed++) {
          const streamed = streamAll(createStftStream(opts), x, seed, 1);
          expect(bytes(streamed.data).equals(bytes(batch.data)), `len ${len} ${padMode} seed ${seed}`).toBe(true);
        }
      }
    }
  });

  // Calls over 1 MB run block by block on the wasm backend (frame-blocks.ts);
  // the stream's calls are small and run whole, so this compares the two.
  it('long signals (wasm runs them block by block) == the stream, bit for bit: pads at both ends, hops, outputs', () => {
    const iq = Float32Array.from(randomSignal(2 * (2 ** 17 + 300), 71));
    const long64 = Float64Array.from(randomSignal(150_000, 72));
    const short = Float32Array.from(randomSignal(3000, 73));
    const long32 = Float32Array.from(randomSignal(300_001, 74));
    const cases = [
      { x: iq, per: 2, spectrogram: true, opts: { nFft: 1024, hopLength: 1024, complex: true, center: false } },
      { x: iq, per: 2, spectrogram: false, opts: { nFft: 1024, hopLength: 256, complex: true, padMode: 'reflect' as const } },
      // Blocks of three frames, the first two reading the left pad.
      { x: long64, per: 1, spectrogram: false, opts: { nFft: 8192, hopLength: 2048, padMode: 'reflect' as const } },
      // Few samples, many frames (the output makes the call long): most blocks read the right pad.
      { x: short, per: 1, spectrogram: false, opts: { nFft: 2048, hopLength: 4, padMode: 'reflect' as const } },
      { x: long32, per: 1, spectrogram: true, opts: { nFft: 2048, hopLength: 512, padMode: 'edge' as const, power: 1 as const } },
      { x: long32, per: 1, spectrogram: false, opts: { nFft: 1000, hopLength: 1000, padMode: 'constant' as const } },
    ];
    for (const [i, c] of cases.entries()) {
      const opts = { ...c.opts, backend };
      const batch = c.spectrogram ? spectrogram(c.x, opts) : stft(c.x, opts);
      const streamed = streamAll(c.spectrogram ? createSpectrogramStream(opts) : createStftStream(opts), c.x, 80 + i, c.per);
      expect(streamed.shape, `case ${i}`).toEqual(batch.shape);
      expect(bytes(streamed.data).equals(bytes(batch.data)), `case ${i}: ${JSON.stringify(c.opts)}`).toBe(true);
    }
  });

  it('spectrogram stream (complex IQ, shifted, power in dB, normalised) == batch, bit for bit', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const nFft = [32, 128, 1024][seed % 3]!;
      const iq = Float32Array.from(randomSignal(2 * (500 + 400 * seed), seed));
      const opts = { nFft, hopLength: nFft / (seed % 2 ? 4 : 1), complex: true, scale: 'db' as const, normalize: seed % 3 === 0, backend };
      const batch = spectrogram(iq, opts);
      const streamed = streamAll(createSpectrogramStream(opts), iq, seed, 2);
      expect(streamed.shape).toEqual(batch.shape);
      expect(bytes(streamed.data).equals(bytes(batch.data)), `seed ${seed}`).toBe(true);
    }
  });

  it('istft stream (overlap-add) == batch istft, bit for bit, over 30 seeds of random frame batches', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const random = rng(5000 + seed);
      const nFft = [64, 256, 255, 1024][seed % 4]!;
      const hopLength = Math.max(1, Math.floor(nFft / [1, 2, 4, 3, 8][seed % 5]!));
      const center = seed % 3 !== 0;
      const y = (seed % 2 ? Float32Array : Float64Array).from(randomSignal(nFft + Math.floor(random() * 20000), seed));
      const opts = { nFft, hopLength, center, backend };
      const S = stft(y, opts);
      const batch = istft(S, opts);
      const stream = createIstftStream(opts);
      const bins = S.shape[1];
      const parts: FloatArray[] = [];
      for (let f = 0; f < S.shape[0]; ) {
        const k = Math.min(S.shape[0] - f, random() < 0.2 ? 0 : 1 + Math.floor(random() * (random() < 0.5 ? 3 : 40)));
        parts.push(stream.push({ data: S.data.subarray(2 * f * bins, 2 * (f + k) * bins), shape: [k, bins] }));
        f += k;
      }
      parts.push(stream.flush());
      const total = parts.reduce((a, p) => a + p.length, 0);
      expect(total, `seed ${seed}`).toBe(batch.length);
      const joined = y instanceof Float32Array ? new Float32Array(total) : new Float64Array(total);
      let o = 0;
      for (const p of parts) {
        joined.set(p, o);
        o += p.length;
      }
      expect(bytes(joined).equals(bytes(batch)), `seed ${seed} nFft ${nFft} hop ${hopLength} center ${center}`).toBe(true);
    }
  });

  it('a stream starts over after flush, and refuses odd complex chunks and mixed dtypes', () => {
    const x = Float32Array.from(randomSignal(5000, 3));
    const s = createSpectrogramStream({ nFft: 256, backend, power: 1 });
    const first = streamAll(s, x, 1, 1);
    const second = streamAll(s, x, 2, 1);
    expect(bytes(first.data).equals(bytes(second.data))).toBe(true);
    expect(bytes(first.data).equals(bytes(spectrogram(x, { nFft: 256, backend, power: 1 }).data))).toBe(true);
    s.push(new Float32Array(10));
    expect(() => s.push(new Float64Array(10))).toThrow(/dtype/);
    const c = createStftStream({ nFft: 16, complex: true, backend });
    expect(() => c.push(new Float32Array(3))).toThrow(/even length/);
  });
});
