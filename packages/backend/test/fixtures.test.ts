import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { librosaFixturesDir, listFixtureClips, readFixtureJson, readNpy, readWavFloat32 } from '../src/testing/index.js';

describe('librosa fixtures', () => {
  it('are found, and every clip reads back as its provenance describes', () => {
    const dir = librosaFixturesDir();
    const clips = listFixtureClips(dir);
    expect(clips.length).toBeGreaterThanOrEqual(8);
    for (const clip of clips) {
      const meta = readFixtureJson<{ audio: { sr: number; frames: number; sha256: string } }>(join(dir, clip, 'audio.json'));
      const wavPath = join(dir, clip, 'audio.wav');
      expect(createHash('sha256').update(readFileSync(wavPath)).digest('hex'), clip).toBe(meta.audio.sha256);
      const wav = readWavFloat32(wavPath);
      expect(wav.sampleRate).toBe(meta.audio.sr);
      expect(wav.channels).toBe(1);
      expect(wav.data.length).toBe(meta.audio.frames);
      const stft = readNpy(join(dir, clip, 'stft.npy'));
      const info = readFixtureJson<{ shape: number[]; stats: { abs_max: number } }>(join(dir, clip, 'stft.json'));
      expect(stft.dtype).toBe('c8');
      expect(stft.shape).toEqual(info.shape);
      expect(stft.data.length).toBe(2 * info.shape[0]! * info.shape[1]!);
      let max = 0;
      for (let i = 0; i < stft.data.length; i += 2) max = Math.max(max, Math.hypot(stft.data[i]!, stft.data[i + 1]!));
      expect(Math.abs(max - info.stats.abs_max) / info.stats.abs_max).toBeLessThan(1e-6);
      // Row-major [bins, frames]: the first row is the DC bin of every frame,
      // which is real for a real signal (and so is the last, Nyquist, row).
      const [bins, frames] = info.shape as [number, number];
      for (const row of [0, bins - 1]) {
        for (let t = 0; t < frames; t++) expect(stft.data[2 * (row * frames + t) + 1], `${clip} row ${row}`).toBe(0);
      }
    }
  });

  it('reads bool and float64 arrays', () => {
    const dir = librosaFixturesDir();
    const flag = readNpy(join(dir, 'violin_melody_midi', 'pyin_voiced_flag.npy'));
    expect(flag.dtype).toBe('b1');
    expect([...new Set(flag.data)].every((v) => v === 0 || v === 1)).toBe(true);
    const f0 = readNpy(join(dir, 'violin_melody_midi', 'yin.npy'));
    expect(f0.dtype).toBe('f8');
    expect(f0.shape.length).toBe(1);
  });

  it('names the command that makes them when none exist', () => {
    const saved = process.env.DSP_FIXTURES;
    process.env.DSP_FIXTURES = '/nonexistent/fixtures';
    try {
      expect(() => librosaFixturesDir()).toThrow(/does not exist/);
    } finally {
      if (saved === undefined) delete process.env.DSP_FIXTURES;
      else process.env.DSP_FIXTURES = saved;
    }
  });
});
