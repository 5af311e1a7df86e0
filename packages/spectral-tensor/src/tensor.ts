// SparseSpectralTensor: N-D real data kept as its largest orthonormal
// transform coefficients, and sst(), which makes one.
import {
  allocate,
  checkFinite,
  checkInteger,
  checkOptions,
  checkSameDtype,
  describeValue,
  DspError,
  dtypeOf,
  getBackend,
  outputArray,
  Status,
  type Dtype,
  type FloatArray,
} from '@dsp/backend';

import { decode, encode, type ToBytesOptions } from './bytes.js';
import { checkBasis, checkSameLayout, checkTensorShape, makeLayout, Partners, stridesOf, type Basis, type Layout } from './layout.js';
import { MemoryManager } from './memory.js';
import { matmulSpectral } from './matmul.js';
import { selectCoefficients, type Budget } from './select.js';
import { forEachCommon, unionCombine, type Coefficients } from './sparse.js';
import { forwardTransform, inverseTransform, scatter, type RunOptions } from './transform.js';

export interface SstOptions extends RunOptions {
  /** 'dct' (default; orthonormal DCT-II, real coefficients), 'rfft' (half spectrum) or 'fft' (full spectrum). */
  basis?: Basis;
  /** Fraction of the basis's coefficient positions to keep, in (0, 1]. */
  keep?: number;
  /** Number of coefficients to store. */
  k?: number;
  /** Relative Frobenius error target in [0, 1): the fewest coefficients meeting it. */
  maxError?: number;
  /** Axes to transform (negative counts from the end); default all. Other axes are kept as they are. */
  axes?: readonly number[];
}

/** `k`, `keep` or `maxError` as given to sst or retruncate. */
export interface TruncationOptions {
  keep?: number;
  k?: number;
  maxError?: number;
}

const BUDGET_KEYS = ['keep', 'k', 'maxError'] as const;

/** Exactly one of keep / k / maxError, validated. */
export function parseBudget(o: TruncationOptions, fn: string): Budget {
  const given = BUDGET_KEYS.filter((key) => o[key] !== undefined);
  if (given.length !== 1) {
    throw new DspError(
      'E_INVALID_ARGUMENT',
      given.length === 0
        ? `${fn}: give exactly one of keep (fraction in (0, 1]), k (count) or maxError (relative error); got none`
        : `${fn}: give exactly one of keep, k or maxError; got ${given.join(' and ')}`,
    );
  }
  if (o.keep !== undefined) {
    if (typeof o.keep !== 'number' || !(o.keep > 0 && o.keep <= 1)) {
      throw new DspError('E_INVALID_ARGUMENT', `${fn}: keep must be a fraction in (0, 1], got ${describeValue(o.keep)}`);
    }
    return { fraction: o.keep };
  }
  if (o.k !== undefined) return { count: checkInteger(o.k, 'k', fn, { min: 1 }) };
  if (typeof o.maxError !== 'number' || !(o.maxError >= 0 && o.maxError < 1)) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: maxError must be a relative error in [0, 1), got ${describeValue(o.maxError)}`);
  }
  return { maxError: o.maxError };
}

/**
 * The transform of `data`, naming the first NaN or Infinity in it when there
 * is one. The core finds non-finite input for free (from the DC term of its
 * result), so the good path pays no scan; only a refusal looks for the index.
 */
function transformChecked(data: FloatArray, layout: Layout, run: RunOptions, fn: string): FloatArray {
  try {
    return forwardTransform(data, layout, run);
  } catch (e) {
    if (!(e instanceof DspError && e.status === Status.NON_FINITE)) throw e;
    const i = data.findIndex((v) => !Number.isFinite(v));
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: data[${i}] is ${data[i]}; only finite values are accepted`, { cause: e, status: e.status });
  }
}

const DTYPE_BYTES: Record<Dtype, number> = { f32: 4, f64: 8 };

/** Figures a tensor carries about the truncation that made it. */
interface Truncation {
  relativeError: number;
  energyKept: number;
}

const EXACT: Truncation = { relativeError: 0, energyKept: 1 };

/**
 * N-D real data kept as `nnz` coefficients of an orthonormal transform
 * (`basis`) at ascending int32 positions of the coefficient array. Make one
 * with `sst()` or `SparseSpectralTensor.fromBytes()`. Every operation returns
 * a new tensor; `dispose()` releases the buffers (see MemoryManager).
 */
export class SparseSpectralTensor {
  readonly basis: Basis;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  readonly axes: readonly number[];
  /**
   * ‖x − x̂‖ / ‖x‖ of the truncation that made this tensor (sst: against the
   * input data; retruncate: against the tensor it truncated). 0 for results
   * of exact operations.
   */
  readonly relativeError: number;
  /** ‖x̂‖² / ‖x‖² of that truncation (1 for exact operations). */
  readonly energyKept: number;
  /** @internal */
  readonly layout: Layout;
  #coefficients: Coefficients;
  #disposed = false;
  readonly #id: number;
  /** The backend (and threads) this tensor's transforms run on unless a call says otherwise. */
  readonly #run: RunOptions;

  /** @internal Use sst() or SparseSpectralTensor.fromBytes(). */
  constructor(layout: Layout, coefficients: Coefficients, truncation: Truncation, fn: string, run: RunOptions = {}) {
    const bytes = coefficients.indices.byteLength + coefficients.values.byteLength;
    MemoryManager.check(bytes, fn);
    this.layout = layout;
    this.basis = layout.basis;
    this.dtype = layout.dtype;
    this.shape = layout.shape;
    this.axes = layout.axes;
    this.#coefficients = coefficients;
    this.#run = { backend: run.backend, threads: run.threads };
    this.relativeError = truncation.relativeError;
    this.energyKept = truncation.energyKept;
    this.#id = MemoryManager.track(this, bytes);
  }

  /** Refuses a disposed tensor; `fn` names the operation. */
  #live(fn: string): Coefficients {
    if (this.#disposed) throw new DspError('E_DISPOSED', `${fn}: this tensor was disposed`);
    return this.#coefficients;
  }

  get disposed(): boolean {
    return this.#disposed;
  }

  /** Releases the buffers; any later use throws E_DISPOSED. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#coefficients = { indices: new Int32Array(0), values: allocate(this.dtype, 0, 'dispose') };
    MemoryManager.release(this.#id, this);
  }

  /** Number of stored coefficients. */
  get nnz(): number {
    return this.#live('nnz').indices.length;
  }

  /** Stored positions in the coefficient array (row-major over `coefficientShape`), ascending. Do not modify. */
  get indices(): Int32Array {
    return this.#live('indices').indices;
  }

  /** Stored values, one per position (interleaved re, im for rfft/fft). Do not modify. */
  get values(): FloatArray {
    return this.#live('values').values;
  }

  /** Shape of the coefficient array (rfft: ⌊n/2⌋+1 along the last transformed axis). */
  get coefficientShape(): readonly number[] {
    return this.layout.specShape;
  }

  /** Bytes the values and int32 positions take. */
  storedBytes(): number {
    const c = this.#live('storedBytes');
    return c.indices.byteLength + c.values.byteLength;
  }

  /** Bytes of the dense data in this tensor's dtype (4 per value for f32). */
  denseBytes(): number {
    return this.layout.size * DTYPE_BYTES[this.dtype];
  }

  /**
   * The data as dense float32 (4 bytes per value, whatever this tensor's
   * dtype) over storedBytes(), values and positions both counted: the figure
   * a user compares with keeping the array as a Float32Array.
   */
  compressRatio(): number {
    return (this.layout.size * DTYPE_BYTES.f32) / this.storedBytes();
  }

  /**
   * The tensor as self-describing, versioned bytes (see bytes.ts for the
   * layout), optionally with fp16 values and delta-coded positions.
   */
  toBytes(opts?: ToBytesOptions): Uint8Array {
    return encode(this.layout, this.#live('toBytes'), this.relativeError, this.energyKept, opts);
  }

  /**
   * A tensor from `toBytes()`'s output; anything else (truncated, corrupted,
   * hostile) is a DspError. `run.backend` picks the backend its transforms use.
   */
  static fromBytes(bytes: Uint8Array, run: RunOptions = {}): SparseSpectralTensor {
    const d = decode(bytes);
    return new SparseSpectralTensor(d.layout, d.coefficients, { relativeError: d.relativeError, energyKept: d.energyKept }, 'SparseSpectralTensor.fromBytes', run);
  }

  /**
   * The dense data (inverse transform of the kept coefficients), into `out`
   * when given. `run` overrides the backend the tensor was made with.
   */
  toSpatial(out?: FloatArray, run: RunOptions = this.#run): FloatArray {
    const fn = 'toSpatial';
    const c = this.#live(fn);
    const target = outputArray(out, c.values, this.layout.size, fn);
    return inverseTransform(scatter(c.indices, c.values, this.layout), this.layout, target, run);
  }

  /** The dense data with its shape, for computing densely what is not a spectral operation. */
  materialize(run: RunOptions = this.#run): { data: FloatArray; shape: number[] } {
    return { data: this.toSpatial(undefined, run), shape: [...this.shape] };
  }

  /** The value at one position (a multi-index, or a row-major flat index), summed from the nnz coefficients: O(nnz·rank). */
  get(index: readonly number[] | number): number {
    const fn = 'get';
    const c = this.#live(fn);
    const x = this.#position(index, fn);
    const { specShape, shape, basis } = this.layout;
    const st = stridesOf(specShape);
    const transformed = shape.map((_, d) => this.axes.includes(d));
    const partners = basis === 'rfft' ? new Partners(this.layout) : undefined;
    const scale = basis === 'dct' ? 1 : 1 / Math.sqrt(this.layout.transformedCount);
    let sum = 0;
    outer: for (let k = 0; k < c.indices.length; k++) {
      let rest = c.indices[k]!;
      let amp = 1;
      let turns = 0;
      for (let d = 0; d < shape.length; d++) {
        const m = Math.floor(rest / st[d]!);
        rest -= m * st[d]!;
        const n = shape[d]!;
        if (!transformed[d]) {
          if (m !== x[d]) continue outer;
        } else if (basis === 'dct') {
          amp *= Math.sqrt((m === 0 ? 1 : 2) / n) * Math.cos((Math.PI * m * (2 * x[d]! + 1)) / (2 * n));
        } else {
          turns += productMod(m, x[d]!, n) / n;
        }
      }
      if (basis === 'dct') {
        sum += amp * c.values[k]!;
      } else {
        const w = partners ? partners.weight(c.indices[k]!) : 1;
        const t = 2 * Math.PI * (turns % 1);
        sum += w * (c.values[2 * k]! * Math.cos(t) - c.values[2 * k + 1]! * Math.sin(t));
      }
    }
    return sum * scale;
  }

  #position(index: readonly number[] | number, fn: string): number[] {
    const { shape, size } = this.layout;
    if (typeof index === 'number') {
      let flat = checkInteger(index, 'index', fn, { min: 0, max: size - 1 });
      const st = stridesOf(shape);
      return shape.map((_, d) => {
        const v = Math.floor(flat / st[d]!);
        flat -= v * st[d]!;
        return v;
      });
    }
    if (!Array.isArray(index) || index.length !== shape.length) {
      throw new DspError('E_SHAPE', `${fn}: index must be a flat index or ${shape.length} coordinates for shape [${shape.join(', ')}], got ${describeValue(index)}`);
    }
    return index.map((v, d) => checkInteger(v, `index[${d}]`, fn, { min: 0, max: shape[d]! - 1 }));
  }

  #derive(coefficients: Coefficients, fn: string, truncation: Truncation = EXACT): SparseSpectralTensor {
    return new SparseSpectralTensor(this.layout, coefficients, truncation, fn, this.#run);
  }

  #other(other: unknown, fn: string): Coefficients {
    if (!(other instanceof SparseSpectralTensor)) {
      throw new DspError('E_INVALID_ARGUMENT', `${fn}: other must be a SparseSpectralTensor, got ${describeValue(other)}`);
    }
    checkSameLayout(this.layout, other.layout, fn);
    return other.#live(fn);
  }

  /** this + other. Support: the union of both supports. */
  add(other: SparseSpectralTensor): SparseSpectralTensor {
    const fn = 'add';
    const b = this.#other(other, fn);
    return this.#derive(unionCombine(this.#live(fn), b, 1, this.layout.complex, this.dtype), fn);
  }

  /** this − other. Support: the union of both supports. */
  sub(other: SparseSpectralTensor): SparseSpectralTensor {
    const fn = 'sub';
    const b = this.#other(other, fn);
    return this.#derive(unionCombine(this.#live(fn), b, -1, this.layout.complex, this.dtype), fn);
  }

  /** s·this. Support: unchanged (also for s = 0). */
  scale(s: number): SparseSpectralTensor {
    const fn = 'scale';
    const c = this.#live(fn);
    checkFinite(s, 's', fn);
    const values = allocate(this.dtype, c.values.length, fn);
    for (let i = 0; i < values.length; i++) values[i] = s * c.values[i]!;
    return this.#derive({ indices: c.indices.slice(), values }, fn);
  }

  /** −this. Support: unchanged. */
  neg(): SparseSpectralTensor {
    return this.scale(-1);
  }

  /**
   * this + c at every position: only DC terms change (c·√N per DC position,
   * N the product of the transformed lengths). Support: the union with the
   * DC positions (one per combination of the untransformed axes).
   */
  addScalar(c: number): SparseSpectralTensor {
    const fn = 'addScalar';
    const a = this.#live(fn);
    checkFinite(c, 'c', fn);
    const dc = this.#dcPositions();
    const w = this.layout.complex ? 2 : 1;
    const values = allocate(this.dtype, w * dc.length, fn);
    const v = c * Math.sqrt(this.layout.transformedCount);
    for (let i = 0; i < dc.length; i++) values[w * i] = v;
    return this.#derive(unionCombine(a, { indices: dc, values }, 1, this.layout.complex, this.dtype), fn);
  }

  /** Positions whose transformed coordinates are all 0, ascending. */
  #dcPositions(): Int32Array {
    const { specShape } = this.layout;
    const st = stridesOf(specShape);
    const free = specShape.map((_, d) => d).filter((d) => !this.axes.includes(d));
    const count = free.reduce((a, d) => a * specShape[d]!, 1);
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      let rest = i;
      let p = 0;
      for (let f = free.length - 1; f >= 0; f--) {
        const d = free[f]!;
        p += (rest % specShape[d]!) * st[d]!;
        rest = Math.floor(rest / specShape[d]!);
      }
      out[i] = p;
    }
    return out.sort();
  }

  /** Σ of every value (from the DC terms alone). Support: reads the DC positions only. */
  sum(): number {
    const fn = 'sum';
    const c = this.#live(fn);
    const w = this.layout.complex ? 2 : 1;
    let s = 0;
    forEachCommon(c.indices, this.#dcPositions(), (i) => {
      s += c.values[w * i]!;
    });
    return s * Math.sqrt(this.layout.transformedCount);
  }

  /** sum() / number of values. */
  mean(): number {
    return this.sum() / this.layout.size;
  }

  /** ‖x̂‖ (Frobenius), exactly by Parseval from the stored coefficients. */
  norm(): number {
    const c = this.#live('norm');
    return Math.sqrt(this.#energy(c));
  }

  #energy(c: Coefficients): number {
    let e = 0;
    if (!this.layout.complex) {
      for (let i = 0; i < c.values.length; i++) e += c.values[i]! * c.values[i]!;
      return e;
    }
    const partners = this.basis === 'rfft' ? new Partners(this.layout) : undefined;
    for (let k = 0; k < c.indices.length; k++) {
      const re = c.values[2 * k]!;
      const im = c.values[2 * k + 1]!;
      e += (partners ? partners.weight(c.indices[k]!) : 1) * (re * re + im * im);
    }
    return e;
  }

  /** ⟨this, other⟩ of the dense data, from the coefficients both store (Parseval). */
  dot(other: SparseSpectralTensor): number {
    const fn = 'dot';
    const b = this.#other(other, fn);
    const a = this.#live(fn);
    let s = 0;
    if (!this.layout.complex) {
      forEachCommon(a.indices, b.indices, (i, j) => {
        s += a.values[i]! * b.values[j]!;
      });
      return s;
    }
    const partners = this.basis === 'rfft' ? new Partners(this.layout) : undefined;
    forEachCommon(a.indices, b.indices, (i, j) => {
      const w = partners ? partners.weight(a.indices[i]!) : 1;
      s += w * (a.values[2 * i]! * b.values[2 * j]! + a.values[2 * i + 1]! * b.values[2 * j + 1]!);
    });
    return s;
  }

  /**
   * Circular convolution along the transformed axes (rfft or fft basis): the
   * pointwise product of the spectra times √N. Support: the intersection.
   */
  convCircular(other: SparseSpectralTensor): SparseSpectralTensor {
    const fn = 'convCircular';
    const b = this.#other(other, fn);
    const a = this.#live(fn);
    if (!this.layout.complex) {
      throw new DspError('E_INVALID_ARGUMENT', `${fn}: needs the 'fft' or 'rfft' basis, got basis '${this.basis}' (a DCT product is not a circular convolution)`);
    }
    const slots: number[] = [];
    forEachCommon(a.indices, b.indices, (i, j) => slots.push(i, j));
    const n = slots.length / 2;
    const indices = new Int32Array(n);
    const values = allocate(this.dtype, 2 * n, fn);
    const s = Math.sqrt(this.layout.transformedCount);
    for (let k = 0; k < n; k++) {
      const i = slots[2 * k]!;
      const j = slots[2 * k + 1]!;
      const ar = a.values[2 * i]!, ai = a.values[2 * i + 1]!, br = b.values[2 * j]!, bi = b.values[2 * j + 1]!;
      indices[k] = a.indices[i]!;
      values[2 * k] = s * (ar * br - ai * bi);
      values[2 * k + 1] = s * (ar * bi + ai * br);
    }
    return this.#derive({ indices, values }, fn);
  }

  /**
   * Keeps the largest coefficients again (`k`, `keep` or `maxError`, as sst).
   * The result's `relativeError` is the error this adds, relative to this
   * tensor's norm. Support: a subset.
   */
  retruncate(opts: TruncationOptions & { backend?: string }): SparseSpectralTensor {
    const fn = 'retruncate';
    const c = this.#live(fn);
    const o = checkOptions<TruncationOptions & { backend?: string }>(opts, [...BUDGET_KEYS, 'backend'], fn);
    const budget = parseBudget(o, fn);
    const w = this.layout.complex ? 2 : 1;
    const dense = allocate(this.dtype, w * this.layout.specSize, fn);
    for (let k = 0; k < c.indices.length; k++) for (let q = 0; q < w; q++) dense[w * c.indices[k]! + q] = c.values[w * k + q]!;
    const run = o.backend === undefined ? this.#run : { ...this.#run, backend: o.backend };
    return truncate(dense, this.layout, budget, run, fn);
  }

  /**
   * this (rank 2, [m, n], used as a weight matrix) times dense `x` of shape
   * [n] or [n, p]: exact, via y = T⁻¹(Ŵ · T⁻¹(x)) for the dct and fft bases
   * over both axes (O(nnz·p) plus transforms), else by materialising W.
   */
  matmul(x: FloatArray, xShape?: readonly number[], run: RunOptions = this.#run): FloatArray {
    const fn = 'matmul';
    const c = this.#live(fn);
    dtypeOf(x, 'x', fn);
    checkSameDtype(c.values, x, 'the tensor', 'x', fn);
    if (this.shape.length !== 2) throw new DspError('E_SHAPE', `${fn}: the tensor must have rank 2 (a matrix), got shape [${this.shape.join(', ')}]`);
    const [m, n] = this.shape as [number, number];
    const s = xShape ?? [x.length];
    if (!Array.isArray(s) || s.length < 1 || s.length > 2 || s[0] !== n || x.length !== s.reduce((a, b) => a * b, 1)) {
      throw new DspError('E_SHAPE', `${fn}: x must have shape [${n}] or [${n}, p] for a [${m}, ${n}] matrix, got length ${x.length} and shape ${describeValue(xShape)}`);
    }
    const p = s.length === 2 ? s[1]! : 1;
    const fast = this.basis !== 'rfft' && this.axes.length === 2;
    return fast ? matmulSpectral(this.layout, c, x, p, run) : denseMatmul(this.toSpatial(undefined, run), m, n, x, p);
  }
}

/** W (m×n, row-major) times x (n×p) with float64 sums. */
export function denseMatmul(W: FloatArray, m: number, n: number, x: FloatArray, p: number): FloatArray {
  const y = allocate(x instanceof Float32Array ? 'f32' : 'f64', m * p, 'matmul');
  const acc = new Float64Array(p);
  for (let i = 0; i < m; i++) {
    acc.fill(0);
    for (let j = 0; j < n; j++) {
      const w = W[i * n + j]!;
      if (w === 0) continue;
      for (let q = 0; q < p; q++) acc[q] = acc[q]! + w * x[j * p + q]!;
    }
    for (let q = 0; q < p; q++) y[i * p + q] = acc[q]!;
  }
  return y;
}

/** (m·x) mod n without losing digits when m·x passes 2^53. */
function productMod(m: number, x: number, n: number): number {
  const p = m * x;
  return p <= Number.MAX_SAFE_INTEGER ? p % n : Number((BigInt(m) * BigInt(x)) % BigInt(n));
}

/** A tensor of the coefficients `budget` keeps from the dense `spectrum` of `layout`. */
function truncate(spectrum: FloatArray, layout: Layout, budget: Budget, run: RunOptions, fn: string): SparseSpectralTensor {
  const sel = selectCoefficients(spectrum, layout, budget, getBackend(run.backend));
  const w = layout.complex ? 2 : 1;
  const values = allocate(layout.dtype, w * sel.indices.length, fn);
  for (let k = 0; k < sel.indices.length; k++) for (let q = 0; q < w; q++) values[w * k + q] = spectrum[w * sel.indices[k]! + q]!;
  const total = sel.totalEnergy;
  const truncation = total > 0 ? { relativeError: Math.sqrt(sel.discardedEnergy / total), energyKept: sel.keptEnergy / total } : EXACT;
  return new SparseSpectralTensor(layout, { indices: sel.indices, values }, truncation, fn, run);
}

/**
 * Keeps real N-D `data` (row-major `shape`, rank 1–8) as its largest
 * coefficients in `opts.basis`: exactly one of `keep`, `k` or `maxError`.
 */
export function sst(data: FloatArray, shape: readonly number[], opts: SstOptions): SparseSpectralTensor {
  const fn = 'sst';
  const dtype = dtypeOf(data, 'data', fn);
  const o = checkOptions<SstOptions>(opts, ['basis', 'keep', 'k', 'maxError', 'axes', 'backend', 'threads'], fn);
  const { shape: s, size, axes } = checkTensorShape(shape, o.axes, fn);
  if (data.length !== size) {
    throw new DspError('E_SHAPE', `${fn}: data has length ${data.length}, but shape [${s.join(', ')}] needs ${size}`);
  }
  const basis = checkBasis(o.basis, fn);
  const budget = parseBudget(o, fn);
  const layout = makeLayout(basis, dtype, s, axes);
  const run = { backend: o.backend, threads: o.threads };
  return truncate(transformChecked(data, layout, run, fn), layout, budget, run, fn);
}
