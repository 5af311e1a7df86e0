// yin and pyin against librosa 0.11 on every fixture clip (equal voicing,
// f0 within 1e-4 relative on voiced frames) and on pure tones, on every backend.
import { beforeAll, describe, expect, it } from 'vitest';

import { pyin, yin } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { CLIPS, clipAudio, fixture, fixtureParams } from './fixtures.js';

beforeAll(loadAll);

interface PitchJson {
  fmin: number;
  fmax: number;
  sr: number;
  frame_length: number;
  hop_length: number | null;
  trough_threshold?: number;
  center: boolean;
  pad_mode: 'constant';
}

/** Frames where the two disagree: voicing (NaN) or f0 beyond 1e-4 relative. */
function mismatches(got: ArrayLike<number>, want: ArrayLike<number>): number[] {
  const bad: number[] = [];
  for (let t = 0; t < want.length; t++) {
    const [g, w] = [got[t]!, want[t]!];
    if (Number.isNaN(w) !== Number.isNaN(g) || (!Number.isNaN(w) && Math.abs(g - w) > 1e-4 * Math.abs(w))) bad.push(t);
  }
  return bad;
}

function tone(f: number, sr: number, n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * f * i) / sr));
}

describe.each(BACKENDS)('pitch on %s', (backend) => {
  for (const clip of CLIPS) {
    it(`yin (50–2000 Hz and C2–C7) and pyin match librosa on ${clip}`, () => {
      const y = clipAudio(clip);
      for (const feature of ['yin', 'yin_c2_c7']) {
        const p = fixtureParams<PitchJson>(clip, feature);
        const want = fixture(clip, feature).data;
        const got = yin(y, { sr: p.sr, fmin: p.fmin, fmax: p.fmax, frameLength: p.frame_length, hopLength: p.hop_length ?? undefined, troughThreshold: p.trough_threshold, center: p.center, padMode: p.pad_mode, backend });
        expect(got.length).toBe(want.length);
        expect(mismatches(got, want), `${feature} frames differing`).toEqual([]);
      }
      const p = fixtureParams<PitchJson>(clip, 'pyin_f0');
      const { f0, voicedFlag, voicedProb } = pyin(y, { sr: p.sr, fmin: p.fmin, fmax: p.fmax, frameLength: p.frame_length, center: p.center, padMode: p.pad_mode, backend });
      const wantF0 = fixture(clip, 'pyin_f0').data;
      const wantFlag = fixture(clip, 'pyin_voiced_flag').data;
      const wantProb = fixture(clip, 'pyin_voiced_prob').data;
      expect(f0.length).toBe(wantF0.length);
      expect(mismatches(f0, wantF0), 'pyin f0 frames differing').toEqual([]);
      expect(Array.from(voicedFlag)).toEqual(Array.from(wantFlag));
      let probDiff = 0;
      for (let t = 0; t < wantProb.length; t++) probDiff = Math.max(probDiff, Math.abs(voicedProb[t]! - wantProb[t]!));
      console.log(`[fixture] ${backend} ${clip}: pyin voiced ${voicedFlag.reduce((a, b) => a + b, 0)}/${f0.length}, max|Δ voiced_prob| = ${probDiff.toExponential(2)}`);
      expect(probDiff).toBeLessThanOrEqual(1e-6);
    });
  }

  it('yin and pyin find pure tones (f32 and f64 agree)', () => {
    const sr = 22050;
    for (const f of [98, 261.63, 440, 1234.5]) {
      const y = tone(f, sr, 16384);
      const f0 = yin(y, { sr, fmin: 60, fmax: 2000, backend });
      const f0f = yin(Float32Array.from(y), { sr, fmin: 60, fmax: 2000, backend });
      expect(f0f).toBeInstanceOf(Float32Array);
      for (let t = 3; t < f0.length - 3; t++) {
        expect(Math.abs(f0[t]! / f - 1)).toBeLessThan(5e-3);
        expect(Math.abs(f0f[t]! / f0[t]! - 1)).toBeLessThan(1e-4);
      }
      const p = pyin(y, { sr, fmin: 60, fmax: 2000, backend });
      for (let t = 3; t < p.f0.length - 3; t++) {
        expect(p.voicedFlag[t]).toBe(1);
        // YIN's estimate (within 5e-3, 0.09 semitone) snapped to the 0.1-semitone grid.
        expect(Math.abs(12 * Math.log2(p.f0[t]! / f))).toBeLessThan(0.15);
        expect(p.voicedProb[t]).toBeGreaterThan(0.5);
      }
    }
  });

  it('pyin: silence is unvoiced (NaN, or the decoded pitch with fillNa: null)', () => {
    const y = new Float64Array(8192);
    const p = pyin(y, { fmin: 100, fmax: 1000, backend });
    expect(Array.from(p.voicedFlag).every((v) => v === 0)).toBe(true);
    expect(Array.from(p.f0).every(Number.isNaN)).toBe(true);
    const q = pyin(y, { fmin: 100, fmax: 1000, fillNa: null, backend });
    expect(Array.from(q.f0).every((v) => v >= 100 && v <= 1000)).toBe(true);
  });
});
