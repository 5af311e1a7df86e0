import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Separate processes: the memory-limit test reserves large (untouched) arrays.
    pool: 'forks',
    // The references are direct O(n²) DFTs (n up to 10007 in the conformance
    // suite): seconds of work that a busy machine can stretch past vitest's 5 s default.
    testTimeout: 60_000,
  },
});
