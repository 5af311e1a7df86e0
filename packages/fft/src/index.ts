/**
 * @dsp/fft — FFTs of any size: complex and real, f32/f64, N-D, DCT, planned
 * and batched, with numpy/scipy semantics. Call `await ready()` once first.
 */
export { fft, ifft } from './complex.js';
export { rfft, irfft } from './real.js';
export { fftn, ifftn, rfftn, irfftn, halfSpectrumShape } from './nd.js';
export type { NdOptions } from './nd.js';
export { dct, idct, dctn, idctn } from './dct.js';
export type { DctOptions, DctnOptions } from './dct.js';
export { createFftPlan } from './plan.js';
export type { FftPlan, FftPlanOptions } from './plan.js';
export { fftfreq, rfftfreq, fftshift, ifftshift, magnitude, power, phase, binFrequency } from './helpers.js';
export type { ShiftOptions } from './helpers.js';
export type { TransformOptions } from './options.js';

export {
  ready,
  setBackend,
  getBackend,
  initBackend,
  listBackends,
  DspError,
  isDspError,
} from '@dsp/backend';
export type { Backend, BackendInfo, DctType, DspErrorCode, Dtype, FftKind, FftNorm, FloatArray } from '@dsp/backend';
