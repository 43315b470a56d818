# Sourced by the Makefile's scripts: the pinned tools first on PATH, and every switch that keeps
# wrangler, workerd, worker-build, Trunk and Chromium from reaching the network.
root=${root:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$cargo_bin:$root/node_modules/.bin:$PATH"
export WRANGLER_SEND_METRICS=false
export WRANGLER_SEND_ERROR_REPORTS=false
export WRANGLER_HIDE_BANNER=true
export CLOUDFLARE_CF_FETCH_ENABLED=false
export WASM_BINDGEN_BIN="$cargo_bin/wasm-bindgen"
export WASM_OPT_BIN="$root/node_modules/.bin/wasm-opt"
export ESBUILD_BIN="$root/node_modules/.bin/esbuild"
# wasm-bindgen-test runs the app's browser tests in headless Chromium through chromedriver.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export CHROMEDRIVER=/usr/bin/chromedriver
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$root/tests/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT=120
