// The one build setting every package shares: ESM + CJS + .d.ts for Node 20+ and browsers.
import { defineConfig, type Options } from 'tsup';

export function packageBuild(overrides: Options = {}) {
  return defineConfig({
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    ...overrides,
  });
}
