// Constant-Q and variable-Q transforms (librosa.cqt, librosa.vqt) over the core's multirate kernel.
import { checkFinite, checkInteger, checkOneOf, checkOptions, checkThreads, DspError, getBackend, kernelCall, type FloatArray, type PadMode, type WindowKind } from '@dsp/backend';
import type { Frames } from '@dsp/stft';

import { checkSignal, checkSr } from './spectral-common.js';
import { estimateTuningChecked } from './tuning.js';

/** C1 in Hz (librosa.note_to_hz('C1')), the default lowest frequency. */
export const C1_HZ = 440 * 2 ** ((24 - 69) / 12);

/** Filter windows without parameters (librosa accepts any scipy name; these are the core's). */
const FILTER_WINDOWS: readonly WindowKind[] = ['hann', 'hamming', 'blackman', 'blackmanharris', 'nuttall', 'flattop', 'bartlett', 'triang', 'cosine', 'boxcar'];
const PAD_MODES: readonly PadMode[] = ['constant', 'reflect', 'edge'];

export interface CqtOptions {
  /** Sample rate (default 22050). */
  sr?: number;
  /** Samples between frames (default 512); octaves below the top need it divisible by 2 per halving. */
  hopLength?: number;
  /** Lowest centre frequency in Hz (default C1 ≈ 32.70 Hz). */
  fmin?: number;
  /** Frequency bins (default 84). */
  nBins?: number;
  /** Bins per octave (default 12). */
  binsPerOctave?: number;
  /** Tuning offset in fractions of a bin (default 0); null estimates it from y (librosa.estimate_tuning). */
  tuning?: number | null;
  /** Filter length factor (default 1). */
  filterScale?: number;
  /** p of the filters' p-norm (default 1; Infinity: max; null: none). */
  norm?: number | null;
  /** Fraction of each filter's spectral mass dropped (default 0.01). */
  sparsity?: number;
  /** Filter window (default 'hann'). */
  window?: WindowKind;
  /** Divide each bin by √(filter length) (default true). */
  scale?: boolean;
  /** How frames read past the ends (default 'constant'). */
  padMode?: PadMode;
  backend?: string;
  threads?: number;
}

export interface VqtOptions extends CqtOptions {
  /** Bandwidth offset in Hz (default: librosa's ERB-based γ = α·24.7/0.108). */
  gamma?: number;
}

const CQT_KEYS = ['sr', 'hopLength', 'fmin', 'nBins', 'binsPerOctave', 'tuning', 'filterScale', 'norm', 'sparsity', 'window', 'scale', 'padMode', 'backend', 'threads'] as const;

/** The transform's output: complex coefficients or their magnitudes. */
export type VqtOutputKind = 'complex' | 'magnitude';

export function vqtChecked(y: unknown, o: VqtOptions, gamma: number, output: VqtOutputKind, fn: string): Frames {
  const signal = checkSignal(y, fn);
  const sr = checkSr(o.sr, fn);
  const hop = o.hopLength === undefined ? 512 : checkInteger(o.hopLength, 'hopLength', fn, { min: 1 });
  const fmin = o.fmin === undefined ? C1_HZ : checkFinite(o.fmin, 'fmin', fn, { positive: true });
  const nBins = o.nBins === undefined ? 84 : checkInteger(o.nBins, 'nBins', fn, { min: 1 });
  const bpo = o.binsPerOctave === undefined ? 12 : checkInteger(o.binsPerOctave, 'binsPerOctave', fn, { min: 1 });
  const filterScale = o.filterScale === undefined ? 1 : checkFinite(o.filterScale, 'filterScale', fn, { positive: true });
  let norm = 1;
  if (o.norm === null) norm = 0;
  else if (o.norm !== undefined) {
    if (typeof o.norm !== 'number' || !(o.norm > 0)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: norm must be a number > 0 (Infinity: max) or null, got ${String(o.norm)}`);
    norm = o.norm;
  }
  const sparsity = o.sparsity === undefined ? 0.01 : checkFinite(o.sparsity, 'sparsity', fn);
  if (!(sparsity >= 0 && sparsity < 1)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: sparsity must be in [0, 1), got ${sparsity}`);
  const window = o.window === undefined ? 'hann' : checkOneOf(o.window, FILTER_WINDOWS, 'window', fn);
  if (o.scale !== undefined && typeof o.scale !== 'boolean') throw new DspError('E_INVALID_ARGUMENT', `${fn}: scale must be a boolean, got ${String(o.scale)}`);
  const padMode = o.padMode === undefined ? 'constant' : checkOneOf(o.padMode, PAD_MODES, 'padMode', fn);
  const threads = checkThreads(o.threads, fn);
  const backend = getBackend(o.backend);
  let tuning: number;
  if (o.tuning === null) tuning = estimateTuningChecked(signal, undefined, { sr, binsPerOctave: bpo, backend: o.backend, threads }, fn);
  else tuning = o.tuning === undefined ? 0 : checkFinite(o.tuning, 'tuning', fn);
  const shape = { sr, hop, fmin: fmin * 2 ** (tuning / bpo), nBins, binsPerOctave: bpo, gamma, filterScale, window, windowParam: 0 };
  let nFrames: number;
  try {
    nFrames = backend.vqtFrames(signal.length, shape);
  } catch (e) {
    if (e instanceof DspError) throw new DspError(e.code, `${fn}: fmin ${fmin}, nBins ${nBins}, binsPerOctave ${bpo}, sr ${sr}: ${e.message.replace(/^vqt: /, '')}`, { cause: e });
    throw e;
  }
  const perValue = output === 'complex' ? 2 : 1;
  const out = new (signal.constructor as { new (n: number): FloatArray })(nFrames * nBins * perValue);
  kernelCall(fn, 'y', () => backend.vqt(signal, out, { ...shape, norm, sparsity, scale: o.scale !== false, padMode, output }, threads));
  return { data: out, shape: [nFrames, nBins] };
}

/**
 * Constant-Q transform, equal to `librosa.cqt` (frame-major `[nFrames, nBins]`,
 * interleaved complex, bins ascending from fmin): librosa's multirate
 * algorithm, the signal halved in rate for each lower octave.
 */
export function cqt<T extends FloatArray>(y: T, opts?: CqtOptions): Frames<T>;
export function cqt(y: FloatArray, opts?: CqtOptions): Frames {
  const fn = 'cqt';
  const o = checkOptions<CqtOptions>(opts, CQT_KEYS, fn);
  return vqtChecked(y, o, 0, 'complex', fn);
}

/** Variable-Q transform, equal to `librosa.vqt` (as `cqt`, filters widened by `gamma` Hz). */
export function vqt<T extends FloatArray>(y: T, opts?: VqtOptions): Frames<T>;
export function vqt(y: FloatArray, opts?: VqtOptions): Frames {
  const fn = 'vqt';
  const o = checkOptions<VqtOptions>(opts, [...CQT_KEYS, 'gamma'], fn);
  const gamma = o.gamma === undefined ? -1 : checkFinite(o.gamma, 'gamma', fn);
  if (o.gamma !== undefined && gamma < 0) throw new DspError('E_INVALID_ARGUMENT', `${fn}: gamma must be ≥ 0, got ${gamma}`);
  return vqtChecked(y, o, gamma, 'complex', fn);
}
