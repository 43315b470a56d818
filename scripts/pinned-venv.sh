#!/usr/bin/env bash
# Creates or refreshes a Python venv with exact pins from PyPI, for test and benchmark tooling.
# Usage: pinned-venv.sh DIR MIN_PYTHON PIN... (MIN_PYTHON as "3.11")
# Idempotent: a venv whose recorded pins equal PIN... is left alone in well under a second; any
# change of a pin recreates it, so no stale package survives. Only PyPI is used.
set -euo pipefail

venv=$1 min=$2
shift 2
pins=("$@")
name=$(basename "$venv")
stamp="$venv/.pins"
want=$(printf '%s\n' "${pins[@]}")

if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi

python=${PYTHON:-python3}
if ! "$python" -c "import sys; sys.exit(sys.version_info < tuple(map(int, '$min'.split('.'))))" 2>/dev/null; then
  echo "$name: needs Python >= $min; set PYTHON=/path/to/python$min+" >&2
  exit 1
fi
echo "[$name] creating $venv with ${pins[*]}"
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${pins[@]}"
printf '%s\n' "$want" > "$stamp"
echo "[$name] done"
