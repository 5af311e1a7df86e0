// What the spectral features share: option checks and applying a filter bank to frame-major spectra.
import { checkFinite, DspError, type FloatArray } from '@dsp/backend';
import type { Frames } from '@dsp/stft';

/** librosa's default sample rate. */
export const DEFAULT_SR = 22050;

export function checkSr(v: unknown, fn: string): number {
  if (v === undefined) return DEFAULT_SR;
  return checkFinite(v, 'sr', fn, { positive: true });
}

/** Refuses an empty signal (its dtype is checked by the kernel that reads it). */
export function checkSignal(y: unknown, fn: string): FloatArray {
  if (!(y instanceof Float32Array || y instanceof Float64Array)) {
    throw new DspError('E_DTYPE', `${fn}: y must be a Float32Array or Float64Array`);
  }
  if (y.length === 0) throw new DspError('E_SHAPE', `${fn}: y must hold at least 1 sample, got length 0`);
  return y;
}

/**
 * A filter bank as dense rows over `nInputs` inputs, with each row's nonzero
 * span recorded so applying it skips the zeros.
 */
export interface FilterBank {
  rows: number;
  nInputs: number;
  /** Row-major weights (rows × nInputs), float64. */
  weights: Float64Array;
  first: Int32Array;
  end: Int32Array;
}

export function filterBank(weights: Float64Array, rows: number, nInputs: number): FilterBank {
  const first = new Int32Array(rows);
  const end = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let a = 0;
    let b = nInputs;
    while (a < b && weights[r * nInputs + a] === 0) a++;
    while (b > a && weights[r * nInputs + b - 1] === 0) b--;
    first[r] = a;
    end[r] = b;
  }
  return { rows, nInputs, weights, first, end };
}

/** `bank` applied to every frame of `S` (frame-major, nInputs values per frame), in S's dtype. */
export function applyFilterBank<T extends FloatArray>(bank: FilterBank, S: Frames<T>): Frames<T> {
  const [nFrames, nInputs] = S.shape;
  const src = S.data;
  const out = new (src.constructor as { new (n: number): T })(nFrames * bank.rows);
  const { weights: w, first, end, rows } = bank;
  for (let f = 0; f < nFrames; f++) {
    const base = f * nInputs;
    for (let r = 0; r < rows; r++) {
      let acc = 0;
      const wr = r * nInputs;
      for (let k = first[r]!; k < end[r]!; k++) acc += w[wr + k]! * src[base + k]!;
      out[f * rows + r] = acc;
    }
  }
  return { data: out, shape: [nFrames, rows] };
}

/** Divides each frame by its largest |value| (librosa.util.normalize, norm=inf, along the feature axis). */
export function normalizeFramesMax(S: Frames): void {
  const [nFrames, n] = S.shape;
  const d = S.data;
  // librosa leaves frames whose norm is below the dtype's smallest normal number alone.
  const tiny = d instanceof Float32Array ? 1.1754943508222875e-38 : 2.2250738585072014e-308;
  for (let f = 0; f < nFrames; f++) {
    let m = 0;
    for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(d[f * n + i]!));
    if (m < tiny) continue;
    for (let i = 0; i < n; i++) d[f * n + i] = d[f * n + i]! / m;
  }
}
