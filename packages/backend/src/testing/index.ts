export * from './reference.js';
export { expectDspError, expectDspErrorAsync } from './expect.js';
export { backendAgreementSuite, backendConformanceSuite, CONFORMANCE_SIZES, typed } from './suite.js';
export { backendsUnderTest, loadBackend } from './backends.js';
