// Registers and initialises the backends under test; every test file runs
// its checks once per backend (tfjs-style).
import { backendsUnderTest, loadBackendsUnderTest } from '@dsp/backend/testing';

export const BACKENDS = backendsUnderTest();

export const loadAll = (): Promise<void> =>
  loadBackendsUnderTest({ native: () => import('@dsp/backend-native'), wasm: () => import('@dsp/backend-wasm') });
