import { initBackend } from '../registry.js';
import type { Backend } from '../types.js';

/**
 * The backends a domain package's tests run on: every backend by default
 * (native and wasm), or those in `DSP_TEST_BACKENDS` (comma-separated).
 * A backend that cannot initialise fails the test run — it is never skipped.
 */
export function backendsUnderTest(): string[] {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.DSP_TEST_BACKENDS;
  return env ? env.split(',').map((s) => s.trim()).filter(Boolean) : ['native', 'wasm'];
}

export async function loadBackend(name: string): Promise<Backend> {
  return initBackend(name);
}

/**
 * Imports (which registers) and initialises every backend under test.
 * `importers` maps a backend's name to an import of its package, written in
 * the test package so that the import resolves from there.
 */
export async function loadBackendsUnderTest(importers: Record<string, () => Promise<unknown>>): Promise<void> {
  for (const name of backendsUnderTest()) {
    await importers[name]?.();
    await loadBackend(name);
  }
}
