// Byte accounting of this package's own buffers: the coefficient values and
// positions of every live SparseSpectralTensor. It does not see the JS heap
// at large, dense arrays the caller holds, or transient working memory.
import { checkFinite, DspError } from '@dsp/backend';

export interface MemoryStats {
  /** Tensors created and neither disposed nor garbage-collected. */
  liveTensors: number;
  /** Bytes their values and positions hold. */
  bytes: number;
  /** The limit set by `setLimit` (Infinity when none). */
  limit: number;
  /** bytes / limit (0 without a limit). */
  utilization: number;
  /** The largest `bytes` seen since the process started (or `resetPeak`). */
  peak: number;
}

/** What the manager needs from a tensor: its size, and a way to release it. */
export interface Accountable {
  readonly disposed: boolean;
  dispose(): void;
}

class Manager {
  #limit = Infinity;
  #bytes = 0;
  #peak = 0;
  #nextId = 1;
  readonly #live = new Map<number, { ref: WeakRef<Accountable>; bytes: number }>();
  // A tensor collected without dispose() gives its bytes back here.
  readonly #collected = new FinalizationRegistry<number>((id) => this.release(id));

  /** Creating a tensor that would take `bytes` past `limit` throws E_MEMORY_LIMIT. `Infinity` removes the limit. */
  setLimit(bytes: number): void {
    if (bytes !== Infinity) checkFinite(bytes, 'bytes', 'MemoryManager.setLimit', { positive: true });
    this.#limit = bytes;
  }

  getStats(): MemoryStats {
    return {
      liveTensors: this.#live.size,
      bytes: this.#bytes,
      limit: this.#limit,
      utilization: this.#limit === Infinity ? 0 : this.#bytes / this.#limit,
      peak: this.#peak,
    };
  }

  /** Releases a tensor's buffers now (the same as `tensor.dispose()`). */
  dispose(tensor: Accountable): void {
    tensor.dispose();
  }

  /** Disposes every live tensor this package created. */
  clearAll(): void {
    for (const { ref } of [...this.#live.values()]) ref.deref()?.dispose();
    this.#live.clear();
    this.#bytes = 0;
  }

  resetPeak(): void {
    this.#peak = this.#bytes;
  }

  /** Checks that `bytes` more fit under the limit; throws E_MEMORY_LIMIT (changing nothing) when not. */
  check(bytes: number, fn: string): void {
    if (this.#bytes + bytes > this.#limit) {
      throw new DspError(
        'E_MEMORY_LIMIT',
        `${fn}: the result needs ${bytes} bytes but ${this.#bytes} of the limit ${this.#limit} set by MemoryManager.setLimit are in use; dispose tensors or raise the limit`,
      );
    }
  }

  /** Accounts a new tensor; returns its id for `release`. Call `check` first. */
  track(tensor: Accountable, bytes: number): number {
    const id = this.#nextId++;
    this.#live.set(id, { ref: new WeakRef(tensor), bytes });
    this.#collected.register(tensor, id, tensor);
    this.#bytes += bytes;
    if (this.#bytes > this.#peak) this.#peak = this.#bytes;
    return id;
  }

  /** Gives a tensor's bytes back (idempotent). */
  release(id: number, tensor?: Accountable): void {
    const entry = this.#live.get(id);
    if (!entry) return;
    this.#live.delete(id);
    this.#bytes -= entry.bytes;
    if (tensor) this.#collected.unregister(tensor);
  }
}

/** The package's byte accounting (one per package instance). */
export const MemoryManager = new Manager();
export type { Manager as MemoryManagerType };
