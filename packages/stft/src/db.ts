import { checkFinite, checkOptions, DspError, dtypeOf, isFloatArray, type FloatArray } from '@dsp/backend';

import type { Frames } from './stft.js';

export interface DbOptions {
  /** The value that reads 0 dB: a number (default 1) or 'max' (the input's largest magnitude, librosa's ref=np.max). */
  ref?: number | 'max';
  /** Floor below which values are clipped before the log (power default 1e-10, amplitude 1e-5). */
  amin?: number;
  /** Clip to this many dB below the peak (default 80); null keeps everything. */
  topDb?: number | null;
}

interface ParsedDb {
  ref: number | 'max';
  amin: number;
  topDb: number | null;
}

function parseDb(opts: unknown, fn: string, defaultAmin: number): ParsedDb {
  const o = checkOptions<DbOptions>(opts, ['ref', 'amin', 'topDb'], fn);
  const ref = o.ref === undefined ? 1 : o.ref === 'max' ? 'max' : checkFinite(o.ref, 'ref', fn);
  const amin = o.amin === undefined ? defaultAmin : checkFinite(o.amin, 'amin', fn, { positive: true });
  let topDb: number | null = 80;
  if (o.topDb === null) topDb = null;
  else if (o.topDb !== undefined) {
    topDb = checkFinite(o.topDb, 'topDb', fn);
    if (topDb < 0) throw new DspError('E_INVALID_ARGUMENT', `${fn}: topDb must be ≥ 0 or null, got ${topDb}`);
  }
  return { ref, amin, topDb };
}

function unwrap(S: unknown, fn: string): { data: FloatArray; shape?: [number, number] } {
  if (isFloatArray(S)) return { data: S };
  if (typeof S === 'object' && S !== null && 'data' in S) {
    const f = S as Frames;
    dtypeOf(f.data, 'S.data', fn);
    return { data: f.data, shape: [...f.shape] as [number, number] };
  }
  dtypeOf(S, 'S', fn);
  throw new DspError('E_DTYPE', `${fn}: S must be a Float32Array/Float64Array or { data, shape }`);
}

function maxAbs(x: FloatArray): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const v = Math.abs(x[i]!);
    if (v > m) m = v;
  }
  return m;
}

/** 10·log10(max(amin, |s|)) − 10·log10(max(amin, |ref|)): the per-element map spectrograms and streams share. */
export function toDb(x: FloatArray, amin: number, ref: number, factor: number): void {
  const offset = factor * Math.log10(Math.max(amin, Math.abs(ref)));
  for (let i = 0; i < x.length; i++) x[i] = factor * Math.log10(Math.max(amin, Math.abs(x[i]!))) - offset;
}

function clipTop(x: FloatArray, topDb: number | null): void {
  if (topDb === null || x.length === 0) return;
  let peak = -Infinity;
  for (let i = 0; i < x.length; i++) if (x[i]! > peak) peak = x[i]!;
  const floor = peak - topDb;
  for (let i = 0; i < x.length; i++) if (x[i]! < floor) x[i] = floor;
}

function convert(S: unknown, opts: unknown, fn: string, amplitude: boolean): FloatArray | Frames {
  const { data, shape } = unwrap(S, fn);
  const p = parseDb(opts, fn, amplitude ? 1e-5 : 1e-10);
  const out = data.slice();
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i]!)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: S contains NaN or Infinity; only finite values are accepted`);
  }
  const ref = p.ref === 'max' ? maxAbs(data) : p.ref;
  // librosa's amplitude_to_db is power_to_db(S², ref², amin²); 20·log10 of the magnitudes is the same map.
  toDb(out, p.amin, ref, amplitude ? 20 : 10);
  clipTop(out, p.topDb);
  return shape ? { data: out, shape } : out;
}

/** librosa.power_to_db: 10·log10(S / ref) with S floored at amin and the result floored at peak − topDb. */
export function powerToDb<T extends FloatArray>(S: T, opts?: DbOptions): T;
export function powerToDb<T extends FloatArray>(S: Frames<T>, opts?: DbOptions): Frames<T>;
export function powerToDb(S: FloatArray | Frames, opts?: DbOptions): FloatArray | Frames {
  return convert(S, opts, 'powerToDb', false);
}

/** librosa.amplitude_to_db: 20·log10(|S| / ref), amin 1e-5, topDb 80. */
export function amplitudeToDb<T extends FloatArray>(S: T, opts?: DbOptions): T;
export function amplitudeToDb<T extends FloatArray>(S: Frames<T>, opts?: DbOptions): Frames<T>;
export function amplitudeToDb(S: FloatArray | Frames, opts?: DbOptions): FloatArray | Frames {
  return convert(S, opts, 'amplitudeToDb', true);
}
