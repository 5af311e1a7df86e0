/**
 * @dsp/audio-features — librosa 0.11-equivalent audio features (camelCase names),
 * frame-major results. Call `await ready()` once first.
 */

export { ready, setBackend, getBackend, initBackend, listBackends, DspError, isDspError } from '@dsp/backend';
export type { Backend, BackendInfo, DspErrorCode, Dtype, FloatArray, PadMode } from '@dsp/backend';
