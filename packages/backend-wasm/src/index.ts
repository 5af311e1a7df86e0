// @dsp/backend-wasm: the Rust core as WebAssembly behind @dsp/backend's
// Backend interface. Importing this module registers it as "wasm"
// (priority 2: the native addon, where it loads, goes first).
import { registerBackend } from '@dsp/backend';
import { WasmBackend } from './backend.js';
import { WasmCore } from './core.js';
import { compileCore, type WasmSource } from './load.js';

export interface WasmBackendOptions {
  /**
   * The core to run: a compiled `WebAssembly.Module`, the bytes of
   * `dsp_core.wasm`, or its URL (a file path in Node). By default the file
   * shipped beside this module is read (Node) or fetched (browsers, bundlers).
   * Pass it yourself where fetching is impossible: a strict CSP, an
   * AudioWorklet (compile in the page, post the module across), a
   * single-file bundle with the bytes inlined.
   */
  wasm?: WasmSource;
}

/** Loads and instantiates the core. Each call makes an independent instance. */
export async function createWasmBackend(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const module = await compileCore(options.wasm);
  return new WasmBackend(await WasmCore.create(module));
}

registerBackend('wasm', () => createWasmBackend(), 2);

export { WasmBackend };
export { EXPECTED_ABI_VERSION } from './core.js';
export type { CoreExports } from './core.js';
export type { WasmSource } from './load.js';
