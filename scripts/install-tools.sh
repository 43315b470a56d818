#!/usr/bin/env bash
# Installs every tool the build and the tests need, at the versions pinned here.
# Idempotent: a tool already present at the right version is skipped in well under a second.
# Nothing here downloads a prebuilt binary from outside the package registries.
set -euo pipefail

WASM_BINDGEN_VERSION=0.2.130
WORKER_BUILD_VERSION=0.8.7
TRUNK_VERSION=0.21.14

root=$(cd "$(dirname "$0")/.." && pwd)
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$cargo_bin:$PATH"

say() { printf '[install] %s\n' "$*"; }

has_version() { # command, expected version substring
  command -v "$1" >/dev/null 2>&1 && "$1" --version 2>/dev/null | grep -q "$2"
}

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! has_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  # Without --locked: the CLI's own lockfile pins a crate version the registry mirror does not serve.
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes)"
  cargo install --force wasm-bindgen-cli@"$WASM_BINDGEN_VERSION"
fi

if ! has_version worker-build "$WORKER_BUILD_VERSION"; then
  say "installing worker-build $WORKER_BUILD_VERSION (about 5 minutes)"
  cargo install --force --locked worker-build@"$WORKER_BUILD_VERSION"
fi

if ! has_version trunk "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 13 minutes)"
  cargo install --force --locked trunk@"$TRUNK_VERSION"
fi

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    say "installing chromium and chromium-driver from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
  else
    echo "Chromium is missing and installing it needs root. Run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y chromium chromium-driver" >&2
    echo "then run this command again." >&2
    exit 1
  fi
fi

if [ -f "$root/package-lock.json" ]; then
  stamp="$root/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$root/package-lock.json" -nt "$stamp" ]; then
    say "installing npm packages (wrangler, binaryen, playwright-core)"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
say "all tools present"
