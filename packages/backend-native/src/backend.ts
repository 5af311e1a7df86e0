// The Backend interface over the addon. Inputs arrive validated by the
// domain packages; these methods pass typed arrays straight to the core and
// turn its status codes into DspErrors.
import {
  abiCode,
  DTYPE_CODES,
  DspError,
  FFT_KIND_CODES,
  NORM_CODES,
  NUFFT_KERNEL_CODES,
  NUFFT_MODE_ORDER_CODES,
  PAD_MODE_CODES,
  STFT_OUTPUT_CODES,
  WINDOW_CODES,
  disposalRegistry,
  statusError,
  type Backend,
  type DctType,
  type Dtype,
  type FftKind,
  type FftNorm,
  type FloatArray,
  type HpssKernelParams,
  type HpssSignalKernelParams,
  type IstftKernelParams,
  type PyinKernelParams,
  type YinKernelParams,
  type KernelFftPlan,
  type KernelNufftPlan,
  type NufftKernelParams,
  type SpectralTopKResult,
  type StftKernelParams,
  type VqtKernelParams,
  type VqtShapeParams,
  type WindowKind,
} from '@dsp/backend';
import type { NativeAddon, NufftHandle, PlanHandle } from './addon.js';

function coreFailure(addon: NativeAddon, status: number, what: string): DspError {
  return statusError(status, addon.lastError(), what);
}


class NativeFftPlan implements KernelFftPlan {
  readonly kind: FftKind;
  readonly dtype: Dtype;
  readonly n: number;
  readonly #addon: NativeAddon;
  readonly #registry: FinalizationRegistry<number | bigint | object> | undefined;
  #handle: PlanHandle | undefined;

  constructor(addon: NativeAddon, registry: FinalizationRegistry<number | bigint | object> | undefined, handle: PlanHandle, kind: FftKind, dtype: Dtype, n: number) {
    this.#addon = addon;
    this.#registry = registry;
    this.#handle = handle;
    this.kind = kind;
    this.dtype = dtype;
    this.n = n;
    // The plan itself is the unregister token: dispose() takes it back out.
    registry?.register(this, handle, this);
  }

  get disposed(): boolean {
    return this.#handle === undefined;
  }

  execute(inverse: boolean, input: FloatArray, output: FloatArray, batch: number, scale: number, threads: number): void {
    const handle = this.#handle;
    if (handle === undefined) {
      throw new DspError('E_DISPOSED', `FftPlan.execute: this ${this.kind} ${this.dtype} plan of n = ${this.n} was disposed; create a new plan`);
    }
    const status = this.#addon.planExecute(handle, inverse, input, output, batch, scale, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'FftPlan.execute');
  }

  dispose(): void {
    const handle = this.#handle;
    if (handle === undefined) return;
    this.#handle = undefined;
    this.#registry?.unregister(this);
    this.#addon.planFree(handle);
  }
}

class NativeNufftPlan implements KernelNufftPlan {
  readonly dtype: Dtype;
  readonly #addon: NativeAddon;
  readonly #registry: FinalizationRegistry<number | bigint | object> | undefined;
  #handle: NufftHandle | undefined;

  constructor(addon: NativeAddon, registry: FinalizationRegistry<number | bigint | object> | undefined, handle: NufftHandle, dtype: Dtype) {
    this.#addon = addon;
    this.#registry = registry;
    this.#handle = handle;
    this.dtype = dtype;
    registry?.register(this, handle, this);
  }

  get disposed(): boolean {
    return this.#handle === undefined;
  }

  #live(what: string): NufftHandle {
    if (this.#handle === undefined) throw new DspError('E_DISPOSED', `${what}: this NUFFT plan was disposed; create a new plan`);
    return this.#handle;
  }

  get inputLength(): number {
    return this.#handle === undefined ? 0 : this.#addon.nufftLength(this.#handle, 0);
  }

  get outputLength(): number {
    return this.#handle === undefined ? 0 : this.#addon.nufftLength(this.#handle, 1);
  }

  setPoints(points: Float64Array, count: number, targets: Float64Array, nTargets: number): void {
    const status = this.#addon.nufftSetPoints(this.#live('NufftPlan.setPoints'), points, count, targets, nTargets);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'NufftPlan.setPoints');
  }

  execute(adjoint: boolean, input: FloatArray, output: FloatArray, batch: number, threads: number): void {
    const what = adjoint ? 'NufftPlan.adjoint' : 'NufftPlan.execute';
    const status = this.#addon.nufftExecute(this.#live(what), adjoint, input, output, batch, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, what);
  }

  dispose(): void {
    const handle = this.#handle;
    if (handle === undefined) return;
    this.#handle = undefined;
    this.#registry?.unregister(this);
    this.#addon.nufftPlanFree(handle);
  }
}

export class NativeBackend implements Backend {
  readonly name = 'native';
  readonly abiVersion: number;
  readonly maxThreads: number;
  readonly #addon: NativeAddon;
  // Frees the core's memory for plans collected without dispose(). The
  // addon's own finalizer would too, later; this one does not wait for the
  // handle to be collected as well.
  readonly #plans: FinalizationRegistry<number | bigint | object> | undefined;
  readonly #nufftPlans: FinalizationRegistry<number | bigint | object> | undefined;

  constructor(addon: NativeAddon) {
    this.#addon = addon;
    this.abiVersion = addon.abiVersion();
    this.maxThreads = addon.availableThreads();
    this.#plans = disposalRegistry((handle) => addon.planFree(handle as PlanHandle));
    this.#nufftPlans = disposalRegistry((handle) => addon.nufftPlanFree(handle as NufftHandle));
  }

  createFftPlan(kind: FftKind, dtype: Dtype, n: number): KernelFftPlan {
    const what = 'createFftPlan';
    const result = this.#addon.planNew(abiCode(FFT_KIND_CODES, kind, 'kind', what), abiCode(DTYPE_CODES, dtype, 'dtype', what), n);
    if (typeof result === 'number') throw coreFailure(this.#addon, result, what);
    return new NativeFftPlan(this.#addon, this.#plans, result, kind, dtype, n);
  }

  fftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], inverse: boolean, scale: number, threads: number): void {
    const status = this.#addon.fftn(input, output, shape, axes, inverse, scale, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'fftn');
  }

  rfftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], scale: number, threads: number): void {
    const status = this.#addon.rfftn(input, output, shape, axes, scale, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'rfftn');
  }

  irfftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], scale: number, threads: number): void {
    const status = this.#addon.irfftn(input, output, shape, axes, scale, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'irfftn');
  }

  dctn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], type: DctType, norm: FftNorm, inverse: boolean, threads: number): void {
    const status = this.#addon.dctn(input, output, shape, axes, type, abiCode(NORM_CODES, norm, 'norm', 'dctn'), inverse, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'dctn');
  }

  window(kind: WindowKind, periodic: boolean, param: number, output: FloatArray): void {
    const status = this.#addon.window(output, abiCode(WINDOW_CODES, kind, 'kind', 'window'), periodic, param);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'window');
  }

  stft(signal: FloatArray, window: FloatArray, output: FloatArray, p: StftKernelParams, threads: number): void {
    const pad = abiCode(PAD_MODE_CODES, p.padMode, 'padMode', 'stft');
    const kind = abiCode(STFT_OUTPUT_CODES, p.output, 'output', 'stft');
    const status = this.#addon.stft(signal, window, output, p.complex, p.start, p.nFrames, pad, p.nFft, p.hop, kind, p.shift, p.scale, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'stft');
  }

  istft(spectrum: FloatArray, window: FloatArray, output: FloatArray, p: IstftKernelParams, threads: number): void {
    const status = this.#addon.istft(spectrum, window, output, p.nFrames, p.nFft, p.hop, p.offset, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'istft');
  }

  // --- NUFFT (@dsp/nufft) ---
  createNufftPlan(p: NufftKernelParams): KernelNufftPlan {
    const what = 'createNufftPlan';
    const result = this.#addon.nufftPlanNew(
      abiCode(DTYPE_CODES, p.dtype, 'dtype', what),
      p.type,
      p.modes,
      p.isign,
      p.eps,
      abiCode(NUFFT_KERNEL_CODES, p.kernel, 'kernel', what),
      p.sigma,
      p.halfWidth,
      p.kbBeta,
      abiCode(NUFFT_MODE_ORDER_CODES, p.modeOrder, 'modeOrder', what),
    );
    if (typeof result === 'number') throw coreFailure(this.#addon, result, what);
    return new NativeNufftPlan(this.#addon, this.#nufftPlans, result, p.dtype);
  }

  // --- Sparse spectral tensors ------------------------------------------------

  spectralTopK(values: FloatArray, complex: boolean, weights: Uint8Array | null, k: number, out: Uint32Array): SpectralTopKResult {
    const result = new Float64Array(3);
    const status = this.#addon.spectralTopK(values, complex, weights, k, out, result);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'spectralTopK');
    return { count: result[0]!, kept: result[1]!, dropped: result[2]! };
  }

  convolveDirect(a: FloatArray, aShape: readonly number[], b: FloatArray, bShape: readonly number[], offset: readonly number[], out: FloatArray, outShape: readonly number[], threads: number): void {
    const status = this.#addon.convolveDirect(a, aShape, b, bShape, offset, out, outShape, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'convolveDirect');
  }

  // --- spectral audio features (@dsp/audio-features: cqt, vqt, chroma) ---

  vqtFrames(signalLength: number, p: VqtShapeParams): number {
    const frames = this.#addon.vqtFrames(signalLength, p.sr, p.hop, p.fmin, p.nBins, p.binsPerOctave, p.gamma, p.filterScale, abiCode(WINDOW_CODES, p.window, 'window', 'vqt'), p.windowParam);
    if (frames === 0) throw coreFailure(this.#addon, 1, 'vqt');
    return frames;
  }

  vqt(signal: FloatArray, output: FloatArray, p: VqtKernelParams, threads: number): void {
    const status = this.#addon.vqt(
      signal,
      output,
      p.sr,
      p.hop,
      p.fmin,
      p.nBins,
      p.binsPerOctave,
      p.gamma,
      p.filterScale,
      abiCode(WINDOW_CODES, p.window, 'window', 'vqt'),
      p.windowParam,
      p.norm,
      p.sparsity,
      p.scale,
      abiCode(PAD_MODE_CODES, p.padMode, 'padMode', 'vqt'),
      p.output === 'complex' ? 0 : 1,
      threads,
    );
    if (status !== undefined) throw coreFailure(this.#addon, status, 'vqt');
  }

  applyFilterbank(input: FloatArray, weights: FloatArray, output: FloatArray, nIn: number, nRows: number, threads: number): void {
    const status = this.#addon.filterbankApply(input, weights, output, nIn, nRows, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'applyFilterbank');
  }

  // --- audio features: HPSS and pitch (issue 4) ---

  hpss(input: FloatArray, harmonic: FloatArray, percussive: FloatArray, p: HpssKernelParams, threads: number): void {
    const status = this.#addon.hpss(input, harmonic, percussive, p.complex, p.nFrames, p.nBins, p.kernelHarmonic, p.kernelPercussive, p.power, p.marginHarmonic, p.marginPercussive, p.masks, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'hpss');
  }

  hpssSignal(signal: FloatArray, window: FloatArray, harmonic: FloatArray, percussive: FloatArray, p: HpssSignalKernelParams, threads: number): void {
    const pad = abiCode(PAD_MODE_CODES, p.padMode, 'padMode', 'hpssSignal');
    const status = this.#addon.hpssSignal(
      signal, window, harmonic, percussive, p.start, p.nFrames, pad, p.hop, p.istftFrames, p.offset,
      p.kernelHarmonic, p.kernelPercussive, p.power, p.marginHarmonic, p.marginPercussive, threads,
    );
    if (status !== undefined) throw coreFailure(this.#addon, status, 'hpssSignal');
  }

  softmask(x: FloatArray, xRef: FloatArray, output: FloatArray, power: number, splitZeros: boolean, threads: number): void {
    const status = this.#addon.softmask(x, xRef, output, power, splitZeros, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'softmask');
  }

  yin(signal: FloatArray, output: FloatArray, p: YinKernelParams, threads: number): void {
    const pad = abiCode(PAD_MODE_CODES, p.padMode, 'padMode', 'yin');
    const status = this.#addon.yin(signal, output, p.frameLength, p.hop, p.nFrames, p.start, pad, p.minPeriod, p.maxPeriod, p.sr, p.troughThreshold, threads);
    if (status !== undefined) throw coreFailure(this.#addon, status, 'yin');
  }

  pyin(signal: FloatArray, f0: FloatArray, voicedFlag: FloatArray, voicedProb: FloatArray, p: PyinKernelParams, threads: number): void {
    const pad = abiCode(PAD_MODE_CODES, p.padMode, 'padMode', 'pyin');
    const status = this.#addon.pyin(
      signal, f0, voicedFlag, voicedProb, p.frameLength, p.hop, p.nFrames, p.start, pad, p.minPeriod, p.maxPeriod,
      p.sr, p.fmin, p.nThresholds, p.betaA, p.betaB, p.boltzmann, p.binsPerSemitone, p.nPitchBins, p.transitionWidth, p.switchProb, p.noTroughProb, threads,
    );
    if (status !== undefined) throw coreFailure(this.#addon, status, 'pyin');
  }
}
