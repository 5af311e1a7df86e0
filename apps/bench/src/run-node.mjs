// @ts-check
// Times every in-process contender on every case, each case's contenders
// back to back (so a slow spell on the machine hits them alike), and checks
// each result against the float64 reference and against our native plan.
import { makeInput } from './signal.mjs';
import { probe, probeStride, referenceSpectrum, relativeError } from './reference.mjs';
import { collectGarbage, measure } from './timing.mjs';
import { message } from './peers/contender.mjs';
import { formatUs } from './report/format.mjs';

/** @typedef {import('./peers/contender.mjs').Contender} Contender */
/** @typedef {import('./options.mjs').Options} Options */
/** @typedef {import('./progress.mjs').Progress} Progress */

/**
 * One measured case. `relErr` is ‖y − ref‖/‖ref‖ against the float64
 * reference of the same input; `relErrVsDsp` the same against our native
 * plan's output (wasm's where native is unavailable).
 * @typedef {{ id: string, dtype: string, kind: string, n: number, us?: number, minUs?: number, samples?: number,
 *   batch?: number, relErr?: number | null, relErrVsDsp?: number | null, relErrOn?: string, error?: string, note?: string,
 *   variants?: Record<string, number>, passUs?: (number | null)[] }} Row
 */

/** Largest relative error accepted before a figure is flagged as computing something else. @param {string} dtype */
export const tolerance = (dtype) => (dtype === 'f32' ? 1e-4 : 1e-10);

/** @param {Contender[]} contenders @param {Options} options */
export function countCases(contenders, options) {
  let count = 0;
  for (const dtype of options.dtypes)
    for (const kind of options.kinds)
      for (const n of options.sizes) for (const c of contenders) if (!c.unavailable && c.supports(dtype, kind, n) === null) count++;
  return count;
}

/**
 * @param {Contender[]} contenders ours first
 * @param {Options} options
 * @param {Progress} progress
 * @returns {{ rows: Row[], probes: Map<string, { stride: number, values: number[], ours?: number[] }> }}
 */
export function runNode(contenders, options, progress) {
  /** @type {Row[]} */
  const rows = [];
  /** @type {Map<string, { stride: number, values: number[], ours?: number[] }>} */
  const probes = new Map();
  const dspReference = ['native-plan', 'wasm-plan'];
  for (const dtype of options.dtypes) {
    for (const kind of options.kinds) {
      for (const n of options.sizes) {
        const input = makeInput(dtype, kind, n);
        const ref = referenceSpectrum(kind, n, input);
        const stride = probeStride(kind, n, options.probeBins);
        /** @type {{ stride: number, values: number[], ours?: number[] }} */
        const probed = { stride, values: probe(ref, stride) };
        probes.set(`${dtype} ${kind} ${n}`, probed);
        /** @type {Float64Array | null} */
        let ours = null;
        for (const c of contenders) {
          if (c.unavailable || c.supports(dtype, kind, n) !== null) continue;
          const what = `${dtype} ${kind} n=${n} ${c.label}`;
          progress.update(what);
          /** @type {Row} */
          const row = { id: c.id, dtype, kind, n };
          /** @type {import('./peers/contender.mjs').Case | undefined} */
          let prepared;
          try {
            if (c.measure) {
              Object.assign(row, c.measure(dtype, kind, n, options.budgetMs));
              rows.push(row);
              progress.update(`${what}: ${formatUs(/** @type {number} */ (row.us))} µs`, { count: true });
              continue;
            }
            prepared = c.prepare(dtype, kind, n, input);
            collectGarbage();
            Object.assign(row, measure(prepared.run, { budgetMs: options.budgetMs }));
            const y = prepared.output();
            row.relErr = relativeError(y, ref);
            row.relErrVsDsp = ours ? relativeError(y, ours) : null;
            if (!ours && dspReference.includes(c.id)) {
              ours = Float64Array.from(Array.prototype.slice.call(y, 0, ref.length));
              probed.ours = probe(ours, stride);
            }
            if (prepared.note) row.note = prepared.note;
          } catch (e) {
            row.error = message(e);
          } finally {
            try {
              prepared?.dispose?.();
            } catch {
              // a failed dispose does not change the figure
            }
          }
          rows.push(row);
          progress.update(`${what}: ${row.error ? 'error' : `${formatUs(/** @type {number} */ (row.us))} µs`}`, { count: true });
        }
      }
    }
  }
  return { rows, probes };
}
