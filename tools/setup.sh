#!/bin/sh
# Installs what @dsp needs on a fresh machine (Debian bookworm, Node 20 + npm,
# the machine's rustup Rust): pnpm, Debian's wasm32 Rust toolchain, and the
# workspace's npm packages. Safe to run again: it skips what is already there.
set -eu
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9
say() { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else fail "need root to run: $* (run this script as root, or install those packages yourself)"
  fi
}

# Node 20+ and npm
command -v node >/dev/null 2>&1 || fail "Node.js 20 or newer is required (https://nodejs.org)"
node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)' || fail "Node.js 20 or newer is required, found $(node -v)"

# pnpm (corepack is not usable here; install the pinned version with npm)
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  say "installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || as_root npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

# Native core: the machine's Rust (rustup). It cannot be downloaded from here.
command -v cargo >/dev/null 2>&1 || fail "cargo (Rust) is required for the native core; install Rust with rustup (https://rustup.rs) and run this again"

# WebAssembly core: Debian's rustc 1.63 ships the wasm32 std that rustup cannot fetch here.
missing=""
[ -x /usr/bin/rustc ] || missing="$missing rustc"
[ -x /usr/bin/cargo ] || missing="$missing cargo"
[ -d /usr/lib/rustlib/wasm32-unknown-unknown/lib ] || missing="$missing libstd-rust-dev-wasm32"
command -v lld-14 >/dev/null 2>&1 || [ -x /usr/bin/lld-14 ] || missing="$missing lld-14"
if [ -n "$missing" ]; then
  command -v apt-get >/dev/null 2>&1 || fail "the wasm build needs Debian's packages:$missing (apt-get not found; see README, 'Building the wasm core')"
  say "installing Debian packages:$missing"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq $missing >/dev/null
fi

# Chromium for the docs site's end-to-end test (apps/docs/e2e drives /usr/bin/chromium with
# playwright-core, which downloads no browser of its own). About 45 s with apt-get update.
if [ ! -x /usr/bin/chromium ]; then
  command -v apt-get >/dev/null 2>&1 || fail "the docs e2e needs Debian's chromium at /usr/bin/chromium (apt-get not found; or set DSP_CHROMIUM to a Chromium binary)"
  say "installing Debian package: chromium"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
fi

# Workspace packages
say "installing npm packages"
pnpm install --frozen-lockfile --reporter=silent
say "ready"
