import {
  checkInteger,
  checkOneOf,
  checkOptions,
  checkThreads,
  DspError,
  dtypeOf,
  getBackend,
  kernelCall,
  outputArray,
  type Dtype,
  type FftKind,
  type FftNorm,
  type FloatArray,
  type KernelFftPlan,
} from '@dsp/backend';

import { normScale } from './options.js';

export interface FftPlanOptions {
  /** 'c2c' (default): complex ↔ complex. 'r2c': real n ↔ n/2+1 complex bins. */
  kind?: FftKind;
  /** 'f32' or 'f64' (default); inputs must be Float32Array or Float64Array to match. */
  dtype?: Dtype;
  /** Rows per call, contiguous (default 1). */
  batch?: number;
  /** numpy normalisation (default 'backward': inverse divided by n). */
  norm?: FftNorm;
  /** Backend to run on (default: the active one when the plan is made). */
  backend?: string;
  /** 0 automatic (default), 1 serial, k at most k threads; batches are split over threads natively. */
  threads?: number;
}

/** A reusable transform of one size, kind and dtype over `batch` contiguous rows. */
export interface FftPlan {
  readonly n: number;
  readonly kind: FftKind;
  readonly dtype: Dtype;
  readonly batch: number;
  readonly norm: FftNorm;
  readonly backend: string;
  readonly disposed: boolean;
  /** Scalars `forward` reads (c2c: 2n·batch; r2c: n·batch) and writes (c2c 2n·batch; r2c (n+2 or n+1 rounded to even)·batch). */
  readonly inputLength: number;
  readonly outputLength: number;
  /** Forward transform of every row; writes into `out` when given (c2c: `out` may be `input`). */
  forward(input: FloatArray, out?: FloatArray): FloatArray;
  /** Inverse transform of every row (r2c: half spectra in, real rows out). */
  inverse(input: FloatArray, out?: FloatArray): FloatArray;
  /** Frees the plan's memory in the core. Calls afterwards throw E_DISPOSED; disposing twice is harmless. */
  dispose(): void;
}

const PLAN_OPTIONS = ['kind', 'dtype', 'batch', 'norm', 'backend', 'threads'];

/**
 * Plans `n`-point transforms (any n ≥ 1) for repeated use: twiddles and
 * scratch are made once, and calls with `out` allocate nothing.
 */
export function createFftPlan(n: number, opts?: FftPlanOptions): FftPlan {
  const fn = 'createFftPlan';
  checkInteger(n, 'n', fn, { min: 1, max: 2 ** 31 - 1 });
  const o = checkOptions<FftPlanOptions>(opts, PLAN_OPTIONS, fn);
  const kind = o.kind === undefined ? 'c2c' : checkOneOf(o.kind, ['c2c', 'r2c'] as const, 'kind', fn);
  const dtype = o.dtype === undefined ? 'f64' : checkOneOf(o.dtype, ['f32', 'f64'] as const, 'dtype', fn);
  const batch = o.batch === undefined ? 1 : checkInteger(o.batch, 'batch', fn, { min: 1 });
  const norm = o.norm === undefined ? 'backward' : checkOneOf(o.norm, ['backward', 'ortho', 'forward'] as const, 'norm', fn);
  const threads = checkThreads(o.threads, fn);
  const backend = getBackend(o.backend);
  const kernel: KernelFftPlan = backend.createFftPlan(kind, dtype, n);
  const timeRow = kind === 'c2c' ? 2 * n : n;
  const freqRow = kind === 'c2c' ? 2 * n : 2 * (Math.floor(n / 2) + 1);
  const scales = [normScale(norm, n, false), normScale(norm, n, true)] as const;

  const run = (inverse: boolean, input: FloatArray, out: FloatArray | undefined): FloatArray => {
    const name = inverse ? 'plan.inverse' : 'plan.forward';
    if (kernel.disposed) throw new DspError('E_DISPOSED', `${name}: this FFT plan (n = ${n}) was disposed; create a new one`);
    if (dtypeOf(input, 'input', name) !== dtype) {
      throw new DspError('E_DTYPE', `${name}: input must be a ${dtype === 'f32' ? 'Float32Array' : 'Float64Array'} for this ${dtype} plan`);
    }
    const [inRow, outRow] = inverse ? [freqRow, timeRow] : [timeRow, freqRow];
    if (input.length !== inRow * batch) {
      throw new DspError('E_SHAPE', `${name}: input must hold ${batch} row(s) of ${inRow} values (${inRow * batch}), got ${input.length}`);
    }
    const result = outputArray(out, input, outRow * batch, name, kind === 'c2c');
    kernelCall(name, 'input', () => kernel.execute(inverse, input, result, batch, scales[inverse ? 1 : 0], threads));
    return result;
  };

  return {
    n,
    kind,
    dtype,
    batch,
    norm,
    backend: backend.name,
    get disposed() {
      return kernel.disposed;
    },
    inputLength: timeRow * batch,
    outputLength: freqRow * batch,
    forward: (input, out) => run(false, input, out),
    inverse: (input, out) => run(true, input, out),
    dispose: () => kernel.dispose(),
  };
}
