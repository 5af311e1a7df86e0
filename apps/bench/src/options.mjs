// @ts-check
// What to run: sizes, dtypes, kinds, time per case and which contenders,
// from argv (--name=value or --name value) or BENCH_* environment variables.

const POWERS = Array.from({ length: 15 }, (_, i) => 2 ** (i + 6)); // 64 … 2^20
const ODD = [1000, 1536, 4097, 44100]; // 2^3·5^3, 2^9·3, 17·241, 2^2·3^2·5^2·7^2
export const FULL_SIZES = [...POWERS, ...ODD].sort((a, b) => a - b);
export const QUICK_SIZES = [64, 256, 1000, 1024, 1536, 4096, 4097, 44100, 65536];

export const USAGE = `usage: pnpm bench [options]      (env: BENCH_<NAME>=value)
  --quick              9 sizes, 25 ms per case, one pass (about a minute)
  --sizes=64,1024,…    sizes to run (default 64 … 2^20 and 1000, 1536, 4097, 44100)
  --budget-ms=100      sampling time per case, after warm-up (at least 5 samples are always taken)
  --passes=2           sweeps over all cases; each figure is its fastest sweep's median
  --dtypes=f32,f64     --kinds=c2c,r2c
  --only=id,…          contenders to run (native-plan, native-call, wasm-plan, wasm-call,
                       fftjs, pffft, kissfft, webfft, rustfft, numpy, scipy)
  --skip=id,…          contenders to leave out
  --no-rust            --no-python
  --out=results        output folder (relative to apps/bench)
  --section=all        fft, stft, nufft, spectral, features or all (default): the FFT sweep, the STFT workloads,
                       the NUFFT cases, the spectral tensor figures, the audio features against librosa, or all`;

const KNOWN = ['section', 'quick', 'sizes', 'passes', 'budget-ms', 'dtypes', 'kinds', 'only', 'skip', 'no-rust', 'no-python', 'out', 'probe-bins'];

/**
 * @typedef {object} Options
 * @property {number[]} sizes
 * @property {('f32' | 'f64')[]} dtypes
 * @property {('c2c' | 'r2c')[]} kinds
 * @property {number} budgetMs
 * @property {number} passes sweeps over all cases; a figure is its fastest pass
 * @property {string[] | null} only
 * @property {string[]} skip
 * @property {boolean} rust
 * @property {boolean} python
 * @property {string} out
 * @property {boolean} quick
 * @property {number} probeBins bins of each Python result checked against the reference
 * @property {'fft' | 'stft' | 'nufft' | 'spectral' | 'features' | 'all'} section which sections run
 */

/** @param {string[]} argv @param {NodeJS.ProcessEnv} env @returns {Options} */
export function parseOptions(argv, env) {
  /** @type {Record<string, string>} */
  const raw = {};
  for (const [key, value] of Object.entries(env)) {
    const name = key.slice(6).toLowerCase().replace(/_/g, '-');
    if (key.startsWith('BENCH_') && value !== undefined && KNOWN.includes(name)) raw[name] = value;
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    if (arg === '--') continue;
    if (arg === '-h' || arg === '--help') throw new UsageError('');
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new UsageError(`unknown argument: ${arg}`);
    const name = /** @type {string} */ (m[1]);
    if (!KNOWN.includes(name)) throw new UsageError(`unknown option: --${name}`);
    if (m[2] !== undefined) raw[name] = m[2];
    else if (['quick', 'no-rust', 'no-python'].includes(name)) raw[name] = '1';
    else if (i + 1 < argv.length) raw[name] = /** @type {string} */ (argv[++i]);
    else throw new UsageError(`--${name} needs a value`);
  }

  const flag = (/** @type {string} */ name) => raw[name] !== undefined && raw[name] !== '0' && raw[name] !== '';
  const list = (/** @type {string} */ name) => (raw[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const quick = flag('quick');
  const sizes = raw.sizes ? list('sizes').map(Number) : quick ? QUICK_SIZES : FULL_SIZES;
  for (const n of sizes) if (!Number.isInteger(n) || n < 4) throw new UsageError(`sizes must be integers ≥ 4, got ${n}`);
  const dtypes = raw.dtypes ? list('dtypes') : ['f32', 'f64'];
  for (const d of dtypes) if (d !== 'f32' && d !== 'f64') throw new UsageError(`dtypes: f32 or f64, got ${d}`);
  const kinds = raw.kinds ? list('kinds') : ['c2c', 'r2c'];
  for (const k of kinds) if (k !== 'c2c' && k !== 'r2c') throw new UsageError(`kinds: c2c or r2c, got ${k}`);
  const budgetMs = raw['budget-ms'] ? Number(raw['budget-ms']) : quick ? 25 : 100;
  if (!(budgetMs > 0)) throw new UsageError(`budget-ms must be > 0, got ${raw['budget-ms']}`);
  const passes = raw.passes ? Number(raw.passes) : quick ? 1 : 2;
  if (!Number.isInteger(passes) || passes < 1) throw new UsageError(`passes must be an integer ≥ 1, got ${raw.passes}`);
  const section = raw.section ?? 'all';
  if (!['fft', 'stft', 'nufft', 'spectral', 'features', 'all'].includes(section)) throw new UsageError(`section: fft, stft, nufft, spectral, features or all, got ${section}`);
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    dtypes: /** @type {('f32' | 'f64')[]} */ (dtypes),
    kinds: /** @type {('c2c' | 'r2c')[]} */ (kinds),
    budgetMs,
    passes,
    only: raw.only ? list('only') : null,
    skip: list('skip'),
    rust: !flag('no-rust'),
    python: !flag('no-python'),
    out: raw.out ?? 'results',
    quick,
    probeBins: raw['probe-bins'] ? Number(raw['probe-bins']) : 256,
    section: /** @type {'fft' | 'stft' | 'nufft' | 'all'} */ (section),
  };
}

/** @param {Options} options @param {string} id */
export const wanted = (options, id) => (options.only === null || options.only.includes(id)) && !options.skip.includes(id);

export class UsageError extends Error {}
