// @ts-check
// What every contender in the Node process provides. A contender is one way
// of computing a forward FFT (a library, or one of our backends through one
// API); it is timed with data in and out of JS arrays, as a user calls it.

/**
 * @typedef {import('../signal.mjs').Dtype} Dtype
 * @typedef {import('../signal.mjs').Kind} Kind
 * @typedef {import('../signal.mjs').FloatArray} FloatArray
 */

/**
 * One prepared case: `run` performs one forward transform of the input given
 * to `prepare`; `output` returns the spectrum of the last run, interleaved
 * complex, n bins (c2c) or ⌊n/2⌋+1 (r2c), converted from the library's own
 * layout if it has one.
 * @typedef {{ run: () => void, output: () => ArrayLike<number>, dispose?: () => void, note?: string }} Case
 */

/**
 * @typedef {object} Contender
 * @property {string} id stable key in results (e.g. "native-plan", "pffft")
 * @property {string} label column heading
 * @property {string} library package or crate it measures
 * @property {string} version
 * @property {string} api the call timed
 * @property {string} [unavailable] why it cannot run here (then nothing else is used)
 * @property {(dtype: Dtype, kind: Kind, n: number) => string | null} supports null if it can run the case, else why not
 * @property {(dtype: Dtype, kind: Kind, n: number, input: FloatArray) => Case} prepare
 * @property {(dtype: Dtype, kind: Kind, n: number, budgetMs: number) => import('../timing.mjs').Timing & { variants?: Record<string, number> }} [measure]
 *   for a contender timed in another process (rustfft): replaces prepare, and its output is not checked
 */

/**
 * A contender that could not be loaded, kept so the report says why.
 * @param {Pick<Contender, 'id' | 'label' | 'library' | 'api'>} what
 * @param {string} reason
 * @returns {Contender}
 */
export function unavailable(what, reason) {
  return {
    ...what,
    version: '',
    unavailable: reason,
    supports: () => reason,
    prepare: () => {
      throw new Error(reason);
    },
  };
}

/** @param {number} n */
export const isPowerOfTwo = (n) => n > 0 && (n & (n - 1)) === 0;

/** An error as one line for a table cell: its lines joined, at most 400 characters. @param {unknown} e */
export function message(e) {
  const text = (e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim()).filter(Boolean).join(' ');
  return text.length > 400 ? `${text.slice(0, 399)}…` : text;
}
