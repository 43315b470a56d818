#!/usr/bin/env bash
# `make test`: every layer, in order from fastest to slowest, each one run even when an earlier one
# failed, so one run shows everything that is broken. Ends with one line `tests: N passed, N failed`.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/env.sh

logs="$root/target/test-logs"
rm -rf "$logs" && mkdir -p "$logs"
passed=0
failed=0
failures=()

# Adds the counts a runner printed: cargo's "test result: ok. N passed; M failed" lines and
# node's spec reporter "ℹ pass N" / "ℹ fail N" lines.
count() {
  awk '
    match($0, /test result: [a-zA-Z]+\. [0-9]+ passed; [0-9]+ failed/) {
      split(substr($0, RSTART, RLENGTH), w, " "); p += w[4]; f += w[6]
    }
    /^ℹ pass [0-9]+/ { p += $3 }
    /^ℹ fail [0-9]+/ { f += $3 }
    END { print p + 0, f + 0 }
  ' "$1"
}

# step NAME KIND COMMAND...: KIND "suite" counts the tests the runner reports; KIND "check" counts
# the step itself as one test. A suite whose command fails without reporting a failed test (it did
# not build, or crashed) counts as one failure.
step() {
  local name=$1 kind=$2 log="$logs/$1.log" rc p f
  shift 2
  printf '\n==> %s\n' "$name"
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  if [ "$kind" = check ]; then
    if [ "$rc" = 0 ]; then p=1 f=0; else p=0 f=1; fi
  else
    read -r p f < <(count "$log")
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then f=1; fi
  fi
  passed=$((passed + p))
  failed=$((failed + f))
  if [ "$rc" != 0 ]; then failures+=("$name (log: target/test-logs/$name.log)"); fi
}

step tools check bash scripts/install-tools.sh
step fmt check cargo fmt --all --check
step import-cycles check python3 scripts/check-import-cycles.py core/src app/src proxy-worker/src
step clippy-native check cargo clippy -p tallas-core -p fake-mistral --all-targets --locked -- -D warnings
step clippy-wasm check cargo clippy -p tallas-app -p tallas-proxy --target wasm32-unknown-unknown --all-targets --locked -- -D warnings
step unit-native suite cargo test -p tallas-core -p fake-mistral -p tallas-app -p tallas-proxy --locked
step wasm-browser suite cargo test -p tallas-app --target wasm32-unknown-unknown --locked
# The core tests again in headless Chromium; those marked #[cfg(not(target_arch = "wasm32"))]
# (fixture folders, insta snapshot files, proptest) run natively only, in unit-native.
step wasm-core suite cargo test -p tallas-core --target wasm32-unknown-unknown --locked
step build-fake-mistral check cargo build -p fake-mistral --locked
step build-worker check sh scripts/build-worker.sh
step build-app check trunk build --release
step wasm-size-budget check node scripts/check-wasm-size.mjs
step worker-integration suite node --test --test-reporter=spec --test-concurrency=1 tests/worker/*.test.mjs
# Schema-driven fuzzing of proxy-worker/openapi.yaml (schemathesis in .venv-fuzz, installed here
# when missing); prints one `ℹ pass`/`ℹ fail` count per operation, like the node suites.
step fuzz suite bash -c 'bash scripts/fuzz-setup.sh && node tests/fuzz/run.mjs'
step e2e suite node --test --test-reporter=spec --test-concurrency=1 tests/e2e/*.test.mjs

echo
for f in "${failures[@]}"; do echo "FAILED: $f"; done
echo "tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
