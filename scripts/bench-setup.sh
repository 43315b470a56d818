#!/usr/bin/env bash
# Creates .venv-bench/ (gitignored) with the Python baselines of `make bench`, at pinned versions:
# pandas (the original windowing loop; pandas 3 needs Python 3.11), datasketch (MinHashLSH) and
# mistral-common (Mistral's real tokenizers, shipped inside the package).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec bash "$root/scripts/pinned-venv.sh" "$root/.venv-bench" 3.11 \
  "pandas==3.1.1" \
  "datasketch==2.0.0" \
  "mistral-common[sentencepiece]==1.13.1"
