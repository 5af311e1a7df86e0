import { packageBuild } from '../../tsup.base';

// The loader finds dsp_core.wasm through import.meta.url; the shim gives the CJS build one too.
// `clean` runs before tools/build-core-wasm.mjs, which then adds dist/dsp_core.wasm.
export default packageBuild({ shims: true });
