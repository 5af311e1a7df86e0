// Bad input → DspError with a stable code and a message naming the parameter, on every backend.
import { beforeAll, describe, expect, it } from 'vitest';
import { expectDspError, randomSignal } from '@dsp/backend/testing';

import { createIstftStream, createSpectrogramStream, createStftStream, DspError, getWindow, istft, powerToDb, spectrogram, stft, type DspErrorCode } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

beforeAll(loadAll);


describe.each(BACKENDS)('bad input on %s', (backend) => {
  const y = Float32Array.from(randomSignal(4096, 1));
  const stillWorks = () => {
    const S = stft(y, { nFft: 256, backend });
    expect(S.shape).toEqual([1 + 4096 / 64, 129]);
  };

  it('hop 0, winLength > nFft, bad nFft → E_INVALID_ARGUMENT naming the parameter', () => {
    expectDspError(() => stft(y, { hopLength: 0, backend }), 'E_INVALID_ARGUMENT', 'stft', 'hopLength', 'got 0');
    expectDspError(() => stft(y, { nFft: 256, winLength: 512, backend }), 'E_INVALID_ARGUMENT', 'winLength', '512', 'nFft');
    expectDspError(() => stft(y, { nFft: 0, backend }), 'E_INVALID_ARGUMENT', 'nFft');
    expectDspError(() => stft(y, { nFft: 2.5, backend }), 'E_INVALID_ARGUMENT', 'nFft');
    expectDspError(() => stft(y, { nFft: 2, backend }), 'E_INVALID_ARGUMENT', 'hopLength', 'winLength');
    expectDspError(() => spectrogram(y, { hopLength: -4, backend }), 'E_INVALID_ARGUMENT', 'spectrogram', 'hopLength');
    expectDspError(() => istft(stft(y, { nFft: 256, backend }), { hopLength: 0, backend }), 'E_INVALID_ARGUMENT', 'istft', 'hopLength');
    expectDspError(() => createStftStream({ hopLength: 0, backend }), 'E_INVALID_ARGUMENT', 'createStftStream', 'hopLength');
    expectDspError(() => createIstftStream({ nFft: 64, hopLength: 65, backend }), 'E_INVALID_ARGUMENT', 'createIstftStream', 'hopLength');
    expectDspError(() => createIstftStream({ nFft: 64, hopLength: 16, backend }).push({ data: new Float32Array(2 * 32), shape: [1, 32] }), 'E_SHAPE', '33 complex bins');
    stillWorks();
  });

  it('window length mismatch, dtype mismatch and unknown windows', () => {
    expectDspError(() => stft(y, { nFft: 256, window: new Float32Array(128), backend }), 'E_SHAPE', 'window', '128', 'winLength', '256');
    expectDspError(() => stft(y, { nFft: 256, window: new Float64Array(256), backend }), 'E_DTYPE', 'window');
    expectDspError(() => stft(y, { window: 'hanning' as never, backend }), 'E_INVALID_ARGUMENT', 'window', '"hann"');
    expectDspError(() => stft(y, { window: 'kaiser', backend }), 'E_INVALID_ARGUMENT', 'kaiser', 'beta');
    expectDspError(() => stft(y, { window: ['hann', 3] as never, backend }), 'E_INVALID_ARGUMENT', 'hann', 'no parameter');
    expectDspError(() => getWindow('gaussian', 16, { backend }), 'E_INVALID_ARGUMENT', 'getWindow', 'std');
    expectDspError(() => getWindow('gaussian', 16, { std: 0, backend }), 'E_INVALID_ARGUMENT', 'std');
    expectDspError(() => getWindow('hann', 16, { beta: 3, backend }), 'E_INVALID_ARGUMENT', 'beta', 'hann');
    expectDspError(() => getWindow('hann', 0, { backend }), 'E_INVALID_ARGUMENT', 'n', 'got 0');
    expectDspError(() => getWindow('hann', 1e12, { backend }), 'E_INVALID_ARGUMENT', 'n', '1073741824');
    expectDspError(() => getWindow('hann', 8, { periodic: 'yes' as never, backend }), 'E_INVALID_ARGUMENT', 'periodic');
    stillWorks();
  });

  it('NaN or Infinity in the signal → E_INVALID_ARGUMENT naming it', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const x = y.slice();
      x[1234] = bad;
      expectDspError(() => stft(x, { nFft: 256, backend }), 'E_INVALID_ARGUMENT', 'stft', 'y', 'NaN or Infinity');
      expectDspError(() => spectrogram(x, { nFft: 256, backend }), 'E_INVALID_ARGUMENT', 'spectrogram', 'x', 'NaN or Infinity');
      const S = stft(y, { nFft: 256, backend });
      S.data[77] = bad;
      expectDspError(() => istft(S, { backend }), 'E_INVALID_ARGUMENT', 'istft', 'S', 'NaN or Infinity');
      expectDspError(() => createSpectrogramStream({ nFft: 256, backend }).push(x), 'E_INVALID_ARGUMENT', 'chunk', 'NaN or Infinity');
      expectDspError(() => powerToDb(Float64Array.of(1, bad)), 'E_INVALID_ARGUMENT', 'powerToDb', 'S');
    }
    stillWorks();
  });

  it('NaN anywhere in a long signal (run block by block on wasm) → E_INVALID_ARGUMENT, and the next call works', () => {
    // 2^18 + 100 samples, nFft 1024, no centring: the last 100 samples fall in no frame.
    const long = Float32Array.from({ length: 2 ** 18 + 100 }, (_, i) => Math.sin(i / 7));
    for (const at of [0, 5000, 2 ** 17 + 3, 2 ** 18 - 1, 2 ** 18 + 99]) {
      const x = long.slice();
      x[at] = NaN;
      expectDspError(() => spectrogram(x, { nFft: 1024, hopLength: 1024, center: false, backend }), 'E_INVALID_ARGUMENT', 'spectrogram', 'x', 'NaN or Infinity');
      expectDspError(() => stft(x, { nFft: 1024, hopLength: 256, backend }), 'E_INVALID_ARGUMENT', 'stft', 'y', 'NaN or Infinity');
    }
    const good = spectrogram(long, { nFft: 1024, hopLength: 1024, center: false, backend });
    expect(good.shape).toEqual([256, 513]);
    expect(good.data.every(Number.isFinite)).toBe(true);
    stillWorks();
  });

  it('a signal shorter than a frame with center: false, and empty signals → E_SHAPE', () => {
    expectDspError(() => stft(y.subarray(0, 100), { nFft: 256, center: false, backend }), 'E_SHAPE', 'y', '100', 'nFft = 256', 'center');
    expectDspError(() => stft(new Float32Array(0), { backend }), 'E_SHAPE', 'y', 'length 0');
    expectDspError(() => spectrogram(new Float64Array(0), { backend }), 'E_SHAPE', 'x');
    stillWorks();
  });

  it('odd interleaved (complex) length → E_SHAPE', () => {
    expectDspError(() => stft(new Float32Array(1001), { complex: true, nFft: 64, backend }), 'E_SHAPE', 'y', 'even length', '1001');
    expectDspError(() => spectrogram(new Float32Array(1001), { complex: true, nFft: 64, backend }), 'E_SHAPE', 'x', 'even length');
    expectDspError(() => createStftStream({ complex: true, nFft: 64, backend }).push(new Float32Array(7)), 'E_SHAPE', 'chunk', 'even length');
    stillWorks();
  });

  it('wrong types, options and shapes', () => {
    expectDspError(() => stft(new Int16Array(100) as never, { backend }), 'E_DTYPE', 'stft', 'y', 'Int16Array');
    expectDspError(() => stft(y, { nfft: 256, backend } as never), 'E_INVALID_ARGUMENT', 'unknown option "nfft"');
    expectDspError(() => stft(y, { padMode: 'wrap' as never, backend }), 'E_INVALID_ARGUMENT', 'padMode', '"wrap"');
    expectDspError(() => stft(y, { center: 1 as never, backend }), 'E_INVALID_ARGUMENT', 'center');
    expectDspError(() => stft(y, { nFft: 256, out: new Float32Array(5), backend }), 'E_SHAPE', 'out');
    expectDspError(() => istft({ data: new Float32Array(10), shape: [2, 3] }, { backend }), 'E_SHAPE', 'S.data');
    expectDspError(() => istft({ data: new Float32Array(2 * 4 * 129), shape: [4, 129] }, { nFft: 512, backend }), 'E_SHAPE', '129 bins', 'nFft = 512');
    expectDspError(() => spectrogram(y, { power: 3 as never, backend }), 'E_INVALID_ARGUMENT', 'power');
    expectDspError(() => spectrogram(y, { shift: true, backend }), 'E_INVALID_ARGUMENT', 'shift', 'complex');
    expectDspError(() => spectrogram(y, { scale: 'log' as never, backend }), 'E_INVALID_ARGUMENT', 'scale');
    expectDspError(() => spectrogram(y, { amin: 1e-3, backend }), 'E_INVALID_ARGUMENT', 'amin', "'db'");
    expectDspError(() => powerToDb(Float64Array.of(1), { topDb: -1 }), 'E_INVALID_ARGUMENT', 'topDb');
    stillWorks();
  });
});
