#!/usr/bin/env node
// Builds the Rust core as WebAssembly for @dsp/backend-wasm and copies it to
// packages/backend-wasm/dist/dsp_core.wasm.
//
// The wasm32 standard library here comes from Debian (rustc 1.63 +
// libstd-rust-dev-wasm32), because rustup's distribution server is out of
// reach. Two cargos are therefore involved (see DESIGN.md):
//   1. a recent cargo (rustup's) vendors the crates, since Debian's cargo 0.66
//      cannot read the sparse crates.io index; this reruns only when
//      Cargo.lock or a manifest changed;
//   2. Debian's cargo builds offline against the vendored sources with
//      Debian's rustc. Its CARGO_HOME lives under native/target, so the
//      source replacement it needs never leaks into the user's ~/.cargo.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const nativeDir = join(repoRoot, 'native');
const targetDir = join(nativeDir, 'target');
const vendorDir = join(targetDir, 'vendor');
const vendorStamp = join(vendorDir, '.dsp-vendored-from');
const cargoHome = join(targetDir, 'wasm-cargo-home');
const wasmTargetDir = join(targetDir, 'wasm');
const builtWasm = join(wasmTargetDir, 'wasm32-unknown-unknown', 'release', 'dsp_capi.wasm');
const packagedWasm = join(repoRoot, 'packages', 'backend-wasm', 'dist', 'dsp_core.wasm');

const debianRustc = '/usr/bin/rustc';
const debianCargo = '/usr/bin/cargo';
const setupHint =
  'Run `sh tools/setup.sh`: it installs the Debian packages rustc, cargo, libstd-rust-dev-wasm32 and lld-14 ' +
  '(the wasm32 toolchain; rustup cannot add that target here).';

// Manifests decide what gets vendored, so a change to any of them re-vendors.
const vendorInputs = ['Cargo.lock', 'Cargo.toml', 'dsp-core/Cargo.toml', 'dsp-capi/Cargo.toml'];

function fail(message) {
  console.error(`build-core-wasm: ${message}`);
  process.exit(1);
}

function run(command, args, options) {
  const result = spawnSync(command, args, { cwd: nativeDir, stdio: 'inherit', ...options });
  if (result.error) fail(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
}

function checkDebianToolchain() {
  for (const tool of [debianRustc, debianCargo]) {
    if (!existsSync(tool)) fail(`${tool} is missing. ${setupHint}`);
  }
  const libdir = spawnSync(debianRustc, ['--print', 'target-libdir', '--target', 'wasm32-unknown-unknown'], { encoding: 'utf8' });
  const dir = libdir.status === 0 ? libdir.stdout.trim() : '';
  const hasStd = dir !== '' && existsSync(dir) && readdirSync(dir).some((f) => /^libstd-.*\.rlib$/.test(f));
  if (!hasStd) fail(`${debianRustc} has no wasm32-unknown-unknown standard library${dir ? ` in ${dir}` : ''}. ${setupHint}`);
}

/** A cargo new enough to vendor from the sparse index (Debian's is not). */
function findVendoringCargo() {
  const candidates = [process.env.CARGO, join(homedir(), '.cargo', 'bin', 'cargo'), 'cargo'].filter(Boolean);
  for (const cargo of candidates) {
    const probe = spawnSync(cargo, ['--version'], { encoding: 'utf8' });
    const version = /^cargo (\d+)\.(\d+)/.exec(probe.stdout ?? '');
    // Sparse registries are the default from cargo 1.70 on.
    if (!probe.error && version && (Number(version[1]) > 1 || Number(version[2]) >= 70)) return cargo;
  }
  return undefined;
}

function vendorInputsHash() {
  const hash = createHash('sha256');
  for (const file of vendorInputs) {
    const path = join(nativeDir, file);
    hash.update(`${file}\0`);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest('hex');
}

function vendorCrates() {
  if (existsSync(vendorStamp) && readFileSync(vendorStamp, 'utf8') === vendorInputsHash()) return;
  const cargo = findVendoringCargo();
  if (!cargo) {
    fail(
      'vendoring the crates needs cargo ≥ 1.70 (rustup\'s; Debian\'s cargo cannot read the crates.io sparse index). ' +
        'Install it with `sh tools/setup.sh`, or point CARGO at one.',
    );
  }
  console.log(`build-core-wasm: vendoring crates with ${cargo} (Cargo.lock or a manifest changed)`);
  // `cargo vendor` prints the source-replacement config; ours is written below instead.
  run(cargo, ['vendor', '--versioned-dirs', '--quiet', vendorDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  // Vendoring may refresh Cargo.lock, so the stamp is taken afterwards.
  writeFileSync(vendorStamp, vendorInputsHash());
}

function writeCargoHome() {
  mkdirSync(cargoHome, { recursive: true });
  const config =
    '[source.crates-io]\nreplace-with = "vendored-sources"\n\n' +
    `[source.vendored-sources]\ndirectory = ${JSON.stringify(vendorDir)}\n`;
  const path = join(cargoHome, 'config.toml');
  if (!existsSync(path) || readFileSync(path, 'utf8') !== config) writeFileSync(path, config);
}

function buildWasm() {
  const env = { ...process.env };
  // A wrapper or toolchain override aimed at rustup's rustc would break Debian's.
  for (const key of ['RUSTC_WRAPPER', 'RUSTC_WORKSPACE_WRAPPER', 'RUSTUP_TOOLCHAIN', 'CARGO_TARGET_DIR', 'CARGO_BUILD_TARGET']) delete env[key];
  Object.assign(env, {
    CARGO_HOME: cargoHome,
    RUSTC: debianRustc,
    // simd128 is in every current browser and Node, and bulk-memory in every
    // engine that has simd128: it turns copies and fills into memory.copy and
    // memory.fill, where the prebuilt std's word-at-a-time memcpy made a
    // 1024-point real FFT about 20% slower. Debug info comes from the
    // prebuilt std and is dead weight in a shipped module. Function names
    // stay, so a trap's stack trace still says where it happened.
    RUSTFLAGS: '-C target-feature=+simd128,+bulk-memory -C strip=debuginfo',
    // wasm32-unknown-unknown cannot unwind: a panic traps, and the loader
    // turns the trap into E_INTERNAL and a fresh instance.
    CARGO_PROFILE_RELEASE_PANIC: 'abort',
  });
  run(
    debianCargo,
    [
      'build', '--offline', '--release',
      '--target', 'wasm32-unknown-unknown',
      '-p', 'dsp-capi', '--no-default-features', '--features', 'wasm_simd',
      '--target-dir', wasmTargetDir,
    ],
    { env },
  );
  if (!existsSync(builtWasm)) fail(`cargo finished but ${builtWasm} is missing; check crate-type = ["cdylib", …] in native/dsp-capi/Cargo.toml.`);
}

async function checkModule(path) {
  const module = await WebAssembly.compile(readFileSync(path));
  const imports = WebAssembly.Module.imports(module);
  if (imports.length > 0) {
    fail(
      `${path} imports ${imports.map((i) => `${i.module}.${i.name}`).join(', ')}; the loader provides no imports. ` +
        'Something in the core reaches for the host (printing, time, randomness); keep it out of the wasm build.',
    );
  }
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  for (const name of ['memory', 'dsp_abi_version', 'dsp_last_error', 'dsp_alloc', 'dsp_free', 'dsp_fft_plan_new', 'dsp_fft_plan_execute']) {
    if (!exported.has(name)) fail(`${path} does not export ${name}; check the #[no_mangle] extern "C" functions in native/dsp-capi/src/lib.rs.`);
  }
}

const started = Date.now();
checkDebianToolchain();
vendorCrates();
writeCargoHome();
buildWasm();
await checkModule(builtWasm);
mkdirSync(dirname(packagedWasm), { recursive: true });
copyFileSync(builtWasm, packagedWasm);
const kib = (statSync(packagedWasm).size / 1024).toFixed(0);
console.log(`build-core-wasm: ${packagedWasm} (${kib} KiB, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
