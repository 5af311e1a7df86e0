/** Sample precision; follows the input array (Float32Array → f32, Float64Array → f64). */
export type Dtype = 'f32' | 'f64';
export type FloatArray = Float32Array | Float64Array;
/** Complex-to-complex, or real input to its n/2+1 half spectrum. */
export type FftKind = 'c2c' | 'r2c';
/** numpy / scipy.fft normalisation names. */
export type FftNorm = 'backward' | 'ortho' | 'forward';
export type DctType = 1 | 2 | 3 | 4;
/** Windows the core computes (scipy.signal.windows definitions). */
export type WindowKind =
  | 'boxcar'
  | 'hann'
  | 'hamming'
  | 'blackman'
  | 'blackmanharris'
  | 'nuttall'
  | 'flattop'
  | 'bartlett'
  | 'triang'
  | 'kaiser'
  | 'gaussian'
  | 'tukey'
  | 'cosine';
/** How a frame reads past the signal's ends (numpy.pad modes). */
export type PadMode = 'constant' | 'reflect' | 'edge';
/** What an STFT row holds: interleaved complex bins, |X|·scale or |X|²·scale. */
export type StftOutputKind = 'complex' | 'magnitude' | 'power';

/** One forward STFT call: frame f reads nFft samples from signal index start + f·hop of the virtually padded signal. */
export interface StftKernelParams {
  /** Interleaved complex input (nFft bins per frame) instead of real (nFft/2 + 1 bins). */
  complex: boolean;
  nFft: number;
  hop: number;
  /** Signal index (in samples) where frame 0 starts; negative reads the left pad. */
  start: number;
  nFrames: number;
  padMode: PadMode;
  output: StftOutputKind;
  /** Centre DC of a two-sided spectrum (fftshift per frame); complex input only. */
  shift: boolean;
  /** Factor on magnitude and power outputs. */
  scale: number;
}

/** One inverse STFT call (librosa.istft): `out` holds samples from `offset` of the overlap-added signal. */
export interface IstftKernelParams {
  nFft: number;
  hop: number;
  nFrames: number;
  offset: number;
}

/**
 * A kernel-level 1-D FFT plan held by a backend. Lengths are validated by
 * the caller; the backend checks them again in the core.
 */
export interface KernelFftPlan {
  readonly kind: FftKind;
  readonly dtype: Dtype;
  readonly n: number;
  readonly disposed: boolean;
  /**
   * Transforms `batch` contiguous rows of `input` into `output`, multiplied
   * by `scale`. Rows: c2c 2n scalars both ways; r2c forward n → 2(⌊n/2⌋+1), inverse 2(⌊n/2⌋+1) → n.
   * A c2c plan may run in place (`input === output`).
   */
  execute(inverse: boolean, input: FloatArray, output: FloatArray, batch: number, scale: number, threads: number): void;
  dispose(): void;
}

/**
 * What every backend implements: synchronous kernels over plain typed arrays.
 * `threads`: 0 automatic, 1 serial, k at most k threads (ignored where there are none).
 */
export interface Backend {
  readonly name: string;
  /** The core's `dsp_abi_version()`. */
  readonly abiVersion: number;
  /** Threads an automatic (`threads = 0`) call may use. */
  readonly maxThreads: number;

  createFftPlan(kind: FftKind, dtype: Dtype, n: number): KernelFftPlan;
  /** N-D complex FFT of interleaved `input` (`shape` complex elements) along `axes`; `input === output` runs in place. */
  fftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], inverse: boolean, scale: number, threads: number): void;
  /** N-D real FFT; `shape` is the real input's; the last of `axes` gets the half spectrum. */
  rfftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], scale: number, threads: number): void;
  /** Inverse of `rfftn`; `shape` is the real output's. */
  irfftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], scale: number, threads: number): void;
  /** N-D DCT (scipy.fft definitions) along `axes`; `input === output` runs in place. */
  dctn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], type: DctType, norm: FftNorm, inverse: boolean, threads: number): void;
  /** Writes the `output.length`-point window `kind` (computed in f64); `param`: kaiser beta, gaussian std, tukey alpha. */
  window(kind: WindowKind, periodic: boolean, param: number, output: FloatArray): void;
  /** Forward STFT of `signal` times `window` (nFft values) into `output` (nFrames rows), one dtype throughout. */
  stft(signal: FloatArray, window: FloatArray, output: FloatArray, params: StftKernelParams, threads: number): void;
  /** Inverse STFT of nFrames rows of nFft/2 + 1 complex bins into `output`. */
  istft(spectrum: FloatArray, window: FloatArray, output: FloatArray, params: IstftKernelParams, threads: number): void;

  // --- audio features: HPSS and pitch (issue 4) ---
  /** librosa.decompose.hpss of `input` into `harmonic` and `percussive` (masked spectrograms, or masks). */
  hpss(input: FloatArray, harmonic: FloatArray, percussive: FloatArray, params: HpssKernelParams, threads: number): void;
  /** librosa.util.softmask of equal-length `x` and `xRef` into `output`. */
  softmask(x: FloatArray, xRef: FloatArray, output: FloatArray, power: number, splitZeros: boolean, threads: number): void;
  /** librosa.yin: f0 of each frame into `output` (nFrames values). */
  yin(signal: FloatArray, output: FloatArray, params: YinKernelParams, threads: number): void;
  /** librosa.pyin: decoded f0 (also where unvoiced), voiced flag (1/0) and voiced probability per frame. */
  pyin(signal: FloatArray, f0: FloatArray, voicedFlag: FloatArray, voicedProb: FloatArray, params: PyinKernelParams, threads: number): void;
}

// --- audio features: HPSS and pitch (issue 4) ---------------------------------

/** One librosa.decompose.hpss call on nFrames rows of nBins (frame-major). */
export interface HpssKernelParams {
  /** Interleaved complex input (2·nFrames·nBins scalars) instead of magnitudes. */
  complex: boolean;
  nFrames: number;
  nBins: number;
  /** Median window along time (harmonic) and along frequency (percussive). */
  kernelHarmonic: number;
  kernelPercussive: number;
  /** Soft-mask exponent (> 0; Infinity gives hard masks). */
  power: number;
  marginHarmonic: number;
  marginPercussive: number;
  /** Write the masks (nFrames·nBins reals) instead of the masked spectrograms. */
  masks: boolean;
}

/** How the pitch trackers frame a signal: frame t reads frameLength samples from start + t·hop of the padded signal. */
export interface PitchFramingParams {
  frameLength: number;
  hop: number;
  nFrames: number;
  start: number;
  padMode: PadMode;
  /** Periods searched, in samples: ⌊sr/fmax⌋ … min(⌈sr/fmin⌉, frameLength − 1). */
  minPeriod: number;
  maxPeriod: number;
}

export interface YinKernelParams extends PitchFramingParams {
  sr: number;
  troughThreshold: number;
}

export interface PyinKernelParams extends PitchFramingParams {
  sr: number;
  fmin: number;
  nThresholds: number;
  betaA: number;
  betaB: number;
  boltzmann: number;
  binsPerSemitone: number;
  nPitchBins: number;
  transitionWidth: number;
  switchProb: number;
  noTroughProb: number;
}

/** Options every public kernel call accepts. */
export interface BackendOption {
  /** Run this call on a named backend (it must be initialised: `await ready()` or `await initBackend(name)`). */
  backend?: string;
}
