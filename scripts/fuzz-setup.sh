#!/usr/bin/env bash
# Creates .venv-fuzz/ (gitignored) with schemathesis at a pinned version, for the schema-driven
# fuzz run over proxy-worker/openapi.yaml (tests/fuzz/run.sh). Idempotent: an up-to-date venv is
# left alone in well under a second. Only PyPI is used, and only here; the fuzz run itself stays
# on 127.0.0.1.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
venv="$root/.venv-fuzz"
# Bump the stamp when a pin changes, so the next run reinstalls.
pins=(
  "schemathesis==4.32.5"
)
stamp="$venv/.pins"
want=$(printf '%s\n' "${pins[@]}")

if [ -x "$venv/bin/schemathesis" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
  echo "fuzz-setup: needs Python >= 3.10 (schemathesis 4); set PYTHON=/path/to/python3.10+" >&2
  exit 1
fi
echo "[fuzz-setup] creating $venv with ${pins[*]}"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}"
printf '%s\n' "$want" > "$stamp"
echo "[fuzz-setup] done"
