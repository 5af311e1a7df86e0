// @ts-check
// Number formats shared by the progress line and the reports.

/** Microseconds with three significant digits below 100, whole above. @param {number} us */
export function formatUs(us) {
  if (!Number.isFinite(us)) return '?';
  return us >= 100 ? us.toFixed(0) : us.toPrecision(3);
}

/** @param {number | null | undefined} r */
export const formatRatio = (r) => (r === null || r === undefined || !Number.isFinite(r) ? '' : `${r.toFixed(2)}×`);

/** @param {number | null | undefined} e */
export const formatError = (e) => (e === null || e === undefined ? '' : e.toExponential(1));

/** 1024 → "1k", 1048576 → "1M"; others as they are. @param {number} n */
export function formatSize(n) {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n / (1 << 20)}M`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024}k`;
  return String(n);
}
