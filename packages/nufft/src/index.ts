export { createNufftPlan, NufftPlan, NUFFT_EPS_FLOOR } from './plan.js';
export type { NufftPlanOptions, NufftTuning } from './plan.js';
export { nufft1d1, nufft1d2, nufft1d3, nufft2d1, nufft2d2, nufft2d3, nufft3d1, nufft3d2, nufft3d3 } from './simple.js';
export type { NufftCallOptions } from './simple.js';
export { ready, setBackend, getBackend, initBackend, listBackends, DspError, isDspError } from '@dsp/backend';
export type { Backend, BackendInfo, DspErrorCode, Dtype, FloatArray, NufftKernel, NufftModeOrder, NufftType } from '@dsp/backend';
export { createSpectralDivider, fromJSON, SpectralDivider } from './divider.js';
export type { DividerAlgorithm, DividerMetrics, Signal3, SpectralDividerDescriptor } from './divider.js';
