// createYinStream and createHpssStream equal the batch functions bit for bit,
// whatever the chunking, on every backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDspError, randomSignal, rng } from '@dsp/backend/testing';
import { stft } from '@dsp/stft';

import { createHpssStream, createYinStream, hpss, yin, type HpssOptions, type YinOptions } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { clipAudio } from './fixtures.js';

beforeAll(loadAll);

function concat<T extends Float32Array | Float64Array>(parts: T[]): number[] {
  return parts.flatMap((p) => Array.from(p));
}

/** Chunk lengths from a seeded generator, 0 included. */
function chunks(total: number, seed: number, max: number): number[] {
  const next = rng(seed);
  const out: number[] = [];
  for (let used = 0; used < total; ) {
    const n = Math.min(total - used, Math.floor(next() * max));
    out.push(n);
    used += n;
  }
  return out;
}

describe.each(BACKENDS)('streams on %s', (backend) => {
  it('createYinStream equals yin for any chunking, centred or not, every pad mode', () => {
    const y = clipAudio('violin_melody_midi').subarray(0, 40000);
    const cases: YinOptions[] = [
      { fmin: 65, fmax: 2000 },
      { fmin: 100, fmax: 1000, frameLength: 1024, hopLength: 300, padMode: 'reflect' },
      { fmin: 100, fmax: 1000, frameLength: 1024, hopLength: 256, center: false },
      { fmin: 100, fmax: 1000, frameLength: 1024, padMode: 'edge', troughThreshold: 0.2 },
    ];
    for (const [i, o] of cases.entries()) {
      const want = Array.from(yin(y, { ...o, backend }));
      for (const max of [1, 700, 5000, 50000]) {
        const s = createYinStream<Float32Array>({ ...o, backend });
        const parts: Float32Array[] = [];
        let at = 0;
        for (const n of chunks(y.length, 31 * i + max, max === 1 ? 3000 : max)) {
          parts.push(s.push(y.slice(at, at + n)));
          at += n;
        }
        parts.push(s.flush());
        expect(concat(parts)).toEqual(want);
        expect(s.frames).toBe(want.length);
      }
    }
  });

  it('createYinStream returns a frame once its last sample arrives', () => {
    const s = createYinStream({ fmin: 100, fmax: 1000, frameLength: 1024, hopLength: 256, backend });
    expect(s.latencySamples).toBe(512);
    expect(s.push(new Float64Array(511)).length).toBe(0);
    expect(s.push(new Float64Array(1)).length).toBe(1);
    expect(s.push(new Float64Array(256)).length).toBe(1);
    expectDspError(() => s.push(new Float32Array(4)), 'E_DTYPE', 'chunk');
    expect(s.flush().length).toBe(1 + Math.floor(768 / 256) - 2);
    expectDspError(() => s.push(new Float64Array(4)), 'E_INVALID_ARGUMENT', 'after flush');
    expectDspError(() => createYinStream({ fmin: 0, fmax: 100, backend }), 'E_INVALID_ARGUMENT', 'fmin');
    expectDspError(() => createYinStream({ fmin: 100, fmax: 1000, backend }).flush(), 'E_SHAPE', 'empty');
  });

  it('createHpssStream equals hpss for any chunking (complex and magnitudes, masks, even kernels)', () => {
    const y = clipAudio('drums_amen').subarray(0, 60000);
    const S = stft(y, { nFft: 512, backend });
    const [frames, bins] = S.shape;
    const mag = { data: new Float32Array(frames * bins), shape: S.shape };
    for (let i = 0; i < frames * bins; i++) mag.data[i] = Math.hypot(S.data[2 * i]!, S.data[2 * i + 1]!);
    const cases: [typeof S, HpssOptions][] = [
      [S, {}],
      [S, { kernelSize: [8, 5], margin: [1.5, 2] }],
      [mag, { kernelSize: 17, mask: true }],
      [mag, { kernelSize: [4, 9], power: Infinity }],
    ];
    for (const [i, [input, o]] of cases.entries()) {
      const want = hpss(input, { ...o, backend });
      const width = input.data.length / (frames * bins);
      for (const max of [1, 40, 1000]) {
        const s = createHpssStream<Float32Array>({ ...o, backend });
        const h: Float32Array[] = [];
        const p: Float32Array[] = [];
        let at = 0;
        for (const n of chunks(frames, 7 * i + max, max === 1 ? 2 : max)) {
          const out = s.push({ data: input.data.slice(at * bins * width, (at + n) * bins * width), shape: [n, bins] });
          h.push(out.harmonic.data);
          p.push(out.percussive.data);
          at += n;
        }
        const last = s.flush();
        h.push(last.harmonic.data);
        p.push(last.percussive.data);
        expect(concat(h)).toEqual(Array.from(want.harmonic.data));
        expect(concat(p)).toEqual(Array.from(want.percussive.data));
      }
    }
  });

  it('createHpssStream returns a frame latencyFrames frames after it arrives; short inputs come out at flush', () => {
    const s = createHpssStream({ backend });
    expect(s.latencyFrames).toBe(15);
    const row = (n: number) => ({ data: Float64Array.from(randomSignal(2 * 9 * n, n), Math.abs), shape: [n, 9] as [number, number] });
    expect(s.push(row(15)).harmonic.shape).toEqual([0, 9]);
    expect(s.push(row(1)).harmonic.shape).toEqual([1, 9]);
    expect(s.flush().harmonic.shape).toEqual([15, 9]);
    const t = createHpssStream({ backend });
    t.push(row(3));
    expectDspError(() => t.push({ data: new Float64Array(2 * 8), shape: [1, 8] }), 'E_SHAPE', 'layout');
    expectDspError(() => createHpssStream({ kernelSize: 0, backend }), 'E_INVALID_ARGUMENT', 'kernelSize');
  });
});
