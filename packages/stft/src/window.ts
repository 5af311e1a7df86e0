import {
  checkFinite,
  checkInteger,
  checkOneOf,
  checkOptions,
  describeValue,
  DspError,
  getBackend,
  isFloatArray,
  type Backend,
  type Dtype,
  type FloatArray,
  type WindowKind,
} from '@dsp/backend';

/** Window names getWindow accepts: scipy.signal.get_window's, plus `rect` for boxcar. */
export type WindowName = WindowKind | 'rect';

export const WINDOW_NAMES: readonly WindowName[] = [
  'hann',
  'hamming',
  'blackman',
  'blackmanharris',
  'nuttall',
  'bartlett',
  'triang',
  'flattop',
  'kaiser',
  'gaussian',
  'tukey',
  'cosine',
  'boxcar',
  'rect',
];

export interface WindowOptions {
  /** scipy's `fftbins`: the periodic window for spectral analysis (default true); false gives the symmetric one. */
  periodic?: boolean;
  /** kaiser's shape parameter (required for kaiser). */
  beta?: number;
  /** gaussian's standard deviation in samples (required for gaussian). */
  std?: number;
  /** tukey's taper fraction, 0 (boxcar) … 1 (Hann); default 0.5 as scipy. */
  alpha?: number;
  /** Precision of the result (default 'f64'); values are computed in f64 either way. */
  dtype?: Dtype;
  backend?: string;
}

/**
 * How an STFT takes its window: a name, a `[name, parameter]` pair as
 * librosa/scipy tuples (`['kaiser', 8]`, `['gaussian', 7]`, `['tukey', 0.25]`),
 * or the window's values (winLength of them, the input's dtype).
 */
export type WindowSpec = WindowName | readonly [WindowName, number] | FloatArray;

const PARAM_OF: Partial<Record<WindowKind, 'beta' | 'std' | 'alpha'>> = { kaiser: 'beta', gaussian: 'std', tukey: 'alpha' };

function kindOf(name: unknown, fn: string, param = 'name'): WindowKind {
  const n = checkOneOf(name, WINDOW_NAMES, param, fn);
  return n === 'rect' ? 'boxcar' : n;
}

/** The checked window parameter for `kind` (NaN when it takes none). */
function windowParam(kind: WindowKind, opts: { beta?: unknown; std?: unknown; alpha?: unknown }, fn: string): number {
  const wanted = PARAM_OF[kind];
  for (const key of ['beta', 'std', 'alpha'] as const) {
    if (opts[key] !== undefined && key !== wanted) {
      throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${key} does not apply to the ${kind} window${wanted ? ` (it takes ${wanted})` : ''}`);
    }
  }
  switch (wanted) {
    case 'beta':
      if (opts.beta === undefined) throw new DspError('E_INVALID_ARGUMENT', `${fn}: the kaiser window needs beta (e.g. { beta: 8 })`);
      return checkFinite(opts.beta, 'beta', fn);
    case 'std':
      if (opts.std === undefined) throw new DspError('E_INVALID_ARGUMENT', `${fn}: the gaussian window needs std (e.g. { std: 7 })`);
      return checkFinite(opts.std, 'std', fn, { positive: true });
    case 'alpha':
      return opts.alpha === undefined ? 0.5 : checkFinite(opts.alpha, 'alpha', fn);
    default:
      return NaN;
  }
}

function compute(backend: Backend, kind: WindowKind, n: number, periodic: boolean, param: number, dtype: Dtype): FloatArray {
  const out = dtype === 'f32' ? new Float32Array(n) : new Float64Array(n);
  backend.window(kind, periodic, Number.isNaN(param) ? 0 : param, out);
  return out;
}

/**
 * The `n`-point window `name`, equal to `scipy.signal.get_window(name, n,
 * fftbins=periodic)` (periodic by default, as for spectral analysis).
 */
export function getWindow(name: WindowName, n: number, opts?: WindowOptions): FloatArray {
  const fn = 'getWindow';
  const o = checkOptions<WindowOptions>(opts, ['periodic', 'beta', 'std', 'alpha', 'dtype', 'backend'], fn);
  const kind = kindOf(name, fn);
  // The same ceiling as nFft: a window is at most one frame long.
  checkInteger(n, 'n', fn, { min: 1, max: 2 ** 30 });
  const periodic = o.periodic === undefined ? true : checkBoolean(o.periodic, 'periodic', fn);
  const dtype = o.dtype === undefined ? 'f64' : checkOneOf(o.dtype, ['f32', 'f64'] as const, 'dtype', fn);
  const param = windowParam(kind, o, fn);
  return compute(getBackend(o.backend), kind, n, periodic, param, dtype);
}

export function checkBoolean(v: unknown, name: string, fn: string): boolean {
  if (typeof v !== 'boolean') throw new DspError('E_INVALID_ARGUMENT', `${fn}: ${name} must be true or false, got ${describeValue(v)}`);
  return v;
}

const MAX_CACHED = 32;
const cache = new WeakMap<Backend, Map<string, FloatArray>>();

/**
 * The STFT's analysis window: `spec` at winLength points (periodic, as
 * librosa), zero-padded on both sides to nFft (librosa's pad_center).
 * Named windows are cached per backend; callers must not modify the result.
 */
export function fftWindow(backend: Backend, spec: unknown, winLength: number, nFft: number, dtype: Dtype, fn: string): FloatArray {
  if (isFloatArray(spec)) {
    const specDtype: Dtype = spec instanceof Float32Array ? 'f32' : 'f64';
    if (specDtype !== dtype) {
      throw new DspError('E_DTYPE', `${fn}: window is a ${spec.constructor.name} but the signal is ${dtype === 'f32' ? 'Float32Array' : 'Float64Array'}; they must match`);
    }
    if (spec.length !== winLength) {
      throw new DspError('E_SHAPE', `${fn}: window has ${spec.length} values but winLength is ${winLength}; pass a window of winLength values`);
    }
    return padCenter(spec, nFft, dtype);
  }
  let kind: WindowKind;
  let param: number;
  if (Array.isArray(spec)) {
    if (spec.length !== 2) throw new DspError('E_INVALID_ARGUMENT', `${fn}: window as a pair must be [name, parameter], got ${describeValue(spec)}`);
    kind = kindOf(spec[0], fn, 'window');
    const key = PARAM_OF[kind];
    if (key === undefined) throw new DspError('E_INVALID_ARGUMENT', `${fn}: the ${kind} window takes no parameter, got ${describeValue(spec)}`);
    param = windowParam(kind, { [key]: spec[1] }, fn);
  } else {
    if (typeof spec !== 'string') {
      throw new DspError('E_INVALID_ARGUMENT', `${fn}: window must be a window name, a [name, parameter] pair or a Float32Array/Float64Array, got ${describeValue(spec)}`);
    }
    kind = kindOf(spec, fn, 'window');
    param = windowParam(kind, {}, fn);
  }
  let byBackend = cache.get(backend);
  if (!byBackend) cache.set(backend, (byBackend = new Map()));
  const key = `${kind}:${param}:${winLength}:${nFft}:${dtype}`;
  const hit = byBackend.get(key);
  if (hit) return hit;
  const w = padCenter(compute(backend, kind, winLength, true, param, dtype), nFft, dtype);
  byBackend.set(key, w);
  if (byBackend.size > MAX_CACHED) byBackend.delete(byBackend.keys().next().value as string);
  return w;
}

function padCenter(w: FloatArray, n: number, dtype: Dtype): FloatArray {
  const out = dtype === 'f32' ? new Float32Array(n) : new Float64Array(n);
  out.set(w, Math.floor((n - w.length) / 2));
  return out;
}
