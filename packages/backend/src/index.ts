export { DspError, isDspError, kernelCall, Status, statusError } from './errors.js';
export type { DspErrorCode } from './errors.js';
export type {
  Backend,
  BackendOption,
  DctType,
  Dtype,
  FftKind,
  FftNorm,
  FloatArray,
  HpssKernelParams,
  HpssSignalKernelParams,
  IstftKernelParams,
  PitchFramingParams,
  PyinKernelParams,
  YinKernelParams,
  KernelFftPlan,
  KernelNufftPlan,
  NufftKernel,
  NufftKernelParams,
  NufftModeOrder,
  NufftType,
  PadMode,
  SpectralTopKResult,
  StftKernelParams,
  StftOutputKind,
  VqtKernelParams,
  VqtShapeParams,
  WindowKind,
} from './types.js';
export { getBackend, initBackend, listBackends, ready, registerBackend, removeBackend, setBackend } from './registry.js';
export type { BackendFactory, BackendInfo, BackendState } from './registry.js';
export {
  allocate,
  checkAxes,
  checkFinite,
  checkInteger,
  checkOneOf,
  checkOptions,
  checkSameDtype,
  checkShape,
  checkThreads,
  describeValue,
  dtypeOf,
  isFloatArray,
  outputArray,
  overlaps,
} from './checks.js';
export type { IntegerRange } from './checks.js';
export { disposalRegistry } from './disposal.js';
export { seededGaussian, seededRandom } from './random.js';
export {
  ABI_VERSION,
  DTYPE_CODES,
  FFT_KIND_CODES,
  NORM_CODES,
  NUFFT_KERNEL_CODES,
  NUFFT_MODE_ORDER_CODES,
  PAD_MODE_CODES,
  STFT_OUTPUT_CODES,
  WINDOW_CODES,
  abiCode,
} from './abi.js';
