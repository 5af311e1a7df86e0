// Reading librosa's reference outputs (../shared/fixtures/librosa) for this package's tests.
import { join } from 'node:path';
import { librosaFixturesDir, listFixtureClips, readFixtureJson, readNpy, readWavFloat32 } from '@dsp/backend/testing';

export const FIXTURES = librosaFixturesDir();
export const CLIPS = listFixtureClips(FIXTURES);

export function clipAudio(clip: string): Float32Array {
  return readWavFloat32(join(FIXTURES, clip, 'audio.wav')).data;
}

export function fixture(clip: string, feature: string): { data: Float32Array | Float64Array | Uint8Array | Int32Array; shape: number[] } {
  return readNpy(join(FIXTURES, clip, `${feature}.npy`));
}

export function fixtureParams<P>(clip: string, feature: string): P {
  return readFixtureJson<{ params: P }>(join(FIXTURES, clip, `${feature}.json`)).params;
}

/** librosa's [bins, frames] array (row-major, interleaved when complex) as frame-major data. */
export function frameMajor(data: ArrayLike<number>, bins: number, frames: number, width: 1 | 2): Float32Array {
  const out = new Float32Array(width * bins * frames);
  for (let k = 0; k < bins; k++) {
    for (let t = 0; t < frames; t++) {
      for (let c = 0; c < width; c++) out[width * (t * bins + k) + c] = data[width * (k * frames + t) + c]!;
    }
  }
  return out;
}

export function maxAbs(x: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Largest |a − b| over complex values, and the largest |b|. */
export function complexDiff(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; scale: number } {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i += 2) {
    diff = Math.max(diff, Math.hypot(a[i]! - b[i]!, a[i + 1]! - b[i + 1]!));
    scale = Math.max(scale, Math.hypot(b[i]!, b[i + 1]!));
  }
  return { diff, scale };
}
