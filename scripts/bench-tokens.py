#!/usr/bin/env python3
"""How far tallas-core's `estimate_tokens` is from Mistral's real tokenizers, over every window.

Input: the windows JSONL that `cargo run --release -p tallas-core --example corpus -- DIR --tokens`
prints (routine_id, index, chars, estimated_tokens, text), from a file (--windows) or by running
the example binary (--bin PATH --transcripts DIR).

Tokenizers: the files shipped inside the PyPI package mistral-common (its `data/` folder), loaded
offline with `MistralTokenizer.from_file`: tekken_240911.json (Tekken, tiktoken-based) and
tokenizer.model.v1 (SentencePiece, the original Mistral 7B vocabulary), plus the v3 SentencePiece
model for reference. Each window is encoded without BOS/EOS.

Reports, per tokenizer: total real tokens, the total of the Rust estimate for that tokenizer's
family (`Tokenizer::Tekken` for tekken_*.json, `Tokenizer::SentencePiece` for the *.model.* files),
the total relative error (estimate − real) / real, and the spread of the per-window error (mean,
median, 90th and 99th percentile and maximum of |error|, and the signed extremes), since the total
hides how far a single window can be off. The estimator's formula is re-implemented here and
checked against the Rust values:
  tokens = Σ over letter runs of (1 + max(letters − F, 0) // P) + (non-space, non-letter characters)
with (F, P) = (1, 5) for Tekken and (0, 4) for SentencePiece. A grid over F and P shows how the
chosen constants compare to their neighbours, and a two-fold check (routines split by id) fits on
one half and reports the other, so the in-sample fit is not the only evidence.
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


# The Rust estimator's constants per family: (free letters, letters per piece).
SHAPES = {"tekken": (1, 5), "sentence_piece": (0, 4)}


def estimate(runs, symbols, free, piece):
    return sum(1 + max(n - free, 0) // piece for n in runs) + symbols


def family(file):
    return "tekken" if file.startswith("tekken") else "sentence_piece"


def spread(estimates, real):
    """Per-window relative errors: their |error| distribution and signed extremes."""
    errors = [(e - r) / r for e, r in zip(estimates, real) if r]
    if not errors:
        return {}
    absolute = sorted(abs(x) for x in errors)
    n = len(absolute)
    return {
        "mean_abs": sum(absolute) / n,
        "median_abs": absolute[n // 2],
        "p90_abs": absolute[min(n - 1, int(n * 0.9))],
        "p99_abs": absolute[min(n - 1, int(n * 0.99))],
        "max_abs": absolute[-1],
        "most_under": min(errors),
        "most_over": max(errors),
        "windows_within_5pct": sum(1 for x in absolute if x <= 0.05) / n,
    }


def total_error(estimates, real, indexes=None):
    indexes = range(len(real)) if indexes is None else indexes
    r = sum(real[i] for i in indexes)
    return (sum(estimates[i] for i in indexes) - r) / r if r else None


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
    by_family = {f: [w["estimated_tokens_by_tokenizer"][f] for w in windows] for f in SHAPES}
    feats = [features(t) for t in texts]
    python_estimate = {f: [estimate(r, s, *SHAPES[f]) for r, s in feats] for f in SHAPES}
    mismatched = {f: sum(1 for a, b in zip(by_family[f], python_estimate[f]) if a != b) for f in SHAPES}
    # Two folds by routine, so no window is fitted and tested in the same half.
    routines = sorted({w["routine_id"] for w in windows})
    half = {r: i % 2 for i, r in enumerate(routines)}
    folds = [[i for i, w in enumerate(windows) if half[w["routine_id"]] == k] for k in (0, 1)]
    grid = [(free, piece) for free in range(0, 4) for piece in range(2, 9)]
    grid_estimates = {g: [estimate(r, s, *g) for r, s in feats] for g in grid}

    version, data, found, missing = tokenizers()
    report = {
        "mistral_common": version,
        "tokenizer_dir": data,
        "missing_tokenizer_files": missing,
        "windows": len(windows),
        "chars": sum(w["chars"] for w in windows),
        "estimated_tokens_by_tokenizer": {f: sum(v) for f, v in by_family.items()},
        "python_reimplementation_mismatches": mismatched,
        "target_abs_total_error": 0.05,
        "tokenizers": {},
    }
    for name, (file, tok) in found.items():
        t0 = time.perf_counter()
        real = [len(tok.encode(t, bos=False, eos=False)) for t in texts]
        seconds = time.perf_counter() - t0
        fam = family(file)
        rust = by_family[fam]
        total_real = sum(real)
        total_est = sum(rust)
        window_spread = spread(rust, real)
        by_shape = {f"{free},{piece}": total_error(grid_estimates[(free, piece)], real) for free, piece in grid}
        best = min(grid, key=lambda g: abs(total_error(grid_estimates[g], real)))
        held_out = []
        for fit_on, test_on in ((folds[0], folds[1]), (folds[1], folds[0])):
            g = min(grid, key=lambda g: abs(total_error(grid_estimates[g], real, fit_on)))
            held_out.append({
                "fitted_free_piece": list(g),
                "fit_half_total_error": total_error(grid_estimates[g], real, fit_on),
                "held_out_half_total_error": total_error(grid_estimates[g], real, test_on),
                "chosen_constants_held_out_half_total_error": total_error(rust, real, test_on),
            })
        report["tokenizers"][name] = {
            "file": file,
            "estimator": fam,
            "free_piece": list(SHAPES[fam]),
            "real_tokens": total_real,
            "estimated_tokens": total_est,
            "total_relative_error": (total_est - total_real) / total_real,
            "mean_abs_window_error": window_spread.get("mean_abs"),
            "max_abs_window_error": window_spread.get("max_abs"),
            "window_error": window_spread,
            "encode_seconds": seconds,
            "fit": {
                "best_free_piece": list(best),
                "total_error_with_best": by_shape[f"{best[0]},{best[1]}"],
                "total_error_by_free_piece": by_shape,
                "two_fold": held_out,
            },
        }
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
