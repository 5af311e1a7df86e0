// The Backend interface over the WebAssembly core. Inputs arrive validated by
// the domain packages; these methods copy them into linear memory, call the
// core, turn its status codes into DspErrors and copy the results out.
import {
  abiCode,
  DTYPE_CODES,
  DspError,
  FFT_KIND_CODES,
  NORM_CODES,
  PAD_MODE_CODES,
  STFT_OUTPUT_CODES,
  WINDOW_CODES,
  disposalRegistry,
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
import { MAX_BLOCK_BYTES, outputOffset, type CoreExports, type WasmCore } from './core.js';
import { BLOCK_BYTES, BLOCKED_CALL_MIN_BYTES, frameBlocks } from './frame-blocks.js';
import { WasmNufftPlan } from './nufft.js';
import { convolveDirect, spectralTopK } from './spectral.js';


function arrayName(dtype: Dtype): string {
  return dtype === 'f32' ? 'Float32Array' : 'Float64Array';
}

function describeArray(x: unknown): string {
  return ArrayBuffer.isView(x) ? x.constructor.name : typeof x;
}

/**
 * The dtype of an input/output pair. Copying into a heap view of another
 * precision would convert silently, so a mismatch is refused here.
 */
function pairDtype(input: FloatArray, output: FloatArray, what: string): Dtype {
  if (input instanceof Float32Array && output instanceof Float32Array) return 'f32';
  if (input instanceof Float64Array && output instanceof Float64Array) return 'f64';
  throw new DspError('E_DTYPE', `${what}: input and output must both be Float32Array or both Float64Array, got ${describeArray(input)} and ${describeArray(output)}`);
}

/** What the disposal safety net needs to free a plan: never the plan itself. */
interface PlanSlot {
  core: WasmCore;
  handle: number;
  /** The core generation `handle` belongs to. */
  generation: number;
}

function freePlanSlot(slot: PlanSlot): void {
  const { core, handle, generation } = slot;
  slot.handle = 0;
  // A handle from a replaced instance died with it.
  if (handle === 0 || generation !== core.generation) return;
  try {
    core.callRaw('FftPlan.dispose', (exports) => exports.dsp_fft_plan_free(handle));
  } catch {
    // A trap while freeing has already replaced the instance, which took the plan with it.
  }
}

const planRegistry = disposalRegistry((slot) => freePlanSlot(slot as PlanSlot));

class WasmFftPlan implements KernelFftPlan {
  readonly kind: FftKind;
  readonly dtype: Dtype;
  readonly n: number;
  readonly #core: WasmCore;
  readonly #slot: PlanSlot;
  readonly #bytesPerScalar: number;
  #disposed = false;
  #cachedOutputView: FloatArray | undefined;
  #cachedOutputPtr = -1;
  #cachedOutputGeneration = 0;

  constructor(core: WasmCore, slot: PlanSlot, kind: FftKind, dtype: Dtype, n: number) {
    this.#core = core;
    this.#slot = slot;
    this.kind = kind;
    this.dtype = dtype;
    this.n = n;
    this.#bytesPerScalar = dtype === 'f32' ? 4 : 8;
    // The slot is also the unregister token: dispose() takes it back out.
    planRegistry?.register(this, slot, slot);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  execute(inverse: boolean, input: FloatArray, output: FloatArray, batch: number, scale: number, threads: number): void {
    const core = this.#core;
    const slot = this.#slot;
    // Disposal also zeroes the slot's generation, so one comparison covers both.
    if (slot.generation !== core.generation) this.#rebind();
    if (pairDtype(input, output, 'FftPlan.execute') !== this.dtype) {
      throw new DspError('E_DTYPE', `FftPlan.execute: this plan is ${this.dtype}, so input and output must be ${arrayName(this.dtype)}, got ${describeArray(input)}`);
    }
    const bytes = this.#bytesPerScalar;
    const inputLength = input.length;
    const outputLength = output.length;
    if (batch > 1 && (inputLength + outputLength) * bytes >= BLOCKED_CALL_MIN_BYTES && this.#fitsRows(inverse, inputLength, outputLength, batch)) {
      return this.#executeInBlocks(inverse, input, output, batch, scale, threads);
    }
    const inputBytes = inputLength * bytes;
    // Separate regions even when input === output: the result is the same
    // after the copy out, and rustfft's out-of-place path is the faster one.
    const inputPtr = core.stage(inputBytes, outputLength * bytes, 'FftPlan.execute');
    const outputPtr = inputPtr + outputOffset(inputBytes);
    (bytes === 4 ? core.heapF32() : core.heapF64()).set(input, inputPtr / bytes);
    let status: number;
    try {
      status = core.exports().dsp_fft_plan_execute(slot.handle, inverse ? 1 : 0, inputPtr, inputLength, outputPtr, outputLength, batch, scale, threads);
    } catch (e) {
      throw core.trapped(e, 'FftPlan.execute');
    }
    if (status !== 0) throw core.failure(status, 'FftPlan.execute');
    if (outputLength !== 0) output.set(this.#outputView(outputPtr, outputLength));
  }

  /** Whether the lengths are `batch` whole rows (others run whole, so the core's error names the whole call). */
  #fitsRows(inverse: boolean, inputLength: number, outputLength: number, batch: number): boolean {
    const time = this.kind === 'c2c' ? 2 * this.n : this.n;
    const frequency = this.kind === 'c2c' ? 2 * this.n : 2 * (Math.floor(this.n / 2) + 1);
    const [rowIn, rowOut] = inverse ? [frequency, time] : [time, frequency];
    return inputLength === batch * rowIn && outputLength === batch * rowOut;
  }

  /**
   * A long batch, rows at a time: each block of rows is copied in, transformed
   * and copied out while it is still in cache, as for the STFT (frame-blocks.ts;
   * 1024 rows of 1024 f32: 5.4 → 2.7–3.7 ms). Rows are independent, so the
   * result is the same bit for bit, in place too: a block is copied in before
   * its rows are overwritten, and later blocks are untouched until then.
   */
  #executeInBlocks(inverse: boolean, input: FloatArray, output: FloatArray, batch: number, scale: number, threads: number): void {
    const what = 'FftPlan.execute';
    const core = this.#core;
    const bytes = this.#bytesPerScalar;
    const [rowIn, rowOut] = [input.length / batch, output.length / batch];
    const rows = Math.max(1, Math.floor(BLOCK_BYTES / ((rowIn + rowOut) * bytes)));
    const inputBytes = rows * rowIn * bytes;
    const inputPtr = core.stage(inputBytes, rows * rowOut * bytes, what);
    const outputPtr = inputPtr + outputOffset(inputBytes);
    const exports = core.exports();
    const heap = (): FloatArray => (bytes === 4 ? core.heapF32() : core.heapF64());
    for (let first = 0; first < batch; first += rows) {
      const count = Math.min(rows, batch - first);
      heap().set(input.subarray(first * rowIn, (first + count) * rowIn), inputPtr / bytes);
      let status: number;
      try {
        status = exports.dsp_fft_plan_execute(this.#slot.handle, inverse ? 1 : 0, inputPtr, count * rowIn, outputPtr, count * rowOut, count, scale, threads);
      } catch (e) {
        throw core.trapped(e, what);
      }
      if (status !== 0) throw core.failure(status, what);
      const start = outputPtr / bytes;
      output.set(heap().subarray(start, start + count * rowOut), first * rowOut);
    }
  }

  /**
   * A view of the output region, kept while it stays valid: making one per
   * call costs as much as copying a small transform. It goes stale when
   * memory grows (the buffer is detached, so its length drops to 0), when
   * staging moves, or when a trap replaced the instance.
   */
  #outputView(outputPtr: number, outputLength: number): FloatArray {
    const core = this.#core;
    let view = this.#cachedOutputView;
    // The pointer is compared as a number kept beside the view: reading a
    // view's byteOffset is a slow builtin call in Node 20's V8 (tens of ns).
    if (view === undefined || view.length !== outputLength || this.#cachedOutputPtr !== outputPtr || this.#cachedOutputGeneration !== core.generation) {
      const start = outputPtr / this.#bytesPerScalar;
      view = (this.#bytesPerScalar === 4 ? core.heapF32() : core.heapF64()).subarray(start, start + outputLength);
      this.#cachedOutputView = view;
      this.#cachedOutputPtr = outputPtr;
      this.#cachedOutputGeneration = core.generation;
    }
    return view;
  }

  /** Makes this plan's handle on the current instance (after a trap replaced the old one). */
  #rebind(): void {
    if (this.#disposed) {
      throw new DspError('E_DISPOSED', `FftPlan.execute: this ${this.kind} ${this.dtype} plan of n = ${this.n} was disposed; create a new plan`);
    }
    const core = this.#core;
    this.#slot.handle = newPlanHandle(core, this.kind, this.dtype, this.n, 'FftPlan.execute');
    this.#slot.generation = core.generation;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    planRegistry?.unregister(this.#slot);
    freePlanSlot(this.#slot);
    this.#slot.generation = 0;
    this.#cachedOutputView = undefined;
  }
}

function newPlanHandle(core: WasmCore, kind: FftKind, dtype: Dtype, n: number, what: string): number {
  const kindCode = abiCode(FFT_KIND_CODES, kind, 'kind', what);
  const dtypeCode = abiCode(DTYPE_CODES, dtype, 'dtype', what);
  // size_t is 32 bits here: a larger n would wrap into a different size.
  if (!(Number.isInteger(n) && n >= 1 && n < 2 ** 32)) {
    throw new DspError('E_INVALID_ARGUMENT', `${what}: n must be an integer in 1…${2 ** 32 - 1} on the wasm backend, got ${String(n)}`);
  }
  // The twiddles alone take n complex values (n/2 for real plans, which run
  // a half-length complex FFT); a plan whose twiddles cannot fit one wasm32
  // block would otherwise end in an allocation trap inside the core.
  const twiddleBytes = (kind === 'c2c' ? 2 : 1) * n * (dtype === 'f32' ? 4 : 8);
  if (twiddleBytes > MAX_BLOCK_BYTES) {
    throw new DspError(
      'E_MEMORY_LIMIT',
      `${what}: a ${kind} ${dtype} plan of n = ${n} needs more than ${(twiddleBytes / 2 ** 30).toFixed(1)} GiB of tables, ` +
        'beyond what WebAssembly (wasm32, blocks under 2 GiB) can hold; use @dsp/backend-native in Node.',
    );
  }
  const exports = core.exports();
  const slotPtr = core.handleSlot;
  let status: number;
  try {
    status = exports.dsp_fft_plan_new(kindCode, dtypeCode, n, slotPtr);
  } catch (e) {
    throw core.trapped(e, what);
  }
  if (status !== 0) throw core.failure(status, what);
  return core.heapU32()[slotPtr >>> 2]!;
}

/** One call of the STFT kernel: `signalLength` scalars at `signal`, frame 0 at sample `start` of them, `nFrames` rows into `output`. */
type StftCall = (exports: CoreExports, dtype: number, signal: number, signalLength: number, start: number, nFrames: number, window: number, output: number, outputLength: number) => number;

/** Which N-D transform `runNd` calls. */
type NdCall = (exports: CoreExports, dtype: number, shape: number, rank: number, axes: number, naxes: number, input: number, inputLength: number, output: number, outputLength: number) => number;

export class WasmBackend implements Backend {
  readonly name = 'wasm';
  /** WebAssembly here has no threads: every call runs on the caller's. */
  readonly maxThreads = 1;
  readonly #core: WasmCore;

  constructor(core: WasmCore) {
    this.#core = core;
  }

  get abiVersion(): number {
    return this.#core.abiVersion;
  }

  /**
   * The compiled core this backend instantiated. Hand it to contexts that
   * cannot fetch (an AudioWorklet, a worker under a strict CSP) as
   * `createWasmBackend({ wasm: backend.module })`: a WebAssembly.Module
   * posts across without fetching or compiling the file again.
   */
  get module(): WebAssembly.Module {
    return this.#core.module;
  }

  /** Bytes of linear memory the core holds now (it grows with the largest call and never shrinks). */
  get memoryBytes(): number {
    return this.#core.memoryBytes;
  }

  /**
   * Runs `body` on the core's raw exports with this backend's trap handling:
   * a trap becomes E_INTERNAL and a fresh instance. For diagnostics and tests.
   */
  callRaw<T>(body: (exports: CoreExports) => T): T {
    return this.#core.callRaw('callRaw', body);
  }

  createFftPlan(kind: FftKind, dtype: Dtype, n: number): KernelFftPlan {
    const core = this.#core;
    const handle = newPlanHandle(core, kind, dtype, n, 'createFftPlan');
    return new WasmFftPlan(core, { core, handle, generation: core.generation }, kind, dtype, n);
  }

  fftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], inverse: boolean, scale: number, threads: number): void {
    const inv = inverse ? 1 : 0;
    this.#runNd('fftn', input, output, shape, axes, (ex, dt, sh, rank, ax, naxes, i, il, o, ol) => ex.dsp_fftn_c2c(dt, sh, rank, ax, naxes, inv, scale, i, il, o, ol, threads));
  }

  rfftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], scale: number, threads: number): void {
    this.#runNd('rfftn', input, output, shape, axes, (ex, dt, sh, rank, ax, naxes, i, il, o, ol) => ex.dsp_rfftn(dt, sh, rank, ax, naxes, scale, i, il, o, ol, threads));
  }

  irfftn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], scale: number, threads: number): void {
    this.#runNd('irfftn', input, output, shape, axes, (ex, dt, sh, rank, ax, naxes, i, il, o, ol) => ex.dsp_irfftn(dt, sh, rank, ax, naxes, scale, i, il, o, ol, threads));
  }

  dctn(input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], type: DctType, norm: FftNorm, inverse: boolean, threads: number): void {
    const normCode = abiCode(NORM_CODES, norm, 'norm', 'dctn');
    const inv = inverse ? 1 : 0;
    this.#runNd('dctn', input, output, shape, axes, (ex, dt, sh, rank, ax, naxes, i, il, o, ol) => ex.dsp_dctn(dt, type, normCode, inv, sh, rank, ax, naxes, i, il, o, ol, threads));
  }

  window(kind: WindowKind, periodic: boolean, param: number, output: FloatArray): void {
    const what = 'window';
    const core = this.#core;
    const kindCode = abiCode(WINDOW_CODES, kind, 'kind', what);
    const bytes = output instanceof Float32Array ? 4 : 8;
    const ptr = core.stage(output.length * bytes, 0, what);
    let status: number;
    try {
      status = core.exports().dsp_window(bytes === 4 ? DTYPE_CODES.f32 : DTYPE_CODES.f64, kindCode, periodic ? 1 : 0, param, ptr, output.length);
    } catch (e) {
      throw core.trapped(e, what);
    }
    if (status !== 0) throw core.failure(status, what);
    const heap = bytes === 4 ? core.heapF32() : core.heapF64();
    output.set(heap.subarray(ptr / bytes, ptr / bytes + output.length));
  }

  stft(signal: FloatArray, window: FloatArray, output: FloatArray, p: StftKernelParams, threads: number): void {
    const what = 'stft';
    const pad = abiCode(PAD_MODE_CODES, p.padMode, 'padMode', what);
    const kind = abiCode(STFT_OUTPUT_CODES, p.output, 'output', what);
    const run: StftCall = (ex, dt, s, signalLength, start, nFrames, w, o, outputLength) =>
      ex.dsp_stft(dt, p.complex ? 1 : 0, s, signalLength, BigInt(start), nFrames, pad, w, window.length, p.nFft, p.hop, kind, p.shift ? 1 : 0, p.scale, o, outputLength, threads);
    if (this.#stftInBlocks(what, signal, window, output, p, run)) return;
    this.#runPair(what, signal, window, output, (ex, dt, s, w, o) => run(ex, dt, s, signal.length, p.start, p.nFrames, w, o, output.length));
  }

  /**
   * A long STFT block by block (see frame-blocks.ts): the window is copied in
   * once, then each block's stretch of signal in and its rows out. Returns
   * false, having done nothing, for calls that run whole: short ones, and
   * malformed ones, whose errors the kernel names in one call.
   */
  #stftInBlocks(what: string, signal: FloatArray, window: FloatArray, output: FloatArray, p: StftKernelParams, run: StftCall): boolean {
    const dtype = pairDtype(signal, output, what);
    pairDtype(window, output, what);
    const bytes = dtype === 'f32' ? 4 : 8;
    const per = p.complex ? 2 : 1;
    const bins = p.complex ? p.nFft : Math.floor(p.nFft / 2) + 1;
    const row = p.output === 'complex' ? 2 * bins : bins;
    const wellFormed = window.length === p.nFft && output.length === p.nFrames * row && signal.length % per === 0 && Number.isSafeInteger(p.start);
    if (!wellFormed || (signal.length + output.length) * bytes < BLOCKED_CALL_MIN_BYTES) return false;
    const framesPerBlock = Math.max(1, Math.floor(BLOCK_BYTES / ((p.hop * per + row) * bytes)));
    const blocks = frameBlocks(signal.length / per, p.start, p.nFrames, p.hop, p.nFft, framesPerBlock);
    if (blocks === null) return false;
    const core = this.#core;
    const exports = core.exports();
    const longest = blocks.reduce((m, b) => Math.max(m, b.hi - b.lo), 0);
    // Each block's stretch at the aligned start of the staging block, the window after the longest.
    const inputBytes = (longest * per + window.length) * bytes;
    const slicePtr = core.stage(inputBytes, framesPerBlock * row * bytes, what);
    const windowPtr = slicePtr + longest * per * bytes;
    const outputPtr = slicePtr + outputOffset(inputBytes);
    const heap = (): FloatArray => (bytes === 4 ? core.heapF32() : core.heapF64());
    heap().set(window, windowPtr / bytes);
    for (const b of blocks) {
      heap().set(signal.subarray(b.lo * per, b.hi * per), slicePtr / bytes);
      let status: number;
      try {
        status = run(exports, DTYPE_CODES[dtype], slicePtr, (b.hi - b.lo) * per, p.start + b.first * p.hop - b.lo, b.frames, windowPtr, outputPtr, b.frames * row);
      } catch (e) {
        throw core.trapped(e, what);
      }
      if (status !== 0) throw core.failure(status, what);
      // Fetched again after the call: a kernel that grew memory detached the old view.
      const start = outputPtr / bytes;
      output.set(heap().subarray(start, start + b.frames * row), b.first * row);
    }
    return true;
  }

  istft(spectrum: FloatArray, window: FloatArray, output: FloatArray, p: IstftKernelParams, threads: number): void {
    this.#runPair('istft', spectrum, window, output, (ex, dt, s, w, o) =>
      ex.dsp_istft(dt, s, spectrum.length, p.nFrames, w, window.length, p.nFft, p.hop, p.offset, o, output.length, threads),
    );
  }

  // --- NUFFT (@dsp/nufft) ---
  createNufftPlan(params: NufftKernelParams): KernelNufftPlan {
    return new WasmNufftPlan(this.#core, params);
  }

  // --- Sparse spectral tensors ------------------------------------------------

  spectralTopK(values: FloatArray, complex: boolean, weights: Uint8Array | null, k: number, out: Uint32Array): SpectralTopKResult {
    return spectralTopK(this.#core, values, complex, weights, k, out);
  }

  convolveDirect(a: FloatArray, aShape: readonly number[], b: FloatArray, bShape: readonly number[], offset: readonly number[], out: FloatArray, outShape: readonly number[], threads: number): void {
    convolveDirect(this.#core, a, aShape, b, bShape, offset, out, outShape, threads);
  }

  // --- spectral audio features (@dsp/audio-features: cqt, vqt, chroma) ---

  vqtFrames(signalLength: number, p: VqtShapeParams): number {
    const what = 'vqt';
    const core = this.#core;
    let frames: number;
    try {
      frames = core.exports().dsp_vqt_frames(signalLength, p.sr, p.hop, p.fmin, p.nBins, p.binsPerOctave, p.gamma, p.filterScale, abiCode(WINDOW_CODES, p.window, 'window', what), p.windowParam);
    } catch (e) {
      throw core.trapped(e, what);
    }
    if (frames === 0) throw core.failure(1, what);
    return frames >>> 0;
  }

  vqt(signal: FloatArray, output: FloatArray, p: VqtKernelParams, threads: number): void {
    const what = 'vqt';
    const core = this.#core;
    const dtype = pairDtype(signal, output, what);
    const windowCode = abiCode(WINDOW_CODES, p.window, 'window', what);
    const pad = abiCode(PAD_MODE_CODES, p.padMode, 'padMode', what);
    const exports = core.exports();
    const bytes = dtype === 'f32' ? 4 : 8;
    const inputBytes = signal.length * bytes;
    const inputPtr = core.stage(inputBytes, output.length * bytes, what);
    const outputPtr = inputPtr + outputOffset(inputBytes);
    (bytes === 4 ? core.heapF32() : core.heapF64()).set(signal, inputPtr / bytes);
    let status: number;
    try {
      status = exports.dsp_vqt(DTYPE_CODES[dtype], inputPtr, signal.length, p.sr, p.hop, p.fmin, p.nBins, p.binsPerOctave, p.gamma, p.filterScale, p.norm, p.sparsity, windowCode, p.windowParam, p.scale ? 1 : 0, pad, p.output === 'complex' ? 0 : 1, outputPtr, output.length, threads);
    } catch (e) {
      throw core.trapped(e, what);
    }
    if (status !== 0) throw core.failure(status, what);
    const heap = bytes === 4 ? core.heapF32() : core.heapF64();
    output.set(heap.subarray(outputPtr / bytes, outputPtr / bytes + output.length));
  }

  applyFilterbank(input: FloatArray, weights: FloatArray, output: FloatArray, nIn: number, nRows: number, threads: number): void {
    this.#runPair('applyFilterbank', input, weights, output, (ex, dt, i, w, o) => ex.dsp_filterbank_apply(dt, i, input.length, nIn, w, weights.length, nRows, o, output.length, threads));
  }

  // --- audio features: HPSS and pitch (issue 4) ---

  hpss(input: FloatArray, harmonic: FloatArray, percussive: FloatArray, p: HpssKernelParams, threads: number): void {
    this.#runArrays('hpss', [input], [harmonic, percussive], (ex, dt, [i], [h, q]) =>
      ex.dsp_hpss(dt, p.complex ? 1 : 0, i!, input.length, p.nFrames, p.nBins, p.kernelHarmonic, p.kernelPercussive, p.power, p.marginHarmonic, p.marginPercussive, p.masks ? 1 : 0, h!, q!, harmonic.length, threads),
    );
  }

  hpssSignal(signal: FloatArray, window: FloatArray, harmonic: FloatArray, percussive: FloatArray, p: HpssSignalKernelParams, threads: number): void {
    const pad = abiCode(PAD_MODE_CODES, p.padMode, 'padMode', 'hpssSignal');
    if (harmonic.length !== percussive.length) throw new DspError('E_SHAPE', 'hpssSignal: harmonic and percussive must have one length');
    this.#runArrays('hpssSignal', [signal, window], [harmonic, percussive], (ex, dt, [s, w], [h, q]) =>
      ex.dsp_hpss_signal(
        dt, s!, signal.length, BigInt(p.start), p.nFrames, pad, w!, window.length, p.hop, p.istftFrames, p.offset,
        p.kernelHarmonic, p.kernelPercussive, p.power, p.marginHarmonic, p.marginPercussive, h!, q!, harmonic.length, threads,
      ),
    );
  }

  softmask(x: FloatArray, xRef: FloatArray, output: FloatArray, power: number, splitZeros: boolean, threads: number): void {
    this.#runArrays('softmask', [x, xRef], [output], (ex, dt, [a, b], [o]) => ex.dsp_softmask(dt, a!, b!, x.length, power, splitZeros ? 1 : 0, o!, threads));
  }

  yin(signal: FloatArray, output: FloatArray, p: YinKernelParams, threads: number): void {
    const pad = abiCode(PAD_MODE_CODES, p.padMode, 'padMode', 'yin');
    this.#runArrays('yin', [signal], [output], (ex, dt, [s], [o]) =>
      ex.dsp_yin(dt, s!, signal.length, p.frameLength, p.hop, p.nFrames, BigInt(p.start), pad, p.minPeriod, p.maxPeriod, p.sr, p.troughThreshold, o!, output.length, threads),
    );
  }

  pyin(signal: FloatArray, f0: FloatArray, voicedFlag: FloatArray, voicedProb: FloatArray, p: PyinKernelParams, threads: number): void {
    const pad = abiCode(PAD_MODE_CODES, p.padMode, 'padMode', 'pyin');
    this.#runArrays('pyin', [signal], [f0, voicedFlag, voicedProb], (ex, dt, [s], [a, b, c]) =>
      ex.dsp_pyin(
        dt, s!, signal.length, p.frameLength, p.hop, p.nFrames, BigInt(p.start), pad, p.minPeriod, p.maxPeriod, p.sr, p.fmin, p.nThresholds,
        p.betaA, p.betaB, p.boltzmann, p.binsPerSemitone, p.nPitchBins, p.transitionWidth, p.switchProb, p.noTroughProb, a!, b!, c!, f0.length, threads,
      ),
    );
  }

  /**
   * Copies `inputs` in (one after another in the input region), calls with
   * their addresses and the outputs', copies `outputs` out. One dtype throughout.
   */
  #runArrays(what: string, inputs: FloatArray[], outputs: FloatArray[], call: (exports: CoreExports, dtype: number, inputs: number[], outputs: number[]) => number): void {
    const core = this.#core;
    const first = inputs[0]!;
    for (const a of [...inputs.slice(1), ...outputs]) pairDtype(first, a, what);
    const dtype: Dtype = first instanceof Float32Array ? 'f32' : 'f64';
    const exports = core.exports();
    const bytes = dtype === 'f32' ? 4 : 8;
    const inputBytes = inputs.reduce((n, a) => n + a.length * bytes, 0);
    const outputBytes = outputs.reduce((n, a) => n + Math.max(1, a.length) * bytes, 0);
    const base = core.stage(inputBytes, outputBytes, what);
    const heapIn = bytes === 4 ? core.heapF32() : core.heapF64();
    const inputPtrs: number[] = [];
    let at = base;
    for (const a of inputs) {
      inputPtrs.push(at);
      heapIn.set(a, at / bytes);
      at += a.length * bytes;
    }
    const outputPtrs: number[] = [];
    at = base + outputOffset(inputBytes);
    for (const a of outputs) {
      // Never 0-length at one address with the next: the core refuses equal output pointers.
      outputPtrs.push(at);
      at += Math.max(1, a.length) * bytes;
    }
    let status: number;
    try {
      status = call(exports, DTYPE_CODES[dtype], inputPtrs, outputPtrs);
    } catch (e) {
      throw core.trapped(e, what);
    }
    if (status !== 0) throw core.failure(status, what);
    const heap = bytes === 4 ? core.heapF32() : core.heapF64();
    outputs.forEach((a, k) => a.set(heap.subarray(outputPtrs[k]! / bytes, outputPtrs[k]! / bytes + a.length)));
  }

  /** Copies `input` and `window` in (one after the other in the input region), calls, copies `output` out. */
  #runPair(what: string, input: FloatArray, window: FloatArray, output: FloatArray, call: (exports: CoreExports, dtype: number, input: number, window: number, output: number) => number): void {
    const core = this.#core;
    const dtype = pairDtype(input, output, what);
    pairDtype(window, output, what);
    const exports = core.exports();
    const bytes = dtype === 'f32' ? 4 : 8;
    const inputBytes = (input.length + window.length) * bytes;
    const inputPtr = core.stage(inputBytes, output.length * bytes, what);
    const windowPtr = inputPtr + input.length * bytes;
    const outputPtr = inputPtr + outputOffset(inputBytes);
    const heapIn = bytes === 4 ? core.heapF32() : core.heapF64();
    heapIn.set(input, inputPtr / bytes);
    heapIn.set(window, windowPtr / bytes);
    let status: number;
    try {
      status = call(exports, DTYPE_CODES[dtype], inputPtr, windowPtr, outputPtr);
    } catch (e) {
      throw core.trapped(e, what);
    }
    if (status !== 0) throw core.failure(status, what);
    const heap = bytes === 4 ? core.heapF32() : core.heapF64();
    const start = outputPtr / bytes;
    output.set(heap.subarray(start, start + output.length));
  }

  /**
   * Copy in, call, copy out. `input === output` passes one region twice,
   * which the core runs in place (or, for real transforms, refuses as native does).
   */
  #runNd(what: string, input: FloatArray, output: FloatArray, shape: readonly number[], axes: readonly number[], call: NdCall): void {
    const core = this.#core;
    const dtype = pairDtype(input, output, what);
    const exports = core.exports();
    const shapePtr = core.writeSizes(shape, 'shape', what);
    const axesPtr = core.writeSizes(axes, 'axes', what);
    const bytes = dtype === 'f32' ? 4 : 8;
    const inPlace = input === output;
    const inputBytes = input.length * bytes;
    const inputPtr = core.stage(inputBytes, inPlace ? 0 : output.length * bytes, what);
    const outputPtr = inPlace ? inputPtr : inputPtr + outputOffset(inputBytes);
    (bytes === 4 ? core.heapF32() : core.heapF64()).set(input, inputPtr / bytes);
    let status: number;
    try {
      status = call(exports, DTYPE_CODES[dtype], shapePtr, shape.length, axesPtr, axes.length, inputPtr, input.length, outputPtr, output.length);
    } catch (e) {
      throw core.trapped(e, what);
    }
    if (status !== 0) throw core.failure(status, what);
    const heap = bytes === 4 ? core.heapF32() : core.heapF64();
    const start = outputPtr / bytes;
    output.set(heap.subarray(start, start + output.length));
  }
}
