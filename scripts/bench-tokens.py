#!/usr/bin/env python3
"""How far tallas-core's `estimate_tokens` is from Mistral's real tokenizers, over every window.

Input: the windows JSONL that `cargo run --release -p tallas-core --example corpus -- DIR --tokens`
prints (routine_id, index, chars, estimated_tokens, text), from a file (--windows) or by running
the example binary (--bin PATH --transcripts DIR).

Tokenizers: the files shipped inside the PyPI package mistral-common (its `data/` folder), loaded
offline with `MistralTokenizer.from_file`: tekken_240911.json (Tekken, tiktoken-based) and
tokenizer.model.v1 (SentencePiece, the original Mistral 7B vocabulary), plus the v3 SentencePiece
model for reference. Each window is encoded without BOS/EOS.

Reports, per tokenizer: total real tokens, total estimate, total relative error (estimate − real)
/ real, the mean absolute per-window error, and, since the target is ≤ 5%, constants fitted on the
corpus for the estimator's own formula (re-implemented here and checked against the Rust values):
  tokens = Σ over letter runs of (1 + (letters − 1) // D) + (non-space, non-letter characters)
fitted as a divisor D and, separately, as one scale factor k applied to the current estimate.
Prints one JSON object.
"""

import argparse
import json
import os
import subprocess
import sys
import time


def load_windows(args):
    if args.windows:
        with open(args.windows, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    out = subprocess.run(
        [args.bin, args.transcripts, "--tokens"] + (["--lenient"] if args.lenient else []),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def features(text):
    """The letter runs' lengths and the count of other non-space characters, as Rust sees them.
    Rust's char::is_alphabetic is the Unicode Alphabetic property; str.isalpha is close enough on
    NFC Spanish, and the script checks the re-implementation against the Rust totals."""
    runs = []
    symbols = 0
    letters = 0
    for c in text:
        if c.isalpha():
            letters += 1
            continue
        if letters:
            runs.append(letters)
            letters = 0
        if not c.isspace():
            symbols += 1
    if letters:
        runs.append(letters)
    return runs, symbols


def estimate(runs, symbols, divisor=4):
    return sum(1 + (n - 1) // divisor for n in runs) + symbols


def tokenizers():
    import mistral_common
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    data = os.path.join(os.path.dirname(mistral_common.__file__), "data")
    wanted = [
        ("tekken_240911", "tekken_240911.json"),
        ("sentencepiece_v1", "tokenizer.model.v1"),
        ("sentencepiece_v3 (reference)", "mistral_instruct_tokenizer_240323.model.v3"),
    ]
    found = {}
    missing = []
    for name, file in wanted:
        path = os.path.join(data, file)
        if not os.path.exists(path):
            missing.append(file)
            continue
        tok = MistralTokenizer.from_file(path).instruct_tokenizer.tokenizer
        found[name] = (file, tok)
    return mistral_common.__version__, data, found, missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--windows", help="windows JSONL from the example's --tokens mode")
    parser.add_argument("--bin", help="the built corpus example (with --transcripts)")
    parser.add_argument("--transcripts", help="folder of transcripts (with --bin)")
    parser.add_argument("--lenient", action="store_true")
    args = parser.parse_args()
    if not args.windows and not (args.bin and args.transcripts):
        parser.error("give --windows FILE, or --bin PATH and --transcripts DIR")

    windows = load_windows(args)
    texts = [w["text"] for w in windows]
    rust = [w["estimated_tokens"] for w in windows]
    feats = [features(t) for t in texts]
    python_estimate = [estimate(r, s) for r, s in feats]
    mismatched = sum(1 for a, b in zip(rust, python_estimate) if a != b)

    version, data, found, missing = tokenizers()
    report = {
        "mistral_common": version,
        "tokenizer_dir": data,
        "missing_tokenizer_files": missing,
        "windows": len(windows),
        "chars": sum(w["chars"] for w in windows),
        "estimated_tokens": sum(rust),
        "python_reimplementation_mismatches": mismatched,
        "target_abs_total_error": 0.05,
        "tokenizers": {},
    }
    for name, (file, tok) in found.items():
        t0 = time.perf_counter()
        real = [len(tok.encode(t, bos=False, eos=False)) for t in texts]
        seconds = time.perf_counter() - t0
        total_real = sum(real)
        total_est = sum(rust)
        per_window = [abs(e - r) / r for e, r in zip(rust, real) if r]
        # Fits: the divisor D that brings the total closest, and one scale factor on the estimate.
        divisors = {}
        for d in range(2, 13):
            total = sum(estimate(r, s, d) for r, s in feats)
            divisors[d] = (total - total_real) / total_real
        best_d = min(divisors, key=lambda d: abs(divisors[d]))
        scale = total_real / total_est if total_est else None
        scaled_error = [abs(e * scale - r) / r for e, r in zip(rust, real) if r] if scale else []
        report["tokenizers"][name] = {
            "file": file,
            "real_tokens": total_real,
            "estimated_tokens": total_est,
            "total_relative_error": (total_est - total_real) / total_real,
            "mean_abs_window_error": sum(per_window) / len(per_window) if per_window else None,
            "max_abs_window_error": max(per_window) if per_window else None,
            "encode_seconds": seconds,
            "fit": {
                "best_divisor": best_d,
                "total_error_with_best_divisor": divisors[best_d],
                "total_error_by_divisor": divisors,
                "scale_factor": scale,
                "mean_abs_window_error_after_scale": sum(scaled_error) / len(scaled_error) if scaled_error else None,
            },
        }
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
