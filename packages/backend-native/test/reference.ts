// Ground truth for this package's own tests, independent of the core: a
// direct O(n²) DFT in float64 and a seeded signal generator.

/** Direct DFT of `rows` interleaved complex rows of n points (numpy's sign), times `scale`. */
export function directDft(x: ArrayLike<number>, n: number, rows: number, inverse = false, scale = 1): Float64Array {
  const out = new Float64Array(2 * n * rows);
  const sign = inverse ? 1 : -1;
  for (let r = 0; r < rows; r++) {
    const base = 2 * n * r;
    for (let k = 0; k < n; k++) {
      let re = 0;
      let im = 0;
      for (let j = 0; j < n; j++) {
        // Reduce jk mod n in integers so the angle stays accurate for large n.
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
