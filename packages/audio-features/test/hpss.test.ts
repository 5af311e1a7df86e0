// hpss, hpssSignal and softmask against librosa 0.11 on every fixture clip and
// against direct definitions, on every backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomSignal } from '@dsp/backend/testing';
import { istft, stft } from '@dsp/stft';

import { hpss, hpssSignal, softmask } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { CLIPS, clipAudio, complexDiff, fixture, fixtureParams, frameMajor, maxAbs, maxAbsDiff } from './fixtures.js';

beforeAll(loadAll);

interface HpssParamsJson {
  kernel_size: number;
  power: number;
  margin: number;
}

it('finds the librosa fixture clips', () => {
  expect(CLIPS.length).toBeGreaterThanOrEqual(8);
});

describe.each(BACKENDS)('hpss on %s', (backend) => {
  for (const clip of CLIPS) {
    it(`decompose.hpss and effects.hpss match librosa on ${clip} within 1e-4 × max|ref|`, () => {
      const stft = fixture(clip, 'stft');
      const [bins, frames] = stft.shape as [number, number];
      const S = { data: frameMajor(stft.data, bins, frames, 2), shape: [frames, bins] as [number, number] };
      const p = fixtureParams<HpssParamsJson>(clip, 'hpss_H');
      const { harmonic, percussive } = hpss(S, { kernelSize: p.kernel_size, power: p.power, margin: p.margin, backend });
      const ratios: number[] = [];
      for (const [got, name] of [[harmonic, 'hpss_H'], [percussive, 'hpss_P']] as const) {
        const ref = fixture(clip, name);
        expect(got.shape).toEqual([frames, bins]);
        const { diff, scale } = complexDiff(got.data, frameMajor(ref.data, bins, frames, 2));
        ratios.push(diff / scale);
      }
      const y = clipAudio(clip);
      const parts = hpssSignal(y, { backend });
      for (const [got, name] of [[parts.harmonic, 'effects_hpss_harm'], [parts.percussive, 'effects_hpss_perc']] as const) {
        const ref = fixture(clip, name).data;
        expect(got.length).toBe(ref.length);
        ratios.push(maxAbsDiff(got, ref) / maxAbs(ref));
      }
      console.log(`[fixture] ${backend} ${clip}: H, P, harm, perc max|Δ|/max|ref| = ${ratios.map((r) => r.toExponential(2)).join(', ')}`);
      for (const r of ratios) expect(r).toBeLessThanOrEqual(1e-4);
    });
  }

  it('hpssSignal is stft → hpss → istft bit for bit (one kernel call), for other framings and options, f32 and f64', () => {
    const cases = [
      { nFft: 512, hopLength: 100, winLength: 400, center: false, kernelSize: [17, 9] as [number, number], margin: [1.5, 2] as [number, number], power: 1 },
      { nFft: 256, window: 'hamming' as const, padMode: 'reflect' as const, kernelSize: 7, power: Infinity },
      { nFft: 300, hopLength: 77, padMode: 'edge' as const, margin: 3 },
    ];
    for (const [i, o] of cases.entries()) {
      for (const y of [randomSignal(5003, 11 + i), Float32Array.from(randomSignal(4096, 17 + i))]) {
        const { kernelSize, margin, power, ...framing } = o as typeof o & { kernelSize?: number | [number, number]; margin?: number | [number, number]; power?: number };
        const S = stft(y, { ...framing, backend });
        const parts = hpss(S, { kernelSize, margin, power, backend });
        const { padMode: _p, ...inverse } = framing as typeof framing & { padMode?: string };
        const got = hpssSignal(y, { ...o, backend });
        expect(got.harmonic).toEqual(istft(parts.harmonic, { ...inverse, length: y.length, backend }));
        expect(got.percussive).toEqual(istft(parts.percussive, { ...inverse, length: y.length, backend }));
        expect(got.harmonic.constructor).toBe(y.constructor);
      }
    }
  });

  it('masks: soft masks of the medians along time and frequency, summing to 1, and S·mask is the separation', () => {
    const frames = 23;
    const bins = 17;
    const mag = Float64Array.from(randomSignal(frames * bins, 5), Math.abs);
    const S = { data: mag, shape: [frames, bins] as [number, number] };
    const m = hpss(S, { kernelSize: [5, 3], mask: true, backend });
    const parts = hpss(S, { kernelSize: [5, 3], backend });
    const median = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1]!;
    const reflect = (p: number, n: number) => {
      const q = ((p % (2 * n)) + 2 * n) % (2 * n);
      return q < n ? q : 2 * n - 1 - q;
    };
    for (let t = 0; t < frames; t++) {
      for (let b = 0; b < bins; b++) {
        const h = median([-2, -1, 0, 1, 2].map((d) => mag[reflect(t + d, frames) * bins + b]!));
        const q = median([-1, 0, 1].map((d) => mag[t * bins + reflect(b + d, bins)]!));
        const i = t * bins + b;
        const want = h === 0 && q === 0 ? 0.5 : (h * h) / (h * h + q * q);
        expect(Math.abs(m.harmonic.data[i]! - want)).toBeLessThan(1e-14);
        expect(Math.abs(m.harmonic.data[i]! + m.percussive.data[i]! - 1)).toBeLessThan(1e-14);
        expect(Math.abs(parts.harmonic.data[i]! - mag[i]! * m.harmonic.data[i]!)).toBeLessThan(1e-15);
      }
    }
    // Hard masks (power Infinity) and margins: a bin goes to one side or neither.
    const hard = hpss(S, { kernelSize: [5, 3], mask: true, power: Infinity, margin: [2, 3], backend });
    for (let i = 0; i < frames * bins; i++) {
      expect([0, 1]).toContain(hard.harmonic.data[i]);
      expect(hard.harmonic.data[i]! + hard.percussive.data[i]!).toBeLessThanOrEqual(1);
    }
  });

  it('softmask equals librosa.util.softmask', () => {
    const x = Float32Array.from([0, 1, 2, 0, 3, 1e-39]);
    const r = Float32Array.from([0, 1, 1, 2, 0, 0]);
    expect(Array.from(softmask(x, r, { power: 2, splitZeros: true, backend }))).toEqual([0.5, 0.5, Math.fround(0.8), 0, 1, 0.5]);
    expect(Array.from(softmask(x, r, { backend }))).toEqual([0, 0.5, Math.fround(2 / 3), 0, 1, 0]);
    expect(Array.from(softmask(x, r, { power: Infinity, backend }))).toEqual([0, 0, 1, 0, 1, 1]);
  });
});
