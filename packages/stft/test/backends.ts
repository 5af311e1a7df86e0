// Registers and initialises the backends under test; every test file runs
// its checks once per backend (tfjs-style).
import { backendsUnderTest, loadBackend } from '@dsp/backend/testing';

export const BACKENDS = backendsUnderTest();

const PACKAGES: Record<string, () => Promise<unknown>> = {
  native: () => import('@dsp/backend-native'),
  wasm: () => import('@dsp/backend-wasm'),
};

export async function loadAll(): Promise<void> {
  for (const name of BACKENDS) {
    await PACKAGES[name]?.();
    await loadBackend(name);
  }
}
