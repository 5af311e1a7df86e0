// Chroma features: chromaStft (librosa.feature.chroma_stft) and chromaCqt (librosa.feature.chroma_cqt).
import { checkFinite, checkInteger, checkOptions, checkThreads, DspError, getBackend, kernelCall, type FloatArray } from '@dsp/backend';
import { spectrogram, type Frames, type FramingOptions } from '@dsp/stft';

import { C1_HZ, vqtChecked, type CqtOptions } from './cqt.js';
import { applyFilterBank, checkSignal, checkSr, filterBank, normalizeFrames, type FilterBank } from './spectral-common.js';
import { estimateTuningChecked } from './tuning.js';

/** Python's modulo (the result takes the divisor's sign), as numpy.remainder. */
const remainder = (a: number, b: number) => a - Math.floor(a / b) * b;

/**
 * The STFT-bin → chroma filter bank of librosa.filters.chroma (defaults
 * ctroct 5, octwidth 2, norm 2, base C): Gaussian bumps around each pitch
 * class, weighted by a Gaussian over octaves centred on ctroct.
 */
export function chromaFilterbankWeights(sr: number, nFft: number, nChroma: number, tuning: number): Float64Array {
  const frqbins = new Float64Array(nFft);
  const a440 = 440 * 2 ** (tuning / nChroma);
  const step = sr / nFft;
  for (let k = 1; k < nFft; k++) frqbins[k] = nChroma * Math.log2((k * step) / (a440 / 16));
  frqbins[0] = frqbins[1]! - 1.5 * nChroma;
  const width = new Float64Array(nFft);
  for (let k = 0; k < nFft - 1; k++) width[k] = Math.max(frqbins[k + 1]! - frqbins[k]!, 1);
  width[nFft - 1] = 1;
  const half = Math.round(nChroma / 2);
  const w = new Float64Array(nChroma * nFft);
  for (let k = 0; k < nFft; k++) {
    let sq = 0;
    for (let c = 0; c < nChroma; c++) {
      const d = remainder(frqbins[k]! - c + half + 10 * nChroma, nChroma) - half;
      const v = Math.exp(-0.5 * ((2 * d) / width[k]!) ** 2);
      w[c * nFft + k] = v;
      sq += v * v;
    }
    const norm = Math.sqrt(sq);
    const octave = Math.exp(-0.5 * ((frqbins[k]! / nChroma - 5) / 2) ** 2);
    for (let c = 0; c < nChroma; c++) w[c * nFft + k] = (norm < 2.2250738585072014e-308 ? w[c * nFft + k]! : w[c * nFft + k]! / norm) * octave;
  }
  // Start at C rather than A (librosa's base_c), and keep the non-negative frequencies.
  const bins = Math.floor(1 + nFft / 2);
  const out = new Float64Array(nChroma * bins);
  const roll = 3 * Math.floor(nChroma / 12);
  for (let c = 0; c < nChroma; c++) {
    const src = (c + roll) % nChroma;
    for (let k = 0; k < bins; k++) out[c * bins + k] = Math.fround(w[src * nFft + k]!);
  }
  return out;
}

export interface ChromaStftOptions extends Omit<FramingOptions, 'complex'> {
  sr?: number;
  /** Pitch classes (default 12). */
  nChroma?: number;
  /** Tuning offset in fractions of a chroma bin; default: estimated from the power spectrogram. */
  tuning?: number;
}

/**
 * Chromagram from the power spectrogram, equal to `librosa.feature.chroma_stft`
 * (frame-major `[nFrames, nChroma]`, each frame scaled to max 1).
 */
export function chromaStft<T extends FloatArray>(y: T, opts?: ChromaStftOptions): Frames<T>;
export function chromaStft(y: FloatArray, opts?: ChromaStftOptions): Frames {
  const fn = 'chromaStft';
  const o = checkOptions<ChromaStftOptions>(opts, ['sr', 'nChroma', 'tuning', 'nFft', 'hopLength', 'winLength', 'window', 'center', 'padMode', 'backend', 'threads'], fn);
  const signal = checkSignal(y, fn);
  const sr = checkSr(o.sr, fn);
  const nChroma = o.nChroma === undefined ? 12 : checkInteger(o.nChroma, 'nChroma', fn, { min: 1 });
  const nFft = o.nFft === undefined ? 2048 : checkInteger(o.nFft, 'nFft', fn, { min: 2 });
  const S = kernelCall(fn, 'y', () => spectrogram(signal, { nFft, hopLength: o.hopLength === undefined ? 512 : o.hopLength, winLength: o.winLength, window: o.window, center: o.center, padMode: o.padMode, backend: o.backend, threads: o.threads, power: 2 }));
  const tuning = o.tuning === undefined ? estimateTuningChecked(undefined, S, { sr, binsPerOctave: nChroma }, fn) : checkFinite(o.tuning, 'tuning', fn);
  const bank = filterBank(chromaFilterbankWeights(sr, nFft, nChroma, tuning), nChroma, Math.floor(nFft / 2) + 1);
  const chroma = applyFilterBank(bank, S, getBackend(o.backend), checkThreads(o.threads, fn), fn);
  normalizeFrames(chroma, Infinity, fn);
  return chroma;
}

/**
 * The CQT-bin → chroma map of librosa.filters.cq_to_chroma: each CQT bin
 * adds to the pitch class it is centred on (`fmin` is the untuned lowest frequency).
 */
function cqToChroma(nInput: number, binsPerOctave: number, nChroma: number, fmin: number): FilterBank {
  const merge = binsPerOctave / nChroma;
  const width = nChroma * merge;
  const midi0 = remainder(12 * (Math.log2(fmin) - Math.log2(440)) + 69, 12);
  const roll = Math.round(midi0 * (nChroma / 12));
  const w = new Float64Array(nChroma * nInput);
  for (let j = 0; j < nInput; j++) {
    const col = ((j % width) + Math.floor(merge / 2)) % width;
    const c = remainder(Math.floor(col / merge) + roll, nChroma);
    w[c * nInput + j] = 1;
  }
  return filterBank(w, nChroma, nInput);
}

export interface ChromaCqtOptions extends Omit<CqtOptions, 'nBins' | 'filterScale' | 'norm' | 'sparsity' | 'window' | 'scale' | 'padMode'> {
  /** Pitch classes (default 12). */
  nChroma?: number;
  /** Octaves analysed (default 7). */
  nOctaves?: number;
  /** Values below this become 0 before normalising (default 0). */
  threshold?: number;
  /** Per-frame normalisation: p of a p-norm, Infinity (default: max 1) or null (none). */
  norm?: number | null;
}

/**
 * Chromagram from a constant-Q transform, equal to `librosa.feature.chroma_cqt`
 * (defaults: 36 bins per octave over 7 octaves from C1, tuning estimated):
 * `y` is audio, or pass `C`, a magnitude CQT (frame-major `[nFrames, nBins]`, as
 * `cqt` magnitudes) made with the same binsPerOctave and fmin.
 */
export function chromaCqt<T extends FloatArray>(y: T | Frames<T>, opts?: ChromaCqtOptions): Frames<T>;
export function chromaCqt(y: FloatArray | Frames, opts?: ChromaCqtOptions): Frames {
  const fn = 'chromaCqt';
  const o = checkOptions<ChromaCqtOptions>(opts, ['sr', 'hopLength', 'fmin', 'binsPerOctave', 'tuning', 'nChroma', 'nOctaves', 'threshold', 'norm', 'backend', 'threads'], fn);
  const nChroma = o.nChroma === undefined ? 12 : checkInteger(o.nChroma, 'nChroma', fn, { min: 1 });
  const bpo = o.binsPerOctave === undefined ? 36 : checkInteger(o.binsPerOctave, 'binsPerOctave', fn, { min: 1 });
  if (bpo % nChroma !== 0) throw new DspError('E_INVALID_ARGUMENT', `${fn}: binsPerOctave must be a multiple of nChroma (${nChroma}), got ${bpo}`);
  const nOctaves = o.nOctaves === undefined ? 7 : checkInteger(o.nOctaves, 'nOctaves', fn, { min: 1 });
  const threshold = o.threshold === undefined ? 0 : checkFinite(o.threshold, 'threshold', fn);
  let C: Frames;
  if (y instanceof Float32Array || y instanceof Float64Array) {
    const { nChroma: _c, nOctaves: _o, threshold: _t, norm: _n, ...cqtOpts } = o;
    C = vqtChecked(y, { ...cqtOpts, tuning: o.tuning === undefined ? null : o.tuning, nBins: nOctaves * bpo, binsPerOctave: bpo }, 0, 'magnitude', fn);
  } else {
    if (typeof y !== 'object' || y === null || !Array.isArray(y.shape) || y.shape.length !== 2 || !(y.data instanceof Float32Array || y.data instanceof Float64Array)) {
      throw new DspError('E_DTYPE', `${fn}: y must be audio (Float32Array or Float64Array) or a magnitude CQT { data, shape: [nFrames, nBins] }`);
    }
    const [frames, bins] = y.shape;
    if (!(Number.isInteger(frames) && Number.isInteger(bins) && frames > 0 && bins > 0) || y.data.length !== frames * bins) {
      throw new DspError('E_SHAPE', `${fn}: the CQT's data must hold shape[0]·shape[1] real magnitudes, got shape [${y.shape.join(', ')}] with ${y.data.length} values`);
    }
    C = y;
  }
  const fmin = o.fmin === undefined ? C1_HZ : checkFinite(o.fmin, 'fmin', fn, { positive: true });
  const chroma = applyFilterBank(cqToChroma(C.shape[1], bpo, nChroma, fmin), C, getBackend(o.backend), checkThreads(o.threads, fn), fn, C === y ? 'C' : 'y');
  if (threshold > 0) for (let i = 0; i < chroma.data.length; i++) if (chroma.data[i]! < threshold) chroma.data[i] = 0;
  normalizeFrames(chroma, o.norm === undefined ? Infinity : o.norm, fn);
  return chroma;
}
