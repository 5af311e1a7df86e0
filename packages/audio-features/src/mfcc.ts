// Mel-frequency cepstral coefficients (librosa.feature.mfcc).
import { checkFinite, checkInteger, checkOptions, DspError, type FloatArray } from '@dsp/backend';
import { dctn } from '@dsp/fft';
import { powerToDb, type Frames } from '@dsp/stft';

import { MEL_SPECTROGRAM_KEYS, melSpectrogramChecked, type MelSpectrogramOptions } from './mel.js';

export interface MfccOptions extends Omit<MelSpectrogramOptions, 'norm'> {
  /** Coefficients per frame (default 20). */
  nMfcc?: number;
  /** Sinusoidal liftering 1 + (L/2)·sin(π(k+1)/L) for L > 0 (default 0: none). */
  lifter?: number;
  /** The mel filter bank's norm (librosa's mel_norm, default 'slaney'). */
  melNorm?: 'slaney' | number | null;
}

/**
 * MFCCs, equal to `librosa.feature.mfcc` (frame-major `[nFrames, nMfcc]`):
 * the orthonormal DCT-II of the mel spectrogram in dB (power_to_db: ref 1,
 * amin 1e-10, top_db 80), first nMfcc coefficients, optionally liftered.
 */
export function mfcc<T extends FloatArray>(y: T, opts?: MfccOptions): Frames<T>;
export function mfcc(y: FloatArray, opts?: MfccOptions): Frames {
  const fn = 'mfcc';
  const o = checkOptions<MfccOptions>(opts, [...MEL_SPECTROGRAM_KEYS.filter((k) => k !== 'norm'), 'nMfcc', 'lifter', 'melNorm'], fn);
  const nMfcc = o.nMfcc === undefined ? 20 : checkInteger(o.nMfcc, 'nMfcc', fn, { min: 1 });
  const lifter = o.lifter === undefined ? 0 : checkFinite(o.lifter, 'lifter', fn);
  if (lifter < 0) throw new DspError('E_INVALID_ARGUMENT', `${fn}: lifter must be ≥ 0, got ${lifter}`);
  const { melNorm, nMfcc: _n, lifter: _l, ...melOpts } = o;
  const mel = melSpectrogramChecked(y, { ...melOpts, norm: melNorm }, fn);
  const [nFrames, nMels] = mel.shape;
  if (nMfcc > nMels) throw new DspError('E_INVALID_ARGUMENT', `${fn}: nMfcc must be ≤ nMels (${nMels}), got ${nMfcc}`);
  const db = powerToDb(mel.data);
  const cepstra = dctn(db, [nFrames, nMels], { type: 2, norm: 'ortho', axes: [1], backend: o.backend });
  const out = new (y.constructor as { new (n: number): FloatArray })(nFrames * nMfcc);
  for (let f = 0; f < nFrames; f++) {
    for (let k = 0; k < nMfcc; k++) {
      const lift = lifter > 0 ? 1 + (lifter / 2) * Math.sin((Math.PI * (k + 1)) / lifter) : 1;
      out[f * nMfcc + k] = cepstra[f * nMels + k]! * lift;
    }
  }
  return { data: out, shape: [nFrames, nMfcc] };
}
