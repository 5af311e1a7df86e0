// SpectralLinear: a linear layer y = W x whose weight matrix is parameterised
// by k orthonormal DCT-II coefficients at fixed positions, W = C_outᵀ Ŵ C_in.
// Forward and backward never build W: each costs two DCTs per row plus
// O(k) per row.
import { allocate, checkInteger, checkOneOf, checkOptions, describeValue, DspError, dtypeOf, type Dtype, type FloatArray } from '@dsp/backend';

import { makeLayout } from './layout.js';
import { parseBudget, sst, SparseSpectralTensor } from './tensor.js';
import { orthoDct } from './transform.js';

export interface SpectralLinearOptions {
  /** Number of coefficients. */
  k?: number;
  /** Fraction of the inFeatures·outFeatures positions. */
  keep?: number;
  /** Only 'dct' (real coefficients) is supported: a complex basis would need conjugate-pair parameters. */
  basis?: 'dct';
  /** Precision of parameters and activations (default 'f64'). */
  dtype?: Dtype;
  /** Seed of the initial coefficients (default 1). */
  seed?: number;
  backend?: string;
}

export interface FromDenseOptions {
  k?: number;
  keep?: number;
  maxError?: number;
  basis?: 'dct';
  backend?: string;
}

export interface Gradients<T extends FloatArray = FloatArray> {
  /** dL/dx, [batch, inFeatures]. */
  gradX: T;
  /** dL/d(coefficients), one per coefficient. */
  gradCoefficients: T;
}

/** Uniform values in [0, 1) from a seed (mulberry32): initial layers are reproducible. */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Given parameters, as fromDense finds them. */
interface Parameters {
  positions: Int32Array;
  coefficients: FloatArray;
  relativeError: number;
}

function checkBasisDct(v: unknown, fn: string): 'dct' {
  return v === undefined ? 'dct' : checkOneOf(v, ['dct'] as const, 'basis', fn);
}

export class SpectralLinear {
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly dtype: Dtype;
  /** Positions of the coefficients in the [outFeatures, inFeatures] DCT array, ascending (fixed). */
  readonly positions: Int32Array;
  /** The trainable coefficients (update them in place, e.g. θ −= lr·gradCoefficients). */
  readonly coefficients: FloatArray;
  /** ‖W − Ŵ‖/‖W‖ committed by `fromDense` (0 for a layer made by the constructor). */
  readonly relativeError: number;
  readonly #backend: string | undefined;
  /** The last forward input in the DCT domain (C_in x per row), for backward. */
  #lastInput: { spectra: FloatArray; batch: number } | undefined;

  /**
   * A layer with the k lowest-frequency positions (smallest (i/out)² + (j/in)²),
   * coefficients drawn N(0, out/k) so that W's entries have variance ≈ 1/in.
   */
  constructor(inFeatures: number, outFeatures: number, opts: SpectralLinearOptions = {}, /** @internal */ given?: Parameters) {
    const fn = 'SpectralLinear';
    checkInteger(inFeatures, 'inFeatures', fn, { min: 1 });
    checkInteger(outFeatures, 'outFeatures', fn, { min: 1 });
    const o = checkOptions<SpectralLinearOptions>(opts, ['k', 'keep', 'basis', 'dtype', 'seed', 'backend'], fn);
    checkBasisDct(o.basis, fn);
    const dtype = o.dtype === undefined ? 'f64' : checkOneOf(o.dtype, ['f32', 'f64'] as const, 'dtype', fn);
    const total = inFeatures * outFeatures;
    if (total > 2 ** 31 - 1) throw new DspError('E_SHAPE', `${fn}: ${outFeatures}×${inFeatures} has more positions than int32 can address`);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.dtype = dtype;
    this.#backend = o.backend;
    if (given) {
      this.positions = given.positions;
      this.coefficients = given.coefficients;
      this.relativeError = given.relativeError;
      return;
    }
    const budget = parseBudget({ k: o.k, keep: o.keep }, fn);
    const k = Math.min(total, 'count' in budget ? budget.count : 'fraction' in budget ? Math.max(1, Math.round(budget.fraction * total)) : total);
    const order = Array.from({ length: total }, (_, p) => p);
    const freq = (p: number) => (Math.floor(p / inFeatures) / outFeatures) ** 2 + ((p % inFeatures) / inFeatures) ** 2;
    order.sort((p, q) => freq(p) - freq(q) || p - q);
    this.positions = Int32Array.from(order.slice(0, k)).sort();
    const r = uniform(o.seed === undefined ? 1 : checkInteger(o.seed, 'seed', fn, { min: 0 }));
    const sigma = Math.sqrt(outFeatures / k);
    this.coefficients = allocate(dtype, k, fn);
    for (let i = 0; i < k; i++) this.coefficients[i] = sigma * Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    this.relativeError = 0;
  }

  /**
   * The layer nearest a dense weight matrix `W` ([outFeatures, inFeatures])
   * with k coefficients, and the error that commits (`relativeError`). Trained
   * weights are not smooth: at 5% kept the error is near that of white noise
   * (≈ 0.85–0.9), which destroys a pretrained model. Quantise to int8 for that.
   */
  static fromDense(W: { data: FloatArray; shape: readonly [number, number] | readonly number[] }, opts: FromDenseOptions): SpectralLinear {
    const fn = 'SpectralLinear.fromDense';
    if (typeof W !== 'object' || W === null || !Array.isArray(W.shape) || W.shape.length !== 2) {
      throw new DspError('E_SHAPE', `${fn}: W must be { data, shape: [outFeatures, inFeatures] }, got ${describeValue(W)}`);
    }
    const o = checkOptions<FromDenseOptions>(opts, ['k', 'keep', 'maxError', 'basis', 'backend'], fn);
    checkBasisDct(o.basis, fn);
    const T = sst(W.data, W.shape, { k: o.k, keep: o.keep, maxError: o.maxError, backend: o.backend });
    const given = { positions: T.indices.slice(), coefficients: T.values.slice(), relativeError: T.relativeError };
    T.dispose();
    return new SpectralLinear(W.shape[1]!, W.shape[0]!, { dtype: given.coefficients instanceof Float32Array ? 'f32' : 'f64', backend: o.backend }, given);
  }

  /** The weight matrix W as a SparseSpectralTensor (dct basis over both axes). */
  toTensor(): SparseSpectralTensor {
    const layout = makeLayout('dct', this.dtype, [this.outFeatures, this.inFeatures], [0, 1]);
    return new SparseSpectralTensor(
      layout,
      { indices: this.positions.slice(), values: this.coefficients.slice() },
      { relativeError: this.relativeError, energyKept: 1 - this.relativeError ** 2 },
      'SpectralLinear.toTensor',
      { backend: this.#backend },
    );
  }

  #rows(x: FloatArray, width: number, name: string, fn: string): number {
    const dtype = dtypeOf(x, name, fn);
    if (dtype !== this.dtype) throw new DspError('E_DTYPE', `${fn}: ${name} must be ${this.dtype === 'f32' ? 'Float32Array' : 'Float64Array'} like the layer, got ${describeValue(x)}`);
    if (x.length === 0 || x.length % width !== 0) throw new DspError('E_SHAPE', `${fn}: ${name} must hold batch × ${width} values (rows of ${width}), got ${x.length}`);
    return x.length / width;
  }

  /** DCT along each row of [rows, width] data. */
  #rowDct(x: FloatArray, rows: number, width: number, inverse: boolean, out?: FloatArray): FloatArray {
    return orthoDct(x, [rows, width], [1], inverse, { backend: this.#backend }, out);
  }

  /** y = W x for each row of `x` ([batch, inFeatures] → [batch, outFeatures]). Remembers x for backward. */
  forward(x: FloatArray): FloatArray {
    const fn = 'SpectralLinear.forward';
    const batch = this.#rows(x, this.inFeatures, 'x', fn);
    const spectra = this.#rowDct(x, batch, this.inFeatures, false);
    this.#lastInput = { spectra, batch };
    const z = allocate(this.dtype, batch * this.outFeatures, fn);
    this.#spread(spectra, batch, z, false);
    return this.#rowDct(z, batch, this.outFeatures, true, z);
  }

  /**
   * Gradients for the last forward input, given dL/dy ([batch, outFeatures]):
   * gradX = Wᵀ gradY and dL/dŴ at the stored positions.
   */
  backward(gradY: FloatArray): Gradients {
    const fn = 'SpectralLinear.backward';
    const last = this.#lastInput;
    if (last === undefined) throw new DspError('E_INVALID_ARGUMENT', `${fn}: call forward(x) first; backward uses its input`);
    const batch = this.#rows(gradY, this.outFeatures, 'gradY', fn);
    if (batch !== last.batch) throw new DspError('E_SHAPE', `${fn}: gradY has ${batch} rows but the last forward input had ${last.batch}`);
    const g = this.#rowDct(gradY, batch, this.outFeatures, false);
    const gradCoefficients = allocate(this.dtype, this.coefficients.length, fn);
    const { positions } = this;
    const n = this.inFeatures;
    const m = this.outFeatures;
    for (let k = 0; k < positions.length; k++) {
      const i = Math.floor(positions[k]! / n);
      const j = positions[k]! - i * n;
      let s = 0;
      for (let b = 0; b < batch; b++) s += g[b * m + i]! * last.spectra[b * n + j]!;
      gradCoefficients[k] = s;
    }
    const zx = allocate(this.dtype, batch * n, fn);
    this.#spread(g, batch, zx, true);
    return { gradX: this.#rowDct(zx, batch, n, true, zx), gradCoefficients };
  }

  /** out[b, i] += Ŵ[i, j]·v[b, j] (or the transpose: out[b, j] += Ŵ[i, j]·v[b, i]). */
  #spread(v: FloatArray, batch: number, out: FloatArray, transpose: boolean): void {
    const n = this.inFeatures;
    const m = this.outFeatures;
    const [vw, ow] = transpose ? [m, n] : [n, m];
    for (let k = 0; k < this.positions.length; k++) {
      const i = Math.floor(this.positions[k]! / n);
      const j = this.positions[k]! - i * n;
      const w = this.coefficients[k]!;
      const [from, to] = transpose ? [i, j] : [j, i];
      for (let b = 0; b < batch; b++) out[b * ow + to] = out[b * ow + to]! + w * v[b * vw + from]!;
    }
  }
}
