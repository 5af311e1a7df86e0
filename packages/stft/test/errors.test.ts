// Bad input → DspError with a stable code and a message naming the parameter, on every backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { randomSignal } from '@dsp/backend/testing';

import { createIstftStream, createSpectrogramStream, createStftStream, DspError, getWindow, istft, powerToDb, spectrogram, stft, type DspErrorCode } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

beforeAll(loadAll);

function expectError(fn: () => unknown, code: DspErrorCode, ...mentions: string[]): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected ${code}`).toBeInstanceOf(DspError);
  expect((caught as DspError).code, (caught as Error).message).toBe(code);
  for (const m of mentions) expect((caught as DspError).message).toContain(m);
}

describe.each(BACKENDS)('bad input on %s', (backend) => {
  const y = Float32Array.from(randomSignal(4096, 1));
  const stillWorks = () => {
    const S = stft(y, { nFft: 256, backend });
    expect(S.shape).toEqual([1 + 4096 / 64, 129]);
  };

  it('hop 0, winLength > nFft, bad nFft → E_INVALID_ARGUMENT naming the parameter', () => {
    expectError(() => stft(y, { hopLength: 0, backend }), 'E_INVALID_ARGUMENT', 'stft', 'hopLength', 'got 0');
    expectError(() => stft(y, { nFft: 256, winLength: 512, backend }), 'E_INVALID_ARGUMENT', 'winLength', '512', 'nFft');
    expectError(() => stft(y, { nFft: 0, backend }), 'E_INVALID_ARGUMENT', 'nFft');
    expectError(() => stft(y, { nFft: 2.5, backend }), 'E_INVALID_ARGUMENT', 'nFft');
    expectError(() => stft(y, { nFft: 2, backend }), 'E_INVALID_ARGUMENT', 'hopLength', 'winLength');
    expectError(() => spectrogram(y, { hopLength: -4, backend }), 'E_INVALID_ARGUMENT', 'spectrogram', 'hopLength');
    expectError(() => istft(stft(y, { nFft: 256, backend }), { hopLength: 0, backend }), 'E_INVALID_ARGUMENT', 'istft', 'hopLength');
    expectError(() => createStftStream({ hopLength: 0, backend }), 'E_INVALID_ARGUMENT', 'createStftStream', 'hopLength');
    expectError(() => createIstftStream({ nFft: 64, hopLength: 65, backend }), 'E_INVALID_ARGUMENT', 'createIstftStream', 'hopLength');
    expectError(() => createIstftStream({ nFft: 64, hopLength: 16, backend }).push({ data: new Float32Array(2 * 32), shape: [1, 32] }), 'E_SHAPE', '33 complex bins');
    stillWorks();
  });

  it('window length mismatch, dtype mismatch and unknown windows', () => {
    expectError(() => stft(y, { nFft: 256, window: new Float32Array(128), backend }), 'E_SHAPE', 'window', '128', 'winLength', '256');
    expectError(() => stft(y, { nFft: 256, window: new Float64Array(256), backend }), 'E_DTYPE', 'window');
    expectError(() => stft(y, { window: 'hanning' as never, backend }), 'E_INVALID_ARGUMENT', 'window', '"hann"');
    expectError(() => stft(y, { window: 'kaiser', backend }), 'E_INVALID_ARGUMENT', 'kaiser', 'beta');
    expectError(() => stft(y, { window: ['hann', 3] as never, backend }), 'E_INVALID_ARGUMENT', 'hann', 'no parameter');
    expectError(() => getWindow('gaussian', 16, { backend }), 'E_INVALID_ARGUMENT', 'getWindow', 'std');
    expectError(() => getWindow('gaussian', 16, { std: 0, backend }), 'E_INVALID_ARGUMENT', 'std');
    expectError(() => getWindow('hann', 16, { beta: 3, backend }), 'E_INVALID_ARGUMENT', 'beta', 'hann');
    expectError(() => getWindow('hann', 0, { backend }), 'E_INVALID_ARGUMENT', 'n', 'got 0');
    expectError(() => getWindow('hann', 8, { periodic: 'yes' as never, backend }), 'E_INVALID_ARGUMENT', 'periodic');
    stillWorks();
  });

  it('NaN or Infinity in the signal → E_INVALID_ARGUMENT naming it', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const x = y.slice();
      x[1234] = bad;
      expectError(() => stft(x, { nFft: 256, backend }), 'E_INVALID_ARGUMENT', 'stft', 'y', 'NaN or Infinity');
      expectError(() => spectrogram(x, { nFft: 256, backend }), 'E_INVALID_ARGUMENT', 'spectrogram', 'x', 'NaN or Infinity');
      const S = stft(y, { nFft: 256, backend });
      S.data[77] = bad;
      expectError(() => istft(S, { backend }), 'E_INVALID_ARGUMENT', 'istft', 'S', 'NaN or Infinity');
      expectError(() => createSpectrogramStream({ nFft: 256, backend }).push(x), 'E_INVALID_ARGUMENT', 'chunk', 'NaN or Infinity');
      expectError(() => powerToDb(Float64Array.of(1, bad)), 'E_INVALID_ARGUMENT', 'powerToDb', 'S');
    }
    stillWorks();
  });

  it('a signal shorter than a frame with center: false, and empty signals → E_SHAPE', () => {
    expectError(() => stft(y.subarray(0, 100), { nFft: 256, center: false, backend }), 'E_SHAPE', 'y', '100', 'nFft = 256', 'center');
    expectError(() => stft(new Float32Array(0), { backend }), 'E_SHAPE', 'y', 'length 0');
    expectError(() => spectrogram(new Float64Array(0), { backend }), 'E_SHAPE', 'x');
    stillWorks();
  });

  it('odd interleaved (complex) length → E_SHAPE', () => {
    expectError(() => stft(new Float32Array(1001), { complex: true, nFft: 64, backend }), 'E_SHAPE', 'y', 'even length', '1001');
    expectError(() => spectrogram(new Float32Array(1001), { complex: true, nFft: 64, backend }), 'E_SHAPE', 'x', 'even length');
    expectError(() => createStftStream({ complex: true, nFft: 64, backend }).push(new Float32Array(7)), 'E_SHAPE', 'chunk', 'even length');
    stillWorks();
  });

  it('wrong types, options and shapes', () => {
    expectError(() => stft(new Int16Array(100) as never, { backend }), 'E_DTYPE', 'stft', 'y', 'Int16Array');
    expectError(() => stft(y, { nfft: 256, backend } as never), 'E_INVALID_ARGUMENT', 'unknown option "nfft"');
    expectError(() => stft(y, { padMode: 'wrap' as never, backend }), 'E_INVALID_ARGUMENT', 'padMode', '"wrap"');
    expectError(() => stft(y, { center: 1 as never, backend }), 'E_INVALID_ARGUMENT', 'center');
    expectError(() => stft(y, { nFft: 256, out: new Float32Array(5), backend }), 'E_SHAPE', 'out');
    expectError(() => istft({ data: new Float32Array(10), shape: [2, 3] }, { backend }), 'E_SHAPE', 'S.data');
    expectError(() => istft({ data: new Float32Array(2 * 4 * 129), shape: [4, 129] }, { nFft: 512, backend }), 'E_SHAPE', '129 bins', 'nFft = 512');
    expectError(() => spectrogram(y, { power: 3 as never, backend }), 'E_INVALID_ARGUMENT', 'power');
    expectError(() => spectrogram(y, { shift: true, backend }), 'E_INVALID_ARGUMENT', 'shift', 'complex');
    expectError(() => spectrogram(y, { scale: 'log' as never, backend }), 'E_INVALID_ARGUMENT', 'scale');
    expectError(() => spectrogram(y, { amin: 1e-3, backend }), 'E_INVALID_ARGUMENT', 'amin', "'db'");
    expectError(() => powerToDb(Float64Array.of(1), { topDb: -1 }), 'E_INVALID_ARGUMENT', 'topDb');
    stillWorks();
  });
});
