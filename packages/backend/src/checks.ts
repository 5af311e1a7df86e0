// Input checks shared by every public function. Each throws a DspError whose
// message names the function, the parameter, the value and what is accepted.
import { DspError } from './errors.js';
import type { Dtype, FloatArray } from './types.js';

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  if (Array.isArray(v)) return `[${v.slice(0, 8).map(show).join(', ')}${v.length > 8 ? ', …' : ''}]`;
  if (ArrayBuffer.isView(v)) return `${v.constructor.name}(${(v as unknown as { length?: number }).length ?? v.byteLength})`;
  return typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v;
}

export { show as describeValue };

/** The dtype of a Float32Array/Float64Array; anything else is E_DTYPE. */
export function dtypeOf(x: unknown, name: string, fn: string): Dtype {
  if (x instanceof Float32Array) return 'f32';
  if (x instanceof Float64Array) return 'f64';
  throw new DspError('E_DTYPE', `${fn}: ${name} must be a Float32Array or Float64Array, got ${show(x)}`);
}

export function isFloatArray(x: unknown): x is FloatArray {
  return x instanceof Float32Array || x instanceof Float64Array;
}

/** A new zeroed array of `dtype`, or E_MEMORY_LIMIT when the engine refuses it. */
export function allocate(dtype: Dtype, length: number, fn: string): FloatArray {
  try {
    return dtype === 'f32' ? new Float32Array(length) : new Float64Array(length);
  } catch (e) {
    throw new DspError('E_MEMORY_LIMIT', `${fn}: cannot allocate ${length} ${dtype} values (${(e as Error).message})`, { cause: e });
  }
}

/** Checks that two arrays share a dtype (precision follows the input; mixing is refused). */
export function checkSameDtype(a: FloatArray, b: FloatArray, aName: string, bName: string, fn: string): void {
  const da = a instanceof Float32Array ? 'f32' : 'f64';
  const db = b instanceof Float32Array ? 'f32' : 'f64';
  if (da !== db) {
    throw new DspError('E_DTYPE', `${fn}: ${bName} is ${db === 'f32' ? 'Float32Array' : 'Float64Array'} but ${aName} is ${da === 'f32' ? 'Float32Array' : 'Float64Array'}; they must match`);
  }
}

/** True when two views share memory in overlapping ranges. */
export function overlaps(a: ArrayBufferView, b: ArrayBufferView): boolean {
  if (a.buffer !== b.buffer) return false;
  return a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/**
 * The last (out, input) pair `outputArray` found apart, when both are small. A
 * view never changes its buffer or offset, so the same pair at the same lengths
 * needs no second overlap test, whose `.buffer` reads cost about 80 ns in
 * Node 20: as much as a 64-point FFT, and a plan's caller passes the same pair
 * every call. Large arrays are not held: what stays alive after its last use
 * is at most two arrays of MEMO_MAX_LENGTH values.
 */
const MEMO_MAX_LENGTH = 8192;
const apart: { out?: FloatArray; input?: FloatArray; inputLength: number; inPlaceOk: boolean } = { inputLength: -1, inPlaceOk: false };

/**
 * Returns `out` after checking it (same dtype as the input, exactly `length`
 * values, not partly overlapping the input), or a new array when `out` is undefined.
 * `inPlaceOk` allows `out` to be the input itself.
 */
export function outputArray(
  out: unknown,
  input: FloatArray,
  length: number,
  fn: string,
  inPlaceOk = false,
): FloatArray {
  const dtype: Dtype = input instanceof Float32Array ? 'f32' : 'f64';
  if (out === undefined) return allocate(dtype, length, fn);
  const od = dtypeOf(out, 'out', fn);
  if (od !== dtype) {
    throw new DspError('E_DTYPE', `${fn}: out must be a ${dtype === 'f32' ? 'Float32Array' : 'Float64Array'} like the input, got ${show(out)}`);
  }
  const o = out as FloatArray;
  if (o.length !== length) {
    throw new DspError('E_SHAPE', `${fn}: out must hold exactly ${length} values, got ${o.length}`);
  }
  if (o === apart.out && input === apart.input && input.length === apart.inputLength && inPlaceOk === apart.inPlaceOk) return o;
  if (overlaps(o, input) && !(inPlaceOk && o.byteOffset === input.byteOffset && o.length === input.length)) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: out overlaps the input${inPlaceOk ? ' without being the same array' : ''}; pass a separate buffer`);
  }
  if (length <= MEMO_MAX_LENGTH && input.length <= MEMO_MAX_LENGTH) {
    apart.out = o;
    apart.input = input;
    apart.inputLength = input.length;
    apart.inPlaceOk = inPlaceOk;
  }
  return o;
}

export interface IntegerRange {
  min?: number;
  max?: number;
}

/** An integer in [min, max], or E_INVALID_ARGUMENT naming the parameter. */
export function checkInteger(v: unknown, name: string, fn: string, range: IntegerRange = {}): number {
  const { min = -Infinity, max = Infinity } = range;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const bounds = max === Infinity ? `≥ ${min}` : min === -Infinity ? `≤ ${max}` : `in ${min}…${max}`;
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name} must be an integer ${bounds}, got ${show(v)}`);
  }
  return v;
}

/** A finite number, or E_INVALID_ARGUMENT. */
export function checkFinite(v: unknown, name: string, fn: string, { positive = false } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || (positive && v <= 0)) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name} must be a finite${positive ? ' positive' : ''} number, got ${show(v)}`);
  }
  return v;
}

/** One of the allowed values, or E_INVALID_ARGUMENT listing them. */
export function checkOneOf<T extends string | number>(v: unknown, allowed: readonly T[], name: string, fn: string): T {
  if (!allowed.includes(v as T)) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name} must be one of ${allowed.map(show).join(', ')}, got ${show(v)}`);
  }
  return v as T;
}

/** Refuses option objects with unknown keys (a typo would otherwise be ignored silently). */
export function checkOptions<O extends object>(opts: unknown, allowed: readonly string[], fn: string): O {
  if (opts === undefined || opts === null) return {} as O;
  if (typeof opts !== 'object' || Array.isArray(opts)) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: options must be an object, got ${show(opts)}`);
  }
  for (const k of Object.keys(opts)) {
    if (!allowed.includes(k)) {
      throw new DspError('E_INVALID_ARGUMENT', `${fn}: unknown option "${k}"; accepted: ${allowed.join(', ')}`);
    }
  }
  return opts as O;
}

/** A shape: a non-empty array of integers ≥ 1 (at most 32 dimensions). Returns its element count. */
export function checkShape(shape: unknown, name: string, fn: string): { shape: number[]; size: number } {
  if (!Array.isArray(shape) || shape.length === 0 || shape.length > 32) {
    throw new DspError('E_SHAPE', `${fn}: ${name} must be an array of 1 to 32 dimensions, got ${show(shape)}`);
  }
  let size = 1;
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) {
      throw new DspError('E_SHAPE', `${fn}: every dimension of ${name} must be an integer ≥ 1, got ${show(shape)}`);
    }
    size *= d;
  }
  if (size > Number.MAX_SAFE_INTEGER) throw new DspError('E_SHAPE', `${fn}: ${name} ${show(shape)} is too large`);
  return { shape: [...shape] as number[], size };
}

/**
 * Axes for a rank-`rank` array: distinct integers in [-rank, rank), negative
 * ones counted from the end (numpy). Undefined means every axis.
 */
export function checkAxes(axes: unknown, rank: number, fn: string): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  if (!Array.isArray(axes) || axes.length === 0) {
    throw new DspError('E_INVALID_ARGUMENT', `${fn}: axes must be a non-empty array of axis indices, got ${show(axes)}`);
  }
  const out: number[] = [];
  for (const a of axes) {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < -rank || a >= rank) {
      throw new DspError('E_INVALID_ARGUMENT', `${fn}: axes entries must be integers in ${-rank}…${rank - 1} for a rank-${rank} shape, got ${show(axes)}`);
    }
    const n = a < 0 ? a + rank : a;
    if (out.includes(n)) throw new DspError('E_INVALID_ARGUMENT', `${fn}: axes must be distinct, got ${show(axes)}`);
    out.push(n);
  }
  return out;
}

/** The `threads` option: 0 (automatic) or a positive integer. */
export function checkThreads(v: unknown, fn: string): number {
  if (v === undefined) return 0;
  return checkInteger(v, 'threads', fn, { min: 0, max: 1024 });
}
