// stft and istft against librosa 0.11's own outputs on real recordings
// (../shared/fixtures/librosa/<clip>/stft.npy, istft.npy; parameters in the .json beside each).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { librosaFixturesDir, listFixtureClips, readFixtureJson, readNpy, readWavFloat32 } from '@dsp/backend/testing';

import { istft, stft } from '../src/index.js';
import { BACKENDS, loadAll } from './backends.js';

beforeAll(loadAll);

interface StftJson {
  params: { n_fft: number; hop_length: number; window: string; center: boolean; pad_mode: 'constant' | 'reflect' | 'edge' };
}
interface IstftJson {
  params: { n_fft: number; hop_length: number; window: string; center: boolean; length: number };
}

const dir = librosaFixturesDir();
const clips = listFixtureClips(dir);

/** librosa's [bins, frames] complex array (row-major after readNpy) as frame-major interleaved data. */
function frameMajor(data: Float32Array, bins: number, frames: number): Float32Array {
  const out = new Float32Array(2 * bins * frames);
  for (let k = 0; k < bins; k++) {
    for (let t = 0; t < frames; t++) {
      out[2 * (t * bins + k)] = data[2 * (k * frames + t)]!;
      out[2 * (t * bins + k) + 1] = data[2 * (k * frames + t) + 1]!;
    }
  }
  return out;
}

function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

function complexMaxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i += 2) m = Math.max(m, Math.hypot(x[i]!, x[i + 1]!));
  return m;
}

function complexMaxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i += 2) m = Math.max(m, Math.hypot(a[i]! - b[i]!, a[i + 1]! - b[i + 1]!));
  return m;
}

it('finds the librosa fixture clips', () => {
  expect(clips.length).toBeGreaterThanOrEqual(8);
});

describe.each(BACKENDS)('librosa fixtures on %s', (backend) => {
  for (const clip of clips) {
    it(`stft and istft match librosa on ${clip} within 1e-4 × max|S|`, () => {
      const y = readWavFloat32(join(dir, clip, 'audio.wav')).data;
      const sj = readFixtureJson<StftJson>(join(dir, clip, 'stft.json'));
      const ref = readNpy(join(dir, clip, 'stft.npy'));
      const [bins, frames] = ref.shape as [number, number];
      const want = frameMajor(ref.data as Float32Array, bins, frames);
      const p = sj.params;
      const S = stft(y, { nFft: p.n_fft, hopLength: p.hop_length, window: p.window as 'hann', center: p.center, padMode: p.pad_mode, backend });
      expect(S.shape).toEqual([frames, bins]);
      const scale = complexMaxAbs(want);
      const stftRatio = complexMaxDiff(S.data, want) / scale;

      const ij = readFixtureJson<IstftJson>(join(dir, clip, 'istft.json'));
      const yRef = readNpy(join(dir, clip, 'istft.npy')).data as Float32Array;
      // librosa's istft input is its own stft.npy, so ours gets exactly that too.
      const q = ij.params;
      const back = istft({ data: want, shape: [frames, bins] }, { nFft: q.n_fft, hopLength: q.hop_length, window: q.window as 'hann', center: q.center, length: q.length, backend });
      expect(back.length).toBe(yRef.length);
      let d = 0;
      for (let i = 0; i < back.length; i++) d = Math.max(d, Math.abs(back[i]! - yRef[i]!));
      const istftRatio = d / maxAbs(yRef);
      console.log(`[fixture] ${backend} ${clip}: stft max|Δ|/max|S| = ${stftRatio.toExponential(2)}, istft max|Δ|/max|y| = ${istftRatio.toExponential(2)}`);
      expect(stftRatio).toBeLessThanOrEqual(1e-4);
      expect(istftRatio).toBeLessThanOrEqual(1e-4);
    });
  }
});
