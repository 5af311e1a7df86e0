import { allocate, checkOptions, dtypeOf, kernelCall, type FloatArray } from '@dsp/backend';
import { roundTripFraming, type FramingOptions } from '@dsp/stft';

import { HPSS_KEYS, parseHpss, type HpssOptions } from './hpss.js';
import { checkFiniteSignal } from './validate.js';

/** HPSS options and the STFT's (librosa.effects.hpss's defaults: nFft 2048, hop winLength/4, hann, centred, constant padding). */
export interface HpssSignalOptions extends Omit<HpssOptions, 'mask'>, Pick<FramingOptions, 'nFft' | 'hopLength' | 'winLength' | 'window' | 'center' | 'padMode'> {}

/**
 * Harmonic and percussive signals, equal to `librosa.effects.hpss`: stft →
 * hpss → istft of each part, each as long as `y`. One kernel call runs all
 * three, the same kernels `stft`, `hpss` and `istft` run (the same bits),
 * without handing the spectrograms back and forth.
 */
export function hpssSignal<T extends FloatArray>(y: T, opts?: HpssSignalOptions): { harmonic: T; percussive: T };
export function hpssSignal(y: FloatArray, opts?: HpssSignalOptions): { harmonic: FloatArray; percussive: FloatArray } {
  const fn = 'hpssSignal';
  const keys = [...HPSS_KEYS.filter((k) => k !== 'mask'), 'nFft', 'hopLength', 'winLength', 'window', 'center', 'padMode'];
  const o = checkOptions<HpssSignalOptions>(opts, keys, fn);
  checkFiniteSignal(y, 'y', fn);
  const { kernelSize, power, margin, backend, threads, nFft, hopLength, winLength, window, center, padMode } = o;
  const { masks: _masks, ...settings } = parseHpss({ kernelSize, power, margin }, fn);
  const f = roundTripFraming(y, { nFft, hopLength, winLength, window, center, padMode, backend, threads }, fn);
  const dtype = dtypeOf(y, 'y', fn);
  const harmonic = allocate(dtype, y.length, fn);
  const percussive = allocate(dtype, y.length, fn);
  const params = { hop: f.hop, start: f.start, nFrames: f.nFrames, padMode: f.padMode, istftFrames: f.istftFrames, offset: f.offset, ...settings };
  kernelCall(fn, 'y', () => f.backend.hpssSignal(y, f.window, harmonic, percussive, params, f.threads));
  return { harmonic, percussive };
}
