#!/usr/bin/env bash
# `make bench`: every benchmark of docs/BENCHMARKS.md in one run, given the real corpus through
# TALLAS_CORPUS (e.g. TALLAS_CORPUS=../shared/corpus make bench). Nothing here is a test and no
# test depends on the corpus. Results go to target/bench/ and a summary table to stdout.
#
# Steps: Python venv (scripts/bench-setup.sh) → release build of the corpus example → Tallas on the
# corpus and Python baselines on the same inputs, back to back → token-estimate accuracy →
# criterion benchmarks on synthetic inputs → the synthetic pipeline natively and in headless Chromium.
#
# Knobs: BENCH_RUNS (default 5, medians), BENCH_MAX_LOAD (default 1.5: wait, up to BENCH_WAIT
# seconds, default 300, for the 1-minute load average to fall below it; the load is recorded
# either way), BENCH_SKIP="criterion wasm" to leave steps out.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

corpus=${TALLAS_CORPUS:-}
if [ -z "$corpus" ] || [ ! -d "$corpus/transcripts" ]; then
  echo "bench: set TALLAS_CORPUS to the corpus folder (with transcripts/ and jokes.csv), e.g." >&2
  echo "  TALLAS_CORPUS=../shared/corpus make bench" >&2
  exit 2
fi
corpus=$(cd "$corpus" && pwd)
runs=${BENCH_RUNS:-5}
max_load=${BENCH_MAX_LOAD:-1.5}
wait_s=${BENCH_WAIT:-300}
skip=${BENCH_SKIP:-}
out="$root/target/bench"
mkdir -p "$out"

load() { cut -d' ' -f1 /proc/loadavg; }
quiet_enough() { awk -v l="$(load)" -v m="$max_load" 'BEGIN { exit !(l < m) }'; }
wait_for_quiet() {
  local waited=0
  while ! quiet_enough && [ "$waited" -lt "$wait_s" ]; do
    [ "$waited" = 0 ] && echo "[bench] load $(load) ≥ $max_load; waiting up to ${wait_s}s for a quieter machine" >&2
    sleep 10
    waited=$((waited + 10))
  done
}
skipped() { [[ " $skip " == *" $1 "* ]]; }

bash scripts/bench-setup.sh
py="$root/.venv-bench/bin/python"

echo "[bench] building the corpus example (release)" >&2
cargo build -q --release -p tallas-core --example corpus
bin="$root/target/release/examples/corpus"

jokes=("$corpus/jokes.csv")
for f in jokes_high_quality.jsonl jokes.jsonl; do
  [ -f "$corpus/jokes/$f" ] && jokes+=("$corpus/jokes/$f")
done
joke_args=()
for f in "${jokes[@]}"; do joke_args+=(--jokes "$f"); done

wait_for_quiet
{
  echo "{\"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\", \"nproc\": $(nproc),"
  echo " \"cpu\": \"$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//;s/"//g')\","
  echo " \"load_before\": \"$(cut -d' ' -f1-3 /proc/loadavg)\","
  echo " \"rustc\": \"$(rustc --version)\"}"
} > "$out/machine.json"

echo "[bench] Tallas on the corpus ($runs runs)" >&2
"$bin" "$corpus/transcripts" "${joke_args[@]}" --jokes-target 10000 --dump-jokes "$out/jokes-10k.jsonl" \
  --runs "$runs" > "$out/tallas.json"
echo "[bench] Python baselines on the same inputs ($runs runs)" >&2
"$py" scripts/bench-python-baselines.py --transcripts "$corpus/transcripts" --jokes "$out/jokes-10k.jsonl" \
  --runs "$runs" > "$out/python.json"
echo "[bench] Tallas again, after the baselines" >&2
"$bin" "$corpus/transcripts" --jokes "$out/jokes-10k.jsonl" --runs "$runs" > "$out/tallas-after.json"
cut -d' ' -f1-3 /proc/loadavg > "$out/load-after.txt"

echo "[bench] token estimate vs mistral-common tokenizers" >&2
"$bin" "$corpus/transcripts" --tokens > "$out/windows.jsonl"
"$py" scripts/bench-tokens.py --windows "$out/windows.jsonl" > "$out/tokens.json"

if ! skipped criterion; then
  echo "[bench] criterion (synthetic inputs)" >&2
  wait_for_quiet
  cargo bench -q -p tallas-core --bench transcripts --bench dedupe 2>&1 | tee "$out/criterion.txt" >&2
fi
if ! skipped wasm; then
  echo "[bench] synthetic pipeline: native and headless Chromium" >&2
  wait_for_quiet
  bash scripts/bench-wasm.sh > "$out/wasm.txt"
fi

"$py" scripts/bench-report.py "$out"
