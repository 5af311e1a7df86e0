import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The librosa fixture comparisons and the streaming property tests take a few seconds each.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
