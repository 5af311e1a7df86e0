import type { Backend, Dtype, FftKind, KernelFftPlan } from '@dsp/backend';

// The one-shot functions (fft, rfft, …) reuse kernel plans: planning costs far
// more than a transform. Kept per backend instance, least recently used
// evicted (and disposed) beyond a bound, so odd sizes cannot pile up memory.
const MAX_PLANS = 32;
const caches = new WeakMap<Backend, Map<string, KernelFftPlan>>();

export function cachedPlan(backend: Backend, kind: FftKind, dtype: Dtype, n: number): KernelFftPlan {
  let cache = caches.get(backend);
  if (!cache) caches.set(backend, (cache = new Map()));
  const key = `${kind}:${dtype}:${n}`;
  const hit = cache.get(key);
  if (hit && !hit.disposed) {
    // Re-insert to mark as most recently used.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const plan = backend.createFftPlan(kind, dtype, n);
  cache.set(key, plan);
  if (cache.size > MAX_PLANS) {
    const [oldestKey, oldest] = cache.entries().next().value as [string, KernelFftPlan];
    cache.delete(oldestKey);
    oldest.dispose();
  }
  return plan;
}
