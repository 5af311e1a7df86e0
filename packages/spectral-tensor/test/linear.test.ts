// SpectralLinear: forward equals the dense product, backward equals finite
// differences, fromDense reports the error it commits.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDspError } from '@dsp/backend/testing';

import { SpectralLinear } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { gaussian, maxRelative, relativeDifference, smoothField } from './helpers.js';

beforeAll(loadAll);

/** y = W x per row, in float64, with W materialised from the layer. */
function denseForward(layer: SpectralLinear, x: ArrayLike<number>, batch: number): Float64Array {
  const W = layer.toTensor().toSpatial();
  const [m, n] = [layer.outFeatures, layer.inFeatures];
  const y = new Float64Array(batch * m);
  for (let b = 0; b < batch; b++) for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) y[b * m + i] = y[b * m + i]! + W[i * n + j]! * x[b * n + j]!;
  return y;
}

describe.each(BACKENDS)('SpectralLinear on %s', (backend) => {
  it('forward equals the dense product of the materialised weights (1e-12 f64, 1e-5 f32)', () => {
    for (const dtype of ['f64', 'f32'] as const) {
      for (const [n, m] of [[7, 5], [16, 16], [1, 4], [9, 1]] as const) {
        const layer = new SpectralLinear(n, m, { keep: 0.4, dtype, seed: 3, backend });
        const batch = 3;
        const x = gaussian(batch * n, 4);
        const xs = dtype === 'f64' ? Float64Array.from(x) : Float32Array.from(x);
        const y = layer.forward(xs);
        expect(y.length).toBe(batch * m);
        expect(maxRelative(y, denseForward(layer, xs, batch))).toBeLessThan(dtype === 'f64' ? 1e-12 : 1e-5);
      }
    }
  });

  it('backward equals central finite differences of L = Σ y·R', () => {
    const [n, m, batch] = [7, 5, 3];
    const layer = new SpectralLinear(n, m, { k: 12, seed: 9, backend });
    const x = gaussian(batch * n, 1);
    const R = gaussian(batch * m, 2);
    const loss = (input: Float64Array) => {
      const y = layer.forward(input);
      let s = 0;
      for (let i = 0; i < y.length; i++) s += y[i]! * R[i]!;
      return s;
    };
    layer.forward(x);
    const { gradX, gradCoefficients } = layer.backward(R);
    const h = 1e-6;
    for (let k = 0; k < layer.coefficients.length; k++) {
      const c = layer.coefficients[k]!;
      layer.coefficients[k] = c + h;
      const up = loss(x);
      layer.coefficients[k] = c - h;
      const down = loss(x);
      layer.coefficients[k] = c;
      expect(Math.abs(gradCoefficients[k]! - (up - down) / (2 * h))).toBeLessThan(1e-7);
    }
    for (let j = 0; j < x.length; j++) {
      const e = x.slice();
      e[j] = x[j]! + h;
      const up = loss(e);
      e[j] = x[j]! - h;
      const down = loss(e);
      expect(Math.abs(gradX[j]! - (up - down) / (2 * h))).toBeLessThan(1e-7);
    }
  });

  it('fromDense keeps the largest coefficients and reports the error it commits', () => {
    const [m, n] = [24, 32];
    const smooth = smoothField([m, n], 5);
    const layer = SpectralLinear.fromDense({ data: smooth, shape: [m, n] }, { keep: 0.05, backend });
    expect(layer.coefficients.length).toBe(Math.round(0.05 * m * n));
    const W = layer.toTensor().toSpatial();
    expect(layer.relativeError).toBeCloseTo(relativeDifference(W, smooth), 12);
    // A trained-like (white) matrix loses most of itself at 5%: the docs' warning, measured.
    const white = SpectralLinear.fromDense({ data: gaussian(m * n, 6), shape: [m, n] }, { keep: 0.05, backend });
    expect(white.relativeError).toBeGreaterThan(0.8);
    const exact = SpectralLinear.fromDense({ data: smooth, shape: [m, n] }, { maxError: 0.02, backend });
    expect(exact.relativeError).toBeLessThanOrEqual(0.02);
  });

  it('refuses bad input', () => {
    const layer = new SpectralLinear(4, 3, { k: 5, backend });
    expectDspError(() => layer.backward(new Float64Array(3)), 'E_INVALID_ARGUMENT', 'forward');
    expectDspError(() => layer.forward(new Float64Array(5)), 'E_SHAPE', 'x', 'rows of 4');
    expectDspError(() => layer.forward(new Float32Array(4)), 'E_DTYPE', 'x', 'Float64Array');
    layer.forward(new Float64Array(8));
    expectDspError(() => layer.backward(new Float64Array(9)), 'E_SHAPE', 'gradY', '3 rows', '2');
    expectDspError(() => new SpectralLinear(0, 3, { k: 1 }), 'E_INVALID_ARGUMENT', 'inFeatures');
    expectDspError(() => new SpectralLinear(4, 3, { k: 1, basis: 'fft' as never }), 'E_INVALID_ARGUMENT', 'basis');
    expectDspError(() => new SpectralLinear(4, 3, { keep: 1, k: 2 }), 'E_INVALID_ARGUMENT', 'keep and k');
    expectDspError(() => SpectralLinear.fromDense({ data: new Float64Array(6), shape: [6] } as never, { k: 1 }), 'E_SHAPE', 'W');
  });
});
