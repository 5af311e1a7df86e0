// NUFFT plans on the WebAssembly core. A plan keeps what made it (parameters,
// points), so that after a trap replaced the instance it rebuilds its handle
// on the new one and carries on.
import { abiCode, DTYPE_CODES, DspError, NUFFT_KERNEL_CODES, NUFFT_MODE_ORDER_CODES, disposalRegistry, type Dtype, type FloatArray, type KernelNufftPlan, type NufftKernelParams } from '@dsp/backend';
import { outputOffset, type WasmCore } from './core.js';

interface NufftSlot {
  core: WasmCore;
  handle: number;
  generation: number;
}

function freeSlot(slot: NufftSlot): void {
  const { core, handle, generation } = slot;
  slot.handle = 0;
  if (handle === 0 || generation !== core.generation) return;
  try {
    core.callRaw('NufftPlan.dispose', (exports) => exports.dsp_nufft_plan_free(handle));
  } catch {
    // A trap while freeing has already replaced the instance, which took the plan with it.
  }
}

const registry = disposalRegistry((slot) => freeSlot(slot as NufftSlot));

function newHandle(core: WasmCore, p: NufftKernelParams, what: string): number {
  const codes = [
    abiCode(DTYPE_CODES, p.dtype, 'dtype', what),
    abiCode(NUFFT_KERNEL_CODES, p.kernel, 'kernel', what),
    abiCode(NUFFT_MODE_ORDER_CODES, p.modeOrder, 'modeOrder', what),
  ] as const;
  const modesPtr = core.writeSizes(p.modes, 'shape', what);
  const slotPtr = core.handleSlot;
  let status: number;
  try {
    status = core.exports().dsp_nufft_plan_new(codes[0], p.type, p.modes.length, modesPtr, p.isign, p.eps, codes[1], p.sigma, p.halfWidth, p.kbBeta, codes[2], slotPtr);
  } catch (e) {
    throw core.trapped(e, what);
  }
  if (status !== 0) throw core.failure(status, what);
  return core.heapU32()[slotPtr >>> 2]!;
}

/**
 * A copy of `values`, written into `kept` when it has the same length: a fresh
 * copy per setPoints (0.8 MB for 1e5 points) cost a new zeroed buffer every
 * call, and the garbage it left made later calls slow by turns.
 */
function keepCopy(kept: Float64Array | undefined, values: Float64Array): Float64Array {
  if (kept === undefined || kept.length !== values.length) return values.slice();
  kept.set(values);
  return kept;
}

export class WasmNufftPlan implements KernelNufftPlan {
  readonly dtype: Dtype;
  readonly #core: WasmCore;
  readonly #params: NufftKernelParams;
  readonly #slot: NufftSlot;
  #disposed = false;
  /** The last points set, to replay on a new instance after a trap. */
  #points: [Float64Array, number, Float64Array, number] | undefined;

  constructor(core: WasmCore, params: NufftKernelParams) {
    this.#core = core;
    this.#params = { ...params, modes: [...params.modes] };
    this.dtype = params.dtype;
    this.#slot = { core, handle: newHandle(core, this.#params, 'createNufftPlan'), generation: core.generation };
    registry?.register(this, this.#slot, this.#slot);
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  #handle(what: string): number {
    if (this.#disposed) throw new DspError('E_DISPOSED', `${what}: this NUFFT plan was disposed; create a new plan`);
    const core = this.#core;
    if (this.#slot.generation !== core.generation) {
      this.#slot.handle = newHandle(core, this.#params, what);
      this.#slot.generation = core.generation;
      if (this.#points !== undefined) this.#sendPoints(this.#slot.handle, what, ...this.#points);
    }
    return this.#slot.handle;
  }

  #length(which: number): number {
    if (this.#disposed) return 0;
    const handle = this.#handle('NufftPlan');
    return this.#core.callRaw('NufftPlan', (exports) => exports.dsp_nufft_len(handle, which)) >>> 0;
  }

  get inputLength(): number {
    return this.#length(0);
  }

  get outputLength(): number {
    return this.#length(1);
  }

  setPoints(points: Float64Array, count: number, targets: Float64Array, nTargets: number): void {
    const what = 'NufftPlan.setPoints';
    this.#sendPoints(this.#handle(what), what, points, count, targets, nTargets);
    this.#points = [keepCopy(this.#points?.[0], points), count, keepCopy(this.#points?.[2], targets), nTargets];
  }

  #sendPoints(handle: number, what: string, points: Float64Array, count: number, targets: Float64Array, nTargets: number): void {
    const core = this.#core;
    const pointsBytes = points.length * 8;
    const ptr = core.stage(pointsBytes, targets.length * 8, what);
    const targetsPtr = ptr + outputOffset(pointsBytes);
    const heap = core.heapF64();
    heap.set(points, ptr / 8);
    heap.set(targets, targetsPtr / 8);
    let status: number;
    try {
      status = core.exports().dsp_nufft_set_points(handle, ptr, points.length, count, targetsPtr, targets.length, nTargets);
    } catch (e) {
      throw core.trapped(e, what);
    }
    if (status !== 0) throw core.failure(status, what);
  }

  execute(adjoint: boolean, input: FloatArray, output: FloatArray, batch: number, threads: number): void {
    const what = adjoint ? 'NufftPlan.adjoint' : 'NufftPlan.execute';
    const handle = this.#handle(what);
    const bytes = this.dtype === 'f32' ? 4 : 8;
    const want = this.dtype === 'f32' ? Float32Array : Float64Array;
    if (!(input instanceof want) || !(output instanceof want)) {
      throw new DspError('E_DTYPE', `${what}: this plan is ${this.dtype}, so input and output must be ${want.name}`);
    }
    const core = this.#core;
    const inputBytes = input.length * bytes;
    const inputPtr = core.stage(inputBytes, output.length * bytes, what);
    const outputPtr = inputPtr + outputOffset(inputBytes);
    (bytes === 4 ? core.heapF32() : core.heapF64()).set(input, inputPtr / bytes);
    let status: number;
    try {
      status = core.exports().dsp_nufft_execute(handle, adjoint ? 1 : 0, inputPtr, input.length, outputPtr, output.length, batch, threads);
    } catch (e) {
      throw core.trapped(e, what);
    }
    if (status !== 0) throw core.failure(status, what);
    const heap = bytes === 4 ? core.heapF32() : core.heapF64();
    output.set(heap.subarray(outputPtr / bytes, outputPtr / bytes + output.length));
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    registry?.unregister(this.#slot);
    freeSlot(this.#slot);
    this.#slot.generation = 0;
    this.#points = undefined;
  }
}
