// @ts-check
// The spectral section (issue 6): what sparse spectral tensors really
// compress — ratio and error at 1/5/10/25% kept for gaussian noise, a natural
// image and a speech clip, in the dct/rfft/fft bases, beside int8
// quantisation — the speed of sst on 1024², and fftConvolve against direct
// convolution on a 512×512 image with kernels 3…127 (native and wasm, with
// scipy.signal.fftconvolve as the peer). Writes results/spectral.json and
// spectral.md and returns the markdown.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

import { setupPython } from '../external/python.mjs';
import { run as spawnRun, tail } from '../external/spawn.mjs';
import { message } from '../peers/contender.mjs';
import { makeInput } from '../signal.mjs';
import { collectGarbage, measure } from '../timing.mjs';
import { gaussianNoise, naturalImage, speechClip } from './data.mjs';

const FRACTIONS = [0.01, 0.05, 0.1, 0.25];
const BASES = /** @type {const} */ (['dct', 'rfft', 'fft']);
const KERNELS = [3, 5, 7, 9, 11, 15, 21, 31, 63, 127];
/** Direct convolution is timed up to this kernel size (beyond it takes seconds a call and is never the faster). */
const DIRECT_MAX = 31;

/** ‖a − b‖/‖b‖ in float64. @param {ArrayLike<number>} a @param {ArrayLike<number>} b */
function relErr(a, b) {
  let d = 0;
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    d += (a[i] - b[i]) ** 2;
    n += b[i] ** 2;
  }
  return Math.sqrt(d / n);
}

/** Symmetric per-tensor int8: the peer for compressing trained weights. @param {Float32Array} x */
function int8(x) {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]));
  const scale = max / 127 || 1;
  const y = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) y[i] = Math.round(x[i] / scale) * scale;
  return { ratio: (4 * x.length) / (x.length + 4), relativeError: relErr(y, x) };
}

/** @param {number} ms */
const fmt = (ms) => (ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

/**
 * @param {{ appDir: string, repoRoot: string, outDir: string, budgetMs: number, python: boolean, log: (line: string) => void }} o
 * @returns {Promise<string>}
 */
export async function runSpectralSection({ appDir, repoRoot, outDir, budgetMs, python, log }) {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const st = await import('@dsp/spectral-tensor');
  await import('@dsp/backend-native');
  await import('@dsp/backend-wasm');
  await st.ready();
  const backends = [];
  for (const name of ['native', 'wasm']) {
    try {
      await st.initBackend(name);
      backends.push(name);
    } catch (e) {
      log(`${name}: unavailable: ${message(e)}`);
    }
  }
  /** @type {string[]} */
  const notes = [];

  // --- compression -----------------------------------------------------------
  /** @type {import('./data.mjs').Dataset[]} */
  const datasets = [{ id: 'noise', label: 'gaussian noise (512×512)', data: gaussianNoise(512 * 512), shape: [512, 512], source: 'seeded LCG, Box–Muller' }];
  for (const load of [() => naturalImage(appDir), () => speechClip(repoRoot)]) {
    try {
      datasets.push(load());
    } catch (e) {
      notes.push(`a dataset is missing: ${message(e)}`);
    }
  }
  /** @type {{ dataset: string, method: string, fraction: number | null, nnz: number | null, ratio: number, relativeError: number, ratioFp16Delta?: number }[]} */
  const compression = [];
  for (const d of datasets) {
    for (const basis of BASES) {
      for (const f of FRACTIONS) {
        const T = st.sst(d.data, d.shape, { keep: f, basis, backend: 'native' });
        const packed = T.toBytes({ fp16: true, deltaIndices: true }).length;
        compression.push({ dataset: d.id, method: basis, fraction: f, nnz: T.nnz, ratio: T.compressRatio(), relativeError: T.relativeError, ratioFp16Delta: T.denseBytes() / packed });
        T.dispose();
      }
    }
    compression.push({ dataset: d.id, method: 'int8', fraction: null, nnz: null, ...int8(d.data) });
    log(`spectral: compressed ${d.label}`);
  }

  // --- sst speed on 1024² float32 -------------------------------------------------
  const big = gaussianNoise(1024 * 1024);
  /** @type {{ backend: string, basis: string, ms: number, minMs: number }[]} */
  const sstTimes = [];
  for (const backend of backends) {
    for (const basis of /** @type {const} */ (['dct', 'rfft'])) {
      collectGarbage();
      const t = measure(() => st.sst(big, [1024, 1024], { keep: 0.05, basis, backend }).dispose(), { budgetMs: Math.max(budgetMs, 500), minSamples: 7 });
      sstTimes.push({ backend, basis, ms: t.us / 1000, minMs: t.minUs / 1000 });
      log(`spectral: sst 1024² f32 ${basis} keep 5% on ${backend}: ${fmt(t.us / 1000)} ms`);
    }
  }

  // --- convolution -------------------------------------------------------------
  const image = /** @type {Float64Array} */ (makeInput('f64', 'r2c', 512 * 512));
  const kernelValues = /** @type {Float64Array} */ (makeInput('f64', 'r2c', 512 * 512 + 127 * 127)).slice(512 * 512);
  /** @type {{ backend: string, k: number, method: string, ms: number, minMs: number }[]} */
  const conv = [];
  for (const backend of backends) {
    for (const k of KERNELS) {
      const kernel = kernelValues.slice(0, k * k);
      const o = { mode: /** @type {const} */ ('same'), backend };
      collectGarbage();
      const f = measure(() => st.fftConvolve(image, [512, 512], kernel, [k, k], o), { budgetMs, minSamples: 5 });
      conv.push({ backend, k, method: 'fft', ms: f.us / 1000, minMs: f.minUs / 1000 });
      if (k <= DIRECT_MAX) {
        const d = measure(() => st.convolve(image, [512, 512], kernel, [k, k], { ...o, method: 'direct' }), { budgetMs, minSamples: 3 });
        conv.push({ backend, k, method: 'direct', ms: d.us / 1000, minMs: d.minUs / 1000 });
      }
      log(`spectral: convolve 512² k=${k} on ${backend}`);
    }
  }
  /** @type {Record<string, string>} */
  let pythonVersions = {};
  if (python) {
    log('setting up the Python peer (apps/bench/.venv)');
    const setup = await setupPython(appDir, (l) => log(`python: ${l}`));
    if ('python' in setup) {
      const result = await spawnRun(setup.python, [join(appDir, 'python', 'spectral_bench.py'), '--budget-ms', String(budgetMs), '--kernels', KERNELS.join(','), '--direct-max', '15'], { onLine: log });
      if (result.error || result.code !== 0) notes.push(`scipy: spectral_bench.py failed: ${result.error?.message ?? tail(result.stderr)}`);
      else {
        /** @type {{ python: string, versions: Record<string, string>, results: { k: number, method: string, us: number, minUs: number }[] }} */
        const parsed = JSON.parse(result.stdout);
        pythonVersions = { ...parsed.versions, python: parsed.python };
        for (const r of parsed.results) conv.push({ backend: 'scipy', k: r.k, method: r.method === 'fftconvolve' ? 'fft' : 'direct', ms: r.us / 1000, minMs: r.minUs / 1000 });
      }
    } else notes.push(`scipy: ${setup.unavailable}`);
  }

  // The cost model's constant per backend: FFT time per F·log2 F unit over direct time per multiply-add.
  const costs = KERNELS.map((k) => ({ k, ...st.convolutionCosts({ aShape: [512, 512], bShape: [k, k], axes: [0, 1], fullShape: [511 + k, 511 + k], outShape: [512, 512] }) }));
  const time = (/** @type {string} */ backend, /** @type {number} */ k, /** @type {string} */ method) => conv.find((r) => r.backend === backend && r.k === k && r.method === method)?.ms;
  const medianOf = (/** @type {number[]} */ xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  /** @type {Record<string, number>} */
  const fftUnitCostInMacs = {};
  for (const b of backends) {
    const perMac = medianOf(costs.filter((c) => time(b, c.k, 'direct') !== undefined).map((c) => /** @type {number} */ (time(b, c.k, 'direct')) / c.direct));
    const perUnit = medianOf(costs.map((c) => /** @type {number} */ (time(b, c.k, 'fft')) / c.fft));
    fftUnitCostInMacs[b] = perUnit / perMac;
  }
  const measuredCrossover = (/** @type {string} */ backend) => KERNELS.find((k) => (time(backend, k, 'fft') ?? Infinity) < (time(backend, k, 'direct') ?? Infinity)) ?? null;
  const autoCrossover = (/** @type {string} */ backend) => KERNELS.find((k) => st.chooseConvolveMethod([512, 512], [k, k], 'same', backend) === 'fft') ?? null;
  /** @type {Record<string, { measured: number | null, auto: number | null, withinOne: boolean }>} */
  const crossover = {};
  for (const b of backends) {
    const measured = measuredCrossover(b);
    const auto = autoCrossover(b);
    crossover[b] = { measured, auto, withinOne: measured !== null && auto !== null && Math.abs(KERNELS.indexOf(measured) - KERNELS.indexOf(auto)) <= 1 };
  }

  // --- report --------------------------------------------------------------------
  const lines = ['## Spectral tensors', ''];
  lines.push('Compression ratio (dense float32 bytes / stored bytes: values **and** int32 positions) and relative error ‖x − x̂‖/‖x‖ at each fraction kept (native; f32). In brackets: the ratio of `toBytes({ fp16: true, deltaIndices: true })`.', '');
  lines.push(`| data | method | ${FRACTIONS.map((f) => `${f * 100}% kept`).join(' | ')} |`, `|---|---|${FRACTIONS.map(() => '---').join('|')}|`);
  for (const d of datasets) {
    for (const method of BASES) {
      const cells = FRACTIONS.map((f) => {
        const r = compression.find((c) => c.dataset === d.id && c.method === method && c.fraction === f);
        return r ? `${r.ratio.toFixed(1)}× [${/** @type {number} */ (r.ratioFp16Delta).toFixed(1)}×], err ${r.relativeError.toFixed(3)}` : '—';
      });
      lines.push(`| ${d.label} | ${method} | ${cells.join(' | ')} |`);
    }
    const q = compression.find((c) => c.dataset === d.id && c.method === 'int8');
    if (q) lines.push(`| ${d.label} | int8 (per-tensor scale) | ${q.ratio.toFixed(2)}×, err ${q.relativeError.toFixed(4)} (any fraction) ||||`);
  }
  lines.push('', '`sst` of a 1024×1024 float32 array, keep 5% (median ms; fastest in parentheses; target ≤ 50 ms native):', '');
  lines.push('| backend | dct | rfft |', '|---|---:|---:|');
  for (const b of backends) {
    const c = (/** @type {string} */ basis) => sstTimes.find((t) => t.backend === b && t.basis === basis);
    lines.push(`| ${b} | ${fmt(/** @type {any} */ (c('dct')).ms)} (${fmt(/** @type {any} */ (c('dct')).minMs)}) | ${fmt(/** @type {any} */ (c('rfft')).ms)} (${fmt(/** @type {any} */ (c('rfft')).minMs)}) |`);
  }
  const who = [...backends.flatMap((b) => [[b, 'fft'], [b, 'direct']]), ['scipy', 'fft'], ['scipy', 'direct']];
  lines.push('', 'Convolution of a 512×512 float64 image with a k×k kernel, mode `same` (median ms). `fft` = fftConvolve (scipy: scipy.signal.fftconvolve), `direct` = convolve(..., { method: \'direct\' }) (scipy: scipy.signal.convolve(method=\'direct\')); `auto` = what convolve() picks.', '');
  lines.push(`| k | ${who.map(([b, m]) => `${b} ${m}`).join(' | ')} | ${backends.map((b) => `auto ${b}`).join(' | ')} |`, `|---:|${who.map(() => '---:').join('|')}|${backends.map(() => '---').join('|')}|`);
  for (const k of KERNELS) {
    const cells = who.map(([b, m]) => {
      const t = time(b, k, m);
      return t === undefined ? '—' : fmt(t);
    });
    lines.push(`| ${k} | ${cells.join(' | ')} | ${backends.map((b) => st.chooseConvolveMethod([512, 512], [k, k], 'same', b)).join(' | ')} |`);
  }
  lines.push('');
  for (const b of backends) {
    const c = crossover[b];
    lines.push(
      `- ${b}: FFT first beats direct at k = ${c.measured ?? '—'}; convolve() switches at k = ${c.auto ?? '—'} (${c.withinOne ? 'within' : 'NOT within'} one tested kernel size). ` +
        `Measured FFT_UNIT_COST_IN_MACS = ${fftUnitCostInMacs[b].toFixed(2)} (the constant in src/convolve.ts: ${st.FFT_UNIT_COST_IN_MACS[b]}).`,
    );
  }
  if (python) lines.push(`- scipy: fftconvolve first beats its direct method at k = ${measuredCrossover('scipy') ?? '—'}.`);
  const scipyFft = KERNELS.map((k) => time('scipy', k, 'fft')).filter((t) => t !== undefined);
  if (scipyFft.length) {
    const slower = KERNELS.filter((k) => (time('native', k, 'fft') ?? Infinity) > (time('scipy', k, 'fft') ?? -Infinity));
    lines.push(`Native fftConvolve ≤ scipy.signal.fftconvolve for ${KERNELS.length - slower.length} of ${KERNELS.length} kernel sizes${slower.length ? ` (slower at k = ${slower.join(', ')})` : ''}.`);
  }
  lines.push('', ...notes.map((n) => `- ${n}`), `- Data: ${datasets.map((d) => `${d.label} — ${d.source}`).join('; ')}.`, `- Took ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end on ${os.cpus().length} cores (other work on the machine shows in every figure).`);
  const markdown = lines.join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'spectral.json'),
    JSON.stringify({ compression, sst: sstTimes, convolution: conv, crossover: { ...crossover, scipy: measuredCrossover('scipy'), fftUnitCostInMacs, constant: st.FFT_UNIT_COST_IN_MACS }, python: pythonVersions, loadAverage: { start: loadAtStart, end: os.loadavg()[0] }, cores: os.cpus().length, notes }, null, 2),
  );
  writeFileSync(join(outDir, 'spectral.md'), `${markdown}\n`);
  return markdown;
}
