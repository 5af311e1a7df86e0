// The blocks a long STFT is split into: every frame once, in order, each
// block given every sample its frames read (directly or through a pad), the
// first block from sample 0 and the last to the end. (Bit-for-bit equality
// of the blocked STFT with unblocked calls is tested in @dsp/stft's streams.)
import { rng } from '@dsp/backend/testing';
import { describe, expect, it } from 'vitest';

import { frameBlocks } from '../src/frame-blocks.js';

/** The signal samples frame reads at position `p` under reflect padding (numpy 'reflect'), as the kernel maps them. */
function reflected(p: number, length: number): number {
  if (length === 1) return 0;
  const period = 2 * (length - 1);
  const m = ((p % period) + period) % period;
  return m >= length ? period - m : m;
}

describe('frameBlocks', () => {
  it('covers every frame once and gives each block the samples its frames read, pads included', () => {
    const random = rng(7);
    for (let trial = 0; trial < 3000; trial++) {
      const nFft = 1 + Math.floor(random() * 300);
      const hop = 1 + Math.floor(random() * nFft);
      const length = 1 + Math.floor(random() * 2000);
      const start = Math.floor(random() * 2 * nFft) - nFft;
      const nFrames = 2 + Math.floor(random() * 60);
      const perBlock = 1 + Math.floor(random() * 8);
      const what = `trial ${trial}: length ${length} start ${start} frames ${nFrames} hop ${hop} nFft ${nFft} per block ${perBlock}`;
      const blocks = frameBlocks(length, start, nFrames, hop, nFft, perBlock);
      if (nFrames <= perBlock) {
        expect(blocks, what).toBeNull();
        continue;
      }
      expect(blocks, what).not.toBeNull();
      let next = 0;
      for (const b of blocks!) {
        expect(b.first, what).toBe(next);
        expect(b.frames, what).toBeGreaterThan(0);
        next += b.frames;
        expect(0 <= b.lo && b.lo < b.hi && b.hi <= length, what).toBe(true);
        for (let f = b.first; f < b.first + b.frames; f++) {
          for (let j = 0; j < nFft; j++) {
            const p = start + f * hop + j;
            // Reflect reaches farthest: edge reads samples 0 and length − 1, which it also covers.
            const i = p >= 0 && p < length ? p : reflected(p, length);
            // Reflect over the block's stretch must find the same sample.
            const q = p - b.lo;
            const inBlock = q >= 0 && q < b.hi - b.lo ? q : reflected(q, b.hi - b.lo);
            if (inBlock + b.lo !== i) throw new Error(`${what}: frame ${f} position ${p} reads ${inBlock + b.lo} in its block, ${i} in the signal`);
          }
        }
      }
      expect(next, what).toBe(nFrames);
      expect(blocks![0]!.lo, what).toBe(0);
      expect(blocks![blocks!.length - 1]!.hi, what).toBe(length);
    }
  });

  it('leaves calls with gaps between frames (hop > nFft) and single-block calls whole', () => {
    expect(frameBlocks(10_000, 0, 50, 300, 256, 4)).toBeNull();
    expect(frameBlocks(10_000, 0, 4, 256, 256, 4)).toBeNull();
    expect(frameBlocks(10_000, 0, 5, 256, 256, 4)).toHaveLength(2);
  });
});
