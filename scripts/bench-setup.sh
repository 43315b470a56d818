#!/usr/bin/env bash
# Creates .venv-bench/ (gitignored) with the Python baselines of `make bench`, at pinned versions:
# pandas (the original windowing loop), datasketch (MinHashLSH) and mistral-common (Mistral's real
# tokenizers, shipped inside the package). Idempotent: an up-to-date venv is left alone in well
# under a second. Only PyPI is used.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv-bench"
# Bump the stamp when a pin changes, so the next run reinstalls.
pins=(
  "pandas==3.1.1"
  "datasketch==2.0.0"
  "mistral-common[sentencepiece]==1.13.1"
)
stamp="$venv/.pins"
want=$(printf '%s\n' "${pins[@]}")

if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "bench-setup: needs Python >= 3.11 (pandas 3); set PYTHON=/path/to/python3.11+" >&2
  exit 1
fi
echo "[bench-setup] creating $venv with ${pins[*]}"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}"
printf '%s\n' "$want" > "$stamp"
echo "[bench-setup] done"
