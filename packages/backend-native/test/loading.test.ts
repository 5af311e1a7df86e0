import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, listBackends, registerBackend, removeBackend, type DspError } from '@dsp/backend';
import { expectDspError } from '@dsp/backend/testing';
import { describe, expect, it } from 'vitest';
import { EXPECTED_ABI_VERSION, NativeBackend, createNativeBackend, defaultAddonPath, loadAddon } from '../src/index.js';

const ADDON_FUNCTIONS = ['abiVersion', 'availableThreads', 'lastError', 'planNew', 'planFree', 'planExecute', 'fftn', 'rfftn', 'irfftn', 'dctn', 'window', 'stft', 'istft', 'nufftPlanNew', 'nufftPlanFree', 'nufftSetPoints', 'nufftLength', 'nufftExecute', 'spectralTopK', 'convolveDirect', 'vqtFrames', 'vqt', 'filterbankApply', 'hpss', 'hpssSignal', 'softmask', 'yin', 'pyin'];

function loadError(path: string): DspError {
  return expectDspError(() => loadAddon(path), 'E_BACKEND_UNAVAILABLE');
}

function expectSolutions(message: string): void {
  const solutions = message.slice(message.indexOf('Possible solutions:'));
  expect(solutions).toContain('pnpm --filter @dsp/backend-native build');
  expect(solutions).toContain('sh tools/setup.sh');
  expect(solutions).toContain('@dsp/backend-wasm');
}

/** A CommonJS module that pretends to be the addon, for the loader's checks. */
function fakeAddon(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dsp-native-test-'));
  const path = join(dir, 'fake.cjs');
  writeFileSync(path, source);
  return path;
}

describe('loading the addon', () => {
  it('loads build/Release/dsp_native.node and speaks ABI version 4', () => {
    expect(defaultAddonPath.endsWith(join('build', 'Release', 'dsp_native.node'))).toBe(true);
    const addon = loadAddon();
    expect(addon.abiVersion()).toBe(EXPECTED_ABI_VERSION);
    expect(EXPECTED_ABI_VERSION).toBe(4);
    for (const f of ADDON_FUNCTIONS) expect(typeof (addon as unknown as Record<string, unknown>)[f]).toBe('function');
  });

  it('makes a backend that describes itself', () => {
    const backend = createNativeBackend();
    expect(backend.name).toBe('native');
    expect(backend.abiVersion).toBe(4);
    expect(Number.isInteger(backend.maxThreads)).toBe(true);
    expect(backend.maxThreads).toBeGreaterThanOrEqual(1);
    expect(createNativeBackend()).toBe(backend);
  });

  it('registers itself as "native" with priority 3 on import', async () => {
    const entry = listBackends().find((b) => b.name === 'native');
    expect(entry?.priority).toBe(3);
    const backend = await initBackend('native');
    expect(backend).toBe(createNativeBackend());
    expect(listBackends().find((b) => b.name === 'native')?.state).toBe('ready');
  });

  it('explains a missing addon with its cause and the possible solutions', () => {
    const path = join(tmpdir(), 'no-such-dir', 'dsp_native.node');
    const { message } = loadError(path);
    expect(message).toContain(`${process.platform}-${process.arch}`);
    expect(message).toContain(`${path} does not exist`);
    expectSolutions(message);
  });

  it('explains a file the dynamic loader refuses', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsp-native-test-'));
    const path = join(dir, 'dsp_native.node');
    writeFileSync(path, 'not a shared object');
    const error = loadError(path);
    expect(error.message).toContain('the dynamic loader refused it');
    expect(error.cause).toBeInstanceOf(Error);
    expectSolutions(error.message);
  });

  it('refuses an addon of another ABI version', () => {
    const exports = ADDON_FUNCTIONS.map((f) => `${f}: () => 0`).join(', ');
    const path = fakeAddon(`module.exports = { ${exports}, abiVersion: () => 1 };`);
    const { message } = loadError(path);
    expect(message).toContain('ABI mismatch');
    expect(message).toContain('version 1');
    expect(message).toContain(`expects version ${EXPECTED_ABI_VERSION}`);
    expectSolutions(message);
  });

  it('refuses a module that is not the addon', () => {
    const { message } = loadError(fakeAddon('module.exports = { abiVersion: () => 1 };'));
    expect(message).toContain('is not the @dsp addon');
    expect(message).toContain('planExecute');
  });

  it('lets listBackends() show why a backend failed and what to do', async () => {
    const name = 'native-test-unbuilt';
    registerBackend(name, () => new NativeBackend(loadAddon(join(tmpdir(), 'no-such-dir', 'dsp_native.node'))), -1);
    try {
      await expect(initBackend(name)).rejects.toMatchObject({ code: 'E_BACKEND_UNAVAILABLE' });
      const entry = listBackends().find((b) => b.name === name);
      expect(entry?.state).toBe('failed');
      expect(entry?.error).toContain('does not exist');
      expectSolutions(entry?.error ?? '');
    } finally {
      removeBackend(name);
    }
  });
});
