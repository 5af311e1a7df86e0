/**
 * @dsp/stft — windows, STFT/ISTFT and spectrograms with librosa/scipy
 * semantics, frame-major, streaming bit for bit. Call `await ready()` once first.
 */
export { getWindow, WINDOW_NAMES } from './window.js';
export type { WindowName, WindowOptions, WindowSpec } from './window.js';
export { stft, istft } from './stft.js';
export type { Frames, IstftOptions, StftOptions } from './stft.js';
export type { FramingOptions } from './options.js';
export { spectrogram } from './spectrogram.js';
export type { SpectrogramOptions } from './spectrogram.js';
export { powerToDb, amplitudeToDb } from './db.js';
export type { DbOptions } from './db.js';
export { createStftStream, createSpectrogramStream } from './stream.js';
export type { FrameStream } from './stream.js';
export { createIstftStream } from './istft-stream.js';
// For packages whose kernels run an STFT and its inverse in one call (hpssSignal).
export { roundTripFraming } from './round-trip.js';
export type { RoundTripFraming } from './round-trip.js';
export type { IstftStream, IstftStreamOptions } from './istft-stream.js';

export { ready, setBackend, getBackend, initBackend, listBackends, DspError, isDspError } from '@dsp/backend';
export type { Backend, BackendInfo, DspErrorCode, Dtype, FloatArray, PadMode } from '@dsp/backend';
