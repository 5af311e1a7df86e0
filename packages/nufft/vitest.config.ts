import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The direct sums that serve as ground truth take a few seconds on wasm.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
