import { describe, expect, it, beforeAll } from 'vitest';
import { BACKEND_AGREEMENT, backendAgreementSuite, loadBackend, randomSignal, relativeRmsError, typed } from '@dsp/backend/testing';
import '@dsp/backend-native';
import '@dsp/backend-wasm';

import { dct, fft, fftn, rfft, type Dtype } from '../src/index.js';

// Native and wasm must give the same numbers: always both, never one alone.
backendAgreementSuite(async () => [await loadBackend('native'), await loadBackend('wasm')]);

describe('public calls agree across native and wasm', () => {
  beforeAll(async () => {
    await loadBackend('native');
    await loadBackend('wasm');
  });
  for (const dtype of ['f32', 'f64'] as Dtype[]) {
    it(`fft, rfft, fftn and dct (${dtype})`, () => {
      for (const n of [3, 16, 243, 1024, 1536, 4096, 44100, 65536]) {
        const x = typed(dtype, randomSignal(2 * n, n));
        const [a, b] = ['native', 'wasm'].map((backend) => fft(x, { backend }));
        expect(relativeRmsError(a!, b!), `fft n=${n}`).toBeLessThanOrEqual(BACKEND_AGREEMENT[dtype]);
        const r = x.subarray(0, n);
        const [ra, rb] = ['native', 'wasm'].map((backend) => rfft(r, { backend }));
        expect(relativeRmsError(ra!, rb!), `rfft n=${n}`).toBeLessThanOrEqual(BACKEND_AGREEMENT[dtype]);
      }
      const img = typed(dtype, randomSignal(2 * 64 * 48, 2));
      const [fa, fb] = ['native', 'wasm'].map((backend) => fftn(img, [64, 48], { backend }));
      expect(relativeRmsError(fa!, fb!)).toBeLessThanOrEqual(BACKEND_AGREEMENT[dtype]);
      const [da, db] = ['native', 'wasm'].map((backend) => dct(img.subarray(0, 1000), { backend, type: 3, norm: 'ortho' }));
      expect(relativeRmsError(da!, db!)).toBeLessThanOrEqual(BACKEND_AGREEMENT[dtype]);
    });
  }
});
