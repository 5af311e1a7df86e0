// Finds and loads build/Release/dsp_native.node, and explains, sharp-style,
// every reason it could not be loaded together with what to do about it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ABI_VERSION, DspError, type FloatArray } from '@dsp/backend';

/** The core ABI this loader speaks (`DSP_ABI_VERSION` in native/dsp-capi/include/dsp_core.h). */
export const EXPECTED_ABI_VERSION = ABI_VERSION;

/** An FFT plan as the addon hands it out: an opaque External. */
export type PlanHandle = object & { readonly __dspFftPlan: unique symbol };
/** A NUFFT plan as the addon hands it out (src/nufft.cc). */
export type NufftHandle = object & { readonly __dspNufftPlan: unique symbol };

/**
 * The addon's exports (src/addon.cc). Kernel calls return undefined on
 * success and the core's status code on failure (making no JavaScript value
 * on the hot path); `lastError()` explains the latest failure.
 */
export interface NativeAddon {
  abiVersion(): number;
  availableThreads(): number;
  lastError(): string;
  /** A plan handle, or a status code when the core refuses. */
  planNew(kind: number, dtype: number, n: number): PlanHandle | number;
  planFree(handle: PlanHandle): void;
  planExecute(handle: PlanHandle, inverse: boolean, input: FloatArray, output: FloatArray, batch: number, scale: number, threads: number): number | undefined;
  fftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], inverse: boolean, scale: number, threads: number): number | undefined;
  rfftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], scale: number, threads: number): number | undefined;
  irfftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], scale: number, threads: number): number | undefined;
  dctn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], type: number, norm: number, inverse: boolean, threads: number): number | undefined;
  window(output: FloatArray, kind: number, periodic: boolean, param: number): number | undefined;
  stft(
    signal: FloatArray,
    window: FloatArray,
    output: FloatArray,
    complex: boolean,
    start: number,
    nFrames: number,
    padMode: number,
    nFft: number,
    hop: number,
    outputKind: number,
    shift: boolean,
    scale: number,
    threads: number,
  ): number | undefined;
  istft(spectrum: FloatArray, window: FloatArray, output: FloatArray, nFrames: number, nFft: number, hop: number, offset: number, threads: number): number | undefined;
  // NUFFT (src/nufft.cc)
  nufftPlanNew(
    dtype: number,
    type: number,
    modes: readonly number[],
    isign: number,
    eps: number,
    kernel: number,
    sigma: number,
    halfWidth: number,
    kbBeta: number,
    modeOrder: number,
  ): NufftHandle | number;
  nufftPlanFree(handle: NufftHandle): void;
  nufftSetPoints(handle: NufftHandle, points: Float64Array, count: number, targets: Float64Array, nTargets: number): number | undefined;
  /** Complex values per vector read (which = 0) or written (1) by nufftExecute. */
  nufftLength(handle: NufftHandle, which: number): number;
  nufftExecute(handle: NufftHandle, adjoint: boolean, input: FloatArray, output: FloatArray, batch: number, threads: number): number | undefined;
  // Sparse spectral tensors (src/spectral.cc); `result` receives [count, kept, dropped].
  spectralTopK(values: FloatArray, complex: boolean, weights: Uint8Array | null, k: number, out: Uint32Array, result: Float64Array): number | undefined;
  convolveDirect(a: FloatArray, aShape: readonly number[], b: FloatArray, bShape: readonly number[], offset: readonly number[], out: FloatArray, outShape: readonly number[], threads: number): number | undefined;

  /** The frame count, or 0 when the core refuses the parameters. */
  vqtFrames(signalLength: number, sr: number, hop: number, fmin: number, nBins: number, binsPerOctave: number, gamma: number, filterScale: number, window: number, windowParam: number): number;
  vqt(
    signal: FloatArray,
    output: FloatArray,
    sr: number,
    hop: number,
    fmin: number,
    nBins: number,
    binsPerOctave: number,
    gamma: number,
    filterScale: number,
    window: number,
    windowParam: number,
    norm: number,
    sparsity: number,
    scale: boolean,
    padMode: number,
    outputKind: number,
    threads: number,
  ): number | undefined;
  filterbankApply(input: FloatArray, weights: FloatArray, output: FloatArray, nIn: number, nRows: number, threads: number): number | undefined;

  // --- audio features: HPSS and pitch (src/features_hpss_pitch.cc) ---
  hpss(
    input: FloatArray,
    harmonic: FloatArray,
    percussive: FloatArray,
    complex: boolean,
    nFrames: number,
    nBins: number,
    kernelHarmonic: number,
    kernelPercussive: number,
    power: number,
    marginHarmonic: number,
    marginPercussive: number,
    masks: boolean,
    threads: number,
  ): number | undefined;
  hpssSignal(
    signal: FloatArray,
    window: FloatArray,
    harmonic: FloatArray,
    percussive: FloatArray,
    start: number,
    nFrames: number,
    padMode: number,
    hop: number,
    istftFrames: number,
    offset: number,
    kernelHarmonic: number,
    kernelPercussive: number,
    power: number,
    marginHarmonic: number,
    marginPercussive: number,
    threads: number,
  ): number | undefined;
  softmask(x: FloatArray, xRef: FloatArray, output: FloatArray, power: number, splitZeros: boolean, threads: number): number | undefined;
  yin(
    signal: FloatArray,
    output: FloatArray,
    frameLength: number,
    hop: number,
    nFrames: number,
    start: number,
    padMode: number,
    minPeriod: number,
    maxPeriod: number,
    sr: number,
    troughThreshold: number,
    threads: number,
  ): number | undefined;
  pyin(
    signal: FloatArray,
    f0: FloatArray,
    voicedFlag: FloatArray,
    voicedProb: FloatArray,
    frameLength: number,
    hop: number,
    nFrames: number,
    start: number,
    padMode: number,
    minPeriod: number,
    maxPeriod: number,
    sr: number,
    fmin: number,
    nThresholds: number,
    betaA: number,
    betaB: number,
    boltzmann: number,
    binsPerSemitone: number,
    nPitchBins: number,
    transitionWidth: number,
    switchProb: number,
    noTroughProb: number,
    threads: number,
  ): number | undefined;
}

/**
 * Where the build puts the addon. This file sits one folder below the
 * package root both as source (src/) and bundled (dist/).
 */
export const defaultAddonPath = fileURLToPath(new URL('../build/Release/dsp_native.node', import.meta.url));

const ADDON_FUNCTIONS = ['abiVersion', 'availableThreads', 'lastError', 'planNew', 'planFree', 'planExecute', 'fftn', 'rfftn', 'irfftn', 'dctn', 'window', 'stft', 'istft', 'nufftPlanNew', 'nufftPlanFree', 'nufftSetPoints', 'nufftLength', 'nufftExecute', 'spectralTopK', 'convolveDirect', 'vqtFrames', 'vqt', 'filterbankApply', 'hpss', 'hpssSignal', 'softmask', 'yin', 'pyin'] as const;

const POSSIBLE_SOLUTIONS = [
  'Build the addon from this repository: `pnpm --filter @dsp/backend-native build`.',
  'In a fresh clone, install the toolchain and build everything: `sh tools/setup.sh`, then `pnpm build`.',
  'Use the WebAssembly backend, which runs everywhere: install and import @dsp/backend-wasm, then `setBackend("wasm")` or set DSP_BACKEND=wasm.',
];

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function loadFailure(causes: string[], cause?: unknown): DspError {
  const lines = [
    `Could not load the @dsp/backend-native addon for ${process.platform}-${process.arch} on Node ${process.versions.node}:`,
    ...causes.map((c) => `- ${c}`),
    'Possible solutions:',
    ...POSSIBLE_SOLUTIONS.map((s) => `- ${s}`),
  ];
  return new DspError('E_BACKEND_UNAVAILABLE', lines.join('\n'), cause === undefined ? undefined : { cause });
}

/** Node-API version the addon is built for (NAPI_VERSION in src/binding.gyp). */
const REQUIRED_NAPI_VERSION = 8;

/** The core's static library, when this package sits in the monorepo (packages/backend-native). */
const coreLibraryPath = fileURLToPath(new URL('../../../native/target/release/libdsp_capi.a', import.meta.url));
const coreSourcesPath = fileURLToPath(new URL('../../../native/dsp-capi', import.meta.url));

function tryLoad(path: string, causes: string[]): { addon?: NativeAddon; error?: unknown } {
  let exports: unknown;
  try {
    exports = createRequire(import.meta.url)(path);
  } catch (error) {
    causes.push(`${path} exists but the dynamic loader refused it: ${messageOf(error)}`);
    causes.push('It may have been built for another platform, CPU or C library than this one; rebuilding it here fixes that.');
    return { error };
  }
  const missing = ADDON_FUNCTIONS.filter((f) => typeof (exports as Record<string, unknown> | null)?.[f] !== 'function');
  if (missing.length > 0) {
    causes.push(`${path} is not the @dsp addon this loader expects (it lacks ${missing.join(', ')}).`);
    return {};
  }
  const addon = exports as NativeAddon;
  const abi = addon.abiVersion();
  if (abi !== EXPECTED_ABI_VERSION) {
    causes.push(
      `ABI mismatch: the addon implements core ABI version ${abi}, but this @dsp/backend-native expects version ${EXPECTED_ABI_VERSION}. ` +
        'The addon and the TypeScript loader come from different versions; rebuild the addon from the same checkout.',
    );
    return {};
  }
  return { addon };
}

/**
 * Loads the addon at `path` and checks it speaks `EXPECTED_ABI_VERSION`.
 * Throws a DspError (E_BACKEND_UNAVAILABLE) listing every cause found and the possible solutions.
 */
export function loadAddon(path: string = defaultAddonPath): NativeAddon {
  const causes: string[] = [];
  const napi = Number(process.versions.napi ?? 0);
  if (napi < REQUIRED_NAPI_VERSION) {
    causes.push(`This Node supports Node-API version ${napi}; the addon needs version ${REQUIRED_NAPI_VERSION} (Node 20 or newer).`);
  }
  let result: { addon?: NativeAddon; error?: unknown } = {};
  if (existsSync(path)) {
    result = tryLoad(path, causes);
  } else {
    causes.push(`${path} does not exist: the addon has not been built here.`);
    if (existsSync(coreSourcesPath) && !existsSync(coreLibraryPath)) {
      causes.push(`The Rust core is not built either (${coreLibraryPath} is missing); building it needs rustup's cargo.`);
    }
  }
  if (result.addon && causes.length === 0) return result.addon;
  throw loadFailure(causes, result.error);
}
