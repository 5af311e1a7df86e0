// @ts-check
// The rustfft floor: builds native/dsp-core/examples/fft_bench.rs (the FFT
// section) or stft_bench.rs (the STFT section) with the machine's rustup
// cargo (release profile, as the addon is built) and runs it case by case in
// the same run, never alongside another measurement.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { run, tail } from './spawn.mjs';

/** @typedef {{ unavailable: string }} Unavailable */

/**
 * Debian's /usr/bin/cargo (0.66, kept for the wasm build) cannot read the
 * sparse crates.io index, so rustup's cargo is preferred (as in
 * tools/build-core-native.mjs). CARGO overrides.
 */
async function findCargo() {
  if (process.env.CARGO) return process.env.CARGO;
  const candidates = [join(process.env.CARGO_HOME ?? join(homedir(), '.cargo'), 'bin', 'cargo'), 'cargo'];
  for (const cargo of candidates) {
    const probe = await run(cargo, ['--version']);
    const minor = /^cargo 1\.(\d+)/.exec(probe.stdout)?.[1];
    if (probe.code === 0 && minor && Number(minor) >= 68) return cargo;
  }
  return undefined;
}

/**
 * @param {string} nativeDir the Rust workspace (native/)
 * @param {(line: string) => void} onLine
 * @param {string} [example] which of dsp-core's examples
 * @returns {Promise<{ binary: string } | Unavailable>}
 */
export async function buildRustBench(nativeDir, onLine, example = 'fft_bench') {
  const cargo = await findCargo();
  if (!cargo) return { unavailable: 'no cargo ≥ 1.68 found (install Rust with rustup, or set CARGO)' };
  const args = ['build', '--release', '-p', 'dsp-core', '--example', example];
  const built = await run(cargo, args, { cwd: nativeDir, onLine });
  if (built.error || built.code !== 0) {
    return { unavailable: `cargo ${args.join(' ')} failed: ${built.error?.message ?? tail(built.stderr)}` };
  }
  const binary = join(nativeDir, 'target', 'release', 'examples', process.platform === 'win32' ? `${example}.exe` : example);
  return existsSync(binary) ? { binary } : { unavailable: `cargo built, but ${binary} is missing` };
}

/**
 * rustfft as a contender of the Node phase: each case spawns the bench binary
 * for that one case, right after our backends ran it, so the two figures the
 * 1.25× target compares are taken moments apart (this machine is shared).
 * @param {string} binary
 * @param {string} version
 * @returns {import('../peers/contender.mjs').Contender & { method: string, cpuFeatures: string[] }}
 */
export function rustContender(binary, version) {
  const contender = {
    id: 'rustfft',
    label: 'rustfft (Rust)',
    library: `rustfft ${version} + realfft (r2c), called from Rust`,
    version,
    api: 'c2c: the faster of process_immutable_with_scratch and copy + process_with_scratch; r2c: realfft process_with_scratch (input copied first)',
    method: '',
    /** @type {string[]} */
    cpuFeatures: [],
    supports: () => null,
    prepare() {
      throw new Error('rustfft runs in its own process: use measure()');
    },
    /** @type {NonNullable<import('../peers/contender.mjs').Contender['measure']>} */
    measure(dtype, kind, n, budgetMs) {
      const args = [String(n), '--dtype', dtype, '--kind', kind, '--budget-ms', String(Math.round(budgetMs))];
      const result = spawnSync(binary, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (result.error || result.status !== 0) throw new Error(`fft_bench ${args.join(' ')} failed: ${result.error?.message ?? tail(result.stderr)}`);
      const parsed = JSON.parse(result.stdout);
      contender.method = parsed.method;
      contender.cpuFeatures = parsed.cpuFeatures;
      const row = parsed.results[0];
      return { us: row.us, minUs: row.minUs, samples: row.samples, batch: row.batch, ...(row.variants ? { variants: row.variants } : {}) };
    },
  };
  return contender;
}
