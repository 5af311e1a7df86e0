// Bad input → DspError with a stable code and a message naming the parameter, on every backend;
// the backend keeps working afterwards.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDspError, randomSignal } from '@dsp/backend/testing';

import { hpss, hpssSignal, pyin, softmask, yin } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

beforeAll(loadAll);

describe.each(BACKENDS)('bad input on %s', (backend) => {
  const y = Float32Array.from(randomSignal(8192, 3));
  const range = { fmin: 100, fmax: 1000, backend };
  const stillWorks = () => {
    expect(yin(y, range).length).toBe(1 + 8192 / 512);
  };

  it('yin and pyin: sr, fmin, fmax, frameLength and hopLength', () => {
    for (const f of [yin, pyin] as const) {
      const fn = f === yin ? 'yin' : 'pyin';
      expectDspError(() => f(y, { ...range, sr: 0 }), 'E_INVALID_ARGUMENT', fn, 'sr', '0');
      expectDspError(() => f(y, { ...range, sr: -22050 }), 'E_INVALID_ARGUMENT', 'sr');
      expectDspError(() => f(y, { ...range, sr: NaN }), 'E_INVALID_ARGUMENT', 'sr');
      expectDspError(() => f(y, { fmin: 500, fmax: 400, backend }), 'E_INVALID_ARGUMENT', 'fmin = 500', 'fmax = 400');
      expectDspError(() => f(y, { fmin: 500, fmax: 500, backend }), 'E_INVALID_ARGUMENT', 'less than fmax');
      expectDspError(() => f(y, { fmin: 100, fmax: 12000, backend }), 'E_INVALID_ARGUMENT', 'fmax = 12000', 'Nyquist', '11025');
      expectDspError(() => f(y, { fmin: -5, fmax: 1000, backend }), 'E_INVALID_ARGUMENT', 'fmin = -5', '> 0');
      expectDspError(() => f(y, { fmin: 10, fmax: 1000, backend }), 'E_INVALID_ARGUMENT', 'fmin = 10', 'frameLength = 2048', 'too low');
      expectDspError(() => f(y, { ...range, frameLength: 200 }), 'E_INVALID_ARGUMENT', 'frameLength = 200');
      expectDspError(() => f(y, { ...range, frameLength: 2.5 }), 'E_INVALID_ARGUMENT', 'frameLength');
      expectDspError(() => f(y, { ...range, hopLength: 0 }), 'E_INVALID_ARGUMENT', 'hopLength', 'got 0');
      expectDspError(() => f(y, { fmax: 1000, backend } as never), 'E_INVALID_ARGUMENT', 'fmin');
      expectDspError(() => f(y, undefined as never), 'E_INVALID_ARGUMENT', 'fmin', 'fmax');
      expectDspError(() => f(y, { ...range, padMode: 'wrap' as never }), 'E_INVALID_ARGUMENT', 'padMode');
      expectDspError(() => f(y, { ...range, frameLenght: 1024 } as never), 'E_INVALID_ARGUMENT', 'unknown option "frameLenght"');
    }
    expectDspError(() => yin(y, { ...range, troughThreshold: NaN }), 'E_INVALID_ARGUMENT', 'troughThreshold');
    expectDspError(() => pyin(y, { ...range, switchProb: 2 }), 'E_INVALID_ARGUMENT', 'switchProb', '[0, 1]');
    expectDspError(() => pyin(y, { ...range, betaParameters: [0, 1] }), 'E_INVALID_ARGUMENT', 'betaParameters');
    expectDspError(() => pyin(y, { ...range, resolution: 0 }), 'E_INVALID_ARGUMENT', 'resolution');
    expectDspError(() => pyin(y, { fmin: 400, fmax: 420, backend }), 'E_INVALID_ARGUMENT', 'pitch grid');
    stillWorks();
  });

  it('yin and pyin: empty, NaN, too short and mistyped audio', () => {
    for (const f of [yin, pyin] as const) {
      expectDspError(() => f(new Float32Array(0), range), 'E_SHAPE', 'y', 'length 0');
      const bad = y.slice();
      bad[1234] = NaN;
      expectDspError(() => f(bad, range), 'E_INVALID_ARGUMENT', 'y', 'NaN', '1234');
      bad[1234] = Infinity;
      expectDspError(() => f(bad, range), 'E_INVALID_ARGUMENT', 'y', 'Infinity');
      expectDspError(() => f(y.subarray(0, 1000), { ...range, center: false }), 'E_SHAPE', '1000 samples', 'frameLength = 2048');
      expectDspError(() => f([1, 2, 3] as never, range), 'E_DTYPE', 'y');
    }
    stillWorks();
  });

  it('hpss, hpssSignal and softmask: kernel sizes, margins, power, shapes, NaN', () => {
    const S = { data: new Float32Array(2 * 20 * 9), shape: [20, 9] as [number, number] };
    expectDspError(() => hpss(S, { kernelSize: 0, backend }), 'E_INVALID_ARGUMENT', 'kernelSize', 'got 0');
    expectDspError(() => hpss(S, { kernelSize: [31, 0], backend }), 'E_INVALID_ARGUMENT', 'kernelSize[1]', 'got 0');
    expectDspError(() => hpss(S, { kernelSize: [31] as never, backend }), 'E_INVALID_ARGUMENT', 'kernelSize');
    expectDspError(() => hpss(S, { kernelSize: 3.5, backend }), 'E_INVALID_ARGUMENT', 'kernelSize');
    expectDspError(() => hpss(S, { margin: 0.5, backend }), 'E_INVALID_ARGUMENT', 'margin', '≥ 1', '0.5');
    expectDspError(() => hpss(S, { margin: [1, 0.9], backend }), 'E_INVALID_ARGUMENT', 'margin[1]');
    expectDspError(() => hpss(S, { power: 0, backend }), 'E_INVALID_ARGUMENT', 'power', '> 0');
    expectDspError(() => hpss(S, { power: NaN, backend }), 'E_INVALID_ARGUMENT', 'power');
    expectDspError(() => hpss({ data: new Float32Array(7), shape: [20, 9] }, { backend }), 'E_SHAPE', '180 magnitudes', '360 interleaved', 'got 7');
    expectDspError(() => hpss({ data: new Float32Array(0), shape: [0, 9] }, { backend }), 'E_SHAPE', 'S.data');
    expectDspError(() => hpss({ data: new Float32Array(9) } as never, { backend }), 'E_SHAPE', 'shape');
    const nan = S.data.slice();
    nan[17] = NaN;
    expectDspError(() => hpss({ data: nan, shape: [20, 9] }, { backend }), 'E_INVALID_ARGUMENT', 'S.data', 'NaN', '17');
    expectDspError(() => hpssSignal(new Float32Array(0), { backend }), 'E_SHAPE', 'y');
    const badY = y.slice();
    badY[5] = NaN;
    expectDspError(() => hpssSignal(badY, { backend }), 'E_INVALID_ARGUMENT', 'hpssSignal', 'NaN');
    expectDspError(() => hpssSignal(y, { kernelSize: 0, backend }), 'E_INVALID_ARGUMENT', 'kernelSize');
    expectDspError(() => hpssSignal(y, { mask: true, backend } as never), 'E_INVALID_ARGUMENT', 'unknown option "mask"');
    expectDspError(() => hpssSignal(y, { winLength: 4096, backend }), 'E_INVALID_ARGUMENT', 'winLength');
    expectDspError(() => hpssSignal(y.subarray(0, 100), { center: false, backend }), 'E_SHAPE', 'center: false');
    const a = Float32Array.from([1, 2]);
    expectDspError(() => softmask(a, Float32Array.from([1, -1]), { backend }), 'E_INVALID_ARGUMENT', 'Xref', 'non-negative');
    expectDspError(() => softmask(a, Float32Array.from([1]), { backend }), 'E_SHAPE', 'one length');
    expectDspError(() => softmask(a, Float64Array.from([1, 1]) as never, { backend }), 'E_DTYPE', 'Xref');
    expectDspError(() => softmask(a, a, { power: -1, backend }), 'E_INVALID_ARGUMENT', 'power');
    stillWorks();
  });
});
