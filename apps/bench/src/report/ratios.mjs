// @ts-check
// Our figures against the three yardsticks of the issue: rustfft called
// from Rust (native), pffft-wasm and fft.js (wasm); and the targets met.

/** @typedef {import('../run-node.mjs').Row} Row */

/**
 * @typedef {{ dtype: string, kind: string, n: number,
 *   nativePlanOverRustfft?: number, nativePlanExtraUs?: number, nativeCallOverRustfft?: number, nativeCallExtraUs?: number,
 *   wasmPlanOverPffft?: number, wasmCallOverPffft?: number, fftjsOverWasmPlan?: number, fftjsOverWasmCall?: number }} Ratio
 */

/** @param {Row[]} rows */
export function figures(rows) {
  /** @type {Map<string, number>} */
  const byKey = new Map();
  for (const r of rows) if (r.us !== undefined && !r.error) byKey.set(`${r.id} ${r.dtype} ${r.kind} ${r.n}`, r.us);
  /** @param {string} id @param {string} dtype @param {string} kind @param {number} n */
  return (id, dtype, kind, n) => byKey.get(`${id} ${dtype} ${kind} ${n}`);
}

/** @param {Row[]} rows @returns {Ratio[]} */
export function computeRatios(rows) {
  const us = figures(rows);
  const cases = [...new Set(rows.map((r) => `${r.dtype} ${r.kind} ${r.n}`))];
  return cases.map((key) => {
    const [dtype = '', kind = '', nText = ''] = key.split(' ');
    const n = Number(nText);
    const get = (/** @type {string} */ id) => us(id, dtype, kind, n);
    /** @type {Ratio} */
    const ratio = { dtype, kind, n };
    const rust = get('rustfft');
    const pffft = get('pffft');
    const fftjs = get('fftjs');
    for (const api of /** @type {const} */ (['Plan', 'Call'])) {
      const native = get(`native-${api.toLowerCase()}`);
      const wasm = get(`wasm-${api.toLowerCase()}`);
      if (native !== undefined && rust !== undefined) {
        ratio[`native${api}OverRustfft`] = native / rust;
        ratio[`native${api}ExtraUs`] = native - rust;
      }
      if (wasm !== undefined && pffft !== undefined) ratio[`wasm${api}OverPffft`] = wasm / pffft;
      if (wasm !== undefined && fftjs !== undefined) ratio[`fftjsOverWasm${api}`] = fftjs / wasm;
    }
    return ratio;
  });
}

/**
 * @typedef {{ target: string, scope: string, api: string, checked: number, passed: number, failures: { n: number, value: number }[] }} TargetResult
 */

const TARGETS = [
  { target: 'native ≤ 1.25× rustfft (n ≥ 1024)', applies: (/** @type {number} */ n) => n >= 1024, field: 'native{Api}OverRustfft', ok: (/** @type {number} */ v) => v <= 1.25 },
  { target: 'native ≤ rustfft + 2 µs (n < 1024)', applies: (/** @type {number} */ n) => n < 1024, field: 'native{Api}ExtraUs', ok: (/** @type {number} */ v) => v <= 2 },
  { target: 'wasm faster than pffft-wasm (1024 ≤ n ≤ 65536)', applies: (/** @type {number} */ n) => n >= 1024 && n <= 65536, field: 'wasm{Api}OverPffft', ok: (/** @type {number} */ v) => v < 1 },
  { target: 'wasm ≥ 5× faster than fft.js', applies: () => true, field: 'fftjsOverWasm{Api}', ok: (/** @type {number} */ v) => v >= 5 },
];

/** @param {Ratio[]} ratios @returns {TargetResult[]} */
export function evaluateTargets(ratios) {
  /** @type {TargetResult[]} */
  const results = [];
  const scopes = [...new Set(ratios.map((r) => `${r.dtype} ${r.kind}`))];
  for (const t of TARGETS) {
    for (const api of ['Plan', 'Call']) {
      for (const scope of scopes) {
        const field = /** @type {keyof Ratio} */ (t.field.replace('{Api}', api));
        const relevant = ratios.filter((r) => `${r.dtype} ${r.kind}` === scope && t.applies(r.n) && typeof r[field] === 'number');
        if (!relevant.length) continue;
        const failures = relevant
          .filter((r) => !t.ok(/** @type {number} */ (r[field])))
          .map((r) => ({ n: r.n, value: /** @type {number} */ (r[field]) }));
        results.push({ target: t.target, scope, api: api === 'Plan' ? 'plan' : 'fft()', checked: relevant.length, passed: relevant.length - failures.length, failures });
      }
    }
  }
  return results;
}
