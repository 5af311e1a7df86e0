// @dsp/backend-native: importing this module registers the "native" backend
// (priority 3, above wasm's 2). The addon loads when the registry first
// initialises the backend, so a missing or broken build shows up in
// listBackends() with its causes and fixes instead of failing the import.
import { registerBackend } from '@dsp/backend';
import { loadAddon } from './addon.js';
import { NativeBackend } from './backend.js';

export { EXPECTED_ABI_VERSION, defaultAddonPath, loadAddon } from './addon.js';
export type { NativeAddon } from './addon.js';
export { NativeBackend } from './backend.js';

/** Priority of "native" in the registry: the fastest backend wins when it loads. */
export const NATIVE_PRIORITY = 3;

let backend: NativeBackend | undefined;

/**
 * Loads the addon (once) and returns the native backend. Throws a DspError
 * (E_BACKEND_UNAVAILABLE) listing every cause and the possible solutions; a
 * later call tries again, so building the addon meanwhile is enough.
 */
export function createNativeBackend(): NativeBackend {
  backend ??= new NativeBackend(loadAddon());
  return backend;
}

registerBackend('native', createNativeBackend, NATIVE_PRIORITY);
