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

/** The parameters fixing a variable-Q transform's frames (librosa.vqt names; `gamma` < 0 is librosa's default γ). */
export interface VqtShapeParams {
  sr: number;
  hop: number;
  /** Lowest centre frequency in Hz, tuning applied. */
  fmin: number;
  nBins: number;
  binsPerOctave: number;
  gamma: number;
  filterScale: number;
  window: WindowKind;
  /** kaiser beta, gaussian std, tukey alpha; 0 otherwise. */
  windowParam: number;
}

/** One variable-Q transform call (librosa.vqt). */
export interface VqtKernelParams extends VqtShapeParams {
  /** p of the filters' p-norm: 0 none, Infinity maximum. */
  norm: number;
  sparsity: number;
  /** Divide each bin by √(filter length). */
  scale: boolean;
  padMode: PadMode;
  output: 'complex' | 'magnitude';
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

  // --- NUFFT (@dsp/nufft) ---
  /** A NUFFT plan; its points are set with `setPoints` before `execute`. */
  createNufftPlan(params: NufftKernelParams): KernelNufftPlan;

  // --- Sparse spectral tensors (@dsp/spectral-tensor) -----------------------
  /**
   * Writes to `out`, ascending, the positions of the `k` largest weighted
   * energies w·|v|² of `values` (real, or interleaved complex when `complex`;
   * `weights` one byte per position or null for all 1; weight 0 is never
   * kept; ties go to the lower position). Returns how many were written and
   * the kept and the dropped (eligible, not kept) weighted energies.
   */
  spectralTopK(values: FloatArray, complex: boolean, weights: Uint8Array | null, k: number, out: Uint32Array): SpectralTopKResult;
  /**
   * Direct N-D convolution read out at `offset` (row-major arrays of one rank ≤ 8):
   * out[o] = Σ_j a[o + offset − j]·b[j] over the j with o + offset − j inside `a`.
   */
  convolveDirect(a: FloatArray, aShape: readonly number[], b: FloatArray, bShape: readonly number[], offset: readonly number[], out: FloatArray, outShape: readonly number[], threads: number): void;

  // --- spectral audio features (@dsp/audio-features: cqt, vqt, chroma) ---
  /** Frames `vqt` makes of `signalLength` samples; throws E_INVALID_ARGUMENT when the core refuses the parameters. */
  vqtFrames(signalLength: number, params: VqtShapeParams): number;
  /** Variable-Q transform of `signal` into `output`: vqtFrames rows of nBins values (interleaved complex or magnitudes). */
  vqt(signal: FloatArray, output: FloatArray, params: VqtKernelParams, threads: number): void;
  /** Each frame of `nIn` inputs through `nRows` filters of `nIn` weights (row-major): `output` gets nRows values per frame. */
  applyFilterbank(input: FloatArray, weights: FloatArray, output: FloatArray, nIn: number, nRows: number, threads: number): void;

  // --- audio features: HPSS and pitch (issue 4) ---
  /** librosa.decompose.hpss of `input` into `harmonic` and `percussive` (masked spectrograms, or masks). */
  hpss(input: FloatArray, harmonic: FloatArray, percussive: FloatArray, params: HpssKernelParams, threads: number): void;
  /**
   * librosa.effects.hpss in one call: the STFT of `signal` (real), HPSS of it
   * (masked spectrograms), and the inverse STFT of each part into `harmonic`
   * and `percussive` (equal lengths); `window` has nFft values.
   */
  hpssSignal(signal: FloatArray, window: FloatArray, harmonic: FloatArray, percussive: FloatArray, params: HpssSignalKernelParams, threads: number): void;
  /** librosa.util.softmask of equal-length `x` and `xRef` into `output`. */
  softmask(x: FloatArray, xRef: FloatArray, output: FloatArray, power: number, splitZeros: boolean, threads: number): void;
  /** librosa.yin: f0 of each frame into `output` (nFrames values). */
  yin(signal: FloatArray, output: FloatArray, params: YinKernelParams, threads: number): void;
  /** librosa.pyin: decoded f0 (also where unvoiced), voiced flag (1/0) and voiced probability per frame. */
  pyin(signal: FloatArray, f0: FloatArray, voicedFlag: FloatArray, voicedProb: FloatArray, params: PyinKernelParams, threads: number): void;
}

// --- NUFFT (@dsp/nufft) --------------------------------------------------------

/** FINUFFT's transform types: 1 points → modes, 2 modes → points, 3 points → frequencies. */
export type NufftType = 1 | 2 | 3;
/** Spreading kernel: exponential of semicircle (FINUFFT's) or Kaiser–Bessel. */
export type NufftKernel = 'es' | 'kb';
/** Mode order along each axis: −⌊N/2⌋…⌈N/2⌉−1, or numpy.fft's 0…, then negatives. */
export type NufftModeOrder = 'centered' | 'fft';

/** What a NUFFT plan is made with; numbers of 0 for sigma, halfWidth and kbBeta mean "chosen from eps". */
export interface NufftKernelParams {
  type: NufftType;
  dtype: Dtype;
  /** Mode extents, one per dimension (1–3); type 3 uses only their count. */
  modes: readonly number[];
  isign: 1 | -1;
  eps: number;
  kernel: NufftKernel;
  sigma: number;
  halfWidth: number;
  kbBeta: number;
  modeOrder: NufftModeOrder;
}

/** A NUFFT plan held by a backend. Inputs are validated by @dsp/nufft; the core checks lengths again. */
export interface KernelNufftPlan {
  readonly dtype: Dtype;
  readonly disposed: boolean;
  /**
   * `points`: dim coordinate arrays of `count` values one after the other
   * (x…, y…, z…), in f64 whatever the plan's dtype; type 3 also takes
   * `nTargets` frequencies the same way in `targets`.
   */
  setPoints(points: Float64Array, count: number, targets: Float64Array, nTargets: number): void;
  /** Complex values per vector that `execute` reads and writes (after setPoints). */
  readonly inputLength: number;
  readonly outputLength: number;
  /** Runs `batch` vectors of interleaved complex values; `adjoint` runs the conjugate transpose (reads outputLength, writes inputLength). */
  execute(adjoint: boolean, input: FloatArray, output: FloatArray, batch: number, threads: number): void;
  dispose(): void;
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

/** One hpssSignal call: the STFT's framing, the HPSS options (masked spectrograms, complex), the inverse's frames and offset. */
export interface HpssSignalKernelParams extends Omit<HpssKernelParams, 'complex' | 'nFrames' | 'nBins' | 'masks'> {
  hop: number;
  /** Signal index where STFT frame 0 starts (negative reads the left pad). */
  start: number;
  /** STFT frames. */
  nFrames: number;
  padMode: PadMode;
  /** Frames the inverse reads (≤ nFrames) and where its output starts in the overlap-added signal. */
  istftFrames: number;
  offset: number;
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

/** What `Backend.spectralTopK` kept. */
export interface SpectralTopKResult {
  count: number;
  kept: number;
  dropped: number;
}
