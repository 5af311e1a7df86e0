// Reading librosa's spectral-feature fixtures ([bins, frames]) as frame-major data, and comparing.
import { join } from 'node:path';
import { librosaFixturesDir, listFixtureClips, readFixtureJson, readNpy, readWavFloat32 } from '@dsp/backend/testing';

export const FIXTURES = librosaFixturesDir();
export const CLIPS = listFixtureClips(FIXTURES);

export function audio(clip: string): Float32Array {
  return readWavFloat32(join(FIXTURES, clip, 'audio.wav')).data;
}

export function fixtureJson<T = { params: Record<string, unknown>; aux?: Record<string, number> }>(clip: string, feature: string): T {
  return readFixtureJson<T>(join(FIXTURES, clip, `${feature}.json`));
}

/** The fixture `feature` of `clip` transposed to [frames, bins]; complex stays interleaved. */
export function reference(clip: string, feature: string): { data: Float64Array; frames: number; bins: number; complex: boolean } {
  const ref = readNpy(join(FIXTURES, clip, `${feature}.npy`));
  const [bins, frames] = ref.shape as [number, number];
  const complex = ref.dtype === 'c8' || ref.dtype === 'c16';
  const per = complex ? 2 : 1;
  const out = new Float64Array(per * bins * frames);
  for (let k = 0; k < bins; k++) {
    for (let t = 0; t < frames; t++) {
      for (let c = 0; c < per; c++) out[per * (t * bins + k) + c] = ref.data[per * (k * frames + t) + c]!;
    }
  }
  return { data: out, frames, bins, complex };
}

/** max |a − b| / max |b| over values (complex: moduli of interleaved pairs). */
export function relativeMaxError(a: ArrayLike<number>, b: ArrayLike<number>, complex: boolean): number {
  let d = 0;
  let m = 0;
  const step = complex ? 2 : 1;
  for (let i = 0; i < b.length; i += step) {
    const diff = complex ? Math.hypot(a[i]! - b[i]!, a[i + 1]! - b[i + 1]!) : Math.abs(a[i]! - b[i]!);
    const mag = complex ? Math.hypot(b[i]!, b[i + 1]!) : Math.abs(b[i]!);
    d = Math.max(d, diff);
    m = Math.max(m, mag);
  }
  return d / m;
}
