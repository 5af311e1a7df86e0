import { packageBuild } from '../../tsup.base';

// The loader finds the addon through import.meta.url; the shim gives the CJS build one too.
export default packageBuild({ shims: true });
