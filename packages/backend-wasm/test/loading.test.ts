import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { getBackend, initBackend, listBackends, type Backend } from '@dsp/backend';
import { expectDspErrorAsync } from '@dsp/backend/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWasmBackend } from '../src/index.js';
import { CORE_FUNCTIONS, fakeCore } from './fake-core.js';
import { coreUrl } from './core-url.js';

const coreBytes = readFileSync(coreUrl);

async function expectWorks(backend: Backend): Promise<void> {
  expect(backend.name).toBe('wasm');
  expect(backend.abiVersion).toBe(4);
  expect(backend.maxThreads).toBe(1);
  const plan = backend.createFftPlan('c2c', 'f64', 4);
  const out = new Float64Array(8);
  plan.execute(false, new Float64Array([1, 0, 0, 0, 0, 0, 0, 0]), out, 1, 1, 0);
  expect(Array.from(out)).toEqual([1, 0, 1, 0, 1, 0, 1, 0]);
  plan.dispose();
}

describe('loading the core', () => {
  it('the built ESM module finds dsp_core.wasm beside itself and registers "wasm" with priority 2', async () => {
    const built = await import('../dist/index.js');
    await expectWorks(await built.createWasmBackend());
    const entry = listBackends().find((b) => b.name === 'wasm');
    expect(entry?.priority).toBe(2);
    const backend = await initBackend('wasm');
    expect(getBackend('wasm')).toBe(backend);
    expect(backend.name).toBe('wasm');
  });

  it('the built CommonJS module finds it too (import.meta.url shim)', async () => {
    const require = createRequire(import.meta.url);
    const built = require('../dist/index.cjs') as { createWasmBackend(): Promise<Backend> };
    await expectWorks(await built.createWasmBackend());
  });

  it('hands out its compiled module, from which another backend starts without fetching the file again', async () => {
    const first = await createWasmBackend({ wasm: coreBytes });
    expect(first.module).toBeInstanceOf(WebAssembly.Module);
    const second = await createWasmBackend({ wasm: first.module });
    expect(second.module).toBe(first.module);
    await expectWorks(second);
  });

  it('accepts the bytes, an ArrayBuffer, a compiled module, a URL or a file path', async () => {
    const arrayBuffer = coreBytes.buffer.slice(coreBytes.byteOffset, coreBytes.byteOffset + coreBytes.byteLength);
    const sources = [new Uint8Array(coreBytes), arrayBuffer, await WebAssembly.compile(coreBytes), coreUrl, coreUrl.href, fileURLToPath(coreUrl)];
    for (const wasm of sources) await expectWorks(await createWasmBackend({ wasm }));
  });

  describe('over HTTP (the browser path: fetch, streaming compilation when the MIME type allows it)', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((request, response) => {
        if (request.url === '/missing.wasm') {
          response.writeHead(404).end();
          return;
        }
        // Many static servers send the wrong type; the loader must not depend on it.
        const type = request.url === '/typed/dsp_core.wasm' ? 'application/wasm' : 'application/octet-stream';
        response.writeHead(200, { 'content-type': type }).end(coreBytes);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('loads with application/wasm and with another MIME type', async () => {
      await expectWorks(await createWasmBackend({ wasm: new URL(`${base}/typed/dsp_core.wasm`) }));
      await expectWorks(await createWasmBackend({ wasm: `${base}/untyped/dsp_core.wasm` }));
    });

    it('explains an HTTP failure with possible solutions', async () => {
      const error = await expectDspErrorAsync(createWasmBackend({ wasm: `${base}/missing.wasm` }), 'E_BACKEND_UNAVAILABLE');
      expect(error.message).toMatch(/HTTP 404/);
      expect(error.message).toMatch(/Possible solutions/);
    });
  });

  it('explains a missing file or bytes that are not WebAssembly', async () => {
    const missing = await expectDspErrorAsync(createWasmBackend({ wasm: new URL('./no-such-core.wasm', import.meta.url) }), 'E_BACKEND_UNAVAILABLE');
    expect(missing.message).toMatch(/no-such-core\.wasm/);
    expect(missing.message).toMatch(/ENOENT/);
    const garbage = await expectDspErrorAsync(createWasmBackend({ wasm: new Uint8Array([1, 2, 3, 4]) }), 'E_BACKEND_UNAVAILABLE');
    expect(garbage.message).toMatch(/Possible solutions/);
  });

  it('refuses a core with another ABI version, saying which versions met', async () => {
    const error = await expectDspErrorAsync(createWasmBackend({ wasm: fakeCore({ ...CORE_FUNCTIONS, dsp_abi_version: 1 }) }), 'E_BACKEND_UNAVAILABLE');
    expect(error.message).toMatch(/ABI version 1/);
    expect(error.message).toMatch(/speaks version 4/);
  });

  it('refuses a module that is not the core, naming the missing exports', async () => {
    const { dsp_dctn: _dctn, dsp_rfftn: _rfftn, ...partial } = CORE_FUNCTIONS;
    const error = await expectDspErrorAsync(createWasmBackend({ wasm: fakeCore(partial) }), 'E_BACKEND_UNAVAILABLE');
    expect(error.message).toMatch(/dsp_rfftn, dsp_dctn/);
  });
});
