// The page's one wasm backend. Importing @dsp/backend-wasm registers it with
// the default loader, which fetches dsp_core.wasm from beside the bundle (Vite
// emits it from `new URL('./dsp_core.wasm', import.meta.url)`); every example
// on every page of the site shares the instance, so the file is fetched once.
import '@dsp/backend-wasm';
import { ready, type Backend } from '@dsp/backend';
import type { WasmBackend } from '@dsp/backend-wasm';
import { describeFailure } from './failure';

let backend: Promise<Backend> | undefined;

/** Resolves with the wasm backend, loading it on first use. */
export function dspReady(): Promise<Backend> {
  backend ??= ready();
  return backend;
}

/** The compiled core, for an AudioWorklet (which cannot fetch) to start its own instance from. */
export async function wasmModule(): Promise<WebAssembly.Module> {
  return ((await dspReady()) as WasmBackend).module;
}

/**
 * Starts loading the core, and whatever else an example needs first (its
 * sample, its image), while the page renders: resolves with that (true when
 * nothing), or hands the failure's description to `onFailure` and resolves
 * undefined. During server-side rendering nothing starts.
 */
export function startLoading(onFailure: (message: string) => void): Promise<true | undefined>;
export function startLoading<T>(onFailure: (message: string) => void, load: () => Promise<T>): Promise<T | undefined>;
export function startLoading<T>(onFailure: (message: string) => void, load?: () => Promise<T>): Promise<T | true | undefined> {
  if (typeof window === 'undefined') return Promise.resolve(undefined);
  return Promise.all([dspReady(), load ? load() : (true as const)]).then(
    ([, value]) => value,
    (e: unknown) => void onFailure(describeFailure(e)),
  );
}

/** Lets the browser paint and other examples on the page start before the rest of a computation. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve));
}

