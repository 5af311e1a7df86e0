/**
 * A FinalizationRegistry that frees a native or wasm handle whose JS owner
 * was garbage-collected without `dispose()`. It is only a safety net: memory
 * held by the core is invisible to the JS GC, so users should still dispose.
 */
export function disposalRegistry(free: (handle: number | bigint | object) => void): FinalizationRegistry<number | bigint | object> | undefined {
  if (typeof FinalizationRegistry === 'undefined') return undefined;
  return new FinalizationRegistry((handle) => {
    try {
      free(handle);
    } catch {
      /* finalizers must never throw */
    }
  });
}
