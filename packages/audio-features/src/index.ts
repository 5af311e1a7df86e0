/**
 * @dsp/audio-features — librosa 0.11-equivalent audio features (camelCase names),
 * frame-major results. Call `await ready()` once first.
 */

export { ready, setBackend, getBackend, initBackend, listBackends, DspError, isDspError } from '@dsp/backend';
export type { Backend, BackendInfo, DspErrorCode, Dtype, FloatArray, PadMode } from '@dsp/backend';
export { melFilterbank, melSpectrogram, melFrequencies, hzToMel, melToHz } from './mel.js';
export type { MelOptions, MelSpectrogramOptions } from './mel.js';
export { mfcc } from './mfcc.js';
export type { MfccOptions } from './mfcc.js';
export { estimateTuning } from './tuning.js';
export type { EstimateTuningOptions } from './tuning.js';
export { cqt, vqt, C1_HZ } from './cqt.js';
export type { CqtOptions, VqtOptions } from './cqt.js';
export { chromaStft, chromaCqt } from './chroma.js';
export type { ChromaStftOptions, ChromaCqtOptions } from './chroma.js';
export { powerToDb } from '@dsp/stft';
export type { Frames } from '@dsp/stft';
export { hpss } from './hpss.js';
export type { HpssOptions, HpssResult } from './hpss.js';
export { hpssSignal } from './hpss-signal.js';
export type { HpssSignalOptions } from './hpss-signal.js';
export { softmask } from './softmask.js';
export type { SoftmaskOptions } from './softmask.js';
export { yin } from './yin.js';
export type { YinOptions } from './yin.js';
export { pyin } from './pyin.js';
export type { PyinOptions, PyinResult } from './pyin.js';
export type { PitchOptions } from './pitch-options.js';
export { createYinStream } from './yin-stream.js';
export type { YinStream } from './yin-stream.js';
export { createHpssStream } from './hpss-stream.js';
export type { HpssStream } from './hpss-stream.js';
