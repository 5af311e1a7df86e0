import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Forked processes, so a crash in the addon fails one file instead of the runner.
    pool: 'forks',
    // The conformance suite's references are direct O(n²) DFTs (n up to 10007):
    // seconds of work that a busy machine can stretch past vitest's 5 s default.
    testTimeout: 60_000,
  },
});
