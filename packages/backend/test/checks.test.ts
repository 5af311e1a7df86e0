import { describe, expect, it } from 'vitest';

import { checkAxes, checkInteger, checkOneOf, checkOptions, checkShape, dtypeOf, DspError, outputArray } from '../src/index.js';

function thrown(fn: () => unknown): DspError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DspError);
    return e as DspError;
  }
  throw new Error('nothing thrown');
}

describe('input checks', () => {
  it('dtypeOf accepts float arrays only', () => {
    expect(dtypeOf(new Float32Array(1), 'x', 'f')).toBe('f32');
    expect(dtypeOf(new Float64Array(1), 'x', 'f')).toBe('f64');
    const e = thrown(() => dtypeOf(new Int16Array(2), 'x', 'fft'));
    expect(e.code).toBe('E_DTYPE');
    expect(e.message).toMatch(/fft: x must be a Float32Array or Float64Array, got Int16Array\(2\)/);
    expect(thrown(() => dtypeOf([1, 2], 'x', 'fft')).code).toBe('E_DTYPE');
  });

  it('outputArray checks dtype, length and overlap', () => {
    const x = new Float64Array(8);
    expect(outputArray(undefined, x, 4, 'f')).toBeInstanceOf(Float64Array);
    expect(thrown(() => outputArray(new Float32Array(4), x, 4, 'f')).code).toBe('E_DTYPE');
    const e = thrown(() => outputArray(new Float64Array(5), x, 4, 'f'));
    expect(e.code).toBe('E_SHAPE');
    expect(e.message).toContain('out must hold exactly 4 values, got 5');
    expect(thrown(() => outputArray(x.subarray(2, 6), x, 4, 'f')).code).toBe('E_INVALID_ARGUMENT');
    expect(outputArray(x, x, 8, 'f', true)).toBe(x);
    expect(thrown(() => outputArray(x, x, 8, 'f', false)).code).toBe('E_INVALID_ARGUMENT');
  });

  it('outputArray skips the overlap test only for the very pair it last found apart', () => {
    const buf = new Float64Array(16);
    const [x, out] = [buf.subarray(0, 8), buf.subarray(8, 16)];
    expect(outputArray(out, x, 8, 'f')).toBe(out);
    expect(outputArray(out, x, 8, 'f')).toBe(out);
    expect(thrown(() => outputArray(buf.subarray(4, 12), x, 8, 'f')).code).toBe('E_INVALID_ARGUMENT');
    expect(thrown(() => outputArray(out, buf.subarray(4, 12), 8, 'f')).code).toBe('E_INVALID_ARGUMENT');
    expect(outputArray(out, x, 8, 'f')).toBe(out);
    expect(thrown(() => outputArray(out, x, 4, 'f')).code).toBe('E_SHAPE');
    // A detached buffer leaves views of length 0.
    structuredClone(buf.buffer, { transfer: [buf.buffer] });
    expect(thrown(() => outputArray(out, x, 8, 'f')).code).toBe('E_SHAPE');
  });

  it('integers, choices, options, shapes and axes', () => {
    expect(checkInteger(3, 'n', 'f', { min: 1 })).toBe(3);
    for (const bad of [0, 1.5, NaN, Infinity, '3', undefined]) {
      const e = thrown(() => checkInteger(bad, 'n', 'fft', { min: 1 }));
      expect(e.code).toBe('E_INVALID_ARGUMENT');
      expect(e.message).toContain('n must be an integer ≥ 1');
    }
    expect(thrown(() => checkOneOf('sideways', ['backward', 'ortho'], 'norm', 'fft')).message).toContain(
      'norm must be one of "backward", "ortho", got "sideways"',
    );
    expect(thrown(() => checkOptions({ nrom: 'ortho' }, ['norm'], 'fft')).message).toContain('unknown option "nrom"');
    expect(thrown(() => checkOptions(5, ['norm'], 'fft')).code).toBe('E_INVALID_ARGUMENT');
    expect(checkShape([2, 3], 'shape', 'f').size).toBe(6);
    for (const bad of [[], [0], [2, -1], [1.5], 'x', undefined]) expect(thrown(() => checkShape(bad, 'shape', 'f')).code).toBe('E_SHAPE');
    expect(checkAxes(undefined, 3, 'f')).toEqual([0, 1, 2]);
    expect(checkAxes([-1, 0], 3, 'f')).toEqual([2, 0]);
    for (const bad of [[3], [-4], [0, 0], [], [0.5]]) expect(thrown(() => checkAxes(bad, 3, 'f')).code).toBe('E_INVALID_ARGUMENT');
    expect(thrown(() => checkAxes([2, -1], 3, 'f')).message).toContain('distinct');
  });
});
