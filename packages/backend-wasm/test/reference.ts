// Ground truth for this package's tests, independent of the core: direct
// O(n²) transforms in float64 and a seeded signal generator.
import type { Dtype, FloatArray } from '@dsp/backend';

/** The core built by `pnpm build` (tests import src/, whose own default would look in src/). */
export const coreUrl = new URL('../dist/dsp_core.wasm', import.meta.url);

/** Direct DFT of `rows` interleaved complex rows of n points (numpy's sign), times `scale`. */
export function directDft(x: ArrayLike<number>, n: number, rows = 1, inverse = false, scale = 1): Float64Array {
  const out = new Float64Array(2 * n * rows);
  const sign = inverse ? 1 : -1;
  for (let r = 0; r < rows; r++) {
    const base = 2 * n * r;
    for (let k = 0; k < n; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        // j·k reduced mod n in integers keeps the angle exact for large n.
        const angle = (sign * 2 * Math.PI * ((j * k) % n)) / n;
        const c = Math.cos(angle);
        const s = Math.sin(angle);
        const xr = x[base + 2 * j]!;
        const xi = x[base + 2 * j + 1]!;
        re += xr * c - xi * s;
        im += xr * s + xi * c;
      }
      out[base + 2 * k] = re * scale;
      out[base + 2 * k + 1] = im * scale;
    }
  }
  return out;
}

/** Direct DFT of a row-major 2-D complex array of `rows` × `cols` over both axes. */
export function directDft2d(x: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const alongRows = directDft(x, cols, rows);
  const transposed = new Float64Array(alongRows.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      transposed[2 * (c * rows + r)] = alongRows[2 * (r * cols + c)]!;
      transposed[2 * (c * rows + r) + 1] = alongRows[2 * (r * cols + c) + 1]!;
    }
  }
  const alongCols = directDft(transposed, rows, cols);
  const out = new Float64Array(alongRows.length);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      out[2 * (r * cols + c)] = alongCols[2 * (c * rows + r)]!;
      out[2 * (r * cols + c) + 1] = alongCols[2 * (c * rows + r) + 1]!;
    }
  }
  return out;
}

/** scipy.fft.dct type 2, norm 'backward': y[k] = 2 Σ x[j] cos(π k (2j+1) / 2n). */
export function directDct2(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += x[j]! * Math.cos((Math.PI * k * (2 * j + 1)) / (2 * n));
    out[k] = 2 * sum;
  }
  return out;
}

/** Interleaves real rows as complex rows with zero imaginary parts. */
export function realToComplex(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) out[2 * i] = x[i]!;
  return out;
}

/** The first n/2+1 bins of each of `rows` complex rows of n points. */
export function halfSpectrum(full: Float64Array, n: number, rows: number): Float64Array {
  const bins = Math.floor(n / 2) + 1;
  const out = new Float64Array(2 * bins * rows);
  for (let r = 0; r < rows; r++) out.set(full.subarray(2 * n * r, 2 * n * r + 2 * bins), 2 * bins * r);
  return out;
}

/** `length` seeded values in [-1, 1), exactly representable in float32. */
export function signal(length: number, seed: number): Float64Array {
  let state = seed >>> 0;
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = Math.fround(state / 2 ** 31 - 1);
  }
  return out;
}

/** ‖a − b‖ / ‖b‖ (absolute when b is zero). */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < a.length; i++) {
    diff += (a[i]! - b[i]!) ** 2;
    norm += b[i]! ** 2;
  }
  return Math.sqrt(diff / (norm || 1));
}

export const TOLERANCE = { f32: 2e-6, f64: 1e-12 } as const;

export function typed(dtype: Dtype, data: ArrayLike<number> | number): FloatArray {
  if (typeof data === 'number') return dtype === 'f32' ? new Float32Array(data) : new Float64Array(data);
  return dtype === 'f32' ? Float32Array.from(data) : Float64Array.from(data);
}
