import {
  checkInteger,
  checkOneOf,
  checkOptions,
  checkThreads,
  DspError,
  dtypeOf,
  getBackend,
  type Backend,
  type Dtype,
  type FloatArray,
  type PadMode,
} from '@dsp/backend';

import { checkBoolean, fftWindow, type WindowSpec } from './window.js';

/** The framing options shared by stft, spectrogram and their streams (librosa names). */
export interface FramingOptions {
  /** FFT length per frame (default 2048). */
  nFft?: number;
  /** Samples between frame starts (default ⌊winLength/4⌋, as librosa). */
  hopLength?: number;
  /** Window length, ≤ nFft; the window is zero-padded to nFft in the middle (default nFft). */
  winLength?: number;
  /** Default 'hann' (periodic). */
  window?: WindowSpec;
  /** Pad ⌊nFft/2⌋ samples on both sides so frame t is centred on sample t·hop (default true). */
  center?: boolean;
  /** How `center` pads: 'constant' (zeros, default), 'reflect' or 'edge'. */
  padMode?: PadMode;
  /** The input is interleaved complex IQ [re0, im0, …]: two-sided spectra of nFft bins. */
  complex?: boolean;
  /** Run on this backend instead of the active one ('native' | 'wasm'). */
  backend?: string;
  /** 0 automatic (default: all cores for large inputs), 1 serial, k at most k threads (native only). Results are identical for any value. */
  threads?: number;
}

export const FRAMING_KEYS = ['nFft', 'hopLength', 'winLength', 'window', 'center', 'padMode', 'complex', 'backend', 'threads'] as const;
const PAD_MODES: readonly PadMode[] = ['constant', 'reflect', 'edge'];

/** Validated framing: everything a kernel call needs except the signal. */
export interface Framing {
  backend: Backend;
  threads: number;
  nFft: number;
  hop: number;
  winLength: number;
  windowSpec: unknown;
  center: boolean;
  padMode: PadMode;
  complex: boolean;
  /** Samples padded on each side (⌊nFft/2⌋ when center, else 0). */
  pad: number;
  /** Frequency bins per frame. */
  bins: number;
}

export function parseFraming<O extends FramingOptions>(opts: unknown, fn: string, extra: readonly string[] = []): Framing & { raw: O } {
  const o = checkOptions<O>(opts, [...FRAMING_KEYS, ...extra], fn);
  const nFft = o.nFft === undefined ? 2048 : checkInteger(o.nFft, 'nFft', fn, { min: 1, max: 2 ** 30 });
  const winLength = o.winLength === undefined ? nFft : checkInteger(o.winLength, 'winLength', fn, { min: 1 });
  if (winLength > nFft) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: winLength must be ≤ nFft, got winLength ${winLength} with nFft ${nFft}`);
  }
  let hop: number;
  if (o.hopLength === undefined) {
    hop = Math.floor(winLength / 4);
    if (hop < 1) throw new DspError('E_INVALID_ARGUMENT', `${fn}: hopLength defaults to ⌊winLength/4⌋, which is 0 for winLength ${winLength}; pass hopLength ≥ 1`);
  } else {
    hop = checkInteger(o.hopLength, 'hopLength', fn, { min: 1 });
  }
  const center = o.center === undefined ? true : checkBoolean(o.center, 'center', fn);
  const complex = o.complex === undefined ? false : checkBoolean(o.complex, 'complex', fn);
  const padMode = o.padMode === undefined ? 'constant' : checkOneOf(o.padMode, PAD_MODES, 'padMode', fn);
  return {
    backend: getBackend(o.backend),
    threads: checkThreads(o.threads, fn),
    nFft,
    hop,
    winLength,
    windowSpec: o.window === undefined ? 'hann' : o.window,
    center,
    padMode,
    complex,
    pad: center ? Math.floor(nFft / 2) : 0,
    bins: complex ? nFft : Math.floor(nFft / 2) + 1,
    raw: o,
  };
}

/**
 * The frames of `totalFrames` an inverse STFT reads to make `length` samples
 * (librosa.istft's `length`), and where those samples start in the
 * overlap-added signal (after the ⌊nFft/2⌋ padding when centred).
 */
export function inverseSpan(totalFrames: number, length: number, center: boolean, nFft: number, hop: number): { nFrames: number; offset: number } {
  const half = Math.floor(nFft / 2);
  const padded = center ? length + 2 * half : length;
  return { nFrames: Math.min(totalFrames, Math.ceil(padded / hop)), offset: center ? half : 0 };
}

/** The framing's window for `dtype` (cached for named windows; do not modify). */
export function windowFor(f: Framing, dtype: Dtype, fn: string): FloatArray {
  return fftWindow(f.backend, f.windowSpec, f.winLength, f.nFft, dtype, fn);
}

/** The signal's dtype and length in samples, refusing odd interleaved lengths and empty signals. */
export function signalSamples(y: unknown, complex: boolean, fn: string, name = 'y'): { dtype: Dtype; samples: number } {
  const dtype = dtypeOf(y, name, fn);
  const len = (y as FloatArray).length;
  if (complex && len % 2 !== 0) {
    throw new DspError('E_SHAPE', `${fn}: ${name} is interleaved complex (complex: true) so it needs an even length, got length ${len}`);
  }
  const samples = complex ? len / 2 : len;
  if (samples < 1) throw new DspError('E_SHAPE', `${fn}: ${name} must hold at least 1 sample, got length 0`);
  return { dtype, samples };
}

/** Frames a batch transform of `samples` samples makes (librosa's count), refusing a signal shorter than a frame without center. */
export function frameCount(f: Framing, samples: number, fn: string, name = 'y'): number {
  const padded = samples + 2 * f.pad;
  if (padded < f.nFft) {
    throw new DspError(
      'E_SHAPE',
      `${fn}: ${name} has ${samples} samples, shorter than one frame of nFft = ${f.nFft} with center: false; pass a longer signal, a smaller nFft, or center: true`,
    );
  }
  return 1 + Math.floor((padded - f.nFft) / f.hop);
}
