// @ts-check
// fft.svg: a log-log line chart of µs against n, one line per contender, for
// one dtype and kind (f32 c2c by default). Plain SVG text, no dependency.
import { formatSize } from './format.mjs';

/** @param {number} n */
const isPowerOfTwo = (n) => (n & (n - 1)) === 0;

/** @typedef {import('./markdown.mjs').Report} Report */

const COLORS = {
  'native-plan': '#d62728', 'native-call': '#d62728', 'wasm-plan': '#1f77b4', 'wasm-call': '#1f77b4',
  rustfft: '#000000', pffft: '#2ca02c', kissfft: '#9467bd', webfft: '#8c564b', fftjs: '#ff7f0e',
  numpy: '#17becf', scipy: '#bcbd22',
};

/** @param {string} s */
const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** @param {number} exp */
function decadeLabel(exp) {
  return exp < 0 ? (10 ** exp).toFixed(-exp) : String(10 ** exp);
}

/** @param {Report} report @param {{ dtype?: string, kind?: string }} [which] */
export function renderSvg(report, { dtype = 'f32', kind = 'c2c' } = {}) {
  const W = 980, H = 620, left = 72, right = 210, top = 56, bottom = 64;
  const plotW = W - left - right, plotH = H - top - bottom;
  const series = report.contenders
    .map((c) => ({
      c,
      points: report.results
        .filter((r) => r.id === c.id && r.dtype === dtype && r.kind === kind && typeof r.us === 'number' && !r.error)
        .map((r) => ({ n: r.n, us: /** @type {number} */ (r.us) }))
        .sort((a, b) => a.n - b.n),
    }))
    .filter((s) => s.points.length);
  const all = series.flatMap((s) => s.points);
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="system-ui, sans-serif" font-size="12">`];
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${left}" y="24" font-size="16" font-weight="600">FFT ${dtype} ${kind === 'c2c' ? 'complex (c2c)' : 'real (r2c)'}: median µs per forward transform (log-log, lower is faster)</text>`);
  out.push(`<text x="${left}" y="42" fill="#555">${esc(`${report.machine.cpu}, ${report.machine.cores} cores · Node ${report.machine.node} · ${report.machine.date.slice(0, 10)}`)}</text>`);
  if (!all.length) {
    out.push(`<text x="${left}" y="${top + 40}">no figures for ${dtype} ${kind}</text></svg>`);
    return out.join('\n') + '\n';
  }
  const lx0 = Math.floor(Math.log2(Math.min(...all.map((p) => p.n))));
  const lx1 = Math.ceil(Math.log2(Math.max(...all.map((p) => p.n))));
  const ly0 = Math.floor(Math.log10(Math.min(...all.map((p) => p.us))));
  const ly1 = Math.ceil(Math.log10(Math.max(...all.map((p) => p.us))));
  const x = (/** @type {number} */ n) => left + ((Math.log2(n) - lx0) / Math.max(1, lx1 - lx0)) * plotW;
  const y = (/** @type {number} */ us) => top + plotH - ((Math.log10(us) - ly0) / Math.max(1, ly1 - ly0)) * plotH;

  out.push(`<g stroke="#e5e5e5">`);
  for (let e = ly0; e <= ly1; e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (Math.log10(v) > ly1) continue;
      out.push(`<line x1="${left}" x2="${left + plotW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"${m === 1 ? ' stroke="#ccc"' : ''}/>`);
    }
  }
  for (let e = lx0; e <= lx1; e++) out.push(`<line x1="${x(2 ** e).toFixed(1)}" x2="${x(2 ** e).toFixed(1)}" y1="${top}" y2="${top + plotH}"/>`);
  out.push('</g>');
  out.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`);
  for (let e = ly0; e <= ly1; e++) out.push(`<text x="${left - 6}" y="${(y(10 ** e) + 4).toFixed(1)}" text-anchor="end">${decadeLabel(e)}</text>`);
  for (let e = lx0; e <= lx1; e++) out.push(`<text x="${x(2 ** e).toFixed(1)}" y="${top + plotH + 18}" text-anchor="middle">${formatSize(2 ** e)}</text>`);
  out.push(`<text x="${left + plotW / 2}" y="${H - 18}" text-anchor="middle">n (hollow markers: sizes that are not powers of two, e.g. 1000, 1536, 4097, 44100)</text>`);
  out.push(`<text transform="translate(18 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">µs per transform</text>`);

  series.forEach(({ c, points }, i) => {
    const color = COLORS[/** @type {keyof typeof COLORS} */ (c.id)] ?? '#777';
    const ours = c.id.startsWith('native') || c.id.startsWith('wasm');
    const dash = c.id.endsWith('-call') ? ' stroke-dasharray="6 4"' : c.id === 'rustfft' ? ' stroke-dasharray="2 3"' : '';
    // The line joins powers of two; other sizes are hollow markers beside it.
    const d = points.filter((p) => isPowerOfTwo(p.n)).map((p, j) => `${j ? 'L' : 'M'}${x(p.n).toFixed(1)},${y(p.us).toFixed(1)}`).join(' ');
    if (d) out.push(`<path d="${d}" fill="none" stroke="${color}" stroke-width="${ours ? 2.4 : 1.5}"${dash}/>`);
    for (const p of points) {
      const fill = isPowerOfTwo(p.n) ? `fill="${color}"` : `fill="#fff" stroke="${color}" stroke-width="1.5"`;
      out.push(`<circle cx="${x(p.n).toFixed(1)}" cy="${y(p.us).toFixed(1)}" r="${isPowerOfTwo(p.n) ? 2.4 : 3.4}" ${fill}><title>${esc(`${c.label} n=${p.n}: ${p.us.toPrecision(4)} µs`)}</title></circle>`);
    }
    const ly = top + 10 + i * 20;
    out.push(`<line x1="${left + plotW + 16}" x2="${left + plotW + 44}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="${ours ? 2.4 : 1.5}"${dash}/>`);
    out.push(`<text x="${left + plotW + 50}" y="${ly + 4}">${esc(c.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
