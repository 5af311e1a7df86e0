import {
  DspError,
  checkFinite,
  checkInteger,
  checkOneOf,
  checkOptions,
  checkThreads,
  describeValue,
  dtypeOf,
  getBackend,
  kernelCall,
  outputArray,
  type Dtype,
  type FloatArray,
  type KernelNufftPlan,
  type NufftKernel,
  type NufftModeOrder,
  type NufftType,
} from '@dsp/backend';

/**
 * Smallest eps honoured per dtype. In f32 the FFT's and the spreading's
 * rounding (≈ 1e-7 relative, growing slowly with size) sets the floor; a
 * smaller eps would be silently missed, so it is refused.
 */
export const NUFFT_EPS_FLOOR: Readonly<Record<Dtype, number>> = { f32: 1e-5, f64: 1e-14 };

/** Options shared by the plan and the one-call functions. */
export interface NufftTuning {
  /** Requested relative l2 error of the output (default 1e-6, f32: 1e-5). */
  eps?: number;
  /** Sign of the exponent (default +1 for types 1 and 3, −1 for type 2, as FINUFFT). */
  isign?: 1 | -1;
  /** Mode order along each axis (default 'centered': −⌊N/2⌋ … ⌈N/2⌉ − 1). */
  modeOrder?: NufftModeOrder;
  /** Spreading kernel (default 'es', the exponential of semicircle). */
  kernel?: NufftKernel;
  /** Oversampling factor in 1.25…4 (default 2); 1 for points exactly on the grid 2πj/N (types 1 and 2), which runs the plain FFT. */
  sigma?: number;
  /** Kernel half-width in grid points (width 2m); default chosen from eps. */
  m?: number;
  /** Kernel shape parameter β; default: FINUFFT's rule for 'es', Beatty's for 'kb'. */
  kbBeta?: number;
  /** Vectors per call (default 1): inputs and outputs hold `batch` vectors one after the other. */
  batch?: number;
  backend?: string;
  threads?: number;
}

export interface NufftPlanOptions extends NufftTuning {
  type: NufftType;
  /** Types 1 and 2: mode counts, one per dimension (a number for 1-D). Type 3: the dimension (1, 2 or 3). */
  modes: number | readonly number[];
  dtype: Dtype;
}

const TUNING_KEYS = ['eps', 'isign', 'modeOrder', 'kernel', 'sigma', 'm', 'kbBeta', 'batch', 'backend', 'threads'] as const;
const PLAN_KEYS = ['type', 'modes', 'dtype', ...TUNING_KEYS] as const;
const AXES = ['x', 'y', 'z'] as const;
const FREQ_AXES = ['s', 't', 'u'] as const;

function checkModes(type: NufftType, modes: unknown, fn: string): number[] {
  if (type === 3) {
    const dim = checkInteger(modes, 'modes (the dimension, for type 3)', fn, { min: 1, max: 3 });
    return new Array<number>(dim).fill(1);
  }
  const list = typeof modes === 'number' ? [modes] : modes;
  if (!Array.isArray(list) || list.length < 1 || list.length > 3) {
    throw new DspError('E_SHAPE', `${fn}: modes must be a mode count or an array of 1 to 3 of them, got ${describeValue(modes)}`);
  }
  return list.map((n: unknown, d: number) => checkInteger(n, `modes[${d}]`, fn, { min: 1, max: 2 ** 31 }));
}

/**
 * A NUFFT plan (FINUFFT's plan interface): made once for a type, mode box and
 * tolerance, then `setPoints`, then `execute` as often as needed. `adjoint`
 * applies the exact conjugate transpose of `execute`.
 */
export class NufftPlan {
  readonly type: NufftType;
  readonly dim: number;
  /** Types 1 and 2: the mode counts per dimension; type 3: ones. */
  readonly modes: readonly number[];
  readonly dtype: Dtype;
  readonly eps: number;
  readonly isign: 1 | -1;
  readonly batch: number;
  readonly threads: number;
  readonly #kernel: KernelNufftPlan;
  /** The one-call function this plan serves, named in its error messages instead of the plan's methods. */
  readonly #caller: string | undefined;
  #nPoints = -1;
  #nTargets = 0;
  /**
   * The coordinates of several axes packed into one array for the kernel,
   * kept for the next setPoints of as many points: a fresh array of 1e6 2-D
   * points is 16 MB whose first-touch page faults cost more than the packing.
   */
  #packed = new Float64Array(0);

  /** @internal use createNufftPlan */
  constructor(opts: NufftPlanOptions, fn: string) {
    const o = checkOptions<NufftPlanOptions>(opts, PLAN_KEYS, fn);
    this.#caller = fn === 'createNufftPlan' ? undefined : fn;
    this.type = checkOneOf(o.type, [1, 2, 3] as const, 'type', fn);
    this.modes = checkModes(this.type, o.modes, fn);
    this.dim = this.modes.length;
    this.dtype = checkOneOf(o.dtype, ['f32', 'f64'] as const, 'dtype', fn);
    const floor = NUFFT_EPS_FLOOR[this.dtype];
    this.eps = o.eps === undefined ? Math.max(1e-6, floor) : checkFinite(o.eps, 'eps', fn, { positive: true });
    if (this.eps < floor) {
      throw new DspError(
        'E_INVALID_ARGUMENT',
        `${fn}: eps ${this.eps} is below what ${this.dtype} can honour (${floor}); use eps ≥ ${floor}${this.dtype === 'f32' ? ' or Float64Array data' : ''}`,
      );
    }
    this.isign = o.isign === undefined ? (this.type === 2 ? -1 : 1) : checkOneOf(o.isign, [1, -1] as const, 'isign', fn);
    const kernel = o.kernel === undefined ? 'es' : checkOneOf(o.kernel, ['es', 'kb'] as const, 'kernel', fn);
    const modeOrder = o.modeOrder === undefined ? 'centered' : checkOneOf(o.modeOrder, ['centered', 'fft'] as const, 'modeOrder', fn);
    let sigma = 0;
    if (o.sigma !== undefined) {
      sigma = checkFinite(o.sigma, 'sigma', fn);
      if (!(sigma === 1 || (sigma >= 1.25 && sigma <= 4))) {
        throw new DspError('E_INVALID_ARGUMENT', `${fn}: sigma must be 1 (points on the grid) or in 1.25…4, got ${sigma}`);
      }
      if (sigma === 1 && this.type === 3) throw new DspError('E_INVALID_ARGUMENT', `${fn}: sigma = 1 (points on the grid) applies to types 1 and 2, not type 3`);
    }
    const m = o.m === undefined ? 0 : checkInteger(o.m, 'm', fn, { min: 1, max: 8 });
    const kbBeta = o.kbBeta === undefined ? 0 : checkFinite(o.kbBeta, 'kbBeta', fn, { positive: true });
    this.batch = o.batch === undefined ? 1 : checkInteger(o.batch, 'batch', fn, { min: 1 });
    this.threads = checkThreads(o.threads, fn);
    const backend = getBackend(o.backend);
    this.#kernel = backend.createNufftPlan({ type: this.type, dtype: this.dtype, modes: this.modes, isign: this.isign, eps: this.eps, kernel, sigma, halfWidth: m, kbBeta, modeOrder });
  }

  /** Points set so far (−1 before `setPoints`). */
  get nPoints(): number {
    return this.#nPoints;
  }

  /** Type 3: target frequencies set so far. */
  get nTargets(): number {
    return this.#nTargets;
  }

  /** Complex values per vector that `execute` reads. */
  get inputLength(): number {
    return this.type === 2 ? this.modes.reduce((a, b) => a * b, 1) : Math.max(this.#nPoints, 0);
  }

  /** Complex values per vector that `execute` writes. */
  get outputLength(): number {
    if (this.type === 1) return this.modes.reduce((a, b) => a * b, 1);
    return this.type === 2 ? Math.max(this.#nPoints, 0) : this.#nTargets;
  }

  get disposed(): boolean {
    return this.#kernel.disposed;
  }

  /**
   * Sets the non-uniform points: one coordinate array per dimension (radians,
   * any real value; types 1 and 2 are 2π-periodic in them), then for type 3 as
   * many arrays of target frequencies. Arrays have the plan's dtype.
   */
  setPoints(...coords: FloatArray[]): void {
    const fn = this.#caller ?? 'NufftPlan.setPoints';
    this.#live(fn);
    const want = this.type === 3 ? 2 * this.dim : this.dim;
    if (coords.length !== want) {
      const names = [...AXES.slice(0, this.dim), ...(this.type === 3 ? FREQ_AXES.slice(0, this.dim) : [])];
      throw new DspError('E_INVALID_ARGUMENT', `${fn}: a ${this.dim}-D type ${this.type} plan takes ${want} arrays (${names.join(', ')}), got ${coords.length}`);
    }
    const pointArrays = coords.slice(0, this.dim);
    const size = (pointArrays[0]?.length ?? 0) * this.dim;
    const needsPacking = this.dim > 1 || !(pointArrays[0] instanceof Float64Array);
    if (needsPacking && this.#packed.length !== size) this.#packed = new Float64Array(size);
    const points = packCoordinates(pointArrays, AXES, this.dtype, fn, this.#packed);
    const targets = this.type === 3 ? packCoordinates(coords.slice(this.dim), FREQ_AXES, this.dtype, fn) : new Float64Array(0);
    const count = points.length / this.dim;
    const nTargets = targets.length / this.dim;
    this.#kernel.setPoints(points, count, targets, nTargets);
    this.#nPoints = count;
    this.#nTargets = nTargets;
  }

  /** Applies the transform to `batch` vectors of interleaved complex values. */
  execute(input: FloatArray, out?: FloatArray): FloatArray {
    return this.#run(false, input, out, this.#caller ?? 'NufftPlan.execute');
  }

  /** Applies the exact conjugate transpose of `execute` (input: what execute writes; output: what it reads). */
  adjoint(input: FloatArray, out?: FloatArray): FloatArray {
    return this.#run(true, input, out, 'NufftPlan.adjoint');
  }

  dispose(): void {
    this.#kernel.dispose();
  }

  #live(fn: string): void {
    if (this.#kernel.disposed) throw new DspError('E_DISPOSED', `${fn}: this NUFFT plan was disposed; create a new plan`);
  }

  #run(adjoint: boolean, input: FloatArray, out: FloatArray | undefined, fn: string): FloatArray {
    this.#live(fn);
    if (this.#nPoints < 0) throw new DspError('E_INVALID_ARGUMENT', `${fn}: call setPoints before transforming`);
    const dtype = dtypeOf(input, 'input', fn);
    if (dtype !== this.dtype) {
      throw new DspError('E_DTYPE', `${fn}: this plan is ${this.dtype}, so input must be a ${this.dtype === 'f32' ? 'Float32Array' : 'Float64Array'}, got ${describeValue(input)}`);
    }
    const [nIn, nOut] = adjoint ? [this.outputLength, this.inputLength] : [this.inputLength, this.outputLength];
    if (input.length !== 2 * nIn * this.batch) {
      throw new DspError(
        'E_SHAPE',
        `${fn}: input must hold ${this.batch} vector(s) of ${nIn} interleaved complex values (${2 * nIn * this.batch} numbers), got ${input.length}`,
      );
    }
    const output = outputArray(out, input, 2 * nOut * this.batch, fn);
    kernelCall(fn, 'input', () => this.#kernel.execute(adjoint, input, output, this.batch, this.threads));
    return output;
  }
}

/**
 * Checks coordinate arrays (dtype, one length, finite) and packs them, one
 * after the other, as f64. A single Float64Array is already packed and is
 * passed on as it is (the backends only read it).
 */
/** The axes' coordinates checked and packed axis after axis (into `into` when it has the room). */
function packCoordinates(arrays: FloatArray[], names: readonly string[], dtype: Dtype, fn: string, into?: Float64Array): Float64Array {
  const n = arrays[0]?.length ?? 0;
  const single = arrays.length === 1 && arrays[0] instanceof Float64Array ? arrays[0] : undefined;
  const packed = single ?? (into !== undefined && into.length === n * arrays.length ? into : new Float64Array(n * arrays.length));
  arrays.forEach((a, d) => {
    const name = names[d]!;
    if (dtypeOf(a, name, fn) !== dtype) {
      throw new DspError('E_DTYPE', `${fn}: ${name} is ${a instanceof Float32Array ? 'Float32Array' : 'Float64Array'} but the data is ${dtype}; they must match`);
    }
    if (a.length !== n) throw new DspError('E_SHAPE', `${fn}: ${name} has ${a.length} values but ${names[0]} has ${n}; they must match`);
    for (let i = 0; i < n; i++) {
      const v = a[i]!;
      if (!Number.isFinite(v)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name}[${i}] is ${v}; points must be finite`);
    }
    if (packed !== a) packed.set(a, d * n);
  });
  return packed;
}

/** Makes a NUFFT plan: `{ type, modes, eps, dtype, isign?, sigma?, kernel?, m?, kbBeta?, modeOrder?, batch? }`. */
export function createNufftPlan(opts: NufftPlanOptions): NufftPlan {
  return new NufftPlan(opts, 'createNufftPlan');
}
