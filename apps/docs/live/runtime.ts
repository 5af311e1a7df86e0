// The page's one wasm backend. Importing @dsp/backend-wasm registers it with
// the default loader, which fetches dsp_core.wasm from beside the bundle (Vite
// emits it from `new URL('./dsp_core.wasm', import.meta.url)`); every example
// on every page of the site shares the instance, so the file is fetched once.
import '@dsp/backend-wasm';
import { ready, type Backend } from '@dsp/backend';
import type { WasmBackend } from '@dsp/backend-wasm';

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

export { describeFailure } from './failure';
