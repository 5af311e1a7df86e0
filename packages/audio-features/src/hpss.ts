import {
  checkFinite,
  checkInteger,
  checkOptions,
  checkThreads,
  DspError,
  describeValue,
  getBackend,
  kernelCall,
  allocate,
  type Backend,
  type Dtype,
  type FloatArray,
  type HpssKernelParams,
} from '@dsp/backend';
import type { Frames } from '@dsp/stft';

import { checkFiniteSignal } from './validate.js';

export interface HpssOptions {
  /** Median window along time (harmonic) and frequency (percussive), or one size for both (default 31). */
  kernelSize?: number | readonly [number, number];
  /** Soft-mask exponent, > 0; Infinity gives hard masks (default 2). */
  power?: number;
  /** Return the masks instead of the separated spectrograms (default false). */
  mask?: boolean;
  /** Margins ≥ 1 for the harmonic and percussive masks, or one for both (default 1). */
  margin?: number | readonly [number, number];
  backend?: string;
  /** 0 automatic, 1 serial, k at most k threads (native). Results are identical for any value. */
  threads?: number;
}

export const HPSS_KEYS = ['kernelSize', 'power', 'mask', 'margin', 'backend', 'threads'] as const;

export interface HpssResult<T extends FloatArray = FloatArray> {
  harmonic: Frames<T>;
  percussive: Frames<T>;
}

/** Validated HPSS settings (what the kernel call needs besides the data's layout). */
export type HpssSettings = Omit<HpssKernelParams, 'complex' | 'nFrames' | 'nBins'>;

function pair(v: unknown, name: string, fn: string, check: (x: unknown, n: string) => number): [number, number] {
  if (Array.isArray(v)) {
    if (v.length !== 2) throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name} must be one number or [harmonic, percussive], got ${describeValue(v)}`);
    return [check(v[0], `${name}[0]`), check(v[1], `${name}[1]`)];
  }
  const x = check(v, name);
  return [x, x];
}

export function parseHpss(o: HpssOptions, fn: string): HpssSettings {
  const [kernelHarmonic, kernelPercussive] = pair(o.kernelSize ?? 31, 'kernelSize', fn, (x, n) => checkInteger(x, n, fn, { min: 1, max: 2 ** 24 }));
  const [marginHarmonic, marginPercussive] = pair(o.margin ?? 1, 'margin', fn, (x, n) => {
    const m = checkFinite(x, n, fn);
    if (m < 1) throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${n} must be ≥ 1 (librosa: a typical range is 1 to 10), got ${m}`);
    return m;
  });
  const power = o.power ?? 2;
  if (typeof power !== 'number' || !(power > 0)) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: power must be a number > 0 (Infinity for hard masks), got ${describeValue(power)}`);
  }
  if (o.mask !== undefined && typeof o.mask !== 'boolean') throw new DspError('E_INVALID_ARGUMENT', `${fn}: mask must be a boolean, got ${describeValue(o.mask)}`);
  return { kernelHarmonic, kernelPercussive, power, marginHarmonic, marginPercussive, masks: o.mask ?? false };
}

/** A spectrogram's data, shape and whether it is complex (2 values per cell) or magnitudes. */
export interface SpectrogramLayout {
  data: FloatArray;
  dtype: Dtype;
  frames: number;
  bins: number;
  complex: boolean;
}

function spectrogramLayout(S: unknown, fn: string): SpectrogramLayout {
  if (typeof S !== 'object' || S === null || !Array.isArray((S as Frames).shape) || (S as Frames).shape.length !== 2) {
    throw new DspError('E_SHAPE', `${fn}: S must be { data, shape: [nFrames, nBins] } (complex interleaved as stft returns it, or magnitudes)`);
  }
  const { data, shape } = S as Frames;
  const dtype = checkFiniteSignal(data, 'S.data', fn);
  const frames = checkInteger(shape[0], 'S.shape[0]', fn, { min: 1 });
  const bins = checkInteger(shape[1], 'S.shape[1]', fn, { min: 1 });
  const cells = frames * bins;
  if (data.length !== cells && data.length !== 2 * cells) {
    throw new DspError('E_SHAPE', `${fn}: S.data must hold ${cells} magnitudes or ${2 * cells} interleaved complex values for shape [${frames}, ${bins}], got ${data.length}`);
  }
  return { data, dtype, frames, bins, complex: data.length === 2 * cells };
}

/**
 * Harmonic–percussive source separation by median filtering, equal to
 * `librosa.decompose.hpss`: `S` is a complex spectrogram (interleaved, as
 * `stft` returns it) or a magnitude one, frame-major. Returns the harmonic and
 * percussive spectrograms (complex when S is), or with `mask: true` the two
 * soft masks (real).
 */
export function hpss<T extends FloatArray>(S: Frames<T>, opts?: HpssOptions): HpssResult<T>;
export function hpss(S: Frames, opts?: HpssOptions): HpssResult {
  const fn = 'hpss';
  const o = checkOptions<HpssOptions>(opts, HPSS_KEYS, fn);
  const settings = parseHpss(o, fn);
  const backend = getBackend(o.backend);
  const threads = checkThreads(o.threads, fn);
  const { data, dtype, frames, bins, complex } = spectrogramLayout(S, fn);
  return separate({ data, dtype, frames, bins, complex }, settings, backend, threads, fn);
}

/**
 * The kernel call behind `hpss`, for a spectrogram whose layout is checked
 * and whose values are finite (`hpssSignal`'s comes from its own STFT of a
 * checked signal, so it skips the scan).
 */
function separate(S: SpectrogramLayout, settings: HpssSettings, backend: Backend, threads: number, fn: string): HpssResult {
  const { data, dtype, frames, bins, complex } = S;
  const length = frames * bins * (complex && !settings.masks ? 2 : 1);
  const harmonic = allocate(dtype, length, fn);
  const percussive = allocate(dtype, length, fn);
  kernelCall(fn, 'S', () => backend.hpss(data, harmonic, percussive, { complex, nFrames: frames, nBins: bins, ...settings }, threads));
  return { harmonic: { data: harmonic, shape: [frames, bins] }, percussive: { data: percussive, shape: [frames, bins] } };
}
