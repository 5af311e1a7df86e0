/** The core built by `pnpm build` (tests import src/, whose own default would look in src/). */
export const coreUrl = new URL('../dist/dsp_core.wasm', import.meta.url);
