// @ts-check
// The STFT section: ours (native 1 and 2 threads, wasm) against pffft-wasm and
// fft.js frame by frame and scipy.signal.stft, on the workloads of
// workloads.mjs, with the rustfft floor of the IQ workloads timed from Rust
// (native/dsp-core/examples/stft_bench.rs) right after ours.
// Writes results/stft.json and stft.md and returns the markdown.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { setupPython } from '../external/python.mjs';
import { buildRustBench } from '../external/rust.mjs';
import { run as spawnRun, tail } from '../external/spawn.mjs';
import { message } from '../peers/contender.mjs';
import { collectGarbage, measure } from '../timing.mjs';
import { fftjs, ours, pffft } from './peers.mjs';
import { workloads } from './workloads.mjs';

/** @typedef {import('./peers.mjs').StftContender} StftContender */
/** @typedef {{ workload: string, id: string, label: string, ms: number | null, minMs: number | null, samples: number, relErr: number | null, note?: string }} StftRow */

/** max|a − b| / max|b|. @param {Float32Array} a @param {Float32Array} b */
function relativeError(a, b) {
  let d = 0;
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return m === 0 ? d : d / m;
}

/** @param {number | null} ms */
const fmt = (ms) => (ms === null ? '—' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

/**
 * The IQ workload at `hop` on `threads` threads, timed by stft_bench: the
 * plainest rustfft STFT and our core called from Rust, alternating.
 * @param {string} binary @param {number} hop @param {number} threads @param {number} budgetMs
 * @returns {{ rustfft: { us: number, minUs: number }, core: { us: number, minUs: number }, samples: number }}
 */
function rustStft(binary, hop, threads, budgetMs) {
  const args = ['--hop', String(hop), '--threads', String(threads), '--budget-ms', String(Math.round(budgetMs))];
  const result = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.error || result.status !== 0) throw new Error(`stft_bench ${args.join(' ')} failed: ${result.error?.message ?? tail(result.stderr)}`);
  /** @type {{ samples: number, results: { id: string, us: number, minUs: number }[] }} */
  const parsed = JSON.parse(result.stdout);
  const get = (/** @type {string} */ id) => {
    const r = parsed.results.find((x) => x.id === id);
    if (!r) throw new Error(`stft_bench printed no ${id} row`);
    return r;
  };
  return { rustfft: get('rustfft'), core: get('ours'), samples: parsed.samples };
}

/**
 * @param {{ appDir: string, nativeDir: string, outDir: string, budgetMs: number, python: boolean, rust: boolean, log: (line: string) => void }} o
 * @returns {Promise<string>}
 */
export async function runStftSection({ appDir, nativeDir, outDir, budgetMs, python, rust, log }) {
  const started = Date.now();
  const list = workloads();
  /** @type {StftContender[]} */
  const contenders = [];
  /** @type {string[]} */
  const notes = [];
  /** @type {string | null} */
  let rustBinary = null;
  if (rust) {
    log('building the rustfft STFT floor (native/dsp-core/examples/stft_bench.rs)');
    const built = await buildRustBench(nativeDir, (l) => log(`cargo: ${l}`), 'stft_bench');
    if ('binary' in built) rustBinary = built.binary;
    else notes.push(`rustfft from Rust: ${built.unavailable}`);
  }
  /** @type {string[]} */
  const coreFromRust = [];
  try {
    contenders.push(...(await ours()));
  } catch (e) {
    notes.push(`@dsp/stft could not run (build it: pnpm build): ${message(e)}`);
  }
  for (const load of [pffft, fftjs]) {
    try {
      contenders.push(await load());
    } catch (e) {
      notes.push(`a peer could not load: ${message(e)}`);
    }
  }
  /** @type {StftRow[]} */
  const rows = [];
  for (const w of list) {
    /** @type {Float32Array | null} */
    let reference = null;
    for (const c of contenders) {
      collectGarbage();
      try {
        const prepared = c.prepare(w);
        const t = measure(prepared.run, { budgetMs, minSamples: 7 });
        if (reference === null) reference = prepared.output;
        const relErr = relativeError(prepared.output, reference);
        rows.push({ workload: w.id, id: c.id, label: c.label, ms: t.us / 1000, minMs: t.minUs / 1000, samples: t.samples, relErr });
        log(`stft ${w.id} ${c.label}: ${fmt(t.us / 1000)} ms`);
      } catch (e) {
        rows.push({ workload: w.id, id: c.id, label: c.label, ms: null, minMs: null, samples: 0, relErr: null, note: message(e) });
      }
    }
    // stft_bench runs the IQ workloads only (its signal is 2^20 complex f32 samples, nFft 1024, not centred).
    if (rustBinary && w.complex && w.nFft === 1024 && !w.center && w.input.length === 2 ** 21) {
      for (const threads of [1, 2]) {
        const id = `rustfft-${threads}t`;
        const label = `rustfft from Rust, ${threads} thread${threads > 1 ? 's' : ''}`;
        try {
          const r = rustStft(rustBinary, w.hop, threads, budgetMs);
          rows.push({ workload: w.id, id, label, ms: r.rustfft.us / 1000, minMs: r.rustfft.minUs / 1000, samples: r.samples, relErr: null });
          coreFromRust.push(`${w.id} ${threads}t ${fmt(r.core.us / 1000)} ms against rustfft's ${fmt(r.rustfft.us / 1000)}`);
          log(`stft ${w.id} ${label}: ${fmt(r.rustfft.us / 1000)} ms (our core from Rust: ${fmt(r.core.us / 1000)} ms)`);
        } catch (e) {
          rows.push({ workload: w.id, id, label, ms: null, minMs: null, samples: 0, relErr: null, note: message(e) });
        }
      }
    }
  }
  /** @type {Record<string, string>} */
  let pythonVersions = {};
  if (python) {
    log('setting up the Python peer (apps/bench/.venv)');
    const setup = await setupPython(appDir, (l) => log(`python: ${l}`));
    if ('python' in setup) {
      const result = await spawnRun(setup.python, [join(appDir, 'python', 'stft_bench.py'), '--budget-ms', String(budgetMs)], { onLine: log });
      if (result.error || result.code !== 0) notes.push(`scipy.signal.stft: stft_bench.py failed: ${result.error?.message ?? tail(result.stderr)}`);
      else {
        /** @type {{ python: string, versions: Record<string, string>, results: { case: string, us: number, minUs: number, samples: number }[] }} */
        const parsed = JSON.parse(result.stdout);
        pythonVersions = { ...parsed.versions, python: parsed.python };
        for (const r of parsed.results) {
          rows.push({ workload: r.case, id: 'scipy', label: 'scipy.signal.stft', ms: r.us / 1000, minMs: r.minUs / 1000, samples: r.samples, relErr: null });
        }
      }
    } else notes.push(`scipy.signal.stft: ${setup.unavailable}`);
  }

  const ids = [...new Set(rows.map((r) => r.id))];
  const labels = new Map(rows.map((r) => [r.id, r.label]));
  const lines = ['## STFT', '', 'Median time per call in ms (data in and out included; fastest sample in parentheses).', ''];
  lines.push(`| workload | ${ids.map((id) => labels.get(id)).join(' | ')} |`, `|---|${ids.map(() => '---:').join('|')}|`);
  /** @type {{ workload: string, what: string, targetMs: number, ms: number | null, met: boolean }[]} */
  const targets = [];
  for (const w of list) {
    const cells = ids.map((id) => {
      const r = rows.find((x) => x.workload === w.id && x.id === id);
      return r ? (r.ms === null ? `failed: ${r.note}` : `${fmt(r.ms)} (${fmt(r.minMs)})`) : '—';
    });
    lines.push(`| ${w.label} | ${cells.join(' | ')} |`);
    if (w.targetsMs) {
      for (const [id, what, target] of /** @type {const} */ ([['native-1t', 'native 1 thread', w.targetsMs.native1], ['native-2t', 'native 2 threads', w.targetsMs.native2], ['wasm', 'wasm', w.targetsMs.wasm]])) {
        if (!Number.isFinite(target)) continue;
        const r = rows.find((x) => x.workload === w.id && x.id === id);
        const ms = r?.ms ?? null;
        targets.push({ workload: w.id, what, targetMs: target, ms, met: ms !== null && ms <= target });
      }
    }
  }
  lines.push('', '| target | wanted | measured | met |', '|---|---:|---:|:---:|');
  for (const t of targets) lines.push(`| ${t.workload} ${t.what} | ≤ ${t.targetMs} ms | ${fmt(t.ms)} ms | ${t.met ? 'yes' : 'no'} |`);
  const worst = rows.filter((r) => r.relErr !== null).reduce((m, r) => Math.max(m, /** @type {number} */ (r.relErr)), 0);
  notes.push(
    `Every in-process output is compared with native 1 thread's: largest max|Δ|/max|ref| ${worst.toExponential(1)}.`,
    'Ours: spectrogram(iq, { complex: true, center: false, shift: false, out }) and stft(clip, { out }) — validation, window cache, kernel, and (wasm) copies into and out of linear memory inside the timing.',
    'rustfft from Rust (native/dsp-core/examples/stft_bench.rs, IQ workloads): the plainest STFT on rustfft — window multiply into a reused buffer, in-place FFT, |X|² into the output row — frames split over a rayon pool in equal parts; its own process, run right after ours, samples alternating with our core called from Rust' +
      (coreFromRust.length ? ` (${coreFromRust.join('; ')}).` : '.'),
    'pffft-wasm and fft.js: a JavaScript loop per frame (window multiply into the transform input, transform, power or copy into the output).',
    'scipy.signal.stft: two-sided, no boundary padding, then |Z|² for IQ; boundary="zeros" (centred) for the clip; one thread' +
      (pythonVersions.scipy ? ` (scipy ${pythonVersions.scipy}, numpy ${pythonVersions.numpy}, Python ${pythonVersions.python}).` : '.'),
  );
  lines.push('', ...notes.map((n) => `- ${n}`), '');
  const markdown = lines.join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'stft.json'), JSON.stringify({ rows, targets, notes, durationSeconds: Math.round((Date.now() - started) / 100) / 10 }, null, 1) + '\n');
  writeFileSync(join(outDir, 'stft.md'), markdown);
  return markdown;
}
