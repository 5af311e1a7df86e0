import type { Backend, Dtype, FftKind, KernelFftPlan } from '@dsp/backend';

// The one-shot functions (fft, rfft, …) reuse kernel plans: planning costs far
// more than a transform. Kept per backend instance, least recently used
// evicted (and disposed) beyond a bound, so odd sizes cannot pile up memory.
const MAX_PLANS = 32;

interface PlanCache {
  plans: Map<number, KernelFftPlan>;
  /** The last plan handed out: repeated calls of one size skip the LRU bookkeeping. */
  lastKey: number;
  lastPlan: KernelFftPlan | undefined;
}

const caches = new WeakMap<Backend, PlanCache>();

export function cachedPlan(backend: Backend, kind: FftKind, dtype: Dtype, n: number): KernelFftPlan {
  let cache = caches.get(backend);
  if (!cache) caches.set(backend, (cache = { plans: new Map(), lastKey: -1, lastPlan: undefined }));
  // A number key (n < 2^31, two flag bits) avoids building a string per call.
  const key = n * 4 + (kind === 'r2c' ? 2 : 0) + (dtype === 'f64' ? 1 : 0);
  if (key === cache.lastKey && cache.lastPlan && !cache.lastPlan.disposed) return cache.lastPlan;
  const { plans } = cache;
  let plan = plans.get(key);
  if (plan && !plan.disposed) {
    // Re-insert to mark as most recently used.
    plans.delete(key);
    plans.set(key, plan);
  } else {
    plan = backend.createFftPlan(kind, dtype, n);
    plans.set(key, plan);
    if (plans.size > MAX_PLANS) {
      const [oldestKey, oldest] = plans.entries().next().value as [number, KernelFftPlan];
      plans.delete(oldestKey);
      oldest.dispose();
    }
  }
  cache.lastKey = key;
  cache.lastPlan = plan;
  return plan;
}
