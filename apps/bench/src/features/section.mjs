// @ts-check
// The audio-features section: @dsp/audio-features (native, automatic threads
// and 1 thread; wasm) on the librosa fixture clips, with librosa 0.11 timed in
// the same run from Python (python/features_bench.py, in apps/bench/.venv-librosa)
// as the ratio. Functions: hpssSignal (librosa.effects.hpss), yin (50–2000 Hz),
// pyin (C2–C7), chromaCqt when the package has it, and the trio
// hpssSignal + yin + chromaCqt per 10 s of audio. Writes results/features.json
// and features.md and returns the markdown.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { run as spawnRun, tail } from '../external/spawn.mjs';
import { message } from '../peers/contender.mjs';
import { collectGarbage, measure } from '../timing.mjs';
import { setupLibrosa } from './librosa.mjs';

/** @typedef {{ clip: string, seconds: number, function: string, id: string, ms: number | null, minMs: number | null, samples: number, note?: string }} FeatureRow */

const C2 = 65.40639132514966;
const C7 = 2093.004522404789;
const TRIO = ['hpssSignal', 'yin', 'chromaCqt'];
const CONTENDERS = /** @type {const} */ ([
  { id: 'native', label: 'native', backend: 'native', threads: 0 },
  { id: 'native-1t', label: 'native 1 thread', backend: 'native', threads: 1 },
  { id: 'wasm', label: 'wasm', backend: 'wasm', threads: 0 },
]);
// The issue's targets: trio ≥ 20× librosa natively and ≥ 8× on wasm, pyin ≥ 20× natively.
const TARGETS = [
  { id: 'native', fn: 'trio', ratio: 20 },
  { id: 'wasm', fn: 'trio', ratio: 8 },
  { id: 'native', fn: 'pyin', ratio: 20 },
];

/** The fixture folder, as @dsp/backend/testing finds it. */
async function fixturesDir() {
  const testing = await import('@dsp/backend/testing');
  return testing.librosaFixturesDir();
}

/** @param {number | null} ms */
const fmt = (ms) => (ms === null ? '—' : ms < 10 ? ms.toFixed(2) : ms.toFixed(1));

/**
 * @param {{ appDir: string, outDir: string, budgetMs: number, python: boolean, quick: boolean, log: (line: string) => void }} o
 * @returns {Promise<string>}
 */
export async function runFeaturesSection({ appDir, outDir, budgetMs, python, quick, log }) {
  const started = Date.now();
  /** @type {string[]} */
  const notes = [];
  const dir = await fixturesDir();
  const testing = await import('@dsp/backend/testing');
  let clips = readdirSync(dir).filter((c) => existsSync(join(dir, c, 'audio.wav'))).sort();
  if (quick) clips = clips.slice(0, 2);
  const pkg = await import('@dsp/audio-features');
  await import('@dsp/backend-native');
  await import('@dsp/backend-wasm');
  /** @type {Record<string, (y: Float32Array, backend: string, threads: number) => unknown>} */
  const functions = {
    hpssSignal: (y, backend, threads) => pkg.hpssSignal(y, { backend, threads }),
    yin: (y, backend, threads) => pkg.yin(y, { fmin: 50, fmax: 2000, backend, threads }),
    pyin: (y, backend, threads) => pkg.pyin(y, { fmin: C2, fmax: C7, backend, threads }),
  };
  const anyPkg = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (pkg));
  if (typeof anyPkg.chromaCqt === 'function') {
    const chromaCqt = /** @type {(y: Float32Array, o: object) => unknown} */ (anyPkg.chromaCqt);
    functions.chromaCqt = (y, backend, threads) => chromaCqt(y, { sr: 22050, backend, threads });
  } else notes.push('chromaCqt is not in this build of @dsp/audio-features, so the trio is hpssSignal + yin only.');

  /** @type {FeatureRow[]} */
  const rows = [];
  for (const clip of clips) {
    const y = testing.readWavFloat32(join(dir, clip, 'audio.wav')).data;
    const seconds = y.length / 22050;
    for (const c of CONTENDERS) {
      await pkg.initBackend(c.backend);
      for (const [name, fn] of Object.entries(functions)) {
        collectGarbage();
        try {
          const t = measure(() => void fn(y, c.backend, c.threads), { budgetMs, minSamples: name === 'pyin' && c.id === 'wasm' ? 3 : 5 });
          rows.push({ clip, seconds, function: name, id: c.id, ms: t.us / 1000, minMs: t.minUs / 1000, samples: t.samples });
          log(`features ${clip} ${name} ${c.label}: ${fmt(t.us / 1000)} ms`);
        } catch (e) {
          rows.push({ clip, seconds, function: name, id: c.id, ms: null, minMs: null, samples: 0, note: message(e) });
        }
      }
    }
  }

  /** @type {Record<string, string>} */
  let versions = {};
  if (python) {
    log('setting up librosa (apps/bench/.venv-librosa; a first run installs librosa 0.11 and its dependencies)');
    const setup = await setupLibrosa(appDir, (l) => log(`python: ${l}`));
    if ('python' in setup) {
      const args = [join(appDir, 'python', 'features_bench.py'), '--fixtures', dir, '--clips', clips.join(','), '--repeats', quick ? '1' : '3'];
      const result = await spawnRun(setup.python, args, { onLine: log });
      if (result.error || result.code !== 0) notes.push(`librosa: features_bench.py failed: ${result.error?.message ?? tail(result.stderr)}`);
      else {
        /** @type {{ python: string, versions: Record<string, string>, results: { clip: string, seconds: number, function: string, ms: number, minMs: number, samples: number }[] }} */
        const parsed = JSON.parse(result.stdout);
        versions = { ...parsed.versions, python: parsed.python };
        for (const r of parsed.results) rows.push({ ...r, id: 'librosa' });
      }
    } else notes.push(`librosa: ${setup.unavailable}`);
  }

  // The trio per clip: the sum of its functions, where every one of them ran.
  const trioParts = TRIO.filter((f) => f in functions);
  for (const clip of clips) {
    for (const id of [...CONTENDERS.map((c) => c.id), 'librosa']) {
      const parts = trioParts.map((f) => rows.find((r) => r.clip === clip && r.id === id && r.function === f));
      if (parts.every((p) => p && p.ms !== null)) {
        const seconds = /** @type {FeatureRow} */ (parts[0]).seconds;
        const sum = (/** @type {'ms' | 'minMs'} */ k) => parts.reduce((s, p) => s + /** @type {number} */ (p?.[k]), 0);
        rows.push({ clip, seconds, function: 'trio', id, ms: sum('ms'), minMs: sum('minMs'), samples: 0 });
      }
    }
  }

  const fns = [...Object.keys(functions), 'trio'];
  const ids = [...CONTENDERS.map((c) => c.id), 'librosa'];
  /** @type {Map<string, string>} */
  const labels = new Map(CONTENDERS.map((c) => [c.id, c.label]));
  labels.set('librosa', 'librosa 0.11');
  const lines = ['## Audio features', '', 'Median ms per call on each fixture clip (22.05 kHz), and librosa ÷ ours in the same run.', ''];
  lines.push(`| clip | function | ${ids.map((id) => labels.get(id)).join(' | ')} | ${CONTENDERS.map((c) => `× ${c.label}`).join(' | ')} |`);
  lines.push(`|---|---|${ids.map(() => '---:').join('|')}|${CONTENDERS.map(() => '---:').join('|')}|`);
  const find = (/** @type {string} */ clip, /** @type {string} */ fn, /** @type {string} */ id) => rows.find((r) => r.clip === clip && r.function === fn && r.id === id);
  for (const clip of clips) {
    for (const fn of fns) {
      const ref = find(clip, fn, 'librosa')?.ms ?? null;
      const cells = ids.map((id) => {
        const r = find(clip, fn, id);
        return r ? (r.ms === null ? `failed: ${r.note}` : fmt(r.ms)) : '—';
      });
      const ratios = CONTENDERS.map((c) => {
        const ms = find(clip, fn, c.id)?.ms ?? null;
        return ref !== null && ms ? `${(ref / ms).toFixed(1)}×` : '—';
      });
      lines.push(`| ${clip} | ${fn} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`);
    }
  }
  // Per 10 s of audio: medians over the clips of ms × 10 / seconds.
  const per10 = (/** @type {string} */ fn, /** @type {string} */ id) => {
    const v = clips.map((clip) => find(clip, fn, id)).filter((r) => r && r.ms !== null).map((r) => (/** @type {number} */ (r?.ms) * 10) / /** @type {number} */ (r?.seconds));
    v.sort((a, b) => a - b);
    return v.length ? v[v.length >> 1] : null;
  };
  lines.push('', 'Per 10 s of audio (median over the clips):', '', `| function | ${ids.map((id) => labels.get(id)).join(' | ')} |`, `|---|${ids.map(() => '---:').join('|')}|`);
  for (const fn of fns) lines.push(`| ${fn} | ${ids.map((id) => fmt(per10(fn, id))).join(' | ')} |`);
  lines.push('', '| target | wanted | measured | met |', '|---|---:|---:|:---:|');
  /** @type {{ id: string, fn: string, wanted: number, ratio: number | null, met: boolean }[]} */
  const targets = [];
  for (const t of TARGETS) {
    const ours = per10(t.fn, t.id);
    const theirs = per10(t.fn, 'librosa');
    const ratio = ours && theirs ? theirs / ours : null;
    targets.push({ id: t.id, fn: t.fn, wanted: t.ratio, ratio, met: ratio !== null && ratio >= t.ratio });
    lines.push(`| ${t.fn} ${t.id} | ≥ ${t.ratio}× librosa | ${ratio === null ? '—' : `${ratio.toFixed(1)}×`} | ${ratio !== null && ratio >= t.ratio ? 'yes' : 'no'} |`);
  }
  notes.push(
    'Ours: hpssSignal(y), yin(y, { fmin: 50, fmax: 2000 }), pyin(y, { fmin: C2, fmax: C7 }) (and chromaCqt(y) when present) on Float32Array clips, every option at its librosa default; validation and (wasm) copies into and out of linear memory inside the timing. "native" uses every core (threads: 0).',
    `librosa: effects.hpss, yin, pyin, feature.chroma_cqt with the same arguments; median of ${quick ? 1 : 3} calls after a warm-up call` +
      (versions.librosa ? ` (librosa ${versions.librosa}, numpy ${versions.numpy}, scipy ${versions.scipy}, numba ${versions.numba}, Python ${versions.python}).` : '.'),
  );
  lines.push('', ...notes.map((n) => `- ${n}`), '');
  const markdown = lines.join('\n');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'features.json'), JSON.stringify({ rows, targets, notes, versions, durationSeconds: Math.round((Date.now() - started) / 100) / 10 }, null, 1) + '\n');
  writeFileSync(join(outDir, 'features.md'), markdown);
  return markdown;
}
