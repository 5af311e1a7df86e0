// Tuning estimation (librosa.estimate_tuning over librosa.piptrack, librosa.pitch_tuning).
//
// The histogram estimate is quantised to `resolution` bins, so a value a hair
// either side of a bin edge changes the answer: the arithmetic below follows
// librosa's float32 steps (numpy keeps float32 arrays in float32 with Python
// scalars) wherever librosa's own values are float32.
import { checkFinite, checkInteger, checkOptions, DspError, kernelCall, type FloatArray } from '@dsp/backend';
import { spectrogram, type Frames, type FramingOptions } from '@dsp/stft';

import { checkSignal, checkSr } from './spectral-common.js';

const f32 = Math.fround;

/** piptrack's peaks with a positive frequency: `count` frequencies and magnitudes. */
interface Peaks {
  pitches: Float64Array;
  mags: Float64Array;
  count: number;
}

/**
 * Peak frequencies and their interpolated magnitudes in a magnitude (or
 * power) spectrogram `S` (frame-major, nFft/2 + 1 bins), as librosa.piptrack:
 * bins within [fmin, fmax) that are local maxima above threshold·(frame max),
 * refined by parabolic interpolation. Only peaks of positive frequency are
 * returned (the only ones estimate_tuning uses).
 */
function piptrack(S: Frames, sr: number, nFft: number, fmin: number, fmax: number, threshold: number): Peaks {
  const [nFrames, n] = S.shape;
  const d = S.data;
  const single = d instanceof Float32Array;
  const r = single ? f32 : (x: number) => x;
  const lo = Math.max(fmin, 0);
  const hi = Math.min(fmax, sr / 2);
  const binHz = 1 / (nFft * (1 / sr));
  // The bins whose frequency lies in [lo, hi) (bin 0 never is a peak: its stencil reads past the edge).
  let first = 1;
  while (first < n && !(first * binHz >= lo)) first++;
  let end = first;
  while (end < n && end * binHz < hi) end++;
  let pitches = new Float64Array(1024);
  let mags = new Float64Array(1024);
  let count = 0;
  for (let t = 0; t < nFrames; t++) {
    const row = t * n;
    // The data is finite (a checked signal's spectrogram): no NaN to propagate.
    let max = 0;
    for (let i = row; i < row + n; i++) if (d[i]! > max) max = d[i]!;
    const ref = r(threshold * max);
    // A peak is a bin above ref (values at or below it count as 0) greater than
    // its left neighbour and not less than its right one (none at the last bin).
    for (let i = first; i < end; i++) {
      const xc = d[row + i]!;
      if (!(xc > ref)) continue;
      const xm = d[row + i - 1]!;
      if (!(xc > (xm > ref ? xm : 0))) continue;
      let shift = 0;
      let avg: number;
      if (i === n - 1) {
        avg = r(xc - xm);
      } else {
        const xp = d[row + i + 1]!;
        if (!(xc >= (xp > ref ? xp : 0))) continue;
        const a = r(xp + xm) - 2 * xc;
        const b = r(xp - xm) / 2;
        shift = Math.abs(b) >= Math.abs(a) ? 0 : r(-b / a);
        avg = r(r(xp - xm) / 2);
      }
      const pitch = r(((i + shift) * sr) / nFft);
      if (!(pitch > 0)) continue;
      if (count === pitches.length) {
        const grownPitches = new Float64Array(2 * count);
        const grownMags = new Float64Array(2 * count);
        grownPitches.set(pitches);
        grownMags.set(mags);
        pitches = grownPitches;
        mags = grownMags;
      }
      const dskew = r(r(0.5 * avg) * shift);
      pitches[count] = pitch;
      mags[count++] = r(xc + dskew);
    }
  }
  return { pitches, mags, count };
}

/**
 * Rearranges `a` (no NaN) so that a[k] is its k-th smallest value, with
 * nothing larger before it (Hoare's selection): O(n) on average where a
 * sort is O(n log n), and the same value.
 */
function selectInPlace(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo < hi) {
    const x = a[lo]!;
    const y = a[(lo + hi) >> 1]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and whatever lies between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/** numpy.median (the mean of the middle two for an even count, in float32 for float32 data). */
function median(values: Float64Array, single: boolean): number {
  const m = values.length >> 1;
  const upper = selectInPlace(values, m);
  if (values.length % 2 === 1) return upper;
  let lower = values[0]!;
  for (let i = 1; i < m; i++) if (values[i]! > lower) lower = values[i]!;
  const s = lower + upper;
  return single ? f32(f32(s) / 2) : s / 2;
}

/**
 * The tuning deviation (in fractions of a bin) of a set of frequencies, as
 * librosa.pitch_tuning: the peak of a histogram of their offsets from the
 * equal-tempered grid (A440), with `resolution`-wide bins.
 */
function pitchTuning(freqs: Float64Array, count: number, binsPerOctave: number, resolution: number, single: boolean): number {
  const r = single ? f32 : (x: number) => x;
  const nBins = Math.ceil(1 / resolution);
  const counts = new Int32Array(nBins);
  // numpy.linspace(-0.5, 0.5, nBins + 1): i·step + start, the last edge exactly 0.5.
  const step = 1 / nBins;
  const edge = (i: number) => (i === nBins ? 0.5 : i * step + -0.5);
  let any = false;
  for (let j = 0; j < count; j++) {
    const f = freqs[j]!;
    if (!(f > 0)) continue;
    any = true;
    const x = r(binsPerOctave * r(Math.log2(r(f / (440 / 16)))));
    let res = r(x - Math.floor(x));
    if (res >= 0.5) res = r(res - 1);
    let k = Math.min(nBins - 1, Math.max(0, Math.floor((res + 0.5) * nBins)));
    while (k > 0 && res < edge(k)) k--;
    while (k < nBins - 1 && res >= edge(k + 1)) k++;
    if (res >= edge(0) && res <= 0.5) counts[k]!++;
  }
  if (!any) return 0;
  let best = 0;
  for (let k = 1; k < nBins; k++) if (counts[k]! > counts[best]!) best = k;
  return edge(best);
}

export interface EstimateTuningOptions extends Omit<FramingOptions, 'complex'> {
  sr?: number;
  /** Semitone subdivisions the estimate refers to (default 12). */
  binsPerOctave?: number;
  /** Histogram resolution in bins (default 0.01). */
  resolution?: number;
  /** piptrack's band (defaults 150 and 4000 Hz) and relative threshold (0.1). */
  fmin?: number;
  fmax?: number;
  threshold?: number;
}

const TUNING_KEYS = ['sr', 'binsPerOctave', 'resolution', 'fmin', 'fmax', 'threshold', 'nFft', 'hopLength', 'winLength', 'window', 'center', 'padMode', 'backend', 'threads'] as const;

/** `S` given: a magnitude or power spectrogram (frame-major, nFft/2 + 1 bins), used as it is, as librosa's `S=`. */
export function estimateTuningChecked(y: FloatArray | undefined, S: Frames | undefined, o: EstimateTuningOptions, fn: string): number {
  const sr = checkSr(o.sr, fn);
  const bpo = o.binsPerOctave === undefined ? 12 : checkInteger(o.binsPerOctave, 'binsPerOctave', fn, { min: 1 });
  const resolution = o.resolution === undefined ? 0.01 : checkFinite(o.resolution, 'resolution', fn, { positive: true });
  if (resolution >= 1) throw new DspError('E_INVALID_ARGUMENT', `${fn}: resolution must be in (0, 1), got ${resolution}`);
  const fmin = o.fmin === undefined ? 150 : checkFinite(o.fmin, 'fmin', fn);
  const fmax = o.fmax === undefined ? 4000 : checkFinite(o.fmax, 'fmax', fn);
  if (fmin >= fmax) throw new DspError('E_INVALID_ARGUMENT', `${fn}: fmin must be below fmax, got fmin ${fmin} and fmax ${fmax}`);
  const threshold = o.threshold === undefined ? 0.1 : checkFinite(o.threshold, 'threshold', fn);
  let spec: Frames;
  let nFft: number;
  if (S !== undefined) {
    spec = S;
    nFft = 2 * (S.shape[1] - 1);
  } else {
    const signal = checkSignal(y, fn);
    nFft = o.nFft === undefined ? 2048 : checkInteger(o.nFft, 'nFft', fn, { min: 2 });
    // librosa.piptrack frames with hop ⌊winLength/4⌋ whatever the caller's hop.
    spec = kernelCall(fn, 'y', () => spectrogram(signal, { nFft, hopLength: o.hopLength, winLength: o.winLength, window: o.window, center: o.center, padMode: o.padMode, backend: o.backend, threads: o.threads, power: 1 }));
  }
  const single = spec.data instanceof Float32Array;
  const peaks = piptrack(spec, sr, nFft, fmin, fmax, threshold);
  // The median is selected in a copy: the magnitudes stay beside their pitches.
  const level = peaks.count > 0 ? median(peaks.mags.slice(0, peaks.count), single) : 0;
  const chosen = new Float64Array(peaks.count);
  let count = 0;
  for (let i = 0; i < peaks.count; i++) if (peaks.mags[i]! >= level) chosen[count++] = peaks.pitches[i]!;
  return pitchTuning(chosen, count, bpo, resolution, single);
}

/**
 * The tuning offset of `y` from A440 in fractions of a bin (bins per octave
 * `binsPerOctave`), equal to `librosa.estimate_tuning(y=y, sr=sr)`: peaks of
 * the magnitude STFT (nFft 2048, hop 512) between 150 and 4000 Hz above the
 * median peak magnitude, histogrammed at 0.01-bin resolution.
 */
export function estimateTuning(y: FloatArray, opts?: EstimateTuningOptions): number {
  const fn = 'estimateTuning';
  const o = checkOptions<EstimateTuningOptions>(opts, TUNING_KEYS, fn);
  return estimateTuningChecked(y, undefined, o, fn);
}
