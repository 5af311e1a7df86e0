// Mel scale, mel filter banks and mel spectrograms (librosa.filters.mel, librosa.feature.melspectrogram).
import { checkFinite, checkInteger, checkOneOf, checkOptions, checkThreads, DspError, getBackend, kernelCall, type FloatArray } from '@dsp/backend';
import { spectrogram, type Frames, type FramingOptions } from '@dsp/stft';

import { applyFilterBank, checkSignal, checkSr, filterBank, type FilterBank } from './spectral-common.js';

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOGSTEP = Math.log(6.4) / 27;

/** Hz → mel (librosa.hz_to_mel): Slaney's scale (linear below 1 kHz, logarithmic above), or HTK's. */
export function hzToMel(hz: number, htk = false): number {
  if (htk) return 2595 * Math.log10(1 + hz / 700);
  return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP : hz / F_SP;
}

/** mel → Hz (librosa.mel_to_hz). */
export function melToHz(mel: number, htk = false): number {
  if (htk) return 700 * (10 ** (mel / 2595) - 1);
  return mel >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL)) : F_SP * mel;
}

/** `n` frequencies equally spaced in mel between fmin and fmax (librosa.mel_frequencies). */
export function melFrequencies(n: number, fmin: number, fmax: number, htk = false): Float64Array {
  const lo = hzToMel(fmin, htk);
  const hi = hzToMel(fmax, htk);
  const out = new Float64Array(n);
  // numpy.linspace: i·step + start, the last point exactly the stop.
  const step = n > 1 ? (hi - lo) / (n - 1) : 0;
  for (let i = 0; i < n; i++) out[i] = melToHz(i === n - 1 && n > 1 ? hi : i * step + lo, htk);
  return out;
}

export interface MelOptions {
  /** Sample rate (default 22050). */
  sr?: number;
  /** FFT length (default 2048). */
  nFft?: number;
  /** Mel bands (default 128). */
  nMels?: number;
  /** Lowest frequency in Hz (default 0). */
  fmin?: number;
  /** Highest frequency in Hz (default sr/2). */
  fmax?: number;
  /** HTK's mel scale instead of Slaney's (default false). */
  htk?: boolean;
  /** 'slaney' (default: area-normalised triangles), null (peak 1), or p of a p-norm per band (Infinity: max). */
  norm?: 'slaney' | number | null;
}

const MEL_KEYS = ['sr', 'nFft', 'nMels', 'fmin', 'fmax', 'htk', 'norm'] as const;

interface MelSetup {
  sr: number;
  nFft: number;
  nMels: number;
  fmin: number;
  fmax: number;
  htk: boolean;
  norm: 'slaney' | number | null;
}

function parseMel(o: MelOptions, fn: string): MelSetup {
  const sr = checkSr(o.sr, fn);
  const nFft = o.nFft === undefined ? 2048 : checkInteger(o.nFft, 'nFft', fn, { min: 1 });
  const nMels = o.nMels === undefined ? 128 : checkInteger(o.nMels, 'nMels', fn, { min: 1 });
  const fmin = o.fmin === undefined ? 0 : checkFinite(o.fmin, 'fmin', fn);
  if (fmin < 0) throw new DspError('E_INVALID_ARGUMENT', `${fn}: fmin must be ≥ 0, got ${fmin}`);
  const fmax = o.fmax === undefined ? sr / 2 : checkFinite(o.fmax, 'fmax', fn);
  if (fmax > sr / 2) throw new DspError('E_INVALID_ARGUMENT', `${fn}: fmax must be ≤ the Nyquist frequency sr/2 = ${sr / 2}, got ${fmax}`);
  if (fmin >= fmax) throw new DspError('E_INVALID_ARGUMENT', `${fn}: fmin must be below fmax, got fmin ${fmin} and fmax ${fmax}`);
  if (o.htk !== undefined && typeof o.htk !== 'boolean') throw new DspError('E_INVALID_ARGUMENT', `${fn}: htk must be a boolean, got ${String(o.htk)}`);
  const htk = o.htk === true;
  let norm: 'slaney' | number | null = 'slaney';
  if (o.norm === null) norm = null;
  else if (o.norm !== undefined && o.norm !== 'slaney') {
    if (typeof o.norm !== 'number' || !(o.norm > 0)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: norm must be 'slaney', null or a number > 0 (Infinity: max), got ${String(o.norm)}`);
    norm = o.norm;
  }
  return { sr, nFft, nMels, fmin, fmax, htk, norm };
}

/** The weights of librosa.filters.mel as float64 rows (nMels × (nFft/2 + 1)), rounded to float32 as librosa stores them. */
function melWeights(s: MelSetup): Float64Array {
  const nBins = Math.floor(s.nFft / 2) + 1;
  const melF = melFrequencies(s.nMels + 2, s.fmin, s.fmax, s.htk);
  const w = new Float64Array(s.nMels * nBins);
  // numpy.fft.rfftfreq: k · (1 / (n·d)).
  const val = 1 / (s.nFft * (1 / s.sr));
  for (let m = 0; m < s.nMels; m++) {
    const lowerDiff = melF[m + 1]! - melF[m]!;
    const upperDiff = melF[m + 2]! - melF[m + 1]!;
    const enorm = s.norm === 'slaney' ? 2 / (melF[m + 2]! - melF[m]!) : 1;
    for (let k = 0; k < nBins; k++) {
      const f = k * val;
      const lower = -(melF[m]! - f) / lowerDiff;
      const upper = (melF[m + 2]! - f) / upperDiff;
      const v = Math.fround(Math.max(0, Math.min(lower, upper)));
      w[m * nBins + k] = s.norm === 'slaney' ? Math.fround(v * enorm) : v;
    }
  }
  if (typeof s.norm === 'number') {
    const p = s.norm;
    for (let m = 0; m < s.nMels; m++) {
      let len = 0;
      for (let k = 0; k < nBins; k++) {
        const a = Math.abs(w[m * nBins + k]!);
        len = p === Infinity ? Math.max(len, a) : len + a ** p;
      }
      if (p !== Infinity) len = len ** (1 / p);
      if (len < 1.1754943508222875e-38) continue;
      for (let k = 0; k < nBins; k++) w[m * nBins + k] = Math.fround(w[m * nBins + k]! / len);
    }
  }
  return w;
}

/**
 * The mel filter bank, equal to `librosa.filters.mel`: `nMels` rows of
 * nFft/2 + 1 weights (row-major, `{ data, shape: [nMels, nBins] }`).
 */
export function melFilterbank(opts?: MelOptions & { dtype?: 'f32' | 'f64' }): Frames {
  const fn = 'melFilterbank';
  const o = checkOptions<MelOptions & { dtype?: 'f32' | 'f64' }>(opts, [...MEL_KEYS, 'dtype'], fn);
  const s = parseMel(o, fn);
  const dtype = o.dtype === undefined ? 'f32' : checkOneOf(o.dtype, ['f32', 'f64'] as const, 'dtype', fn);
  const w = melWeights(s);
  return { data: dtype === 'f32' ? Float32Array.from(w) : w, shape: [s.nMels, Math.floor(s.nFft / 2) + 1] };
}

const banks = new Map<string, FilterBank>();

function cachedMelBank(s: MelSetup): FilterBank {
  const key = JSON.stringify(s);
  let bank = banks.get(key);
  if (bank === undefined) {
    bank = filterBank(melWeights(s), s.nMels, Math.floor(s.nFft / 2) + 1);
    if (banks.size > 16) banks.clear();
    banks.set(key, bank);
  }
  return bank;
}

export interface MelSpectrogramOptions extends MelOptions, Omit<FramingOptions, 'nFft' | 'complex'> {
  /** 2 (default): power; 1: magnitude. */
  power?: 1 | 2;
}

export const MEL_SPECTROGRAM_KEYS = [...MEL_KEYS, 'hopLength', 'winLength', 'window', 'center', 'padMode', 'backend', 'threads', 'power'] as const;

export function melSpectrogramChecked(y: FloatArray, o: MelSpectrogramOptions, fn: string): Frames {
  checkSignal(y, fn);
  const s = parseMel(o, fn);
  const power = o.power === undefined ? 2 : checkOneOf(o.power, [1, 2] as const, 'power', fn);
  const S = kernelCall(fn, 'y', () => spectrogram(y, {
    nFft: s.nFft,
    hopLength: o.hopLength === undefined ? 512 : o.hopLength,
    winLength: o.winLength,
    window: o.window,
    center: o.center,
    padMode: o.padMode,
    backend: o.backend,
    threads: o.threads,
    power,
  }));
  return applyFilterBank(cachedMelBank(s), S, getBackend(o.backend), checkThreads(o.threads, fn), fn);
}

/**
 * Mel spectrogram, equal to `librosa.feature.melspectrogram` (frame-major:
 * `[nFrames, nMels]`): |STFT|^power (hop 512 by default) through the mel filter bank.
 */
export function melSpectrogram<T extends FloatArray>(y: T, opts?: MelSpectrogramOptions): Frames<T>;
export function melSpectrogram(y: FloatArray, opts?: MelSpectrogramOptions): Frames {
  const fn = 'melSpectrogram';
  const o = checkOptions<MelSpectrogramOptions>(opts, MEL_SPECTROGRAM_KEYS, fn);
  return melSpectrogramChecked(y, o, fn);
}
