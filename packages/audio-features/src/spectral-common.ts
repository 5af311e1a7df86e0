// What the spectral features share: option checks and applying a filter bank to frame-major spectra.
import { checkFinite, DspError, kernelCall, type Backend, type FloatArray } from '@dsp/backend';
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

/** A filter bank: `rows` filters of `nInputs` weights (row-major, float64), with a copy per dtype made on first use. */
export interface FilterBank {
  rows: number;
  nInputs: number;
  weights: Float64Array;
  single?: Float32Array;
}

export function filterBank(weights: Float64Array, rows: number, nInputs: number): FilterBank {
  return { rows, nInputs, weights };
}

/** `bank` applied to every frame of `S` (frame-major, nInputs values per frame) in the core, in S's dtype. */
export function applyFilterBank<T extends FloatArray>(bank: FilterBank, S: Frames<T>, backend: Backend, threads: number, fn: string, inputName = 'y'): Frames<T> {
  const nFrames = S.shape[0];
  const single = S.data instanceof Float32Array;
  const weights = single ? (bank.single ??= Float32Array.from(bank.weights)) : bank.weights;
  const out = new (S.data.constructor as { new (n: number): T })(nFrames * bank.rows);
  kernelCall(fn, inputName, () => backend.applyFilterbank(S.data, weights, out, bank.nInputs, bank.rows, threads));
  return { data: out, shape: [nFrames, bank.rows] };
}

/**
 * Divides each frame by its p-norm (Infinity: its largest |value|), as
 * librosa.util.normalize along the feature axis; null leaves S alone.
 */
export function normalizeFrames(S: Frames, norm: number | null, fn: string): void {
  if (norm === null) return;
  if (typeof norm !== 'number' || !(norm > 0)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: norm must be a number > 0 (Infinity: max) or null, got ${String(norm)}`);
  const [nFrames, n] = S.shape;
  const d = S.data;
  // librosa leaves frames whose norm is below the dtype's smallest normal number alone.
  const tiny = d instanceof Float32Array ? 1.1754943508222875e-38 : 2.2250738585072014e-308;
  for (let f = 0; f < nFrames; f++) {
    let len = 0;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(d[f * n + i]!);
      len = norm === Infinity ? Math.max(len, a) : len + a ** norm;
    }
    if (norm !== Infinity) len = len ** (1 / norm);
    if (len < tiny) continue;
    for (let i = 0; i < n; i++) d[f * n + i] = d[f * n + i]! / len;
  }
}
