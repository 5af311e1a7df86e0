import {
  checkFinite,
  checkInteger,
  checkOneOf,
  checkOptions,
  checkThreads,
  DspError,
  describeValue,
  getBackend,
  type Backend,
  type Dtype,
  type PadMode,
  type PitchFramingParams,
} from '@dsp/backend';

import { checkFiniteSignal } from './validate.js';

/** The framing options yin and pyin share (librosa names, camelCase). */
export interface PitchOptions {
  /** Sampling rate in Hz (default 22050). */
  sr?: number;
  /** Lowest and highest frequency searched, Hz (required; fmax ≤ sr/2). */
  fmin: number;
  fmax: number;
  /** Samples per frame (default 2048); must exceed sr/fmin + 1. */
  frameLength?: number;
  /** Samples between frames (default ⌊frameLength/4⌋). */
  hopLength?: number;
  /** Pad ⌊frameLength/2⌋ samples on each side so frame t is centred on sample t·hop (default true). */
  center?: boolean;
  /** How `center` pads (default 'constant'). */
  padMode?: PadMode;
  backend?: string;
  /** 0 automatic, 1 serial, k at most k threads (native). Results are identical for any value. */
  threads?: number;
}

export const PITCH_KEYS = ['sr', 'fmin', 'fmax', 'frameLength', 'hopLength', 'center', 'padMode', 'backend', 'threads'] as const;
const PAD_MODES: readonly PadMode[] = ['constant', 'reflect', 'edge'];

export interface PitchSettings<O> {
  raw: O;
  backend: Backend;
  threads: number;
  sr: number;
  fmin: number;
  fmax: number;
  frameLength: number;
  hop: number;
  center: boolean;
  padMode: PadMode;
  /** Periods searched, in samples. */
  minPeriod: number;
  maxPeriod: number;
}

export interface PitchSetup<O> extends PitchSettings<O> {
  dtype: Dtype;
  framing: PitchFramingParams;
}

/** Validates the options as librosa's `__check_yin_params` does. */
export function parsePitchOptions<O extends PitchOptions>(opts: unknown, fn: string, extra: readonly string[]): PitchSettings<O> {
  if (opts === undefined || opts === null) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: options { fmin, fmax } are required (librosa has no defaults for them)`);
  }
  const o = checkOptions<O>(opts, [...PITCH_KEYS, ...extra], fn);
  const sr = o.sr === undefined ? 22050 : checkFinite(o.sr, 'sr', fn, { positive: true });
  if (o.fmin === undefined || o.fmax === undefined) throw new DspError('E_INVALID_ARGUMENT', `${fn}: both fmin and fmax must be given, got fmin ${describeValue(o.fmin)} and fmax ${describeValue(o.fmax)}`);
  const fmin = checkFinite(o.fmin, 'fmin', fn);
  const fmax = checkFinite(o.fmax, 'fmax', fn);
  if (fmax > sr / 2) throw new DspError('E_INVALID_ARGUMENT', `${fn}: fmax = ${fmax} Hz cannot exceed the Nyquist frequency sr/2 = ${sr / 2} Hz`);
  if (fmin >= fmax) throw new DspError('E_INVALID_ARGUMENT', `${fn}: fmin = ${fmin} Hz must be less than fmax = ${fmax} Hz`);
  if (fmin <= 0) throw new DspError('E_INVALID_ARGUMENT', `${fn}: fmin = ${fmin} Hz must be > 0`);
  const frameLength = o.frameLength === undefined ? 2048 : checkInteger(o.frameLength, 'frameLength', fn, { min: 3, max: 2 ** 26 });
  if (sr / fmin >= frameLength - 1) {
    throw new DspError(
      'E_INVALID_ARGUMENT',
      `${fn}: fmin = ${fmin} Hz is too low for frameLength = ${frameLength} at sr = ${sr} (a period of fmin must fit in frameLength − 1 samples); ` +
        `raise fmin to more than ${sr / (frameLength - 1)} Hz or frameLength to at least ${Math.ceil(sr / fmin) + 2}`,
    );
  }
  const hop = o.hopLength === undefined ? Math.floor(frameLength / 4) : checkInteger(o.hopLength, 'hopLength', fn, { min: 1 });
  if (o.center !== undefined && typeof o.center !== 'boolean') throw new DspError('E_INVALID_ARGUMENT', `${fn}: center must be a boolean, got ${describeValue(o.center)}`);
  const center = o.center ?? true;
  const padMode = o.padMode === undefined ? 'constant' : checkOneOf(o.padMode, PAD_MODES, 'padMode', fn);
  return {
    raw: o,
    backend: getBackend(o.backend),
    threads: checkThreads(o.threads, fn),
    sr,
    fmin,
    fmax,
    frameLength,
    hop,
    center,
    padMode,
    minPeriod: Math.floor(sr / fmax),
    maxPeriod: Math.min(Math.ceil(sr / fmin), frameLength - 1),
  };
}

/** Validates y and the options, and frames the signal as librosa.util.frame. */
export function parsePitch<O extends PitchOptions>(y: unknown, opts: unknown, fn: string, extra: readonly string[]): PitchSetup<O> {
  const s = parsePitchOptions<O>(opts, fn, extra);
  const dtype = checkFiniteSignal(y, 'y', fn);
  const samples = (y as ArrayLike<number>).length;
  const pad = s.center ? Math.floor(s.frameLength / 2) : 0;
  if (samples + 2 * pad < s.frameLength) {
    throw new DspError('E_SHAPE', `${fn}: y has ${samples} samples, shorter than one frame of frameLength = ${s.frameLength} with center: false; pass a longer signal or center: true`);
  }
  const nFrames = 1 + Math.floor((samples + 2 * pad - s.frameLength) / s.hop);
  return { ...s, dtype, framing: { frameLength: s.frameLength, hop: s.hop, nFrames, start: -pad, padMode: s.padMode, minPeriod: s.minPeriod, maxPeriod: s.maxPeriod } };
}
