// @ts-check
// Several passes over all cases: a case's figure is its fastest pass (the
// median of that pass), so a burst of other work on the machine during one
// pass does not decide a figure. Every pass's median is kept in the row.

/** @typedef {import('./run-node.mjs').Row} Row */

/** @param {Row[][]} passes @returns {Row[]} */
export function mergePasses(passes) {
  /** @type {Map<string, Row[]>} */
  const byCase = new Map();
  for (const rows of passes) {
    for (const r of rows) {
      const key = `${r.id} ${r.dtype} ${r.kind} ${r.n}`;
      byCase.set(key, [...(byCase.get(key) ?? []), r]);
    }
  }
  return [...byCase.values()].map((rows) => {
    const timed = rows.filter((r) => typeof r.us === 'number' && !r.error);
    if (!timed.length) return /** @type {Row} */ (rows[0]);
    const best = timed.reduce((a, b) => (/** @type {number} */ (b.us) < /** @type {number} */ (a.us) ? b : a));
    // A wrong result in any pass stays visible.
    const worstErr = Math.max(...rows.map((r) => (typeof r.relErr === 'number' ? r.relErr : -1)));
    return { ...best, ...(worstErr >= 0 ? { relErr: worstErr } : {}), passUs: rows.map((r) => (typeof r.us === 'number' ? r.us : null)) };
  });
}
