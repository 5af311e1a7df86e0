import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Forked processes, so a crash in the addon fails one file instead of the runner.
    pool: 'forks',
  },
});
