// cqt and vqt against librosa 0.11's outputs on real recordings, analytic tones, and bad input.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDspError } from '@dsp/backend/testing';

import { C1_HZ, cqt, vqt } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { audio, CLIPS, fixtureJson, reference, relativeMaxError } from './spectral-fixtures.js';

beforeAll(loadAll);

interface CqtJson {
  params: { hop_length: number; n_bins: number; bins_per_octave: number; tuning: number; filter_scale: number; norm: number; sparsity: number; scale: boolean };
}

function magnitudes(data: ArrayLike<number>): Float64Array {
  const out = new Float64Array(data.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Math.hypot(data[2 * i]!, data[2 * i + 1]!);
  return out;
}

describe.each(BACKENDS)('librosa fixtures on %s', (backend) => {
  for (const clip of CLIPS) {
    it(`cqt (84 bins, 12/oct) and cqt_252_bpo36 match librosa on ${clip} within 1e-3 × max|ref|`, () => {
      const y = audio(clip);
      const errors: string[] = [];
      for (const feature of ['cqt', 'cqt_252_bpo36']) {
        const p = fixtureJson<CqtJson>(clip, feature).params;
        const C = cqt(y, { sr: 22050, hopLength: p.hop_length, nBins: p.n_bins, binsPerOctave: p.bins_per_octave, tuning: p.tuning, filterScale: p.filter_scale, norm: p.norm, sparsity: p.sparsity, scale: p.scale, backend });
        const ref = reference(clip, feature);
        expect(C.shape).toEqual([ref.frames, ref.bins]);
        const err = relativeMaxError(C.data, ref.data, true);
        errors.push(`${feature} ${err.toExponential(2)}`);
        expect(err, feature).toBeLessThanOrEqual(1e-3);
      }
      console.log(`[fixture] ${backend} ${clip}: ${errors.join(', ')}`);
    });
  }
});

describe.each(BACKENDS)('analytic signals on %s', (backend) => {
  const sr = 22050;
  const tone = (hz: number, n = sr) => Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * hz * i) / sr));

  it('a pure tone lands in its own bin, in every octave', () => {
    for (const semitones of [5, 19, 33, 45, 57, 70, 81]) {
      const hz = C1_HZ * 2 ** (semitones / 12);
      const C = cqt(tone(hz), { sr, backend });
      const [frames, bins] = C.shape;
      const mid = magnitudes(C.data.subarray(2 * bins * (frames >> 1), 2 * bins * ((frames >> 1) + 1)));
      let best = 0;
      for (let k = 1; k < bins; k++) if (mid[k]! > mid[best]!) best = k;
      expect(best, `${hz.toFixed(1)} Hz`).toBe(semitones);
    }
  });

  it('is linear, and f32 and f64 agree', () => {
    const a = tone(440);
    const b = tone(1000);
    const sum = a.map((v, i) => v + 0.5 * b[i]!);
    const Ca = cqt(a, { sr, backend }).data;
    const Cb = cqt(b, { sr, backend }).data;
    const Cs = cqt(sum, { sr, backend }).data;
    const combo = Ca.map((v, i) => v + 0.5 * Cb[i]!);
    expect(relativeMaxError(Cs, combo, true)).toBeLessThanOrEqual(1e-5);
    const C64 = cqt(Float64Array.from(sum), { sr, backend }).data;
    expect(C64).toBeInstanceOf(Float64Array);
    expect(relativeMaxError(Cs, C64, true)).toBeLessThanOrEqual(1e-5);
  });

  it('threads do not change a single bit', () => {
    const y = audio(CLIPS[0]!);
    const one = cqt(y, { sr, threads: 1, backend }).data;
    const two = cqt(y, { sr, threads: 2, backend }).data;
    expect(Buffer.from(two.buffer).equals(Buffer.from(one.buffer))).toBe(true);
  });

  it('vqt with gamma 0 is the cqt; gamma > 0 widens the filters', () => {
    const y = tone(440);
    expect(vqt(y, { gamma: 0, backend }).data).toEqual(cqt(y, { backend }).data);
    const wide = magnitudes(vqt(y, { gamma: 30, backend }).data);
    const narrow = magnitudes(cqt(y, { backend }).data);
    const [frames, bins] = [1 + Math.floor(y.length / 512), 84];
    const t = frames >> 1;
    // Two semitones off the tone, a wider filter hears more of it.
    expect(wide[t * bins + 43]! / wide[t * bins + 45]!).toBeGreaterThan(narrow[t * bins + 43]! / narrow[t * bins + 45]!);
  });

  it('each octave equals that octave transformed alone (its filters built at its own rate), with and without gamma', () => {
    const y = audio(CLIPS[1]!);
    for (const gamma of [0, 20, undefined]) {
      const full = vqt(y, { gamma, backend });
      for (const octave of [1, 4]) {
        const alone = vqt(y, { gamma, fmin: C1_HZ * 2 ** octave, nBins: 12, backend });
        const [frames] = alone.shape;
        const part = new Float32Array(2 * 12 * frames);
        for (let t = 0; t < frames; t++) part.set(full.data.subarray(2 * (t * 84 + 12 * octave), 2 * (t * 84 + 12 * octave + 12)), 2 * 12 * t);
        expect(relativeMaxError(part, alone.data, true), `gamma ${gamma}, octave ${octave}`).toBeLessThanOrEqual(1e-4);
      }
    }
  });

  it('bad input → DspError naming the parameter', () => {
    const y = tone(440, 4096);
    expectDspError(() => cqt(y, { sr: 0, backend }), 'E_INVALID_ARGUMENT', 'cqt', 'sr');
    expectDspError(() => cqt(y, { sr: -5, backend }), 'E_INVALID_ARGUMENT', 'sr');
    expectDspError(() => cqt(y, { nBins: 0, backend }), 'E_INVALID_ARGUMENT', 'nBins');
    expectDspError(() => cqt(y, { fmin: 0, backend }), 'E_INVALID_ARGUMENT', 'fmin');
    expectDspError(() => cqt(y, { nBins: 120, backend }), 'E_INVALID_ARGUMENT', 'cqt', 'nBins 120', 'Nyquist');
    expectDspError(() => cqt(y, { fmin: 8000, nBins: 12, backend }), 'E_INVALID_ARGUMENT', 'fmin 8000', 'Nyquist');
    expectDspError(() => cqt(y, { hopLength: 0, backend }), 'E_INVALID_ARGUMENT', 'hopLength');
    expectDspError(() => cqt(y, { sparsity: 1, backend }), 'E_INVALID_ARGUMENT', 'sparsity');
    expectDspError(() => cqt(y, { window: 'kaiser', backend }), 'E_INVALID_ARGUMENT', 'window');
    expectDspError(() => vqt(y, { gamma: -1, backend }), 'E_INVALID_ARGUMENT', 'gamma');
    expectDspError(() => cqt(new Float32Array(0), { backend }), 'E_SHAPE', 'y');
    expectDspError(() => cqt([1, 2, 3] as unknown as Float32Array, { backend }), 'E_DTYPE', 'y');
    const bad = tone(440, 4096);
    bad[2000] = NaN;
    expectDspError(() => cqt(bad, { backend }), 'E_INVALID_ARGUMENT', 'cqt', 'y', 'NaN');
    expectDspError(() => cqt(bad, { tuning: null, backend }), 'E_INVALID_ARGUMENT', 'cqt', 'y', 'NaN');
    // Nothing is left broken.
    expect(cqt(y, { backend }).shape).toEqual([1 + Math.floor(4096 / 512), 84]);
  });
});
