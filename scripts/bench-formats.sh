#!/usr/bin/env bash
# The transcript-format benchmark (docs/BENCHMARKS.md, "Transcript formats"): parse → window of the
# corpus' routines as segment JSONL and as Whisper JSON (converted here, under target/), in one run,
# alternating, so both meet the same machine. TALLAS_CORPUS=../shared/corpus make bench-formats.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${TALLAS_CORPUS:?set TALLAS_CORPUS to the corpus folder, e.g. ../shared/corpus}
out="$root/target/bench/formats"
rounds=${BENCH_ROUNDS:-3}
runs=${BENCH_RUNS:-9}
source "$root/scripts/env.sh"
mkdir -p "$out"
python3 "$root/scripts/bench-formats.py" "$corpus/transcripts" "$out/whisper_json"
cargo build -q --release -p tallas-core --example corpus
example="$root/target/release/examples/corpus"
echo "load before: $(cut -d' ' -f1 /proc/loadavg)"
for round in $(seq "$rounds"); do
  "$example" "$corpus/transcripts" --runs "$runs" > "$out/jsonl-$round.json"
  "$example" "$out/whisper_json" --runs "$runs" > "$out/whisper-$round.json"
done
echo "load after: $(cut -d' ' -f1 /proc/loadavg)"
python3 - "$out" "$rounds" <<'PY'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
def total(kind, r):
    summary = json.load(open(f"{out}/{kind}-{r}.json"))
    return summary, summary["stages_ms"]["total"]
for r in range(1, rounds + 1):
    (a, ta), (b, tb) = total("jsonl", r), total("whisper", r)
    same = a["counts"]["windows"] == b["counts"]["windows"] and a["counts"]["segments"] == b["counts"]["segments"]
    print(f"round {r}: segment JSONL {ta:.1f} ms, Whisper JSON {tb:.1f} ms, ratio {tb / ta:.2f}x, "
          f"{a['counts']['segments']} segments, {a['counts']['windows']} windows, same output counts: {same}, "
          f"formats {b['formats']}")
PY
