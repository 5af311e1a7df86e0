// One live instance of the core: its exports, views of its linear memory,
// resident staging memory, and recovery from traps.
//
// Everything the kernels read or write must sit in the instance's linear
// memory, so each call copies its input in and its output out. The staging
// block for those copies is allocated once and only ever grown, so the hot
// path is: copy in, one call, status check, copy out.
import { ABI_VERSION, DspError, statusError } from '@dsp/backend';

/** The C ABI of native/dsp-capi/include/dsp_core.h as wasm32 sees it (size_t and pointers are i32). */
export interface CoreExports {
  readonly memory: WebAssembly.Memory;
  dsp_abi_version(): number;
  dsp_last_error(): number;
  dsp_available_threads(): number;
  dsp_alloc(size: number): number;
  dsp_free(ptr: number, size: number): void;
  dsp_fft_plan_new(kind: number, dtype: number, n: number, out: number): number;
  dsp_fft_plan_free(plan: number): void;
  dsp_fft_plan_execute(plan: number, inverse: number, input: number, inputLen: number, output: number, outputLen: number, batch: number, scale: number, threads: number): number;
  dsp_fftn_c2c(dtype: number, shape: number, rank: number, axes: number, naxes: number, inverse: number, scale: number, input: number, inputLen: number, output: number, outputLen: number, threads: number): number;
  dsp_rfftn(dtype: number, shape: number, rank: number, axes: number, naxes: number, scale: number, input: number, inputLen: number, output: number, outputLen: number, threads: number): number;
  dsp_irfftn(dtype: number, shape: number, rank: number, axes: number, naxes: number, scale: number, input: number, inputLen: number, output: number, outputLen: number, threads: number): number;
  dsp_dctn(dtype: number, kind: number, norm: number, inverse: number, shape: number, rank: number, axes: number, naxes: number, input: number, inputLen: number, output: number, outputLen: number, threads: number): number;
  dsp_window(dtype: number, kind: number, periodic: number, param: number, out: number, outLen: number): number;
  /** `start` is an int64, a BigInt on the JavaScript side. */
  dsp_stft(
    dtype: number,
    complex: number,
    signal: number,
    signalLen: number,
    start: bigint,
    nFrames: number,
    padMode: number,
    window: number,
    windowLen: number,
    nFft: number,
    hop: number,
    output: number,
    shift: number,
    scale: number,
    out: number,
    outLen: number,
    threads: number,
  ): number;
  dsp_istft(dtype: number, spectrum: number, spectrumLen: number, nFrames: number, window: number, windowLen: number, nFft: number, hop: number, offset: number, out: number, outLen: number, threads: number): number;
  // NUFFT
  dsp_nufft_plan_new(
    dtype: number,
    kind: number,
    dim: number,
    modes: number,
    isign: number,
    eps: number,
    kernel: number,
    sigma: number,
    halfWidth: number,
    beta: number,
    modeOrder: number,
    out: number,
  ): number;
  dsp_nufft_plan_free(plan: number): void;
  dsp_nufft_set_points(plan: number, points: number, pointsLen: number, count: number, targets: number, targetsLen: number, nTargets: number): number;
  dsp_nufft_len(plan: number, which: number): number;
  dsp_nufft_execute(plan: number, adjoint: number, input: number, inputLen: number, output: number, outputLen: number, batch: number, threads: number): number;
  // Sparse spectral tensors (src/spectral.ts).
  dsp_spectral_top_k(dtype: number, values: number, n: number, complex: number, weights: number, k: number, out: number, outLen: number, result: number): number;
  dsp_convolve_direct(dtype: number, rank: number, a: number, aShape: number, b: number, bShape: number, offset: number, out: number, outShape: number, threads: number): number;
  dsp_vqt_frames(signalLen: number, sr: number, hop: number, fmin: number, nBins: number, binsPerOctave: number, gamma: number, filterScale: number, window: number, windowParam: number): number;
  dsp_vqt(
    dtype: number,
    signal: number,
    signalLen: number,
    sr: number,
    hop: number,
    fmin: number,
    nBins: number,
    binsPerOctave: number,
    gamma: number,
    filterScale: number,
    norm: number,
    sparsity: number,
    window: number,
    windowParam: number,
    scale: number,
    padMode: number,
    output: number,
    out: number,
    outLen: number,
    threads: number,
  ): number;
  dsp_filterbank_apply(dtype: number, input: number, inputLen: number, nIn: number, weights: number, weightsLen: number, nRows: number, out: number, outLen: number, threads: number): number;

  // --- audio features: HPSS and pitch (issue 4); `start` is an int64 (BigInt) ---
  dsp_hpss(
    dtype: number,
    complex: number,
    input: number,
    inputLen: number,
    nFrames: number,
    nBins: number,
    kernelHarmonic: number,
    kernelPercussive: number,
    power: number,
    marginHarmonic: number,
    marginPercussive: number,
    masks: number,
    harmonic: number,
    percussive: number,
    outputLen: number,
    threads: number,
  ): number;
  dsp_hpss_signal(
    dtype: number,
    signal: number,
    signalLen: number,
    start: bigint,
    nFrames: number,
    padMode: number,
    window: number,
    windowLen: number,
    hop: number,
    istftFrames: number,
    offset: number,
    kernelHarmonic: number,
    kernelPercussive: number,
    power: number,
    marginHarmonic: number,
    marginPercussive: number,
    harmonic: number,
    percussive: number,
    outLen: number,
    threads: number,
  ): number;
  dsp_softmask(dtype: number, x: number, xRef: number, len: number, power: number, splitZeros: number, out: number, threads: number): number;
  dsp_yin(
    dtype: number,
    signal: number,
    signalLen: number,
    frameLength: number,
    hop: number,
    nFrames: number,
    start: bigint,
    padMode: number,
    minPeriod: number,
    maxPeriod: number,
    sr: number,
    troughThreshold: number,
    out: number,
    outLen: number,
    threads: number,
  ): number;
  dsp_pyin(
    dtype: number,
    signal: number,
    signalLen: number,
    frameLength: number,
    hop: number,
    nFrames: number,
    start: bigint,
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
    f0: number,
    voicedFlag: number,
    voicedProb: number,
    outLen: number,
    threads: number,
  ): number;
}

/** The ABI this loader speaks (DSP_ABI_VERSION in dsp_core.h). */
export const EXPECTED_ABI_VERSION = ABI_VERSION;

const REQUIRED_EXPORTS = [
  'dsp_abi_version',
  'dsp_last_error',
  'dsp_available_threads',
  'dsp_alloc',
  'dsp_free',
  'dsp_fft_plan_new',
  'dsp_fft_plan_free',
  'dsp_fft_plan_execute',
  'dsp_fftn_c2c',
  'dsp_rfftn',
  'dsp_irfftn',
  'dsp_dctn',
  'dsp_window',
  'dsp_stft',
  'dsp_istft',
  'dsp_nufft_plan_new',
  'dsp_nufft_plan_free',
  'dsp_nufft_set_points',
  'dsp_nufft_len',
  'dsp_nufft_execute',
  'dsp_spectral_top_k',
  'dsp_convolve_direct',
  'dsp_vqt_frames',
  'dsp_vqt',
  'dsp_filterbank_apply',
  'dsp_hpss',
  'dsp_hpss_signal',
  'dsp_softmask',
  'dsp_yin',
  'dsp_pyin',
] as const;

/** Most dimensions a shape may have (checkShape's limit), which sizes the argument block. */
export const MAX_RANK = 32;
// The argument block: shape and axes as size_t arrays, then the slot a new plan handle is written to.
const ARGS_SHAPE_OFFSET = 0;
const ARGS_AXES_OFFSET = 4 * MAX_RANK;
const ARGS_HANDLE_OFFSET = 8 * MAX_RANK;
const ARGS_BYTES = 8 * MAX_RANK + 16;

/** wasm32's size_t is 32 bits. */
const ADDRESS_SPACE_BYTES = 2 ** 32;
/** Rust's allocator refuses blocks over isize::MAX (minus alignment) on wasm32. */
export const MAX_BLOCK_BYTES = 2 ** 31 - 16;
// Staging grows to a power of two from here, so a few calls with creeping sizes reallocate rarely.
const MIN_STAGING_BYTES = 64 * 1024;

/** Byte offset of the output region in the staging block: after the input, 16-aligned, never 0 (see `stage`). */
export function outputOffset(inputBytes: number): number {
  return inputBytes <= 16 ? 16 : inputBytes + 15 - ((inputBytes + 15) % 16);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${bytes} bytes`;
  const mib = bytes / (1024 * 1024);
  return mib < 1024 ? `${mib.toFixed(1)} MiB` : `${(mib / 1024).toFixed(2)} GiB`;
}

// AudioWorkletGlobalScope has no TextDecoder; the core's messages are UTF-8.
function decodeUtf8(bytes: Uint8Array): string {
  if (typeof TextDecoder !== 'undefined') return new TextDecoder().decode(bytes);
  let escaped = '';
  for (let i = 0; i < bytes.length; i++) escaped += `%${bytes[i]!.toString(16).padStart(2, '0')}`;
  try {
    return decodeURIComponent(escaped);
  } catch {
    return String.fromCharCode(...bytes);
  }
}

export class WasmCore {
  readonly module: WebAssembly.Module;
  /**
   * Bumped each time a trap replaces the instance. Plans remember the
   * generation their handle belongs to and make a new one when it moved on.
   */
  generation = 0;
  abiVersion = 0;
  #exports: CoreExports | undefined;
  /** Why re-creating the instance failed, when it did (every later call reports it). */
  #lost: unknown;
  #restarting: Promise<void> | undefined;
  #memory!: WebAssembly.Memory;
  #f32 = new Float32Array(0);
  #f64 = new Float64Array(0);
  #u8 = new Uint8Array(0);
  #u32 = new Uint32Array(0);
  #argsPtr = 0;
  #stagingPtr = 0;
  #stagingBytes = 0;

  private constructor(module: WebAssembly.Module) {
    this.module = module;
  }

  /** Instantiates `module` and checks that it is a core this loader understands. */
  static async create(module: WebAssembly.Module): Promise<WasmCore> {
    const core = new WasmCore(module);
    core.#attach(await WebAssembly.instantiate(module, {}));
    return core;
  }

  #attach(instance: WebAssembly.Instance): void {
    const exports = instance.exports as unknown as CoreExports;
    const missing: string[] = REQUIRED_EXPORTS.filter((name) => typeof exports[name] !== 'function');
    if (!(exports.memory instanceof WebAssembly.Memory)) missing.unshift('memory');
    if (missing.length > 0) {
      throw new DspError(
        'E_BACKEND_UNAVAILABLE',
        `the WebAssembly module is not the @dsp core: it lacks the exports ${missing.join(', ')}. Pass dsp_core.wasm from @dsp/backend-wasm.`,
      );
    }
    const abi = exports.dsp_abi_version() >>> 0;
    if (abi !== EXPECTED_ABI_VERSION) {
      throw new DspError(
        'E_BACKEND_UNAVAILABLE',
        `dsp_core.wasm implements ABI version ${abi}, but this @dsp/backend-wasm loader speaks version ${EXPECTED_ABI_VERSION}. ` +
          'The module and the package come from different releases: use the dsp_core.wasm shipped in the same @dsp/backend-wasm version ' +
          '(or rebuild it with `pnpm --filter @dsp/backend-wasm build`).',
      );
    }
    this.#memory = exports.memory;
    this.#refreshViews();
    this.#stagingPtr = 0;
    this.#stagingBytes = 0;
    const args = exports.dsp_alloc(ARGS_BYTES) >>> 0;
    if (args === 0) throw new DspError('E_MEMORY_LIMIT', `wasm backend: cannot allocate ${ARGS_BYTES} bytes of WebAssembly memory for call arguments`);
    this.#argsPtr = args;
    this.abiVersion = abi;
    this.#exports = exports;
    this.generation++;
  }

  /** The live exports, or why there are none right now. */
  exports(): CoreExports {
    const exports = this.#exports;
    if (exports !== undefined) return exports;
    if (this.#restarting !== undefined) {
      throw new DspError(
        'E_NOT_READY',
        'the wasm backend is re-creating its WebAssembly instance after an internal error; try again once the current task has finished',
      );
    }
    throw new DspError('E_INTERNAL', `the wasm backend lost its WebAssembly instance and could not re-create it: ${String(this.#lost)}`, { cause: this.#lost });
  }

  /** Current size of the linear memory in bytes. */
  get memoryBytes(): number {
    return this.#memory.buffer.byteLength;
  }

  #refreshViews(): void {
    const buffer = this.#memory.buffer;
    this.#f32 = new Float32Array(buffer);
    this.#f64 = new Float64Array(buffer);
    this.#u8 = new Uint8Array(buffer);
    this.#u32 = new Uint32Array(buffer);
  }

  // Growing linear memory detaches the old ArrayBuffer, and a view of a
  // detached buffer has length 0: that is the cheap test for a stale view.
  // Any core call may grow memory, so views are fetched after each one.
  heapF32(): Float32Array {
    if (this.#f32.length === 0) this.#refreshViews();
    return this.#f32;
  }

  heapF64(): Float64Array {
    if (this.#f64.length === 0) this.#refreshViews();
    return this.#f64;
  }

  heapU8(): Uint8Array {
    if (this.#u8.length === 0) this.#refreshViews();
    return this.#u8;
  }

  heapU32(): Uint32Array {
    if (this.#u32.length === 0) this.#refreshViews();
    return this.#u32;
  }

  /**
   * The staging block, with room for `inputBytes` at its start and
   * `outputBytes` at `outputOffset(inputBytes)`. The output region never
   * starts where the input does, since the core reads equal pointers as
   * "in place", which real transforms refuse.
   */
  stage(inputBytes: number, outputBytes: number, what: string): number {
    const need = outputBytes === 0 ? inputBytes : outputOffset(inputBytes) + outputBytes;
    if (need <= this.#stagingBytes) return this.#stagingPtr;
    return this.#growStaging(need, what);
  }

  #growStaging(need: number, what: string): number {
    const exports = this.exports();
    if (need > MAX_BLOCK_BYTES) throw this.#memoryLimit(need, what);
    if (this.#stagingPtr !== 0) {
      // Freed first, so its space can become part of the larger block.
      const [ptr, bytes] = [this.#stagingPtr, this.#stagingBytes];
      this.#stagingPtr = 0;
      this.#stagingBytes = 0;
      this.#call(what, () => exports.dsp_free(ptr, bytes));
    }
    let size = Math.max(MIN_STAGING_BYTES, 2 ** Math.ceil(Math.log2(need)));
    if (size > MAX_BLOCK_BYTES) size = need;
    let ptr = this.#call(what, () => exports.dsp_alloc(size)) >>> 0;
    if (ptr === 0 && size !== need) {
      size = need;
      ptr = this.#call(what, () => exports.dsp_alloc(size)) >>> 0;
    }
    if (ptr === 0) throw this.#memoryLimit(need, what);
    this.#stagingPtr = ptr;
    this.#stagingBytes = size;
    return ptr;
  }

  #memoryLimit(need: number, what: string): DspError {
    return new DspError(
      'E_MEMORY_LIMIT',
      `${what}: the wasm backend cannot allocate ${formatBytes(need)} of WebAssembly memory to hold this call's input and output ` +
        `(linear memory is now ${formatBytes(this.#memory.buffer.byteLength)}; wasm32 addresses at most 4 GiB, in blocks under 2 GiB). ` +
        'Split the data into smaller calls, or use @dsp/backend-native in Node.',
    );
  }

  /** Writes a shape (or axes) as size_t values into the argument block and returns its address. */
  writeSizes(values: readonly number[], which: 'shape' | 'axes', what: string): number {
    if (values.length > MAX_RANK) {
      throw new DspError('E_SHAPE', `${what}: ${which} may have at most ${MAX_RANK} entries, got ${values.length}`);
    }
    const ptr = this.#argsPtr + (which === 'shape' ? ARGS_SHAPE_OFFSET : ARGS_AXES_OFFSET);
    const heap = this.heapU32();
    const base = ptr >>> 2;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      // size_t is 32 bits here; anything else would wrap into a different, valid-looking size.
      if (!(Number.isInteger(v) && v >= 0 && v < ADDRESS_SPACE_BYTES)) {
        throw new DspError('E_INVALID_ARGUMENT', `${what}: ${which} entries must be integers in 0…${ADDRESS_SPACE_BYTES - 1}, got ${String(v)}`);
      }
      heap[base + i] = v;
    }
    return ptr;
  }

  /** Address of the slot `dsp_fft_plan_new` writes a handle to. */
  get handleSlot(): number {
    return this.#argsPtr + ARGS_HANDLE_OFFSET;
  }

  /**
   * Runs a core call with trap handling. The hot paths inline the same
   * try/catch instead, so they make no closure.
   */
  #call<T>(what: string, body: () => T): T {
    try {
      return body();
    } catch (e) {
      throw this.trapped(e, what);
    }
  }

  /** Runs `body` on the raw exports with this core's trap handling (diagnostics and tests). */
  callRaw<T>(what: string, body: (exports: CoreExports) => T): T {
    const exports = this.exports();
    return this.#call(what, () => body(exports));
  }

  /** The DspError for a nonzero status, with the core's own message. */
  failure(status: number, what: string): DspError {
    return statusError(status, this.lastError(), what);
  }

  lastError(): string {
    const exports = this.#exports;
    if (exports === undefined) return 'no message (the instance is gone)';
    try {
      const ptr = exports.dsp_last_error() >>> 0;
      const heap = this.heapU8();
      let end = ptr;
      while (end < heap.length && heap[end] !== 0) end++;
      return decodeUtf8(heap.subarray(ptr, end));
    } catch (e) {
      this.trapped(e, 'dsp_last_error');
      return 'no message (reading it failed)';
    }
  }

  /**
   * Called when a core call threw. A trap (a Rust panic, an allocation
   * failure inside the core, a stack overflow) can leave the instance's heap
   * and locks in any state, so the instance is dropped and a fresh one made
   * from the same module; existing plans rebind to it on their next call.
   */
  trapped(error: unknown, what: string): DspError {
    if (error instanceof DspError) return error;
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    this.#recreate();
    return new DspError(
      'E_INTERNAL',
      `${what}: the WebAssembly core trapped (${reason}). The wasm backend replaced its instance, so later calls and existing plans keep working. ` +
        'This is a bug in @dsp (or memory ran out inside the core); please report it with the call that caused it.',
      { cause: error },
    );
  }

  #recreate(): void {
    this.#exports = undefined;
    // Staging and handles belonged to the old instance; the generation change retires them.
    this.generation++;
    try {
      // Synchronous, so the very next call already works. Browsers refuse
      // this for large modules on the main thread; then it happens async.
      this.#attach(new WebAssembly.Instance(this.module, {}));
    } catch (syncFailure) {
      if (syncFailure instanceof DspError) {
        this.#lost = syncFailure;
        return;
      }
      this.#restarting = WebAssembly.instantiate(this.module, {}).then(
        (instance) => {
          this.#restarting = undefined;
          try {
            this.#attach(instance);
          } catch (e) {
            this.#lost = e;
          }
        },
        (e: unknown) => {
          this.#restarting = undefined;
          this.#lost = e;
        },
      );
    }
  }
}
