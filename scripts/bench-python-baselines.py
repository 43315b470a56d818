#!/usr/bin/env python3
"""What a user would otherwise run, timed the way `core/examples/corpus.rs` times Tallas.

(a) windowing: pandas reads each routine's segment JSONL (from text already in memory), then a
    Python loop groups captions the original pipeline's way (close a group after a pause > 0.1 s
    once > 1 s has passed since its start, or once it holds > 300 characters; the original's loop
    also starts by appending the first caption to itself, kept here) and packs the groups' prompt
    lines into windows of ~3,000 characters (a window takes lines while it is shorter than 3,000).
(b) near-duplicates: datasketch MinHashLSH at threshold 0.85, num_perm 128, over character
    5-shingles of the same normalised text as Tallas (lowercase, accents stripped, punctuation and
    whitespace runs as one space), then candidate pairs joined into clusters with union-find.

Files are read before timing; each part runs --runs times and the median is reported. Prints one
JSON object. Run with the project venv: `.venv-bench/bin/python scripts/bench-python-baselines.py
--transcripts DIR --jokes FILE`.
"""

import argparse
import datetime
import io
import json
import os
import platform
import statistics
import sys
import time
import unicodedata


def read_folder(folder):
    """Every regular file of `folder` (sorted), as text, like the Rust example."""
    out = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or name.lower() == "readme.md" or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as f:
            out.append((name, f.read()))
    return out


def prompt_line(language, start, transcript):
    """A group as the original pipeline wrote it into a window."""
    ts = str(datetime.timedelta(seconds=start))
    return f"language:{language} timestamp:{ts} transcript:{transcript}".strip() + "\n"


def window_routine(pd, text, max_group=300, chunk=3000):
    """One routine: pandas read, original grouping, ~3,000-character windows. Returns counts."""
    df = pd.read_json(io.StringIO(text), lines=True)
    rows = list(df.itertuples(index=False))
    if not rows:
        return 0, 0, 0
    groups = []
    first = rows[0]
    current_text = first.transcript.replace("[Música]", "").replace("[Aplausos]", "")
    current_start = round(first.start_time)
    language = first.language
    previous = first
    # The original iterates from the first segment again, so it is appended to itself: kept.
    for row in rows:
        transcript = row.transcript.replace("[Música]", "").replace("[Aplausos]", "")
        is_pause = (row.start_time - previous.end_time) > 0.1
        is_long = row.start_time - current_start > 1
        is_too_long = len(current_text) > max_group
        if (is_long and is_pause) or is_too_long:
            groups.append((language, current_start, current_text.strip()))
            current_text = transcript
            current_start = round(row.start_time)
        else:
            current_text += " " + transcript
        previous = row
    groups.append((language, current_start, current_text.strip()))

    windows = []
    window = ""
    for language, start, transcript in groups:
        line = prompt_line(language, start, transcript) if transcript else ""
        if len(window) < chunk:
            window += "\n" + line
        else:
            windows.append(window)
            window = line
    if window:
        windows.append(window)
    return len(rows), len(groups), len(windows)


def windowing(transcripts, runs):
    import pandas as pd

    times = []
    counts = None
    for _ in range(runs):
        t0 = time.perf_counter()
        segments = groups = windows = 0
        for _name, text in transcripts:
            s, g, w = window_routine(pd, text)
            segments += s
            groups += g
            windows += w
        times.append((time.perf_counter() - t0) * 1000)
        counts = {"routines": len(transcripts), "segments": segments, "groups": groups, "windows": windows}
    return {
        "what": "pandas.read_json(lines=True) + Python loop, original grouping and ~3,000-char windows",
        "pandas": pd.__version__,
        "counts": counts,
        "ms": statistics.median(times),
        "ms_all_runs": times,
    }


def normalize(text):
    """Tallas's dedupe::normalize: NFKD, combining marks dropped, letters and digits lowercased,
    every other run of characters one space, trimmed."""
    out = []
    gap = False
    for c in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(c):
            continue
        if c.isalnum():
            if gap and out:
                out.append(" ")
            gap = False
            out.append(c.lower())
        else:
            gap = True
    return "".join(out)


def shingles(text, k=5):
    if not text:
        return set()
    if len(text) < k:
        return {text}
    return {text[i : i + k] for i in range(len(text) - k + 1)}


def near_duplicates(texts, runs, threshold=0.85, num_perm=128, k=5):
    import datasketch
    from datasketch import MinHash, MinHashLSH

    times = []
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        signatures = {}
        for i, text in enumerate(texts):
            grams = shingles(normalize(text), k)
            if not grams:
                continue
            m = MinHash(num_perm=num_perm, seed=1)
            m.update_batch([g.encode("utf-8") for g in grams])
            lsh.insert(i, m)
            signatures[i] = m
        parent = list(range(len(texts)))

        def find(x):
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for i, m in signatures.items():
            for j in lsh.query(m):
                a, b = find(i), find(j)
                if a != b:
                    parent[max(a, b)] = min(a, b)
        sizes = {}
        for i in range(len(texts)):
            root = find(i)
            sizes[root] = sizes.get(root, 0) + 1
        times.append((time.perf_counter() - t0) * 1000)
        clusters = [s for s in sizes.values() if s > 1]
        result = {"jokes": len(texts), "clusters": len(clusters), "clustered_jokes": sum(clusters)}
    return {
        "what": "datasketch MinHash(update_batch) + MinHashLSH insert/query + union-find",
        "datasketch": datasketch.__version__ if hasattr(datasketch, "__version__") else "?",
        "threshold": threshold,
        "num_perm": num_perm,
        "shingle": k,
        "counts": result,
        "ms": statistics.median(times),
        "ms_all_runs": times,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", help="folder of segment JSONL transcripts")
    parser.add_argument("--jokes", help="JSONL with a 'text' field (the example's --dump-jokes output)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    report = {"python": platform.python_version(), "runs": args.runs}
    if args.transcripts:
        report["windowing"] = windowing(read_folder(args.transcripts), args.runs)
    if args.jokes:
        with open(args.jokes, encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f if line.strip()]
        report["datasketch"] = near_duplicates(texts, args.runs)
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
