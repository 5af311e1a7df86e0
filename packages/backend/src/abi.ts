// The enumerations of the core's C ABI (native/dsp-capi/include/dsp_core.h),
// shared by both backends so the two cannot drift apart.
import { DspError } from './errors.js';
import type { Dtype, FftKind, FftNorm, NufftKernel, NufftModeOrder, PadMode, StftOutputKind, WindowKind } from './types.js';

/** The ABI version both loaders require of `dsp_abi_version()`. */
export const ABI_VERSION = 4;

export const FFT_KIND_CODES: Readonly<Record<FftKind, number>> = { c2c: 0, r2c: 1 };
export const DTYPE_CODES: Readonly<Record<Dtype, number>> = { f32: 0, f64: 1 };
export const NORM_CODES: Readonly<Record<FftNorm, number>> = { backward: 0, ortho: 1, forward: 2 };
export const WINDOW_CODES: Readonly<Record<WindowKind, number>> = {
  boxcar: 0,
  hann: 1,
  hamming: 2,
  blackman: 3,
  blackmanharris: 4,
  nuttall: 5,
  flattop: 6,
  bartlett: 7,
  triang: 8,
  kaiser: 9,
  gaussian: 10,
  tukey: 11,
  cosine: 12,
};
export const PAD_MODE_CODES: Readonly<Record<PadMode, number>> = { constant: 0, reflect: 1, edge: 2 };
export const STFT_OUTPUT_CODES: Readonly<Record<StftOutputKind, number>> = { complex: 0, magnitude: 1, power: 2 };
export const NUFFT_KERNEL_CODES: Readonly<Record<NufftKernel, number>> = { es: 0, kb: 1 };
export const NUFFT_MODE_ORDER_CODES: Readonly<Record<NufftModeOrder, number>> = { centered: 0, fft: 1 };

/** The ABI code of `value`, or E_INVALID_ARGUMENT naming `name` and the accepted values. */
export function abiCode<K extends string>(codes: Readonly<Record<K, number>>, value: K, name: string, what: string): number {
  const code = Object.prototype.hasOwnProperty.call(codes, value) ? codes[value] : undefined;
  if (code === undefined) {
    throw new DspError(
      'E_INVALID_ARGUMENT',
      `${what}: ${name} must be one of ${Object.keys(codes).map((k) => `"${k}"`).join(', ')}, got ${String(value)}`,
    );
  }
  return code;
}
