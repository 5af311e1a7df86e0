export * from './reference.js';
export { expectDspError, expectDspErrorAsync } from './expect.js';
export { backendAgreementSuite, backendConformanceSuite, CONFORMANCE_SIZES, typed } from './suite.js';
export { backendsUnderTest, loadBackend, loadBackendsUnderTest } from './backends.js';
export { padIndex, referenceStft } from './stft-suite.js';
export {
  FIXTURES_COMMAND,
  librosaFixturesDir,
  listFixtureClips,
  readFixtureJson,
  readNpy,
  readWavFloat32,
  regeneratedFixturesDir,
  repoRoot,
} from './fixtures.js';
export type { NpyArray, NpyDtype, WavAudio } from './fixtures.js';
