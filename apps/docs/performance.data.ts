// The performance page's data: whatever apps/bench last wrote to results/.
// Each section the bench runs (fft, stft, and any added later) writes
// <section>.json with its figures and <section>.md, the tables rendered from
// that same JSON in the same run; the page shows those tables as they are and
// draws the FFT charts from the JSON with the bench's own renderer. With no
// results the page says how to make them.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createMarkdownRenderer, defineLoader } from 'vitepress';
// @ts-expect-error: plain JavaScript (checked with JSDoc in apps/bench)
import { renderSvg } from '../bench/src/report/svg.mjs';

export interface BenchChart {
  caption: string;
  svg: string;
}

export interface BenchSection {
  name: string;
  /** Rendered HTML of the section's tables, headings starting at h3. */
  html: string;
  charts: BenchChart[];
  /** When and where it ran, if the section records it. */
  machine?: string;
  durationSeconds?: number;
}

export interface PerformanceData {
  sections: BenchSection[];
}

declare const data: PerformanceData;
export { data };

interface FftReport {
  machine?: { date: string; cpu: string; cores: number; node: string; commit?: string };
  options?: { dtypes?: string[]; kinds?: string[] };
  durationSeconds?: number;
}

/** Moves every heading down so the section's largest becomes h3 (the page owns h1 and h2). */
function demoteHeadings(html: string): string {
  const levels = [...html.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
  if (levels.length === 0) return html;
  const shift = 3 - Math.min(...levels);
  return html.replace(/<(\/?)h([1-6])([\s>])/g, (_, slash: string, level: string, rest: string) => `<${slash}h${Math.min(6, Number(level) + shift)}${rest}`);
}

function fftCharts(report: FftReport): BenchChart[] {
  const charts: BenchChart[] = [];
  for (const dtype of report.options?.dtypes ?? ['f32']) {
    for (const kind of report.options?.kinds ?? ['c2c']) {
      charts.push({ caption: `${dtype} ${kind}: µs per forward transform against n (log–log)`, svg: renderSvg(report, { dtype, kind }) });
    }
  }
  return charts;
}

export default defineLoader({
  watch: ['../bench/results/*.json'],
  async load(files: string[]): Promise<PerformanceData> {
    const md = await createMarkdownRenderer(join(dirname(new URL(import.meta.url).pathname)));
    // fft first (the headline), then the others by name.
    const ordered = [...files].sort((a, b) => (basename(a) === 'fft.json' ? -1 : basename(b) === 'fft.json' ? 1 : a.localeCompare(b)));
    const sections: BenchSection[] = [];
    for (const file of ordered) {
      const name = basename(file, '.json');
      const report = JSON.parse(readFileSync(file, 'utf8')) as FftReport;
      const tablesFile = file.replace(/\.json$/, '.md');
      const tables = existsSync(tablesFile) ? readFileSync(tablesFile, 'utf8') : `The bench wrote ${name}.json but no ${name}.md beside it.`;
      const m = report.machine;
      sections.push({
        name,
        html: demoteHeadings(md.render(tables)),
        charts: name === 'fft' ? fftCharts(report) : [],
        ...(m ? { machine: `${m.date} · ${m.cpu}, ${m.cores} cores · Node ${m.node}${m.commit ? ` · commit ${m.commit}` : ''}` } : {}),
        ...(report.durationSeconds !== undefined ? { durationSeconds: report.durationSeconds } : {}),
      });
    }
    return { sections };
  },
});
