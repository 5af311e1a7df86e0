import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Direct O(n²) reference DFTs at n = 44100 and 65536 take seconds.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
