// @ts-check
// fft.md: one table per dtype and kind (rows n, columns contenders, µs),
// with the ratio columns, the targets, the contenders and their accuracy.
import { tolerance } from '../run-node.mjs';
import { formatError, formatRatio, formatUs } from './format.mjs';

/** @typedef {import('../run-node.mjs').Row} Row */
/** @typedef {import('./ratios.mjs').Ratio} Ratio */
/** @typedef {import('./ratios.mjs').TargetResult} TargetResult */
/**
 * @typedef {{ id: string, label: string, library: string, version: string, api: string, unavailable?: string,
 *   coverage: Record<string, { supported: number, of: number, reason?: string }> }} ContenderInfo
 * @typedef {{ machine: ReturnType<typeof import('../machine.mjs').machineInfo> & { loadAverageAtEnd?: number[] },
 *   options: import('../options.mjs').Options, contenders: ContenderInfo[], results: Row[], ratios: Ratio[],
 *   targets: TargetResult[], notes: string[], durationSeconds: number }} Report
 */

/** @param {string[]} cells */
const line = (cells) => `| ${cells.join(' | ')} |`;

/** @param {Report} report @param {string} scope e.g. "f32 c2c" */
function timingTable(report, scope) {
  const [dtype, kind] = scope.split(' ');
  const columns = report.contenders.filter((c) => c.unavailable || (c.coverage[scope]?.supported ?? 0) > 0);
  /** @type {Map<string, Row>} */
  const rows = new Map();
  for (const r of report.results) if (r.dtype === dtype && r.kind === kind) rows.set(`${r.id} ${r.n}`, r);
  const ratioFields = [
    { key: 'nativePlanOverRustfft', head: 'native / rustfft', fmt: formatRatio },
    { key: 'nativePlanExtraUs', head: 'native − rustfft µs', fmt: (/** @type {number | undefined} */ v) => (v === undefined ? '' : v.toFixed(2)) },
    { key: 'wasmPlanOverPffft', head: 'wasm / pffft', fmt: formatRatio },
    { key: 'fftjsOverWasmPlan', head: 'fft.js / wasm', fmt: formatRatio },
  ].filter((f) => report.ratios.some((r) => r.dtype === dtype && r.kind === kind && r[/** @type {keyof Ratio} */ (f.key)] !== undefined));
  const out = [line(['n', ...columns.map((c) => c.label), ...ratioFields.map((f) => f.head)])];
  out.push(line(['---:', ...columns.map(() => '---:'), ...ratioFields.map(() => '---:')]));
  for (const n of report.options.sizes) {
    const cells = columns.map((c) => {
      if (c.unavailable) return 'n/a';
      const r = rows.get(`${c.id} ${n}`);
      if (!r) return '—';
      if (r.error) return 'error';
      const wrong = typeof r.relErr === 'number' && !(r.relErr <= tolerance(/** @type {string} */ (dtype)));
      return formatUs(/** @type {number} */ (r.us)) + (wrong ? ' ✗' : '');
    });
    const ratio = report.ratios.find((r) => r.dtype === dtype && r.kind === kind && r.n === n);
    const ratioCells = ratioFields.map((f) => f.fmt(/** @type {any} */ (ratio?.[/** @type {keyof Ratio} */ (f.key)])));
    out.push(line([String(n), ...cells, ...ratioCells]));
  }
  /** @type {Map<string, string[]>} */
  const missing = new Map();
  for (const c of columns) if (c.unavailable) missing.set(c.unavailable, [...(missing.get(c.unavailable) ?? []), c.label]);
  for (const [reason, labels] of missing) out.push('', `n/a: ${labels.join(', ')}: unavailable: ${reason}`);
  return out.join('\n');
}

/** Rows: target × API; columns: dtype and kind; cells: cases met, and the failing n. @param {Report} report @param {string[]} scopes */
function targetsTable(report, scopes) {
  if (!report.targets.length) return '_No target could be checked: ours or the yardsticks did not run._';
  const used = scopes.filter((s) => report.targets.some((t) => t.scope === s));
  const out = [line(['target', 'API', ...used]), line(['---', '---', ...used.map(() => '---')])];
  const keys = [...new Set(report.targets.map((t) => `${t.target}\u0000${t.api}`))];
  for (const key of keys) {
    const [target = '', api = ''] = key.split('\u0000');
    const cells = used.map((scope) => {
      const t = report.targets.find((x) => x.target === target && x.api === api && x.scope === scope);
      if (!t) return '';
      if (!t.failures.length) return `${t.passed}/${t.checked} ✓`;
      const failing = t.failures.map((f) => `${f.n} (${target.includes('µs') ? `+${f.value.toFixed(2)} µs` : formatRatio(f.value)})`).join(', ');
      return `${t.passed}/${t.checked}; not met at ${failing}`;
    });
    out.push(line([target, api, ...cells]));
  }
  return out.join('\n');
}

/** @param {Report} report @param {string[]} scopes */
function contendersTable(report, scopes) {
  const out = [line(['column', 'library', 'version', 'call timed', 'sizes run (of those asked)']), line(['---', '---', '---', '---', '---'])];
  for (const c of report.contenders) {
    const coverage = c.unavailable
      ? `**unavailable: ${c.unavailable}**`
      : scopes
          .map((s) => {
            const cov = c.coverage[s];
            if (!cov) return '';
            return `${s}: ${cov.supported}/${cov.of}${cov.reason && cov.supported < cov.of ? ` (${cov.reason})` : ''}`;
          })
          .filter(Boolean)
          .join('; ');
    out.push(line([c.label, c.library, c.version, c.api.replace(/\|/g, '\\|'), coverage]));
  }
  return out.join('\n');
}

/** @param {Report} report @param {string[]} scopes */
function accuracyTable(report, scopes) {
  const out = [line(['column', ...scopes]), line(['---', ...scopes.map(() => '---:')])];
  for (const c of report.contenders) {
    if (c.unavailable) continue;
    const cells = scopes.map((s) => {
      const errs = report.results.filter((r) => r.id === c.id && `${r.dtype} ${r.kind}` === s && typeof r.relErr === 'number').map((r) => /** @type {number} */ (r.relErr));
      return errs.length ? formatError(Math.max(...errs)) : '';
    });
    if (cells.some(Boolean)) out.push(line([c.label, ...cells]));
  }
  return out.join('\n');
}

/** @param {Report} report */
export function renderMarkdown(report) {
  const m = report.machine;
  const scopes = report.options.dtypes.flatMap((d) => report.options.kinds.map((k) => `${d} ${k}`));
  const minutes = `${Math.floor(report.durationSeconds / 60)}:${String(Math.round(report.durationSeconds % 60)).padStart(2, '0')}`;
  const parts = [
    '# FFT benchmark: forward transforms',
    '',
    `${m.date} · ${m.cpu}, ${m.cores} cores (${m.cpuFlags.join(', ')}) · ${m.os} · Node ${m.node} · load average ${m.loadAverageAtStart.join(' ')} at start, ${(m.loadAverageAtEnd ?? []).join(' ')} at end · commit ${m.commit || '?'} · run took ${minutes}`,
    '',
    'Median µs per forward transform, one thread, after warm-up; every case sampled for about ' +
      `${report.options.budgetMs} ms (at least 5 samples). In Node, data goes in and out of JS typed arrays as a user's call would ` +
      '(wasm peers copy in and out of their heap). `rustfft` is called directly from Rust with reused buffers; numpy and scipy are called from Python. ' +
      '— : the library does not do this case · n/a : unavailable on this machine (see Contenders) · ✗ : result differs from the float64 reference by more than ' +
      `${tolerance('f32')} (f32) / ${tolerance('f64')} (f64).`,
    '',
    '## Targets',
    '',
    targetsTable(report, scopes),
  ];
  for (const scope of scopes) parts.push('', `## ${scope} (µs)`, '', timingTable(report, scope));
  parts.push('', '## Contenders', '', contendersTable(report, scopes));
  parts.push('', '## Accuracy: largest relative error against the float64 reference', '', accuracyTable(report, scopes));
  if (report.notes.length) parts.push('', '## Notes', '', ...report.notes.map((n) => `- ${n}`));
  return parts.join('\n') + '\n';
}
