#!/usr/bin/env python3
"""Summarises the outputs of scripts/bench-run.sh (target/bench/) as Markdown tables with ratios,
in the shape docs/BENCHMARKS.md records them. Usage: bench-report.py target/bench"""

import json
import os
import re
import sys


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def fmt(ms):
    return "—" if ms is None else f"{ms:,.1f}"


def ratio(slow, fast):
    return "—" if not slow or not fast else f"{slow / fast:.1f}×"


def pipeline_lines(path):
    out = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("PIPELINE "):
                    d = json.loads(line[len("PIPELINE ") :])
                    out["wasm" if d["target"].startswith("wasm") else "native"] = d
    except OSError:
        pass
    return out


def criterion(path):
    """(name, median) pairs from criterion's text output."""
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return []
    found = []
    for m in re.finditer(r"^(\S+)\s*\n?\s*time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", text, re.M):
        found.append((m.group(1), f"{m.group(2)} {m.group(3)}"))
    thrpt = re.findall(r"thrpt:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", text)
    return [(n, t, " ".join(thrpt[i]) if i < len(thrpt) else "") for i, (n, t) in enumerate(found)]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "target/bench"
    machine = load(os.path.join(out, "machine.json")) or {}
    tallas = load(os.path.join(out, "tallas.json")) or {}
    after = load(os.path.join(out, "tallas-after.json")) or {}
    python = load(os.path.join(out, "python.json")) or {}
    tokens = load(os.path.join(out, "tokens.json")) or {}
    try:
        load_after = open(os.path.join(out, "load-after.txt")).read().strip()
    except OSError:
        load_after = "?"

    print(f"Measured {machine.get('date', '?')} on {machine.get('nproc', '?')} cores "
          f"({machine.get('cpu', '?')}), {machine.get('rustc', '?')}; "
          f"load average before {machine.get('load_before', '?')}, after the corpus runs {load_after}.")
    print()
    c = tallas.get("counts", {})
    st = tallas.get("stages_ms", {})
    st2 = after.get("stages_ms", {})
    win = python.get("windowing", {})
    ds = python.get("datasketch", {})
    jk = tallas.get("jokes", {})
    jk2 = after.get("jokes", {})
    print("| work (real corpus) | Tallas native, ms | Tallas re-run, ms | Python, ms | Python ÷ Tallas | targets |")
    print("|---|---|---|---|---|---|")
    print(f"| parse + health ({tallas.get('files', '?')} files, {tallas.get('bytes', 0) / 1e6:.1f} MB) "
          f"| {fmt(st.get('parse'))} | {fmt(st2.get('parse'))} | | | |")
    print(f"| group ({c.get('groups', '?')} utterances) | {fmt(st.get('group'))} | {fmt(st2.get('group'))} | | | |")
    print(f"| window ({c.get('windows', '?')} windows) | {fmt(st.get('window'))} | {fmt(st2.get('window'))} | | | |")
    print(f"| **parse → window, all** | **{fmt(st.get('total'))}** | {fmt(st2.get('total'))} "
          f"| {fmt(win.get('ms'))} (pandas loop, {win.get('counts', {}).get('windows', '?')} windows) "
          f"| **{ratio(win.get('ms'), st.get('total'))}** | < 150 ms; ≥ 15× |")
    print(f"| **near-duplicates, {jk.get('jokes', '?')} jokes** ({jk.get('clusters', '?')} clusters; "
          f"datasketch {ds.get('counts', {}).get('clusters', '?')}) | **{fmt(jk.get('dedupe_ms'))}** "
          f"| {fmt(jk2.get('dedupe_ms'))} | {fmt(ds.get('ms'))} (datasketch) "
          f"| **{ratio(ds.get('ms'), jk.get('dedupe_ms'))}** | < 500 ms; ≥ 15× |")
    print()
    if tokens:
        print(f"Token estimate over {tokens.get('windows')} windows ({tokens.get('chars'):,} chars; "
              f"mistral-common {tokens.get('mistral_common')}):")
        print()
        print("| tokenizer | estimator | real tokens | estimate | total error "
              "| per-window \\|error\\|: mean / median / p90 / p99 / max | best (F, P) on the grid |")
        print("|---|---|---|---|---|---|---|")
        for name, t in tokens.get("tokenizers", {}).items():
            f, w = t["fit"], t["window_error"]
            print(f"| {name} (`{t['file']}`) | `{t['estimator']}` {tuple(t['free_piece'])} | {t['real_tokens']:,} "
                  f"| {t['estimated_tokens']:,} | {t['total_relative_error']:+.1%} "
                  f"| {w['mean_abs']:.1%} / {w['median_abs']:.1%} / {w['p90_abs']:.1%} / {w['p99_abs']:.1%} "
                  f"/ {w['max_abs']:.1%} | {tuple(f['best_free_piece'])} ({f['total_error_with_best']:+.1%}) |")
        if tokens.get("missing_tokenizer_files"):
            print(f"\nMissing from the package: {', '.join(tokens['missing_tokenizer_files'])}")
        print()
    pipe = pipeline_lines(os.path.join(out, "wasm.txt"))
    if pipe:
        n, w = pipe.get("native", {}).get("stages_ms", {}), pipe.get("wasm", {}).get("stages_ms", {})
        print("Synthetic corpus-shaped pipeline (130 routines, 10,000 jokes), native vs WASM in headless Chromium:")
        print()
        print("| stage | native, ms | WASM, ms | WASM ÷ native (target ≤ 3×) |")
        print("|---|---|---|---|")
        for stage in ["parse", "group", "window", "total", "dedupe"]:
            print(f"| {stage} | {fmt(n.get(stage))} | {fmt(w.get(stage))} | {ratio(w.get(stage), n.get(stage))} |")
        print()
    crit = criterion(os.path.join(out, "criterion.txt"))
    if crit:
        print("Criterion (synthetic inputs; median time, median throughput):")
        print()
        print("| benchmark | time | throughput |")
        print("|---|---|---|")
        for name, t, thrpt in crit:
            print(f"| {name} | {t} | {thrpt} |")


if __name__ == "__main__":
    main()
