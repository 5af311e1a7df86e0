// Where the librosa reference outputs live, and readers for their formats
// (.npy arrays, float WAV clips). One place for every test and the bench.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The command that regenerates the fixtures (tools/fixtures). */
export const FIXTURES_COMMAND = 'npm run fixtures';

/** The repository root: the nearest folder above `from` holding pnpm-workspace.yaml. */
export function repoRoot(from = process.cwd()): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** The regenerated set's folder (gitignored), whether or not it exists yet. */
export function regeneratedFixturesDir(root = repoRoot()): string | undefined {
  return root ? join(root, '.fixtures', 'librosa') : undefined;
}

/**
 * The librosa fixtures folder: `DSP_FIXTURES` if set, else the shared set
 * beside the repository (`../shared/fixtures/librosa`), else the regenerated
 * one. Throws, naming the command that makes them, when none exists — tests
 * that need fixtures fail rather than skip.
 */
export function librosaFixturesDir(): string {
  const env = process.env.DSP_FIXTURES;
  if (env) {
    if (!existsSync(env)) throw new Error(`DSP_FIXTURES=${env} does not exist`);
    return resolve(env);
  }
  const root = repoRoot();
  const candidates = root ? [join(root, '..', 'shared', 'fixtures', 'librosa'), regeneratedFixturesDir(root)!] : [];
  for (const c of candidates) if (existsSync(c)) return c;
  throw new Error(
    `librosa fixtures not found (looked in: ${candidates.join(', ') || 'no repository root above ' + process.cwd()}). ` +
      `Run \`${FIXTURES_COMMAND}\` to regenerate them, or set DSP_FIXTURES to a folder holding them.`,
  );
}

/** The clip folders of a fixtures set (each holds audio.wav and feature .npy/.json pairs). */
export function listFixtureClips(dir = librosaFixturesDir()): string[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'audio.wav')))
    .sort();
}

export type NpyDtype = 'f4' | 'f8' | 'c8' | 'c16' | 'b1' | 'i4' | 'i8';

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  /**
   * Row-major (C-order) values, whatever order the file stored (librosa's
   * [bins, frames] arrays are Fortran-ordered: they are transposed here).
   * Complex arrays are interleaved [re, im, …]; bool as 0/1 bytes; int64 as float64.
   */
  data: Float32Array | Float64Array | Uint8Array | Int32Array;
}

/** Reads a numpy .npy file (format 1–3, little-endian, C order). */
export function readNpy(path: string): NpyArray {
  const buf = readFileSync(path);
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${path}: not a .npy file`);
  const major = buf[6]!;
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString(major === 3 ? 'utf8' : 'latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1] === 'True';
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!descr || shapeText === undefined) throw new Error(`${path}: unreadable .npy header ${header}`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const bytes = buf.subarray(start);
  const copy = (n: number) => {
    const ab = new ArrayBuffer(n);
    new Uint8Array(ab).set(bytes.subarray(0, n));
    return ab;
  };
  const array = decode(descr, shape, count, copy, path);
  return fortran ? toRowMajor(array) : array;
}

function decode(descr: string, shape: number[], count: number, copy: (n: number) => ArrayBuffer, path: string): NpyArray {
  switch (descr) {
    case '<f4':
      return { dtype: 'f4', shape, data: new Float32Array(copy(4 * count)) };
    case '<f8':
      return { dtype: 'f8', shape, data: new Float64Array(copy(8 * count)) };
    case '<c8':
      return { dtype: 'c8', shape, data: new Float32Array(copy(8 * count)) };
    case '<c16':
      return { dtype: 'c16', shape, data: new Float64Array(copy(16 * count)) };
    case '|b1':
      return { dtype: 'b1', shape, data: new Uint8Array(copy(count)) };
    case '<i4':
      return { dtype: 'i4', shape, data: new Int32Array(copy(4 * count)) };
    case '<i8': {
      const big = new BigInt64Array(copy(8 * count));
      return { dtype: 'i8', shape, data: Float64Array.from(big, (v) => Number(v)) };
    }
    default:
      throw new Error(`${path}: dtype ${descr} is not supported`);
  }
}

/** Reorders a Fortran-ordered array's values into C order. */
function toRowMajor(a: NpyArray): NpyArray {
  const width = a.dtype === 'c8' || a.dtype === 'c16' ? 2 : 1;
  const rank = a.shape.length;
  const count = a.shape.reduce((x, y) => x * y, 1);
  const out = new (a.data.constructor as new (n: number) => NpyArray['data'])(a.data.length);
  const index = new Array<number>(rank).fill(0);
  for (let c = 0; c < count; c++) {
    let f = 0;
    for (let d = rank - 1; d >= 0; d--) f = f * a.shape[d]! + index[d]!;
    for (let w = 0; w < width; w++) out[c * width + w] = a.data[f * width + w]!;
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d]! < a.shape[d]!) break;
      index[d] = 0;
    }
  }
  return { ...a, data: out };
}

export interface WavAudio {
  sampleRate: number;
  channels: number;
  /** Interleaved samples as float32. */
  data: Float32Array;
}

/** Reads a 32-bit float WAV (plain or WAVE_FORMAT_EXTENSIBLE), as sox and soundfile write them. */
export function readWavFloat32(path: string): WavAudio {
  const buf = readFileSync(path);
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') throw new Error(`${path}: not a WAV file`);
  let offset = 12;
  let fmt: { format: number; channels: number; sampleRate: number; bits: number } | undefined;
  while (offset + 8 <= buf.length) {
    const id = buf.toString('latin1', offset, offset + 4);
    const size = buf.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      let format = buf.readUInt16LE(body);
      if (format === 0xfffe) format = buf.readUInt16LE(body + 24); // sub-format GUID's first two bytes
      fmt = { format, channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt || fmt.format !== 3 || fmt.bits !== 32) throw new Error(`${path}: only 32-bit float WAV is supported`);
      const ab = new ArrayBuffer(size);
      new Uint8Array(ab).set(buf.subarray(body, body + size));
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, data: new Float32Array(ab) };
    }
    offset = body + size + (size % 2);
  }
  throw new Error(`${path}: no data chunk`);
}

/** The JSON beside a fixture (`<feature>.json`): the exact librosa call and its parameters. */
export function readFixtureJson<T = Record<string, unknown>>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}
