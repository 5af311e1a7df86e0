// @ts-check
// The NUFFT section: @dsp/nufft (native one thread, wasm) against FINUFFT
// (PyPI finufft, one thread) stage by stage — plan, setPoints, execute — on
// the issue's 1-D type 1/2 and 2-D type 1 cases, plus the spectral-division
// node's per-block latency. Writes results/nufft.json and nufft.md and
// returns the markdown.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { setupPython } from '../external/python.mjs';
import { run as spawnRun, tail } from '../external/spawn.mjs';
import { message } from '../peers/contender.mjs';
import { collectGarbage } from '../timing.mjs';

/** @typedef {{ id: string, type: 1 | 2, dim: number, M: number, N: number[], eps: number, dtype: 'f32' | 'f64' }} NufftCase */
/** @typedef {{ id: string, who: string, planMs: number | null, setptsMs: number | null, executeMs: number | null, note?: string }} NufftRow */

/** The issue's matrix, trimmed by `quick` to the cases that take seconds, not minutes. @param {boolean} quick @returns {NufftCase[]} */
export function nufftCases(quick) {
  /** @type {NufftCase[]} */
  const cases = [];
  const sizes = quick ? [[1e4, 1e3], [1e5, 1e5]] : [[1e4, 1e3], [1e5, 1e5], [1e6, 1e6]];
  for (const [M, N] of sizes) {
    for (const eps of [1e-3, 1e-6, 1e-9]) {
      for (const type of /** @type {const} */ ([1, 2])) {
        for (const dtype of /** @type {const} */ (['f64', 'f32'])) {
          // f32 cannot honour eps below 1e-5 (NUFFT_EPS_FLOOR): those cases are refused, not run.
          if (dtype === 'f32' && eps < 1e-5) continue;
          cases.push({ id: `1d${type} M=${M} N=${N} eps=${eps} ${dtype}`, type, dim: 1, M, N: [N], eps, dtype });
        }
      }
    }
  }
  if (!quick) cases.push({ id: '2d1 M=1e6 N=1000x1000 eps=1e-6 f64', type: 1, dim: 2, M: 1e6, N: [1000, 1000], eps: 1e-6, dtype: 'f64' });
  return cases;
}

/** Median of `reps` timed runs of `fn` (ms) and its last result. @template T @param {() => T} fn @param {number} reps @returns {[number, T]} */
function timed(fn, reps) {
  const times = [];
  /** @type {T | undefined} */
  let result;
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return [times[times.length >> 1], /** @type {T} */ (result)];
}

/** Uniform values, seeded (LCG). @param {number} n @param {number} lo @param {number} hi @param {number} seed */
function uniform(n, lo, hi, seed) {
  let s = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((hi - lo) * s) / 2 ** 32;
  }
  return out;
}

/**
 * Medians over `runs` of a plan's first use, stage by stage: making it, its
 * first setPoints, its first execute. Each run makes a fresh plan because
 * FINUFFT (2.5) defers its planning (kernel Fourier series, FFTW plan) to the
 * first setpts of a plan: timing setpts again on one plan would leave that
 * work out (1e5 points: 1.7–10.8 ms first, 0.05–0.6 ms after). Ours are timed
 * the same way, first-call costs included. `make` returns the plan's
 * setPoints, execute and dispose.
 * @param {number} runs
 * @param {() => [() => unknown, () => unknown, () => unknown]} make
 * @returns {[number, number, number]}
 */
function firstUse(runs, make) {
  /** @type {[number[], number[], number[]]} */
  const times = [[], [], []];
  const stamp = (/** @type {number[]} */ into, /** @type {number} */ t0) => into.push(performance.now() - t0);
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    const [setPoints, execute, dispose] = make();
    stamp(times[0], t0);
    t0 = performance.now();
    setPoints();
    stamp(times[1], t0);
    t0 = performance.now();
    execute();
    stamp(times[2], t0);
    dispose();
  }
  const median = (/** @type {number[]} */ t) => t.sort((a, b) => a - b)[t.length >> 1] ?? NaN;
  return [median(times[0]), median(times[1]), median(times[2])];
}

/** @param {number | null} ms */
const fmt = (ms) => (ms === null ? '—' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

/**
 * @param {{ appDir: string, outDir: string, quick: boolean, python: boolean, log: (line: string) => void }} o
 * @returns {Promise<string>}
 */
export async function runNufftSection({ appDir, outDir, quick, python, log }) {
  const started = Date.now();
  const cases = nufftCases(quick);
  /** @type {NufftRow[]} */
  const rows = [];
  /** @type {string[]} */
  const notes = [];
  /** @type {any} */
  let nufft;
  try {
    nufft = await import('@dsp/nufft');
    await import('@dsp/backend-native');
    await import('@dsp/backend-wasm');
    const { initBackend } = await import('@dsp/backend');
    await initBackend('native');
    await initBackend('wasm');
  } catch (e) {
    notes.push(`@dsp/nufft could not run (build it: pnpm build): ${message(e)}`);
  }
  // Sub-millisecond stages need many runs for a stable median (the first
  // calls pay for JIT and first-touch page faults); M = 1e6 cases need few.
  const reps = (/** @type {NufftCase} */ c) => (quick ? 3 : c.M >= 1e6 ? 3 : c.M >= 1e5 ? 9 : 25);
  if (nufft) {
    // Warm-up: V8 first runs wasm from its baseline compiler and swaps in the
    // optimised code only after a function has been hot for a while, so the
    // first small case would time baseline code (wasm setPoints ≈ 1 ms instead
    // of 0.2 at M = 1e4). FINUFFT, compiled ahead of time, needs none.
    for (const backend of ['native', 'wasm']) {
      for (const [type, dtype] of /** @type {const} */ ([[1, 'f64'], [2, 'f64'], [1, 'f32'], [2, 'f32']])) {
        const Arr = dtype === 'f32' ? Float32Array : Float64Array;
        const plan = nufft.createNufftPlan({ type, modes: [1000], eps: 1e-3, dtype, backend, threads: 1 });
        const x = Arr.from(uniform(1e4, -Math.PI, Math.PI, 3));
        const input = Arr.from(uniform(2 * (type === 1 ? 1e4 : 1000), -1, 1, 4));
        for (let i = 0; i < 40; i++) {
          plan.setPoints(x);
          plan.execute(input);
        }
        plan.dispose();
      }
    }
    for (const c of cases) {
      const Arr = c.dtype === 'f32' ? Float32Array : Float64Array;
      const points = Array.from({ length: c.dim }, (_, d) => Arr.from(uniform(c.M, -Math.PI, Math.PI, 10 + d)));
      const nModes = c.N.reduce((a, b) => a * b, 1);
      const input = Arr.from(uniform(2 * (c.type === 1 ? c.M : nModes), -1, 1, 7));
      const out = new Arr(2 * (c.type === 1 ? nModes : c.M));
      for (const [who, backend] of [['native 1 thread', 'native'], ['wasm', 'wasm']]) {
        collectGarbage();
        try {
          const [planMs, setptsMs, executeMs] = firstUse(reps(c), () => {
            const plan = nufft.createNufftPlan({ type: c.type, modes: c.N, eps: c.eps, dtype: c.dtype, backend, threads: 1 });
            return [() => plan.setPoints(...points), () => plan.execute(input, out), () => plan.dispose()];
          });
          rows.push({ id: c.id, who, planMs, setptsMs, executeMs });
          log(`nufft ${c.id} ${who}: plan ${fmt(planMs)} ms, setPoints ${fmt(setptsMs)} ms, execute ${fmt(executeMs)} ms`);
        } catch (e) {
          rows.push({ id: c.id, who, planMs: null, setptsMs: null, executeMs: null, note: message(e) });
          log(`nufft ${c.id} ${who}: failed: ${message(e)}`);
        }
      }
    }
    // The node: one 512-sample block (the hop) of one channel at 48 kHz, window 1024, per algorithm.
    for (const algorithm of ['fft', 'nufft', 'dft']) {
      for (const backend of ['native', 'wasm']) {
        try {
          const node = nufft.createSpectralDivider({ algorithm, windowSize: 1024, epsilon: 1e-6, lowerBand: 0.01, upperBand: 0.2, backend });
          const block = 512;
          const sig = { data: uniform(block, -1, 1, 3), shape: [1, 1, block] };
          const div = { data: uniform(block, 0.5, 1.5, 4), shape: [1, 1, block] };
          node.process({ data: uniform(2048, -1, 1, 5), shape: [1, 1, 2048] }, { data: uniform(2048, 0.5, 1.5, 6), shape: [1, 1, 2048] });
          // Blocks before timing, so V8 has optimised the node's JavaScript: the
          // first node measured otherwise ran it unoptimised (0.70 ms against 0.05 warm).
          const reps = algorithm === 'dft' ? 3 : 41;
          timed(() => node.process(sig, div), reps);
          const [ms] = timed(() => node.process(sig, div), reps);
          rows.push({ id: `node ${algorithm} window 1024 block 512`, who: backend, planMs: null, setptsMs: null, executeMs: ms });
          log(`node ${algorithm} ${backend}: ${fmt(ms)} ms per 512-sample block (real time: ${fmt((block / 48000) * 1e3)} ms)`);
          node.dispose();
        } catch (e) {
          notes.push(`node ${algorithm} ${backend}: ${message(e)}`);
        }
      }
    }
  }
  /** @type {Record<string, string>} */
  let versions = {};
  if (python) {
    log('setting up the Python peer (apps/bench/.venv: finufft)');
    const setup = await setupPython(appDir, (l) => log(`python: ${l}`));
    if ('python' in setup) {
      const result = await spawnRun(setup.python, [join(appDir, 'python', 'nufft_bench.py'), '--cases', JSON.stringify(cases.map((c) => ({ ...c, reps: reps(c) }))), '--reps', '3'], { onLine: log });
      if (result.error || result.code !== 0) notes.push(`finufft: nufft_bench.py failed: ${result.error?.message ?? tail(result.stderr)}`);
      else {
        /** @type {{ python: string, versions: Record<string, string>, results: { id: string, planMs: number, setptsMs: number, executeMs: number }[] }} */
        const parsed = JSON.parse(result.stdout);
        versions = { ...parsed.versions, python: parsed.python };
        for (const r of parsed.results) rows.push({ id: r.id, who: 'FINUFFT', planMs: r.planMs, setptsMs: r.setptsMs, executeMs: r.executeMs });
      }
    } else notes.push(`finufft: ${setup.unavailable}`);
  }

  const whos = ['native 1 thread', 'wasm', 'FINUFFT'];
  const lines = ['## NUFFT', '', 'Milliseconds per stage (median): plan / setPoints / execute, and the total against FINUFFT’s same stages (one thread, f64 unless noted).', ''];
  lines.push(`| case | ${whos.join(' | ')} | native ÷ FINUFFT | wasm ÷ FINUFFT |`, `|---|${whos.map(() => '---:').join('|')}|---:|---:|`);
  const total = (/** @type {NufftRow | undefined} */ r) => (r && r.executeMs !== null ? (r.planMs ?? 0) + (r.setptsMs ?? 0) + r.executeMs : null);
  for (const c of cases) {
    const byWho = whos.map((w) => rows.find((r) => r.id === c.id && r.who === w));
    const cells = byWho.map((r) => (r === undefined ? '—' : r.executeMs === null ? `failed: ${r.note}` : `${fmt(r.planMs)} / ${fmt(r.setptsMs)} / ${fmt(r.executeMs)}`));
    const peer = total(byWho[2]);
    const ratio = (/** @type {number | null} */ t) => (t === null || peer === null ? '—' : `${(t / peer).toFixed(1)}×`);
    lines.push(`| ${c.id} | ${cells.join(' | ')} | ${ratio(total(byWho[0]))} | ${ratio(total(byWho[1]))} |`);
  }
  lines.push('', '| node (window 1024, 512-sample block, budget 10.67 ms at 48 kHz) | ms per block |', '|---|---:|');
  for (const r of rows.filter((x) => x.id.startsWith('node '))) lines.push(`| ${r.id} on ${r.who} | ${fmt(r.executeMs)} |`);
  notes.push(
    'Both sides are timed on first use: each run makes a fresh plan, then its first setPoints/setpts and its first execute; each stage is the median over the runs (25 for M = 1e4, 9 for 1e5, 3 for 1e6). FINUFFT 2.5 does its planning (kernel Fourier series, FFTW plan) in the first setpts of a plan, which is why its plan stage is near zero and why setpts repeated on one plan would leave that work out.',
    'Ours: createNufftPlan, setPoints and execute, inputs already in typed arrays; wasm includes the copies into and out of linear memory.',
    `FINUFFT: finufft.Plan(type, modes, eps, nthreads=1), setpts, execute from Python${versions.finufft ? ` (finufft ${versions.finufft}, numpy ${versions.numpy}, Python ${versions.python})` : ''}.`,
    'f32 is run at eps 1e-3 only: below 1e-5 @dsp/nufft refuses f32 (its honest floor).',
  );
  lines.push('', ...notes.map((n) => `- ${n}`), '');
  const markdown = lines.join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'nufft.json'), JSON.stringify({ rows, notes, versions, durationSeconds: Math.round((Date.now() - started) / 100) / 10 }, null, 1) + '\n');
  writeFileSync(join(outDir, 'nufft.md'), markdown);
  return markdown;
}
