// Dense N-D linear convolution with scipy.signal's semantics: fftConvolve
// (one FFT of the padded arrays), oaconvolve (overlap-add in blocks), and
// convolve, which picks direct or FFT from a cost model measured in apps/bench.
import {
  allocate,
  checkAxes,
  checkOneOf,
  checkOptions,
  checkSameDtype,
  checkThreads,
  DspError,
  dtypeOf,
  getBackend,
  type Backend,
  type FloatArray,
} from '@dsp/backend';
import { irfftn, rfftn } from '@dsp/fft';

import { copyBox, nextFastLength } from './box.js';
import { checkTensorShape } from './layout.js';

export type ConvolveMode = 'full' | 'same' | 'valid';
const MODES: readonly ConvolveMode[] = ['full', 'same', 'valid'];

export interface ConvolveOptions {
  /** 'full' (default): every overlap; 'same': centred, the size of `a`; 'valid': only full overlaps. */
  mode?: ConvolveMode;
  /** Axes to convolve over (default all); along the others the shapes must be equal (batched). */
  axes?: readonly number[];
  backend?: string;
  threads?: number;
}

export interface AutoConvolveOptions extends ConvolveOptions {
  /** 'auto' (default) picks the cheaper by the measured cost model; 'direct' or 'fft' force one. */
  method?: 'auto' | 'direct' | 'fft';
}

/** A convolution result: row-major `data` of `shape`. */
export interface Convolution<T extends FloatArray = FloatArray> {
  data: T;
  shape: number[];
}

/** A validated call: what every method needs. */
interface Plan {
  a: FloatArray;
  aShape: number[];
  b: FloatArray;
  bShape: number[];
  axes: number[];
  /** Shape of the full convolution (a + b − 1 on the axes, a elsewhere). */
  fullShape: number[];
  /** Where the mode's window starts in the full convolution, and its shape. */
  offset: number[];
  outShape: number[];
  backend: Backend;
  threads: number;
}

function plan(a: FloatArray, aShape: readonly number[], b: FloatArray, bShape: readonly number[], opts: unknown, fn: string, extra: readonly string[] = []): Plan & { raw: AutoConvolveOptions } {
  dtypeOf(a, 'a', fn);
  dtypeOf(b, 'b', fn);
  checkSameDtype(a, b, 'a', 'b', fn);
  const o = checkOptions<AutoConvolveOptions>(opts, ['mode', 'axes', 'backend', 'threads', ...extra], fn);
  const mode = o.mode === undefined ? 'full' : checkOneOf(o.mode, MODES, 'mode', fn);
  const sa = checkTensorShape(aShape, undefined, fn);
  const sb = checkTensorShape(bShape, undefined, fn);
  if (sa.shape.length !== sb.shape.length) {
    throw new DspError('E_SHAPE', `${fn}: a and b must have the same rank (as scipy.signal), got shapes [${sa.shape.join(', ')}] and [${sb.shape.join(', ')}]`);
  }
  if (a.length !== sa.size) throw new DspError('E_SHAPE', `${fn}: a has length ${a.length}, but aShape [${sa.shape.join(', ')}] needs ${sa.size}`);
  if (b.length !== sb.size) throw new DspError('E_SHAPE', `${fn}: b has length ${b.length}, but bShape [${sb.shape.join(', ')}] needs ${sb.size}`);
  const rank = sa.shape.length;
  const axes = checkAxes(o.axes, rank, fn).sort((x, y) => x - y);
  for (let d = 0; d < rank; d++) {
    if (!axes.includes(d) && sa.shape[d] !== sb.shape[d]) {
      throw new DspError('E_SHAPE', `${fn}: along axis ${d}, which is not convolved, a and b must have the same length, got ${sa.shape[d]} and ${sb.shape[d]}`);
    }
  }
  let [A, As, B, Bs] = [a, sa.shape, b, sb.shape];
  if (mode === 'valid') {
    // scipy: one input must be at least as large as the other on every convolved axis; the larger goes first.
    const aBigger = axes.every((d) => As[d]! >= Bs[d]!);
    const bBigger = axes.every((d) => Bs[d]! >= As[d]!);
    if (!aBigger && !bBigger) {
      throw new DspError('E_SHAPE', `${fn}: mode 'valid' needs one of a [${As.join(', ')}] and b [${Bs.join(', ')}] to be at least as large as the other on every convolved axis`);
    }
    if (!aBigger) [A, As, B, Bs] = [B, Bs, A, As];
  }
  return { a: A, aShape: As, b: B, bShape: Bs, axes, ...windowOf(As, Bs, axes, mode), backend: getBackend(o.backend), threads: checkThreads(o.threads, fn), raw: o };
}

/** The full convolution's shape, and the mode's window in it. */
function windowOf(As: readonly number[], Bs: readonly number[], axes: readonly number[], mode: ConvolveMode): Pick<Plan, 'fullShape' | 'outShape' | 'offset'> {
  const fullShape = As.map((n, d) => (axes.includes(d) ? n + Bs[d]! - 1 : n));
  const outShape = As.map((n, d) => (!axes.includes(d) || mode === 'same' ? n : mode === 'full' ? fullShape[d]! : n - Bs[d]! + 1));
  const offset = As.map((n, d) => (!axes.includes(d) || mode === 'full' ? 0 : mode === 'same' ? Math.floor((Bs[d]! - 1) / 2) : Bs[d]! - 1));
  return { fullShape, outShape, offset };
}

function checkFiniteArray(x: FloatArray, name: string, fn: string): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]!)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name}[${i}] is ${x[i]}; only finite values are accepted`);
  }
}

const zeros = (rank: number): number[] => new Array<number>(rank).fill(0);

/** x zero-padded into `shape` (x at the origin). */
function padded(x: FloatArray, xShape: readonly number[], shape: readonly number[], fn: string): FloatArray {
  const out = allocate(x instanceof Float32Array ? 'f32' : 'f64', shape.reduce((p, d) => p * d, 1), fn);
  copyBox(x, xShape, zeros(shape.length), out, shape, zeros(shape.length), xShape);
  return out;
}

/** Multiplies interleaved complex `x` by `y` in place. */
function multiplySpectra(x: FloatArray, y: FloatArray): void {
  for (let i = 0; i < x.length; i += 2) {
    const xr = x[i]!, xi = x[i + 1]!, yr = y[i]!, yi = y[i + 1]!;
    x[i] = xr * yr - xi * yi;
    x[i + 1] = xr * yi + xi * yr;
  }
}

/** The full linear convolution of x (xShape) with a spectrum of b already padded to `fftShape`, as a padded array. */
function circularProduct(x: FloatArray, xShape: readonly number[], bSpectrum: FloatArray, fftShape: readonly number[], p: Plan, fn: string): FloatArray {
  const run = { axes: p.axes, backend: p.backend.name, threads: p.threads };
  const X = rfftn(padded(x, xShape, fftShape, fn), fftShape, run);
  multiplySpectra(X, bSpectrum);
  return irfftn(X, fftShape, run);
}

function fftPath(p: Plan, fn: string): Convolution {
  const fftShape = p.fullShape.map((n, d) => (p.axes.includes(d) ? nextFastLength(n) : n));
  const B = rfftn(padded(p.b, p.bShape, fftShape, fn), fftShape, { axes: p.axes, backend: p.backend.name, threads: p.threads });
  const full = circularProduct(p.a, p.aShape, B, fftShape, p, fn);
  const out = allocate(p.a instanceof Float32Array ? 'f32' : 'f64', p.outShape.reduce((x, y) => x * y, 1), fn);
  copyBox(full, fftShape, p.offset, out, p.outShape, zeros(p.outShape.length), p.outShape);
  return { data: out, shape: p.outShape };
}

function directPath(p: Plan, fn: string): Convolution {
  const dtype = p.a instanceof Float32Array ? 'f32' : 'f64';
  const out = allocate(dtype, p.outShape.reduce((x, y) => x * y, 1), fn);
  const rank = p.aShape.length;
  const batchAxes = [...Array(rank).keys()].filter((d) => !p.axes.includes(d));
  if (batchAxes.length === 0) {
    p.backend.convolveDirect(p.a, p.aShape, p.b, p.bShape, p.offset, out, p.outShape, p.threads);
    return { data: out, shape: p.outShape };
  }
  // Axes that are not convolved are batched: one kernel call per slice, whose batch lengths are 1.
  const slice = (shape: readonly number[]) => shape.map((n, d) => (batchAxes.includes(d) ? 1 : n));
  const [as, bs, os] = [slice(p.aShape), slice(p.bShape), slice(p.outShape)];
  const [aPart, bPart, oPart] = [as, bs, os].map((s) => allocate(dtype, s.reduce((x, y) => x * y, 1), fn)) as [FloatArray, FloatArray, FloatArray];
  const batches = batchAxes.reduce((n, d) => n * p.aShape[d]!, 1);
  for (let k = 0; k < batches; k++) {
    const at = zeros(rank);
    let rest = k;
    for (let i = batchAxes.length - 1; i >= 0; i--) {
      const d = batchAxes[i]!;
      at[d] = rest % p.aShape[d]!;
      rest = Math.floor(rest / p.aShape[d]!);
    }
    copyBox(p.a, p.aShape, at, aPart, as, zeros(rank), as);
    copyBox(p.b, p.bShape, at, bPart, bs, zeros(rank), bs);
    p.backend.convolveDirect(aPart, as, bPart, bs, p.offset, oPart, os, p.threads);
    copyBox(oPart, os, zeros(rank), out, p.outShape, at, os);
  }
  return { data: out, shape: p.outShape };
}

/**
 * N-D linear convolution of real `a` and `b` by FFT, as
 * `scipy.signal.fftconvolve(a, b, mode, axes)`: both arrays zero-padded to
 * 5-smooth lengths ≥ a + b − 1 on the convolved axes, one real FFT each.
 */
export function fftConvolve<T extends FloatArray>(a: T, aShape: readonly number[], b: T, bShape: readonly number[], opts?: ConvolveOptions): Convolution<T> {
  const fn = 'fftConvolve';
  const p = plan(a, aShape, b, bShape, opts, fn);
  checkFiniteArray(a, 'a', fn);
  checkFiniteArray(b, 'b', fn);
  return fftPath(p, fn) as Convolution<T>;
}

/**
 * N-D linear convolution by overlap-add, as `scipy.signal.oaconvolve`: `a`
 * is cut into blocks along the convolved axes, each convolved by an FFT a
 * few times the kernel's length. Cheaper than fftConvolve when `a` is much
 * longer than `b`; the same numbers to rounding.
 */
export function oaconvolve<T extends FloatArray>(a: T, aShape: readonly number[], b: T, bShape: readonly number[], opts?: ConvolveOptions): Convolution<T> {
  const fn = 'oaconvolve';
  const p = plan(a, aShape, b, bShape, opts, fn);
  checkFiniteArray(a, 'a', fn);
  checkFiniteArray(b, 'b', fn);
  const rank = p.aShape.length;
  // Block lengths: an FFT of about 8 kernel lengths per block, or no split where that would not help.
  const block = p.aShape.map((n, d) => {
    if (!p.axes.includes(d)) return n;
    const m = p.bShape[d]!;
    const step = nextFastLength(Math.max(64, 8 * m)) - m + 1;
    return step >= n ? n : step;
  });
  const fftShape = block.map((n, d) => (p.axes.includes(d) ? nextFastLength(n + p.bShape[d]! - 1) : n));
  const dtype = p.a instanceof Float32Array ? 'f32' : 'f64';
  const B = rfftn(padded(p.b, p.bShape, fftShape, fn), fftShape, { axes: p.axes, backend: p.backend.name, threads: p.threads });
  const full = allocate(dtype, p.fullShape.reduce((x, y) => x * y, 1), fn);
  const counts = p.aShape.map((n, d) => Math.ceil(n / block[d]!));
  const blocks = counts.reduce((x, y) => x * y, 1);
  for (let k = 0; k < blocks; k++) {
    const at = zeros(rank);
    let rest = k;
    for (let d = rank - 1; d >= 0; d--) {
      at[d] = (rest % counts[d]!) * block[d]!;
      rest = Math.floor(rest / counts[d]!);
    }
    const size = block.map((n, d) => Math.min(n, p.aShape[d]! - at[d]!));
    const piece = allocate(dtype, size.reduce((x, y) => x * y, 1), fn);
    copyBox(p.a, p.aShape, at, piece, size, zeros(rank), size);
    const conv = circularProduct(piece, size, B, fftShape, p, fn);
    const span = size.map((n, d) => (p.axes.includes(d) ? n + p.bShape[d]! - 1 : n));
    copyBox(conv, fftShape, zeros(rank), full, p.fullShape, at, span, true);
  }
  const out = allocate(dtype, p.outShape.reduce((x, y) => x * y, 1), fn);
  copyBox(full, p.fullShape, p.offset, out, p.outShape, zeros(rank), p.outShape);
  return { data: out as T, shape: p.outShape };
}

/**
 * What one unit of FFT work (F·log2 F, F the padded FFT size) costs in
 * direct multiply-adds, per backend: the ratio of the FFT method's time per
 * unit to the direct method's time per multiply-add, measured by apps/bench's
 * spectral section on a 512×512 float64 image with kernels 3…127
 * (`crossover.fftUnitCostInMacs` in results/spectral.json). WebAssembly's
 * direct sum is nearly as fast as native's while its FFTs are several times
 * slower, so its crossover comes at larger kernels.
 */
export const FFT_UNIT_COST_IN_MACS: Readonly<Record<string, number>> = { native: 2.2, wasm: 20 };

/** Multiply-adds of the direct method and F·log2 F work units of the FFT method for a plan. */
export function convolutionCosts(p: Pick<Plan, 'aShape' | 'bShape' | 'axes' | 'fullShape' | 'outShape'>): { direct: number; fft: number } {
  const out = p.outShape.reduce((x, y) => x * y, 1);
  const kernel = p.axes.reduce((x, d) => x * p.bShape[d]!, 1);
  const F = p.fullShape.reduce((x, n, d) => x * (p.axes.includes(d) ? nextFastLength(n) : n), 1);
  // Output points far from the edges meet the whole kernel; the bound is what the direct kernel does at most.
  return { direct: out * kernel, fft: F * Math.log2(Math.max(2, F)) };
}

/**
 * Linear convolution (scipy.signal.convolve): direct for small kernels,
 * FFT for large ones, chosen by a cost model whose constant was measured in
 * apps/bench; `method` forces one.
 */
export function convolve<T extends FloatArray>(a: T, aShape: readonly number[], b: T, bShape: readonly number[], opts?: AutoConvolveOptions): Convolution<T> {
  const fn = 'convolve';
  const p = plan(a, aShape, b, bShape, opts, fn, ['method']);
  const method = p.raw.method === undefined ? 'auto' : checkOneOf(p.raw.method, ['auto', 'direct', 'fft'] as const, 'method', fn);
  checkFiniteArray(a, 'a', fn);
  checkFiniteArray(b, 'b', fn);
  const useFft = method === 'fft' || (method === 'auto' && chooseFft(p, p.backend.name));
  return (useFft ? fftPath(p, fn) : directPath(p, fn)) as Convolution<T>;
}

function chooseFft(p: Pick<Plan, 'aShape' | 'bShape' | 'axes' | 'fullShape' | 'outShape'>, backend: string): boolean {
  const c = convolutionCosts(p);
  return c.direct > c.fft * (FFT_UNIT_COST_IN_MACS[backend] ?? FFT_UNIT_COST_IN_MACS.native!);
}

/**
 * Which method `convolve` picks on `backend` (default 'native') for
 * full-rank shapes of the same rank in `mode` (for the bench and curious users).
 */
export function chooseConvolveMethod(aShape: readonly number[], bShape: readonly number[], mode: ConvolveMode = 'full', backend = 'native'): 'direct' | 'fft' {
  const fn = 'chooseConvolveMethod';
  const sa = checkTensorShape(aShape, undefined, fn).shape;
  const sb = checkTensorShape(bShape, undefined, fn).shape;
  if (sa.length !== sb.length) throw new DspError('E_SHAPE', `${fn}: aShape and bShape must have the same rank`);
  checkOneOf(mode, MODES, 'mode', fn);
  const axes = sa.map((_, d) => d);
  const [As, Bs] = mode === 'valid' && sb.every((n, d) => n >= sa[d]!) ? [sb, sa] : [sa, sb];
  return chooseFft({ aShape: As, bShape: Bs, axes, ...windowOf(As, Bs, axes, mode) }, backend) ? 'fft' : 'direct';
}
