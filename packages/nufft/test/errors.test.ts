// Bad input → DspError with a stable code and a message naming the parameter, on every backend.
import { expectDspError } from '@dsp/backend/testing';
import { beforeAll, describe, expect, it } from 'vitest';

import { createNufftPlan, nufft1d1, nufft1d2, nufft2d1, nufft2d2, nufft3d3, type FloatArray } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';
import { makeComplex, makePoints } from './reference.js';

beforeAll(loadAll);

describe.each(BACKENDS)('bad input on %s', (backend) => {
  const x = makePoints(50, 1, false);
  const y = makePoints(50, 2, false);
  const c = makeComplex(50, 3);
  const stillWorks = () => expect(nufft1d1(x, c, 16, { backend }).length).toBe(32);

  it('NaN or infinite points', () => {
    const bad = x.slice();
    bad[7] = NaN;
    expectDspError(() => nufft1d1(bad, c, 16, { backend }), 'E_INVALID_ARGUMENT', 'nufft1d1', 'x[7]', 'NaN');
    bad[7] = Infinity;
    expectDspError(() => nufft2d1(y, bad, c, [4, 4], { backend }), 'E_INVALID_ARGUMENT', 'y[7]', 'Infinity');
    const plan = createNufftPlan({ type: 3, modes: 3, eps: 1e-6, dtype: 'f64', backend });
    expectDspError(() => plan.setPoints(x, y, x, x, bad, x), 'E_INVALID_ARGUMENT', 't[7]');
    plan.dispose();
    stillWorks();
  });

  // The core finds these from the result, which any NaN or infinity in the
  // strengths reaches through the fine grid and its FFT.
  it('NaN or infinite strengths and modes, forward and adjoint, every type → E_INVALID_ARGUMENT', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const cBad = c.slice();
      cBad[13] = bad;
      expectDspError(() => nufft1d1(x, cBad, 16, { backend }), 'E_INVALID_ARGUMENT', 'nufft1d1', 'NaN or Infinity');
      expectDspError(() => nufft2d1(x, y, cBad, [4, 4], { backend }), 'E_INVALID_ARGUMENT', 'nufft2d1', 'NaN or Infinity');
      const fBad = makeComplex(16, 4);
      fBad[5] = bad;
      expectDspError(() => nufft1d2(x, fBad, { backend }), 'E_INVALID_ARGUMENT', 'nufft1d2', 'NaN or Infinity');
      for (const type of [1, 2, 3] as const) {
        for (const dtype of ['f32', 'f64'] as const) {
          // Type 3 takes its dimension as modes, then points and target frequencies.
          const plan = createNufftPlan({ type, modes: type === 3 ? 1 : 16, eps: 1e-3, dtype, backend });
          const points = dtype === 'f32' ? Float32Array.from(x) : x;
          if (type === 3) plan.setPoints(points, points);
          else plan.setPoints(points);
          const forward = (dtype === 'f32' ? Float32Array : Float64Array).from(makeComplex(plan.inputLength, 5));
          forward[3] = bad;
          expectDspError(() => plan.execute(forward), 'E_INVALID_ARGUMENT', 'NaN or Infinity');
          const backward = (dtype === 'f32' ? Float32Array : Float64Array).from(makeComplex(plan.outputLength, 6));
          backward[3] = bad;
          expectDspError(() => plan.adjoint(backward), 'E_INVALID_ARGUMENT', 'NaN or Infinity');
          plan.dispose();
        }
      }
    }
    stillWorks();
  });

  it('mismatched lengths and wrong shapes', () => {
    expectDspError(() => nufft2d1(x, y.subarray(1), c, [4, 4], { backend }), 'E_SHAPE', 'y', '49', '50');
    expectDspError(() => nufft1d1(x, c.subarray(2), 16, { backend }), 'E_SHAPE', 'input', '100', '98');
    expectDspError(() => nufft1d2(x, new Float64Array(33), { backend }), 'E_SHAPE', 'f', '33');
    expectDspError(() => nufft2d2(x, y, makeComplex(15, 1), [4, 4], { backend }), 'E_SHAPE', 'input', '32', '30');
    expectDspError(() => nufft1d1(x, c, 16, { batch: 2, backend }), 'E_SHAPE', '2 vector');
    expectDspError(() => nufft1d1(x, c, 16, { out: new Float64Array(31), backend }), 'E_SHAPE', 'out', '32');
    expectDspError(() => nufft1d1(x, c, [4, 4, 4, 4] as never, { backend }), 'E_SHAPE', 'modes');
    const plan = createNufftPlan({ type: 2, modes: [4, 4], eps: 1e-6, dtype: 'f64', backend });
    expectDspError(() => plan.setPoints(x), 'E_INVALID_ARGUMENT', '2 arrays', 'x, y');
    expectDspError(() => plan.execute(makeComplex(16, 2)), 'E_INVALID_ARGUMENT', 'setPoints');
    plan.setPoints(x, y);
    expectDspError(() => plan.adjoint(makeComplex(16, 2)), 'E_SHAPE', 'input', '50');
    plan.dispose();
    expectDspError(() => plan.execute(makeComplex(16, 2)), 'E_DISPOSED', 'disposed');
    stillWorks();
  });

  it('eps ≤ 0, eps below the dtype’s floor, modes ≤ 0 and other bad options', () => {
    expectDspError(() => nufft1d1(x, c, 16, { eps: 0, backend }), 'E_INVALID_ARGUMENT', 'eps', 'positive', 'got 0');
    expectDspError(() => nufft1d1(x, c, 16, { eps: -1e-6, backend }), 'E_INVALID_ARGUMENT', 'eps');
    expectDspError(() => nufft1d1(x, c, 16, { eps: 1e-16, backend }), 'E_INVALID_ARGUMENT', 'eps', 'f64', '1e-14');
    expectDspError(() => nufft1d1(Float32Array.from(x), Float32Array.from(c), 16, { eps: 1e-6, backend }), 'E_INVALID_ARGUMENT', 'eps', 'f32', 'Float64Array');
    expectDspError(() => nufft1d1(x, c, 0, { backend }), 'E_INVALID_ARGUMENT', 'modes[0]', 'got 0');
    expectDspError(() => nufft2d1(x, y, c, [4, -2], { backend }), 'E_INVALID_ARGUMENT', 'modes[1]', 'got -2');
    expectDspError(() => nufft1d1(x, c, 16, { sigma: 1.1, backend }), 'E_INVALID_ARGUMENT', 'sigma', '1.25');
    expectDspError(() => nufft1d1(x, c, 16, { isign: 2 as never, backend }), 'E_INVALID_ARGUMENT', 'isign');
    expectDspError(() => nufft1d1(x, c, 16, { kernel: 'gauss' as never, backend }), 'E_INVALID_ARGUMENT', 'kernel', '"kb"');
    expectDspError(() => nufft1d1(x, c, 16, { m: 9, backend }), 'E_INVALID_ARGUMENT', 'm', '1…8');
    expectDspError(() => nufft1d1(x, c, 16, { epsilon: 1e-3 } as never), 'E_INVALID_ARGUMENT', 'unknown option "epsilon"');
    expectDspError(() => nufft1d1(x, c, 16, { sigma: 1.25, eps: 1e-13, backend }), 'E_INVALID_ARGUMENT', 'eps', 'sigma');
    expectDspError(() => createNufftPlan({ type: 4 as never, modes: 4, eps: 1e-6, dtype: 'f64', backend }), 'E_INVALID_ARGUMENT', 'type');
    expectDspError(() => createNufftPlan({ type: 3, modes: 4, eps: 1e-6, dtype: 'f64', backend }), 'E_INVALID_ARGUMENT', 'dimension');
    stillWorks();
  });

  it('mixed dtypes and points off the grid with sigma = 1', () => {
    expectDspError(() => nufft1d1(Float32Array.from(x) as FloatArray, c as FloatArray, 16, { backend }), 'E_DTYPE', 'x', 'Float32Array');
    expectDspError(() => nufft1d1(x, [1, 2] as never, 16, { backend }), 'E_DTYPE', 'c');
    expectDspError(() => nufft1d1(x, c, 16, { sigma: 1, backend }), 'E_INVALID_ARGUMENT', 'sigma = 1', 'grid');
    expectDspError(() => nufft3d3(x, y, x, c, x, y, x, { sigma: 1, backend }), 'E_INVALID_ARGUMENT', 'sigma = 1', 'type 3');
    stillWorks();
  });
});
