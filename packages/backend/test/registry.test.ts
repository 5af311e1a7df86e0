import { afterEach, describe, expect, it } from 'vitest';

import {
  DspError,
  getBackend,
  initBackend,
  listBackends,
  ready,
  registerBackend,
  removeBackend,
  setBackend,
  type Backend,
} from '../src/index.js';

function fake(name: string): Backend {
  return { name, abiVersion: 1, maxThreads: 1 } as unknown as Backend;
}

const registryKey = Symbol.for('@dsp/backend.registry');

afterEach(() => {
  for (const b of listBackends()) removeBackend(b.name);
  delete process.env.DSP_BACKEND;
  (globalThis as Record<symbol, unknown>)[registryKey] = undefined;
});

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    expect(e).toBeInstanceOf(DspError);
    return (e as DspError).code;
  }
  return undefined;
}

describe('backend registry', () => {
  it('picks the highest priority that initialises, remembering failures and why', async () => {
    registerBackend('low', () => fake('low'), 1);
    registerBackend('broken', () => {
      throw new Error('addon missing. Possible solutions: build it');
    }, 5);
    registerBackend('mid', async () => fake('mid'), 3);
    const b = await ready();
    expect(b.name).toBe('mid');
    expect(getBackend().name).toBe('mid');
    const list = listBackends();
    expect(list.map((e) => e.name)).toEqual(['broken', 'mid', 'low']);
    expect(list[0]).toMatchObject({ state: 'failed', active: false });
    expect(list[0]!.error).toContain('Possible solutions');
    expect(list[1]).toMatchObject({ state: 'ready', active: true });
    expect(list[2]).toMatchObject({ state: 'registered', active: false });
  });

  it('lets DSP_BACKEND and setBackend override priorities', async () => {
    registerBackend('a', () => fake('a'), 3);
    registerBackend('b', () => fake('b'), 2);
    process.env.DSP_BACKEND = 'b';
    expect((await ready()).name).toBe('b');
    expect((await setBackend('a')).name).toBe('a');
    expect(getBackend().name).toBe('a');
    expect(getBackend('b').name).toBe('b');
  });

  it('initialises a backend once even when asked concurrently', async () => {
    let calls = 0;
    registerBackend('slow', async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 5));
      return fake('slow');
    }, 1);
    const [x, y] = await Promise.all([initBackend('slow'), initBackend('slow')]);
    expect(x).toBe(y);
    expect(calls).toBe(1);
  });

  it('explains what is missing with stable codes', async () => {
    expect(await codeOf(() => getBackend())).toBe('E_NOT_READY');
    registerBackend('later', () => fake('later'), 1);
    expect(await codeOf(() => getBackend('later'))).toBe('E_NOT_READY');
    expect(await codeOf(() => getBackend('nope'))).toBe('E_BACKEND_UNAVAILABLE');
    expect(await codeOf(setBackend('nope'))).toBe('E_BACKEND_UNAVAILABLE');
    expect(await codeOf(() => registerBackend('', () => fake(''), 1))).toBe('E_INVALID_ARGUMENT');
    expect(await codeOf(() => registerBackend('x', 3 as never, 1))).toBe('E_INVALID_ARGUMENT');
    expect(await codeOf(() => registerBackend('x', () => fake('x'), NaN))).toBe('E_INVALID_ARGUMENT');
  });

  it('fails ready() with every cause when nothing initialises', async () => {
    registerBackend('x', () => Promise.reject(new Error('no wasm here')), 2);
    registerBackend('y', () => {
      throw new Error('no addon here');
    }, 3);
    try {
      await ready();
      throw new Error('ready() should have failed');
    } catch (e) {
      expect((e as DspError).code).toBe('E_BACKEND_UNAVAILABLE');
      expect((e as Error).message).toContain('no wasm here');
      expect((e as Error).message).toContain('no addon here');
    }
  });

  it('is shared through globalThis by duplicate package copies', async () => {
    registerBackend('shared', () => fake('shared'), 1);
    const reg = (globalThis as Record<symbol, { entries: Map<string, unknown> }>)[registryKey];
    expect(reg?.entries.has('shared')).toBe(true);
  });
});
