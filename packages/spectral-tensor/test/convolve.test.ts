// fftConvolve, oaconvolve and convolve equal a direct float64 convolution in
// every mode, ranks 1–3, with scipy.signal's window conventions.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDspError } from '@dsp/backend/testing';

import { chooseConvolveMethod, convolve, fftConvolve, oaconvolve, type ConvolveMode } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { gaussian, maxRelative, typedAs, unravel } from './helpers.js';

beforeAll(loadAll);

/** Full convolution along `axes` (other axes paired index by index) by the definition, then scipy's centred crop. */
function reference(a: ArrayLike<number>, as: number[], b: ArrayLike<number>, bs: number[], mode: ConvolveMode, axes: number[]): { data: Float64Array; shape: number[] } {
  const conv = (d: number) => axes.includes(d);
  const fs = as.map((n, d) => (conv(d) ? n + bs[d]! - 1 : n));
  const full = new Float64Array(fs.reduce((p, q) => p * q, 1));
  for (let i = 0; i < a.length; i++) {
    const ic = unravel(i, as);
    for (let j = 0; j < b.length; j++) {
      const jc = unravel(j, bs);
      if (as.some((_, d) => !conv(d) && ic[d] !== jc[d])) continue;
      let o = 0;
      for (let d = 0; d < as.length; d++) o = o * fs[d]! + (conv(d) ? ic[d]! + jc[d]! : ic[d]!);
      full[o] = full[o]! + a[i]! * b[j]!;
    }
  }
  let big = as;
  let small = bs;
  if (mode === 'valid' && !axes.every((d) => as[d]! >= bs[d]!)) [big, small] = [bs, as];
  const os = fs.map((n, d) => (!conv(d) ? n : mode === 'full' ? n : mode === 'same' ? as[d]! : big[d]! - small[d]! + 1));
  const start = fs.map((n, d) => Math.floor((n - os[d]!) / 2));
  const out = new Float64Array(os.reduce((p, q) => p * q, 1));
  for (let k = 0; k < out.length; k++) {
    const kc = unravel(k, os);
    let f = 0;
    for (let d = 0; d < fs.length; d++) f = f * fs[d]! + kc[d]! + start[d]!;
    out[k] = full[f]!;
  }
  return { data: out, shape: os };
}

const CASES: { as: number[]; bs: number[]; axes?: number[] }[] = [
  { as: [40], bs: [7] },
  { as: [5], bs: [12] },
  { as: [300], bs: [31] },
  { as: [9, 13], bs: [3, 4] },
  { as: [4, 6], bs: [7, 9] },
  { as: [70, 33], bs: [5, 11] },
  { as: [5, 6, 7], bs: [2, 3, 4] },
  { as: [4, 3, 9], bs: [3, 3, 2], axes: [0, 2] },
  { as: [6, 2, 5], bs: [6, 3, 5], axes: [1] },
];

describe.each(BACKENDS)('convolution on %s', (backend) => {
  it('scipy.signal.fftconvolve([1, 2, 3], [0, 1, 0.5]) in each mode', () => {
    const a = Float64Array.of(1, 2, 3);
    const b = Float64Array.of(0, 1, 0.5);
    const r = (mode: ConvolveMode) => Array.from(fftConvolve(a, [3], b, [3], { mode, backend }).data).map((v) => Math.round(v * 1e12) / 1e12 + 0);
    expect(r('full')).toEqual([0, 1, 2.5, 4, 1.5]);
    expect(r('same')).toEqual([1, 2.5, 4]);
    expect(r('valid')).toEqual([2.5]);
  });

  describe.each(['f64', 'f32'] as const)('%s', (dtype) => {
    const tol = dtype === 'f64' ? 1e-12 : 2e-5;
    it.each(CASES.map((c) => [`[${c.as}] * [${c.bs}] axes ${c.axes ?? 'all'}`, c] as const))('%s: every method in every mode equals the definition', (_, { as, bs, axes }) => {
      const n = (s: number[]) => s.reduce((p, q) => p * q, 1);
      const a = typedAs(dtype, gaussian(n(as), 1));
      const b = typedAs(dtype, gaussian(n(bs), 2));
      const convAxes = axes ?? as.map((_, d) => d);
      for (const mode of ['full', 'same', 'valid'] as const) {
        const validOk = convAxes.every((d) => as[d]! >= bs[d]!) || convAxes.every((d) => bs[d]! >= as[d]!);
        if (mode === 'valid' && !validOk) {
          expectDspError(() => fftConvolve(a, as, b, bs, { mode, axes, backend }), 'E_SHAPE', 'valid');
          continue;
        }
        const want = reference(a, as, b, bs, mode, convAxes);
        const results = {
          fftConvolve: fftConvolve(a, as, b, bs, { mode, axes, backend }),
          oaconvolve: oaconvolve(a, as, b, bs, { mode, axes, backend }),
          direct: convolve(a, as, b, bs, { mode, axes, method: 'direct', backend }),
          fft: convolve(a, as, b, bs, { mode, axes, method: 'fft', backend }),
          auto: convolve(a, as, b, bs, { mode, axes, backend }),
        };
        for (const [name, got] of Object.entries(results)) {
          expect(got.shape, `${name} ${mode}`).toEqual(want.shape);
          expect(got.data).toBeInstanceOf(dtype === 'f64' ? Float64Array : Float32Array);
          expect(maxRelative(got.data, want.data), `${name} ${mode}`).toBeLessThan(tol);
        }
      }
    });
  });

  it('oaconvolve splits a long signal into blocks and still equals the definition', () => {
    const a = gaussian(5000, 3);
    const b = gaussian(21, 4);
    const want = reference(a, [5000], b, [21], 'same', [0]);
    expect(maxRelative(oaconvolve(a, [5000], b, [21], { mode: 'same', backend }).data, want.data)).toBeLessThan(1e-12);
  });

  it('the automatic choice is direct for small kernels and FFT for large ones', () => {
    expect(chooseConvolveMethod([512, 512], [3, 3])).toBe('direct');
    expect(chooseConvolveMethod([512, 512], [63, 63])).toBe('fft');
    expect(chooseConvolveMethod([100000], [3])).toBe('direct');
    expect(chooseConvolveMethod([100000], [1001])).toBe('fft');
    // WebAssembly's FFTs are relatively slower: its crossover comes at larger kernels.
    expect(chooseConvolveMethod([512, 512], [7, 7], 'same', 'wasm')).toBe('direct');
    expect(chooseConvolveMethod([512, 512], [63, 63], 'same', 'wasm')).toBe('fft');
  });
});
