#!/usr/bin/env sh
# The worker's build, run by wrangler (`[build] command` in proxy-worker/wrangler.toml) from proxy-worker/.
# worker-build would otherwise download wasm-bindgen, wasm-opt and esbuild; these point it at the
# pinned local copies instead.
# TALLAS_WORKER_PREBUILT=1 skips the build when build/worker/shim.mjs exists: the tests build once
# and then start several `wrangler dev` instances, which must not rebuild the same folder at once.
# An argument names another worker crate's folder, relative to the project (the benchmark's Rust
# floor, tests/bench/floor-rust); without one it is proxy-worker. TALLAS_WORKER_BUILD_FLAGS adds
# worker-build flags (`make dev` passes --no-opt).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root/${1:-proxy-worker}"
if [ "${TALLAS_WORKER_PREBUILT:-0}" = 1 ] && [ -f build/worker/shim.mjs ]; then
  exit 0
fi
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$cargo_bin:$root/node_modules/.bin:$PATH"
export WASM_BINDGEN_BIN="$cargo_bin/wasm-bindgen"
export WASM_OPT_BIN="$root/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$root/node_modules/.bin/esbuild"
exec worker-build --release ${TALLAS_WORKER_BUILD_FLAGS:-}
