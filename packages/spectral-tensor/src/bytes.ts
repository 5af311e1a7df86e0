// The byte format of a SparseSpectralTensor (little-endian, version 1):
//
//   0  "DSPT"            magic
//   4  u8 version = 1
//   5  u8 dtype          0 f32, 1 f64
//   6  u8 basis          0 dct, 1 rfft, 2 fft
//   7  u8 flags          bit 0: values as fp16; bit 1: positions delta-coded (LEB128); others 0
//   8  u8 rank (1–8), u8 number of axes, u16 reserved = 0
//  12  u32 × rank        shape
//      u8 × naxes        transformed axes, in transform order
//      u32 nnz
//      f64 relativeError, f64 energyKept
//      positions         nnz × u32, or nnz LEB128 varints (first position, then gaps)
//      values            nnz (dct) or 2·nnz (rfft, fft: re, im) × f32 | f64 | fp16
//      u32 CRC-32        of every byte before it
//
// A reader trusts nothing: it checks the checksum, every field's range, that
// positions ascend inside the coefficient array and are canonical for the
// basis, and that the sizes claimed fit in the bytes given before it
// allocates anything, so a hostile header cannot ask for a huge allocation.
import { allocate, checkOptions, DspError, type Dtype, type FloatArray } from '@dsp/backend';

import { BASES, checkTensorShape, makeLayout, MAX_RANK, Partners, type Layout } from './layout.js';
import { slotOf, type Coefficients } from './sparse.js';

export interface ToBytesOptions {
  /** Store values as IEEE half floats (2 bytes; relative rounding ≤ 2⁻¹¹; |v| must stay below 65504). */
  fp16?: boolean;
  /** Store positions as LEB128 gaps (1–2 bytes each for dense-ish supports) instead of u32. */
  deltaIndices?: boolean;
}

export interface Decoded {
  layout: Layout;
  coefficients: Coefficients;
  relativeError: number;
  energyKept: number;
}

const MAGIC = [0x44, 0x53, 0x50, 0x54];
const VERSION = 1;
const FLAG_FP16 = 1;
const FLAG_DELTA = 2;
const DTYPES: readonly Dtype[] = ['f32', 'f64'];

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Nearest half float (ties to even) of `v`'s float32 value, as its 16 bits. */
export function toHalf(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0);
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mant & ((1 << shift) - 1);
    let m = mant >>> shift;
    if (rest > half || (rest === half && m & 1)) m++;
    return sign | m;
  }
  const rest = mant & 0x1fff;
  let h = (e << 10) | (mant >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && h & 1)) h++;
  return sign | h;
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >>> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 0x1f) return m ? NaN : sign * Infinity;
  return sign * (1 + m / 1024) * 2 ** (e - 15);
}

/** A growable little-endian byte writer. */
class Writer {
  #buf = new Uint8Array(256);
  #view = new DataView(this.#buf.buffer);
  length = 0;

  #room(n: number): void {
    if (this.length + n <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(2 * this.#buf.length, this.length + n));
    next.set(this.#buf.subarray(0, this.length));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }

  u8(v: number): void {
    this.#room(1);
    this.#buf[this.length++] = v;
  }
  u16(v: number): void {
    this.#room(2);
    this.#view.setUint16(this.length, v, true);
    this.length += 2;
  }
  u32(v: number): void {
    this.#room(4);
    this.#view.setUint32(this.length, v, true);
    this.length += 4;
  }
  f32(v: number): void {
    this.#room(4);
    this.#view.setFloat32(this.length, v, true);
    this.length += 4;
  }
  f64(v: number): void {
    this.#room(8);
    this.#view.setFloat64(this.length, v, true);
    this.length += 8;
  }
  varint(v: number): void {
    while (v >= 0x80) {
      this.u8((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.u8(v);
  }
  bytes(): Uint8Array {
    return this.#buf.slice(0, this.length);
  }
}

export function encode(layout: Layout, c: Coefficients, relativeError: number, energyKept: number, opts: unknown): Uint8Array {
  const fn = 'toBytes';
  const o = checkOptions<ToBytesOptions>(opts, ['fp16', 'deltaIndices'], fn);
  for (const key of ['fp16', 'deltaIndices'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${key} must be a boolean, got ${String(o[key])}`);
  }
  const w = new Writer();
  for (const m of MAGIC) w.u8(m);
  w.u8(VERSION);
  w.u8(DTYPES.indexOf(layout.dtype));
  w.u8(BASES.indexOf(layout.basis));
  w.u8((o.fp16 ? FLAG_FP16 : 0) | (o.deltaIndices ? FLAG_DELTA : 0));
  w.u8(layout.shape.length);
  w.u8(layout.axes.length);
  w.u16(0);
  for (const d of layout.shape) w.u32(d);
  for (const a of layout.axes) w.u8(a);
  w.u32(c.indices.length);
  w.f64(relativeError);
  w.f64(energyKept);
  let previous = 0;
  for (let k = 0; k < c.indices.length; k++) {
    const i = c.indices[k]!;
    if (o.deltaIndices) w.varint(i - previous);
    else w.u32(i);
    previous = i;
  }
  for (let k = 0; k < c.values.length; k++) {
    const v = c.values[k]!;
    if (o.fp16) {
      if (Math.abs(v) >= 65520) throw new DspError('E_INVALID_ARGUMENT', `${fn}: value ${v} is beyond fp16's range (|v| < 65504); store without fp16 or scale the tensor`);
      w.u16(toHalf(v));
    } else if (layout.dtype === 'f32') {
      w.f32(v);
    } else {
      w.f64(v);
    }
  }
  w.u32(crc32(w.bytes()));
  return w.bytes();
}

function corrupt(detail: string): DspError {
  return new DspError('E_INVALID_ARGUMENT', `SparseSpectralTensor.fromBytes: ${detail}`);
}

/** A bounds-checked little-endian reader: reading past the end is a DspError, never a RangeError. */
class Reader {
  readonly #view: DataView;
  readonly end: number;
  at = 0;

  constructor(bytes: Uint8Array, end: number) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.end = end;
  }

  need(n: number, what: string): void {
    if (this.at + n > this.end) throw corrupt(`the bytes end inside ${what} (truncated?)`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.#view.getUint8(this.at++);
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.#view.getUint16(this.at, true);
    this.at += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = this.#view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }
  f32(what: string): number {
    this.need(4, what);
    const v = this.#view.getFloat32(this.at, true);
    this.at += 4;
    return v;
  }
  f64(what: string): number {
    this.need(8, what);
    const v = this.#view.getFloat64(this.at, true);
    this.at += 8;
    return v;
  }
  varint(what: string): number {
    let v = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.u8(what);
      v += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return v;
    }
    throw corrupt(`a varint in ${what} runs past 5 bytes`);
  }
}

export function decode(bytes: unknown): Decoded {
  if (!(bytes instanceof Uint8Array)) throw new DspError('E_INVALID_ARGUMENT', `SparseSpectralTensor.fromBytes: bytes must be a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  const HEADER = 12;
  if (bytes.length < HEADER + 4) throw corrupt(`${bytes.length} bytes are too few for a tensor (truncated?)`);
  if (MAGIC.some((m, i) => bytes[i] !== m)) throw corrupt('the bytes do not start with "DSPT"; they are not a serialized SparseSpectralTensor');
  const body = bytes.length - 4;
  const r = new Reader(bytes, body);
  r.at = 4;
  const version = r.u8('the header');
  if (version !== VERSION) throw corrupt(`format version ${version} is not supported (this reader knows version ${VERSION})`);
  const stored = new DataView(bytes.buffer, bytes.byteOffset + body, 4).getUint32(0, true);
  if (crc32(bytes.subarray(0, body)) !== stored) throw corrupt('the checksum does not match: the bytes are corrupted or truncated');
  const dtype = DTYPES[r.u8('the header')];
  const basis = BASES[r.u8('the header')];
  const flags = r.u8('the header');
  const rank = r.u8('the header');
  const naxes = r.u8('the header');
  const reserved = r.u16('the header');
  if (dtype === undefined || basis === undefined) throw corrupt('unknown dtype or basis code');
  if (flags & ~(FLAG_FP16 | FLAG_DELTA) || reserved !== 0) throw corrupt('unknown flags are set');
  if (rank < 1 || rank > MAX_RANK || naxes < 1 || naxes > rank) throw corrupt(`rank ${rank} with ${naxes} axes is out of range`);
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) shape.push(r.u32('the shape'));
  const axes: number[] = [];
  for (let a = 0; a < naxes; a++) axes.push(r.u8('the axes'));
  let checked;
  try {
    checked = checkTensorShape(shape, axes, 'SparseSpectralTensor.fromBytes');
  } catch (e) {
    throw corrupt(`invalid shape or axes (${(e as Error).message})`);
  }
  const layout = makeLayout(basis, dtype, checked.shape, checked.axes);
  const nnz = r.u32('the coefficient count');
  const relativeError = r.f64('the figures');
  const energyKept = r.f64('the figures');
  if (!(relativeError >= 0 && relativeError <= 1 && energyKept >= 0 && energyKept <= 1)) throw corrupt('relativeError and energyKept must lie in [0, 1]');
  const width = layout.complex ? 2 : 1;
  const valueBytes = flags & FLAG_FP16 ? 2 : dtype === 'f32' ? 4 : 8;
  // Enough bytes must remain for what is claimed, before anything is allocated.
  const minimum = nnz * ((flags & FLAG_DELTA ? 1 : 4) + width * valueBytes);
  if (nnz > layout.specSize || minimum > r.end - r.at) throw corrupt(`${nnz} coefficients do not fit in the bytes given (or in a coefficient array of ${layout.specSize})`);
  const indices = new Int32Array(nnz);
  let previous = -1;
  for (let k = 0; k < nnz; k++) {
    const i = flags & FLAG_DELTA ? (k === 0 ? 0 : previous) + r.varint('the positions') : r.u32('the positions');
    if (i <= previous || i >= layout.specSize) throw corrupt(`position ${i} (entry ${k}) is not ascending inside 0…${layout.specSize - 1}`);
    indices[k] = i;
    previous = i;
  }
  const values: FloatArray = allocate(dtype, width * nnz, 'SparseSpectralTensor.fromBytes');
  for (let k = 0; k < values.length; k++) {
    const v = flags & FLAG_FP16 ? fromHalf(r.u16('the values')) : dtype === 'f32' ? r.f32('the values') : r.f64('the values');
    if (!Number.isFinite(v)) throw corrupt(`value ${k} is ${v}`);
    values[k] = v;
  }
  if (r.at !== body) throw corrupt(`${body - r.at} unexpected bytes follow the values`);
  checkCanonical(layout, indices);
  return { layout, coefficients: { indices, values }, relativeError, energyKept };
}

/** Positions a real signal's tensor can hold: rfft's canonical halves; fft supports closed under conjugation. */
function checkCanonical(layout: Layout, indices: Int32Array): void {
  if (layout.basis === 'dct') return;
  const partners = new Partners(layout);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (layout.basis === 'rfft' ? partners.weight(i) === 0 : slotOf(indices, partners.of(i)) < 0) {
      throw corrupt(`position ${i} breaks the ${layout.basis} basis's conjugate symmetry`);
    }
  }
}
