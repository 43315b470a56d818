#!/usr/bin/env python3
"""Converts the corpus' segment-JSONL routines into Whisper's JSON (the command line's shape:
`{"text", "segments": [{"id", "seek", "start", "end", "text", "tokens", ...}], "language"}`), for
the transcript-format benchmark (docs/BENCHMARKS.md, "Transcript formats"). Benchmark-side data
only: written under target/, never committed.

    python3 scripts/bench-formats.py <corpus>/transcripts <out folder>
"""

import json
import sys
from pathlib import Path


def convert(jsonl: Path) -> dict:
    segments = []
    for line in jsonl.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        segments.append({
            "id": len(segments), "seek": 0, "start": float(row["start_time"]), "end": float(row["end_time"]),
            "text": " " + row["transcript"], "tokens": [], "temperature": 0.0, "avg_logprob": -0.2,
            "compression_ratio": 1.3, "no_speech_prob": 0.01,
        })
    return {"text": "".join(s["text"] for s in segments), "segments": segments, "language": "es"}


def main() -> int:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    files = sorted(source.glob("*.jsonl"))
    for jsonl in files:
        # One line, as Whisper's JSON writer writes it.
        (out / (jsonl.stem + ".json")).write_text(json.dumps(convert(jsonl), ensure_ascii=False), encoding="utf-8")
    print(f"converted {len(files)} routines to Whisper JSON in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
