// melFilterbank, melSpectrogram and mfcc against closed forms and librosa 0.11's outputs on real recordings.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDspError } from '@dsp/backend/testing';

import { hzToMel, melFilterbank, melFrequencies, melSpectrogram, melToHz, mfcc } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { audio, CLIPS, fixtureJson, reference, relativeMaxError } from './spectral-fixtures.js';

beforeAll(loadAll);

it('the mel scale: Slaney linear below 1 kHz and logarithmic above, HTK 2595·log10(1 + f/700), inverses exact', () => {
  expect(hzToMel(500)).toBeCloseTo(7.5, 12);
  expect(hzToMel(1000)).toBeCloseTo(15, 12);
  expect(hzToMel(6400)).toBeCloseTo(15 + 27, 10);
  expect(hzToMel(1000, true)).toBeCloseTo(2595 * Math.log10(1 + 1000 / 700), 10);
  for (const f of [0, 100, 999, 1000, 4321, 11025]) {
    expect(melToHz(hzToMel(f))).toBeCloseTo(f, 8);
    expect(melToHz(hzToMel(f, true), true)).toBeCloseTo(f, 8);
  }
});

it('melFilterbank is the closed-form triangle between neighbouring mel centres, area-normalised (slaney)', () => {
  const sr = 16000;
  const nFft = 512;
  const nMels = 40;
  const fb = melFilterbank({ sr, nFft, nMels, dtype: 'f64' });
  expect(fb.shape).toEqual([nMels, nFft / 2 + 1]);
  const c = melFrequencies(nMels + 2, 0, sr / 2);
  for (let m = 0; m < nMels; m++) {
    for (let k = 0; k <= nFft / 2; k++) {
      const f = (k * sr) / nFft;
      const tri = Math.max(0, Math.min((f - c[m]!) / (c[m + 1]! - c[m]!), (c[m + 2]! - f) / (c[m + 2]! - c[m + 1]!)));
      const want = (tri * 2) / (c[m + 2]! - c[m]!);
      expect(Math.abs(fb.data[m * (nFft / 2 + 1) + k]! - want)).toBeLessThanOrEqual(1e-6 * Math.max(1e-3, want));
    }
  }
  // HTK centres and peak-1 triangles without norm.
  const htk = melFilterbank({ sr, nFft, nMels: 10, htk: true, norm: null, dtype: 'f64' });
  let peak = 0;
  for (let i = 0; i < htk.data.length; i++) peak = Math.max(peak, htk.data[i]!);
  expect(peak).toBeLessThanOrEqual(1);
  expect(peak).toBeGreaterThan(0.9);
});

describe.each(BACKENDS)('librosa fixtures on %s', (backend) => {
  for (const clip of CLIPS) {
    it(`melSpectrogram and mfcc match librosa on ${clip} within 1e-4 × max|ref|`, () => {
      const y = audio(clip);
      const mj = fixtureJson<{ params: { n_fft: number; hop_length: number; mel_filter_defaults: { n_mels: number } } }>(clip, 'melspectrogram');
      const mel = melSpectrogram(y, { sr: 22050, nFft: mj.params.n_fft, hopLength: mj.params.hop_length, nMels: mj.params.mel_filter_defaults.n_mels, backend });
      const ref = reference(clip, 'melspectrogram');
      expect(mel.shape).toEqual([ref.frames, ref.bins]);
      const melErr = relativeMaxError(mel.data, ref.data, false);
      const cj = fixtureJson<{ params: { n_mfcc: number } }>(clip, 'mfcc');
      const M = mfcc(y, { sr: 22050, nMfcc: cj.params.n_mfcc, backend });
      const mref = reference(clip, 'mfcc');
      expect(M.shape).toEqual([mref.frames, mref.bins]);
      const mfccErr = relativeMaxError(M.data, mref.data, false);
      console.log(`[fixture] ${backend} ${clip}: melspectrogram ${melErr.toExponential(2)}, mfcc ${mfccErr.toExponential(2)}`);
      expect(melErr).toBeLessThanOrEqual(1e-4);
      expect(mfccErr).toBeLessThanOrEqual(1e-4);
    });
  }

  it('mfcc lifter multiplies coefficient k by 1 + (L/2)·sin(π(k+1)/L)', () => {
    const y = audio(CLIPS[0]!).subarray(0, 22050);
    const plain = mfcc(y, { nMfcc: 13, backend });
    const lifted = mfcc(y, { nMfcc: 13, lifter: 22, backend });
    for (let t = 0; t < plain.shape[0]; t++) {
      for (let k = 0; k < 13; k++) {
        const want = plain.data[t * 13 + k]! * (1 + 11 * Math.sin((Math.PI * (k + 1)) / 22));
        expect(Math.abs(lifted.data[t * 13 + k]! - want)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(want)));
      }
    }
  });

  it('bad input → DspError naming the parameter', () => {
    const y = new Float32Array(4096);
    expectDspError(() => melSpectrogram(y, { sr: 0, backend }), 'E_INVALID_ARGUMENT', 'melSpectrogram', 'sr');
    expectDspError(() => melSpectrogram(y, { sr: 8000, fmax: 5000, backend }), 'E_INVALID_ARGUMENT', 'fmax', 'Nyquist');
    expectDspError(() => melSpectrogram(y, { fmin: 3000, fmax: 2000, backend }), 'E_INVALID_ARGUMENT', 'fmin', 'fmax');
    expectDspError(() => melSpectrogram(y, { nMels: 0, backend }), 'E_INVALID_ARGUMENT', 'nMels');
    expectDspError(() => melSpectrogram(new Float32Array(0), { backend }), 'E_SHAPE', 'y');
    const bad = new Float32Array(4096);
    bad[100] = NaN;
    expectDspError(() => melSpectrogram(bad, { backend }), 'E_INVALID_ARGUMENT', 'NaN');
    expectDspError(() => mfcc(y, { lifter: -1, backend }), 'E_INVALID_ARGUMENT', 'lifter');
    expectDspError(() => mfcc(y, { nMfcc: 0, backend }), 'E_INVALID_ARGUMENT', 'nMfcc');
    expectDspError(() => melFilterbank({ norm: 'htk' as 'slaney' }), 'E_INVALID_ARGUMENT', 'norm');
  });
});
