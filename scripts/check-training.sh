#!/usr/bin/env bash
# make check-training: the training kit's train.py run for real on the CPU (scripts/check-training.py says
# what it asserts). Installs its pinned venv (.venv-training/) on first use: the kit's own pins
# (core/src/dataset/kit/requirements.txt) plus PyPI's torch wheel, which brings NVIDIA's CUDA libraries even
# on a CPU machine (docs/BENCHMARKS.md, "Training kit check": its size and install time). Nothing is
# downloaded from a model hub: the model is made from a config, and the Hugging Face libraries run offline.
# Not part of `make test`. Arguments go to check-training.py (e.g. --kit DIR to check a kit folder).
set -euo pipefail
cd "$(dirname "$0")/.."

# The torch the check runs with; requirements.txt's comment names it as the one tested.
torch=torch==2.15.0

pins=("$torch")
while read -r line; do
  line=${line%%#*}
  line=${line//[[:space:]]/}
  [ -n "$line" ] && pins+=("$line")
done < core/src/dataset/kit/requirements.txt

started=$(date +%s)
bash scripts/pinned-venv.sh .venv-training 3.11 "${pins[@]}"
if [ $(( $(date +%s) - started )) -gt 5 ]; then
  echo "[.venv-training] installed in $(( $(date +%s) - started )) s, $(du -sh .venv-training | cut -f1)"
fi

export HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
export HF_HUB_DISABLE_PROGRESS_BARS=1 HF_DATASETS_DISABLE_PROGRESS_BARS=1
exec .venv-training/bin/python scripts/check-training.py "$@"
