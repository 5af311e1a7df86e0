// @ts-check
// Median time per call. A sample times a batch of calls long enough (≥ 20 µs)
// that the clock's resolution and the loop around it do not matter; the
// median of many samples ignores the ones a GC pause or another process hit.

/** @typedef {{ us: number, minUs: number, samples: number, batch: number }} Timing */

const now = process.hrtime.bigint;
/** @param {number} ms */
const ns = (ms) => BigInt(Math.round(ms * 1e6));

/**
 * @param {() => void} run one call of the code under test
 * @param {{ budgetMs: number, warmupMs?: number, minSamples?: number, maxSamples?: number, minSampleUs?: number }} opts
 *   budgetMs bounds the sampling time (after warm-up); at least `minSamples`
 *   are taken however long they last, which is what the largest sizes get.
 * @returns {Timing}
 */
export function measure(run, { budgetMs, warmupMs = budgetMs / 4, minSamples = 5, maxSamples = 1500, minSampleUs = 20 }) {
  // Warm-up (lets the JIT optimise and caches fill) doubles as calibration:
  // the batch doubles until one batch lasts minSampleUs.
  let batch = 1;
  let calls = 0;
  const warmEnd = now() + ns(warmupMs);
  for (;;) {
    const t0 = now();
    for (let i = 0; i < batch; i++) run();
    const us = Number(now() - t0) / 1e3;
    calls += batch;
    if (us < minSampleUs) batch *= 2;
    else if (calls >= 2 && now() >= warmEnd) break;
  }

  const perCall = [];
  const end = now() + ns(budgetMs);
  while (perCall.length < minSamples || (perCall.length < maxSamples && now() < end)) {
    const t0 = now();
    for (let i = 0; i < batch; i++) run();
    perCall.push(Number(now() - t0) / 1e3 / batch);
  }
  perCall.sort((a, b) => a - b);
  return { us: median(perCall), minUs: perCall[0] ?? NaN, samples: perCall.length, batch };
}

/** @param {number[]} sorted ascending */
export function median(sorted) {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? /** @type {number} */ (sorted[m]) : (/** @type {number} */ (sorted[m - 1]) + /** @type {number} */ (sorted[m])) / 2;
}

/** Collects garbage left by the previous case when node runs with --expose-gc, so its pauses land outside the next measurement. */
export function collectGarbage() {
  const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
  if (gc) gc();
}
