#!/usr/bin/env node
// Builds the Rust core as a static library for the Node-API addon:
// `cargo build --release -p dsp-capi` in native/, which leaves
// native/target/release/libdsp_capi.a for packages/backend-native/binding.gyp.
//
// It uses the machine's rustup cargo; the wasm build drives Debian's rustc
// separately (see DESIGN.md). Set CARGO to pick another cargo.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(repoRoot, 'native');
const library = join(nativeDir, 'target', 'release', process.platform === 'win32' ? 'dsp_capi.lib' : 'libdsp_capi.a');

// Debian's /usr/bin/cargo (0.66, kept for the wasm build) cannot use the
// sparse crates.io index, so rustup's cargo is preferred and an old one on
// PATH is passed over.
const MIN_CARGO_MINOR = 68;

function cargoMinor(cargo) {
  const probe = spawnSync(cargo, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return undefined;
  const match = /^cargo 1\.(\d+)/.exec(probe.stdout);
  return match ? Number(match[1]) : undefined;
}

function findCargo() {
  if (process.env.CARGO) return { cargo: process.env.CARGO };
  const exe = process.platform === 'win32' ? 'cargo.exe' : 'cargo';
  const cargoHome = process.env.CARGO_HOME ?? join(homedir(), '.cargo');
  const candidates = [join(cargoHome, 'bin', exe), 'cargo'];
  const tooOld = [];
  for (const cargo of candidates) {
    const minor = cargoMinor(cargo);
    if (minor === undefined) continue;
    if (minor >= MIN_CARGO_MINOR) return { cargo };
    tooOld.push(`${cargo} is 1.${minor}`);
  }
  return { tooOld };
}

function fail(message) {
  console.error(`build-core-native: ${message}`);
  process.exit(1);
}

const { cargo, tooOld = [] } = findCargo();
if (!cargo) {
  const found = tooOld.length ? ` (found only ${tooOld.join(', ')}; need 1.${MIN_CARGO_MINOR} or newer)` : '';
  fail(`rustup's cargo was not found in ~/.cargo/bin or on PATH${found}. Run \`sh tools/setup.sh\` to install the Rust toolchain, then run this again.`);
}

const started = Date.now();
const result = spawnSync(cargo, ['build', '--release', '-p', 'dsp-capi'], { cwd: nativeDir, stdio: 'inherit' });
if (result.error) fail(`could not run ${cargo}: ${result.error.message}. Run \`sh tools/setup.sh\` to install the Rust toolchain.`);
if (result.status !== 0) fail(`cargo build --release -p dsp-capi failed (exit ${result.status ?? result.signal}).`);
if (!existsSync(library)) fail(`cargo finished but ${library} is missing; check crate-type = ["staticlib", …] in native/dsp-capi/Cargo.toml.`);
console.log(`build-core-native: ${library} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
