// Getting the compiled core: from the file beside this module (Node: fs;
// browsers and bundlers: fetch), or from what the caller hands over, for
// contexts where neither works (a CSP without fetch to our origin, an
// AudioWorklet, a single-file bundle).
import { DspError } from '@dsp/backend';

/**
 * Where the core comes from: an already compiled module, its bytes, or the
 * URL (or, in Node, file path) of `dsp_core.wasm`.
 */
export type WasmSource = WebAssembly.Module | ArrayBuffer | ArrayBufferView | URL | string;

interface NodeProcess {
  versions?: { node?: string };
}

function isNode(): boolean {
  return typeof (globalThis as { process?: NodeProcess }).process?.versions?.node === 'string';
}

/** The shipped core, next to this module in dist/ (bundlers see this pattern and emit the file). */
function defaultWasmUrl(): URL {
  return new URL('./dsp_core.wasm', import.meta.url);
}

async function readNodeFile(file: URL | string): Promise<BufferSource> {
  // A computed specifier, so browser bundlers do not try to resolve a Node built-in.
  const fsModule = 'node:fs/promises';
  const fs = (await import(/* webpackIgnore: true */ /* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
  return (await fs.readFile(file)) as Uint8Array<ArrayBuffer>;
}

async function compileFetched(url: URL | string): Promise<WebAssembly.Module> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`fetching ${String(url)} failed: HTTP ${response.status} ${response.statusText}`);
  // Streaming compilation insists on the application/wasm MIME type, which
  // many static servers do not send; then the whole body is compiled instead.
  const mime = response.headers.get('content-type') ?? '';
  if (typeof WebAssembly.compileStreaming === 'function' && mime.split(';')[0]!.trim() === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

function parseAbsoluteUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

async function compileFrom(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer) return WebAssembly.compile(source);
  if (ArrayBuffer.isView(source)) return WebAssembly.compile(source as unknown as BufferSource);
  const url = typeof source === 'string' ? parseAbsoluteUrl(source) : source;
  if (url === undefined) {
    // A relative string: a file path in Node, a URL relative to the page elsewhere.
    return isNode() ? WebAssembly.compile(await readNodeFile(source as string)) : compileFetched(source as string);
  }
  if (url.protocol === 'file:' && isNode()) return WebAssembly.compile(await readNodeFile(url));
  return compileFetched(url);
}

function describeSource(source: WasmSource | undefined): string {
  if (source === undefined) return 'dsp_core.wasm beside @dsp/backend-wasm';
  if (source instanceof WebAssembly.Module) return 'the WebAssembly.Module passed as options.wasm';
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return 'the bytes passed as options.wasm';
  return String(source);
}

/**
 * Compiles the core, explaining a failure the way a user can act on it:
 * every cause, then the possible solutions.
 */
export async function compileCore(source: WasmSource | undefined): Promise<WebAssembly.Module> {
  const from = source ?? defaultWasmUrl();
  try {
    return await compileFrom(from);
  } catch (e) {
    const cause = e instanceof Error ? e.message : String(e);
    const solutions = [
      source === undefined
        ? 'In this repository, build the module: `pnpm --filter @dsp/backend-wasm build` (it needs `sh tools/setup.sh` once).'
        : 'Check that options.wasm is dsp_core.wasm from @dsp/backend-wasm (its URL, bytes or compiled module).',
      'With a bundler, make sure it emits dsp_core.wasm as an asset next to the bundle (`new URL("./dsp_core.wasm", import.meta.url)`), ' +
        'or import "@dsp/backend-wasm/dsp_core.wasm?url" and pass it as createWasmBackend({ wasm }).',
      'Where fetch is not allowed (strict CSP, AudioWorklet), fetch or compile the module elsewhere and pass the bytes or the WebAssembly.Module as createWasmBackend({ wasm }).',
      'A CSP must allow compiling WebAssembly: script-src \'wasm-unsafe-eval\'.',
    ];
    throw new DspError(
      'E_BACKEND_UNAVAILABLE',
      `could not load the @dsp WebAssembly core from ${describeSource(source)}:\n- ${cause}\nPossible solutions:\n${solutions.map((s) => `- ${s}`).join('\n')}`,
      { cause: e },
    );
  }
}
