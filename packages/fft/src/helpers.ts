import { checkAxes, checkFinite, checkInteger, checkOptions, checkShape, DspError, dtypeOf, outputArray, type FloatArray } from '@dsp/backend';

/** Sample frequencies of fft bins (numpy.fft.fftfreq): [0, 1, …, ⌈n/2⌉−1, −⌊n/2⌋, …, −1] / (d·n). */
export function fftfreq(n: number, d = 1): Float64Array {
  checkInteger(n, 'n', 'fftfreq', { min: 1 });
  checkFinite(d, 'd', 'fftfreq', { positive: true });
  const out = new Float64Array(n);
  const positive = Math.ceil(n / 2);
  for (let k = 0; k < n; k++) out[k] = (k < positive ? k : k - n) / (d * n);
  return out;
}

/** Sample frequencies of rfft bins (numpy.fft.rfftfreq): [0, 1, …, ⌊n/2⌋] / (d·n). */
export function rfftfreq(n: number, d = 1): Float64Array {
  checkInteger(n, 'n', 'rfftfreq', { min: 1 });
  checkFinite(d, 'd', 'rfftfreq', { positive: true });
  const out = new Float64Array(Math.floor(n / 2) + 1);
  for (let k = 0; k < out.length; k++) out[k] = k / (d * n);
  return out;
}

/**
 * Frequency in Hz of bin `k` of an `n`-point transform at `sampleRate`:
 * k·sampleRate/n for k ≤ n/2 (the rfft bins, Nyquist positive), and the
 * negative frequency (k−n)·sampleRate/n above that, as fftfreq.
 */
export function binFrequency(k: number, n: number, sampleRate: number): number {
  checkInteger(n, 'n', 'binFrequency', { min: 1 });
  checkInteger(k, 'k', 'binFrequency', { min: 0, max: n - 1 });
  checkFinite(sampleRate, 'sampleRate', 'binFrequency', { positive: true });
  return ((k <= n / 2 ? k : k - n) * sampleRate) / n;
}

export interface ShiftOptions {
  /** Row-major shape of the data in elements (default: one axis of all elements). */
  shape?: readonly number[];
  /** Axes to shift (default all). */
  axes?: readonly number[];
  /** Elements are interleaved complex pairs (default false). */
  complex?: boolean;
}

function shift<T extends FloatArray>(x: T, opts: ShiftOptions | undefined, inverse: boolean, fn: string): T {
  dtypeOf(x, 'x', fn);
  const o = checkOptions<ShiftOptions>(opts, ['shape', 'axes', 'complex'], fn);
  const width = o.complex ? 2 : 1;
  if (x.length % width !== 0) throw new DspError('E_SHAPE', `${fn}: complex x must have an even length, got ${x.length}`);
  const count = x.length / width;
  if (count === 0) return x.slice() as T;
  const { shape, size } = o.shape === undefined ? { shape: [count], size: count } : checkShape(o.shape, 'shape', fn);
  if (size !== count) throw new DspError('E_SHAPE', `${fn}: x holds ${count} elements but shape [${shape.join(', ')}] needs ${size}`);
  const axes = checkAxes(o.axes, shape.length, fn);
  // Rotate each chosen axis by ⌊n/2⌋ (fftshift) or ⌈n/2⌉ (ifftshift), one axis at a time.
  let src = x.slice() as T;
  let dst = x.slice() as T;
  for (const axis of axes) {
    const len = shape[axis]!;
    const by = inverse ? Math.ceil(len / 2) : Math.floor(len / 2);
    if (by % len === 0) continue;
    const inner = width * shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
    for (let o2 = 0; o2 < outer; o2++) {
      const base = o2 * len * inner;
      for (let i = 0; i < len; i++) {
        const to = base + ((i + by) % len) * inner;
        dst.set(src.subarray(base + i * inner, base + (i + 1) * inner), to);
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}

/** Moves the zero-frequency bin to the centre (numpy.fft.fftshift). Returns a new array. */
export function fftshift<T extends FloatArray>(x: T, opts?: ShiftOptions): T {
  return shift(x, opts, false, 'fftshift');
}

/** Undoes fftshift (numpy.fft.ifftshift); differs from fftshift for odd lengths. */
export function ifftshift<T extends FloatArray>(x: T, opts?: ShiftOptions): T {
  return shift(x, opts, true, 'ifftshift');
}

interface OutOption {
  out?: FloatArray;
}

function perBin<T extends FloatArray>(X: T, opts: OutOption | undefined, fn: string, f: (re: number, im: number) => number): T {
  dtypeOf(X, 'X', fn);
  if (X.length % 2 !== 0) throw new DspError('E_SHAPE', `${fn}: X must be interleaved complex with an even length, got ${X.length}`);
  const o = checkOptions<OutOption>(opts, ['out'], fn);
  const out = outputArray(o.out, X, X.length / 2, fn);
  for (let k = 0; k < out.length; k++) out[k] = f(X[2 * k]!, X[2 * k + 1]!);
  return out as T;
}

/** |X_k| of interleaved complex X (one value per bin). */
export function magnitude<T extends FloatArray>(X: T, opts?: OutOption): T {
  return perBin(X, opts, 'magnitude', Math.hypot);
}

/** |X_k|² of interleaved complex X. */
export function power<T extends FloatArray>(X: T, opts?: OutOption): T {
  return perBin(X, opts, 'power', (re, im) => re * re + im * im);
}

/** arg X_k in (−π, π] of interleaved complex X. */
export function phase<T extends FloatArray>(X: T, opts?: OutOption): T {
  return perBin(X, opts, 'phase', (re, im) => Math.atan2(im, re));
}
