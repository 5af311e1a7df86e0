import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  // Runs before tools/build-core-wasm.mjs, which then adds dist/dsp_core.wasm.
  clean: true,
  target: 'es2022',
  // The loader finds dsp_core.wasm through import.meta.url; the shim gives the CJS build one too.
  shims: true,
});
