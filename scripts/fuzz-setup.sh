#!/usr/bin/env bash
# Creates .venv-fuzz/ (gitignored) with schemathesis at a pinned version (schemathesis 4 needs
# Python 3.10), for the schema-driven fuzz run over proxy-worker/openapi.yaml (tests/fuzz/run.mjs).
# The fuzz run itself stays on 127.0.0.1.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
exec bash "$root/scripts/pinned-venv.sh" "$root/.venv-fuzz" 3.10 "schemathesis==4.32.5"
