import { DspError } from './errors.js';
import type { Backend } from './types.js';

/** Makes a backend; may be async (loading a .node or compiling wasm). */
export type BackendFactory = () => Backend | Promise<Backend>;

export type BackendState = 'registered' | 'initializing' | 'ready' | 'failed';

export interface BackendInfo {
  name: string;
  priority: number;
  state: BackendState;
  /** True for the backend calls run on when they name none. */
  active: boolean;
  /** Why it failed, with what to do about it (state 'failed' only). */
  error?: string;
}

interface Entry {
  name: string;
  priority: number;
  factory: BackendFactory;
  state: BackendState;
  backend?: Backend;
  pending?: Promise<Backend>;
  error?: unknown;
}

interface Registry {
  entries: Map<string, Entry>;
  active?: string;
  /** setBackend's choice, which outranks DSP_BACKEND and priorities. */
  chosen?: string;
}

// On globalThis under a registered symbol, so that two copies of this package
// (a bundler's or a nested install's) share one registry.
const KEY = Symbol.for('@dsp/backend.registry');
function registry(): Registry {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  return (g[KEY] ??= { entries: new Map() });
}

/** Backends the registry loads by itself when none has registered yet (Node only). */
const KNOWN_BACKENDS = ['@dsp/backend-native', '@dsp/backend-wasm'];

/**
 * Adds a backend. Higher `priority` wins in `ready()` (native 3, wasm 2).
 * Registering a name again replaces the factory (a failed backend may be retried).
 */
export function registerBackend(name: string, factory: BackendFactory, priority: number): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new DspError('E_INVALID_ARGUMENT', `registerBackend: name must be a non-empty string, got ${String(name)}`);
  }
  if (typeof factory !== 'function') {
    throw new DspError('E_INVALID_ARGUMENT', `registerBackend: factory for "${name}" must be a function`);
  }
  if (!Number.isFinite(priority)) {
    throw new DspError('E_INVALID_ARGUMENT', `registerBackend: priority for "${name}" must be a finite number, got ${priority}`);
  }
  const reg = registry();
  const old = reg.entries.get(name);
  if (old?.state === 'ready') return; // keep a working instance; kernels may hold its plans
  reg.entries.set(name, { name, priority, factory, state: 'registered' });
}

/** Forgets a backend (mainly for tests). */
export function removeBackend(name: string): void {
  const reg = registry();
  reg.entries.delete(name);
  if (reg.active === name) reg.active = undefined;
  if (reg.chosen === name) reg.chosen = undefined;
}

function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

function envBackend(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const v = env?.DSP_BACKEND?.trim();
  return v ? v : undefined;
}

async function discover(): Promise<void> {
  const reg = registry();
  if (reg.entries.size > 0) return;
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';
  if (!isNode) return;
  for (const name of KNOWN_BACKENDS) {
    try {
      // Importing a backend registers it; a missing package is simply skipped.
      await import(/* @vite-ignore */ /* webpackIgnore: true */ name);
    } catch {
      /* not installed */
    }
  }
}

function unknownBackend(name: string): DspError {
  const known = [...registry().entries.keys()];
  return new DspError(
    'E_BACKEND_UNAVAILABLE',
    `backend "${name}" is not registered; registered backends: ${known.length ? known.map((k) => `"${k}"`).join(', ') : 'none'}. ` +
      `Install and import @dsp/backend-native or @dsp/backend-wasm.`,
  );
}

/** Initialises one backend (once; concurrent callers share the attempt) without activating it. */
export async function initBackend(name: string): Promise<Backend> {
  await discover();
  const entry = registry().entries.get(name);
  if (!entry) throw unknownBackend(name);
  if (entry.backend) return entry.backend;
  if (entry.state === 'failed') {
    throw new DspError('E_BACKEND_UNAVAILABLE', `backend "${name}" failed to initialise: ${describeError(entry.error)}`, {
      cause: entry.error,
    });
  }
  entry.pending ??= (async () => {
    entry.state = 'initializing';
    try {
      const backend = await entry.factory();
      entry.backend = backend;
      entry.state = 'ready';
      return backend;
    } catch (e) {
      entry.state = 'failed';
      entry.error = e;
      throw new DspError('E_BACKEND_UNAVAILABLE', `backend "${name}" failed to initialise: ${describeError(e)}`, { cause: e });
    } finally {
      entry.pending = undefined;
    }
  })();
  return entry.pending;
}

/**
 * Resolves when a backend is ready, and returns it. Picks, in order: the one
 * `setBackend` chose, the `DSP_BACKEND` environment variable, else the highest
 * priority that initialises (remembering the ones that failed, and why).
 */
export async function ready(): Promise<Backend> {
  const reg = registry();
  if (reg.active) {
    const b = reg.entries.get(reg.active)?.backend;
    if (b) return b;
  }
  await discover();
  const wanted = reg.chosen ?? envBackend();
  if (wanted) {
    const b = await initBackend(wanted);
    reg.active = wanted;
    return b;
  }
  const candidates = [...reg.entries.values()].sort((a, b) => b.priority - a.priority);
  const failures: string[] = [];
  for (const c of candidates) {
    try {
      const b = await initBackend(c.name);
      reg.active = c.name;
      return b;
    } catch (e) {
      failures.push(`- ${c.name}: ${describeError(c.error ?? e)}`);
    }
  }
  throw new DspError(
    'E_BACKEND_UNAVAILABLE',
    candidates.length === 0
      ? 'no @dsp backend is registered. Install @dsp/backend-wasm (runs everywhere) or @dsp/backend-native, and import it once.'
      : `no @dsp backend could be initialised:\n${failures.join('\n')}`,
  );
}

/** Makes `name` the active backend (initialising it first). Outranks `DSP_BACKEND`. */
export async function setBackend(name: string): Promise<Backend> {
  if (typeof name !== 'string' || name.length === 0) {
    throw new DspError('E_INVALID_ARGUMENT', `setBackend: name must be a non-empty string, got ${String(name)}`);
  }
  const b = await initBackend(name);
  const reg = registry();
  reg.chosen = name;
  reg.active = name;
  return b;
}

/**
 * The backend a call runs on: the named one, else the active one. Synchronous:
 * throws E_NOT_READY if that backend has not been initialised yet.
 */
export function getBackend(name?: string): Backend {
  const reg = registry();
  if (name !== undefined) {
    if (typeof name !== 'string') {
      throw new DspError('E_INVALID_ARGUMENT', `backend must be a backend name (string), got ${typeof name}`);
    }
    const entry = reg.entries.get(name);
    if (!entry) throw unknownBackend(name);
    if (entry.backend) return entry.backend;
    if (entry.state === 'failed') {
      throw new DspError('E_BACKEND_UNAVAILABLE', `backend "${name}" failed to initialise: ${describeError(entry.error)}`);
    }
    throw new DspError('E_NOT_READY', `backend "${name}" is not initialised yet; await initBackend("${name}") or setBackend("${name}") first`);
  }
  const active = reg.active ? reg.entries.get(reg.active)?.backend : undefined;
  if (!active) {
    throw new DspError('E_NOT_READY', 'no backend is ready yet; call `await ready()` once before the first kernel call');
  }
  return active;
}

/** Every registered backend, its state, and why a failed one failed. */
export function listBackends(): BackendInfo[] {
  const reg = registry();
  return [...reg.entries.values()]
    .sort((a, b) => b.priority - a.priority)
    .map((e) => ({
      name: e.name,
      priority: e.priority,
      state: e.state,
      active: reg.active === e.name,
      ...(e.state === 'failed' ? { error: describeError(e.error) } : {}),
    }));
}
