#!/usr/bin/env node
// @ts-check
// The FFT bench: @dsp/fft (native and wasm) against fft.js, pffft-wasm,
// kissfft-wasm and webfft in this process, rustfft from Rust (case by case,
// right after ours) and numpy/scipy from Python, all in one run. Writes
// results/fft.json, fft.md and fft.svg, and prints the markdown at the end.
// Then the STFT section (src/stft/): results/stft.json and stft.md, the
// NUFFT section (src/nufft/): results/nufft.json and nufft.md, the
// spectral section (src/spectral/): results/spectral.json and spectral.md, and the
// audio-features section (src/features/): results/features.json and features.md.
// `--section=fft|stft|nufft|spectral|features` runs one of them; the default runs all.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildRustBench, rustContender } from './external/rust.mjs';
import { runPythonBench, setupPython } from './external/python.mjs';
import { machineInfo } from './machine.mjs';
import { mergePasses } from './merge.mjs';
import { parseOptions, UsageError, USAGE, wanted } from './options.mjs';
import { message, unavailable } from './peers/contender.mjs';
import * as dsp from './peers/dsp.mjs';
import * as fftjs from './peers/fftjs.mjs';
import * as kissfft from './peers/kissfft.mjs';
import * as pffft from './peers/pffft.mjs';
import * as webfft from './peers/webfft.mjs';
import { Progress } from './progress.mjs';
import { relativeError } from './reference.mjs';
import { countCases, runNode } from './run-node.mjs';
import { formatUs } from './report/format.mjs';
import { renderMarkdown } from './report/markdown.mjs';
import { computeRatios, evaluateTargets } from './report/ratios.mjs';
import { renderSvg } from './report/svg.mjs';
import { runNufftSection } from './nufft/section.mjs';
import { runSpectralSection } from './spectral/section.mjs';
import { runFeaturesSection } from './features/section.mjs';
import { runStftSection } from './stft/section.mjs';

/** @typedef {import('./peers/contender.mjs').Contender} Contender */
/** @typedef {import('./run-node.mjs').Row} Row */
/** @typedef {import('./report/markdown.mjs').ContenderInfo} ContenderInfo */

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(appDir, '..', '..');
const nativeDir = join(repoRoot, 'native');

const PEERS = [
  { load: pffft.load, what: { id: 'pffft', label: 'pffft-wasm', library: '@echogarden/pffft-wasm', api: 'pffft_transform_ordered' } },
  { load: fftjs.load, what: { id: 'fftjs', label: 'fft.js', library: 'fft.js', api: 'transform' } },
  { load: kissfft.load, what: { id: 'kissfft', label: 'kissfft-wasm', library: 'kissfft-wasm', api: 'FFTConfig.work' } },
  { load: webfft.load, what: { id: 'webfft', label: 'webfft', library: 'webfft', api: 'fft' } },
];
const RUST = { id: 'rustfft', label: 'rustfft (Rust)', library: 'rustfft + realfft, called from Rust', api: 'fft_bench example' };
// Table and chart order: ours, then the yardsticks, then the other peers.
const ORDER = ['native-plan', 'native-call', 'wasm-plan', 'wasm-call', 'rustfft', 'pffft', 'fftjs', 'kissfft', 'webfft', 'numpy', 'scipy'];

/** Locked crate version, for the report. @param {string} name */
function crateVersion(name) {
  try {
    const lock = readFileSync(join(nativeDir, 'Cargo.lock'), 'utf8');
    return new RegExp(`name = "${name}"\\nversion = "([^"]+)"`).exec(lock)?.[1] ?? '?';
  } catch {
    return '?';
  }
}

/** @param {string[]} argv */
function options(argv) {
  try {
    return parseOptions(argv, process.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) console.error(e.message);
    console.error(USAGE);
    process.exit(e.message ? 2 : 0);
  }
}

async function main() {
  const opts = options(process.argv.slice(2));
  const all = opts.section === 'all';
  if (all || opts.section === 'fft') await runFftSection(opts);
  if (all || opts.section === 'nufft') {
    const outDir = resolve(appDir, opts.out);
    console.log(`NUFFT bench${opts.quick ? ' (quick)' : ''} → ${outDir}`);
    const markdown = await runNufftSection({ appDir, outDir, quick: opts.quick, python: opts.python && wanted(opts, 'finufft'), log: (line) => console.log(line) });
    process.stdout.write(`\n${markdown}\nWrote ${join(outDir, 'nufft.json')} and nufft.md.\n`);
  }
  if (all || opts.section === 'stft') {
    const outDir = resolve(appDir, opts.out);
    const budgetMs = opts.quick ? 100 : Math.max(opts.budgetMs, 300);
    console.log(`STFT bench: 3 workloads, ${budgetMs} ms per case → ${outDir}`);
    const rust = opts.rust && wanted(opts, 'rustfft');
    const markdown = await runStftSection({ appDir, nativeDir, outDir, budgetMs, python: opts.python && wanted(opts, 'scipy'), rust, log: (line) => console.log(line) });
    process.stdout.write(`\n${markdown}\nWrote ${join(outDir, 'stft.json')} and stft.md.\n`);
  }
  if (all || opts.section === 'spectral') {
    const outDir = resolve(appDir, opts.out);
    const budgetMs = opts.quick ? 100 : Math.max(opts.budgetMs, 300);
    console.log(`Spectral bench: compression on 3 datasets, sst 1024², convolution 512² × kernels 3…127, ${budgetMs} ms per case → ${outDir}`);
    const markdown = await runSpectralSection({ appDir, repoRoot, outDir, budgetMs, python: opts.python && wanted(opts, 'scipy'), log: (line) => console.log(line) });
    process.stdout.write(`\n${markdown}\nWrote ${join(outDir, 'spectral.json')} and spectral.md.\n`);
  }
  if (all || opts.section === 'features') {
    const outDir = resolve(appDir, opts.out);
    const budgetMs = opts.quick ? 200 : Math.max(opts.budgetMs, 1000);
    console.log(`Audio-features bench: fixture clips, ${budgetMs} ms per case, librosa 0.11 beside → ${outDir}`);
    const markdown = await runFeaturesSection({ appDir, outDir, budgetMs, python: opts.python, quick: opts.quick, log: (line) => console.log(line) });
    process.stdout.write(`\n${markdown}\nWrote ${join(outDir, 'features.json')} and features.md.\n`);
  }
}

/** @param {ReturnType<typeof options>} opts */
async function runFftSection(opts) {
  const started = Date.now();
  const machine = machineInfo(repoRoot);
  const progress = new Progress(0);
  const outDir = resolve(appDir, opts.out);
  progress.log(
    `FFT bench: ${opts.sizes.length} sizes (${opts.sizes[0]} … ${opts.sizes.at(-1)}), ${opts.dtypes.join('+')}, ${opts.kinds.join('+')}, ` +
      `${opts.budgetMs} ms per case, ${opts.passes} pass${opts.passes > 1 ? 'es' : ''} → ${outDir}`,
  );

  // In-process contenders; ours come first: peers are compared with their output.
  /** @type {Contender[]} */
  let contenders = await dsp.load();
  /** @type {string[]} */
  const notes = [];

  // Builds and installs happen before any timing, so they never overlap it.
  if (opts.rust && wanted(opts, 'rustfft')) {
    progress.log('building the rustfft bench (native/dsp-core/examples/fft_bench.rs; a first build takes a few minutes)');
    const built = await buildRustBench(nativeDir, (l) => progress.update(`cargo: ${l}`));
    contenders.push('binary' in built ? rustContender(built.binary, crateVersion('rustfft')) : unavailable(RUST, built.unavailable));
  }
  for (const peer of PEERS) {
    if (!wanted(opts, peer.what.id)) continue;
    try {
      contenders.push(...(await peer.load()));
    } catch (e) {
      contenders.push(unavailable(peer.what, `could not load: ${message(e)}`));
    }
  }
  contenders = contenders.filter((c) => wanted(opts, c.id));
  const pythonIds = ['numpy', 'scipy'].filter((id) => wanted(opts, id));
  /** @type {{ python: string } | { unavailable: string } | null} */
  let pythonSetup = null;
  if (opts.python && pythonIds.length) {
    progress.log('setting up the Python peers (apps/bench/.venv; a first run installs numpy and scipy)');
    pythonSetup = await setupPython(appDir, (l) => progress.update(`python: ${l}`));
  }
  /** @type {Map<string, string[]>} */
  const byReason = new Map();
  for (const c of contenders) if (c.unavailable) byReason.set(c.unavailable, [...(byReason.get(c.unavailable) ?? []), c.label]);
  if (pythonSetup && 'unavailable' in pythonSetup) byReason.set(pythonSetup.unavailable, pythonIds);
  for (const [reason, labels] of byReason) progress.log(`${labels.join(', ')}: unavailable: ${reason}`);

  const cases = opts.sizes.length * opts.dtypes.length * opts.kinds.length;
  const python = pythonSetup && 'python' in pythonSetup ? pythonSetup.python : null;
  progress.total = opts.passes * (countCases(contenders, opts) + (python ? cases * pythonIds.length : 0));
  progress.start = Date.now();
  const caseLine = /^(numpy|scipy) (f32|f64) (c2c|r2c) n=(\d+): ([\d.]+) us$/;
  const fromPython = (/** @type {string} */ l) => {
    const m = caseLine.exec(l);
    progress.update(`[python] ${m ? `${m[2]} ${m[3]} n=${m[4]} ${m[1]}: ${formatUs(Number(m[5]))} µs` : l}`, { count: Boolean(m) });
  };

  /** @type {Row[][]} */
  const passes = [];
  /** @type {ReturnType<typeof runNode>['probes']} */
  let probes = new Map();
  /** @type {string | undefined} */
  let pythonFailure = pythonSetup && 'unavailable' in pythonSetup ? pythonSetup.unavailable : undefined;
  /** @type {Record<string, string>} */
  let pythonVersions = {};
  for (let pass = 1; pass <= opts.passes; pass++) {
    if (opts.passes > 1) progress.log(`pass ${pass} of ${opts.passes}`);
    const node = runNode(contenders, opts, progress);
    probes = node.probes;
    /** @type {Row[]} */
    const rows = node.rows;
    if (python && !pythonFailure) {
      const result = await runPythonBench(python, join(appDir, 'python', 'fft_bench.py'), opts, fromPython);
      if ('unavailable' in result) pythonFailure = result.unavailable;
      else {
        pythonVersions = { ...result.versions, python: result.python };
        for (const r of result.results) {
          const ref = probes.get(`${r.dtype} ${r.kind} ${r.n}`);
          const same = ref && ref.stride === r.probeStride;
          rows.push({
            id: r.library, dtype: r.dtype, kind: r.kind, n: r.n, us: r.us, minUs: r.minUs, samples: r.samples, batch: r.batch,
            relErr: same ? relativeError(r.probe, ref.values) : null,
            relErrVsDsp: same && ref.ours ? relativeError(r.probe, ref.ours) : null,
            relErrOn: `every ${r.probeStride}th bin`,
            ...(r.computedAs ? { note: `computed as ${r.computedAs}` } : {}),
          });
        }
      }
    }
    passes.push(rows);
  }
  progress.finish();
  const rows = mergePasses(passes);

  /** @param {(dtype: 'f32' | 'f64', kind: 'c2c' | 'r2c', n: number) => string | null} supports */
  const coverage = (supports) => {
    /** @type {ContenderInfo['coverage']} */
    const result = {};
    for (const dtype of opts.dtypes) {
      for (const kind of opts.kinds) {
        const reasons = opts.sizes.map((n) => supports(dtype, kind, n));
        result[`${dtype} ${kind}`] = { supported: reasons.filter((r) => r === null).length, of: reasons.length, reason: reasons.find((r) => r !== null) ?? undefined };
      }
    }
    return result;
  };
  /** @type {ContenderInfo[]} */
  const infos = contenders.map((c) => ({
    id: c.id, label: c.label, library: c.library, version: c.version, api: c.api, unavailable: c.unavailable,
    coverage: coverage((d, k, n) => c.supports(d, k, n)),
  }));
  for (const id of python || pythonFailure ? pythonIds : []) {
    infos.push({
      id,
      label: id,
      library: id === 'numpy' ? 'numpy.fft' : 'scipy.fft',
      version: pythonVersions[id] ?? '',
      api: id === 'numpy' ? 'np.fft.fft(x, out=out) / np.fft.rfft(x, out=out)' : 'scipy.fft.fft(x) / scipy.fft.rfft(x)',
      unavailable: pythonFailure,
      coverage: coverage(() => null),
    });
  }
  infos.sort((a, b) => ORDER.indexOf(a.id) - ORDER.indexOf(b.id));

  const rust = /** @type {ReturnType<typeof rustContender> | undefined} */ (contenders.find((c) => c.id === 'rustfft' && !c.unavailable));
  if (rust?.method) notes.push(`rustfft ${rust.version}: ${rust.method}; CPU features it detected: ${rust.cpuFeatures.join(', ')}. Each case is a run of the example binary right after our backends ran the case. Its output is not checked here (it is the floor; dsp-core's tests check the core).`);
  if (pythonVersions.numpy) {
    notes.push(
      `numpy ${pythonVersions.numpy} and scipy ${pythonVersions.scipy} on Python ${pythonVersions.python}, run after each pass of the Node cases: numpy ≥ 2 keeps complex64/float32 input in single precision ` +
        '(no upcast to complex128), so f32 is f32 for both. numpy is called with out=; scipy.fft has no out= and allocates its result each call. ' +
        `Their errors are measured on every k-th bin (≤ ${opts.probeBins} bins) sent back from Python.`,
    );
  }
  const picks = rows.filter((r) => r.id === 'webfft' && r.note).map((r) => `${r.n}: ${r.note}`);
  if (picks.length) notes.push(`webfft: the sub-library its profile() picked per n (in the fastest pass): ${picks.join(', ')}.`);
  if (infos.some((c) => c.id === 'pffft' && !c.unavailable)) notes.push('pffft-wasm: the SIMD build; its r2c output stays in its packed order (X[n/2].re in X[0].im): copied out, not unpacked, inside the timing.');
  if (infos.some((c) => c.id === 'fftjs' && !c.unavailable)) notes.push('fft.js computes in float64 whatever the array; its f32 figures read and write Float32Arrays.');
  if (opts.passes > 1) notes.push(`Each figure is the fastest of ${opts.passes} passes over all cases (each pass's median is in fft.json as passUs).`);

  const ratios = computeRatios(rows);
  const report = {
    machine: { ...machine, loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    options: opts,
    contenders: infos,
    results: rows,
    ratios,
    targets: evaluateTargets(ratios),
    notes,
    durationSeconds: Math.round((Date.now() - started) / 100) / 10,
  };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'fft.json'), JSON.stringify(report, null, 1) + '\n');
  const markdown = renderMarkdown(report);
  writeFileSync(join(outDir, 'fft.md'), markdown);
  writeFileSync(join(outDir, 'fft.svg'), renderSvg(report));
  process.stdout.write(`\n${markdown}\nWrote ${join(outDir, 'fft.json')}, fft.md and fft.svg in ${report.durationSeconds} s.\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
