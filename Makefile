# Tallas: the two commands are `make dev` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

.PHONY: help tools dev test build deploy fake-mistral clean-state

help:
	@echo "make dev    install what is missing, then run the worker (127.0.0.1:8787) and the app (127.0.0.1:8080)"
	@echo "make test   install what is missing, then run every test layer; ends with 'tests: N passed, N failed'"
	@echo "make build  release builds of the app (dist/) and the worker (proxy-worker/build/)"
	@echo "make deploy build, then deploy app and worker as one Cloudflare Worker (see README: Deploy)"

tools:
	@bash scripts/install-tools.sh

dev: tools
	@bash scripts/dev.sh

test:
	@bash scripts/test.sh

build: tools
	@source scripts/env.sh && trunk build --release && sh scripts/build-worker.sh

deploy: build
	@source scripts/env.sh && cd proxy-worker && wrangler deploy

# The fake Mistral upstream, for clicking through without a key: a test double, never started by `make dev`.
fake-mistral:
	@cargo run -q -p fake-mistral -- --port 8090

# Forget the local D1 data of `make dev`.
clean-state:
	rm -rf proxy-worker/.wrangler/state

# Benchmarks (docs/BENCHMARKS.md) against the real corpus, read only through TALLAS_CORPUS:
# TALLAS_CORPUS=../shared/corpus make bench. Not part of `make test`.
.PHONY: bench
bench:
	@bash scripts/bench-run.sh

# Parse → window of the corpus as segment JSONL and as Whisper JSON (docs/BENCHMARKS.md, "Transcript
# formats"): TALLAS_CORPUS=../shared/corpus make bench-formats.
.PHONY: bench-formats
bench-formats:
	@bash scripts/bench-formats.sh

# The worker's speed (docs/BENCHMARKS.md, "Worker (issue 4)"): its overhead on a task call and votes/s, against the fake upstream.
.PHONY: bench-worker
bench-worker:
	@source scripts/env.sh && cargo build -q --release -p fake-mistral --locked && sh scripts/build-worker.sh && sh scripts/build-worker.sh tests/bench/floor-rust && node tests/bench/worker.mjs

# Where a vote's time goes in the worker's isolate (V8's sampling profiler over Miniflare's inspector);
# BENCH_LIMITS=edge as for bench-worker.
.PHONY: profile-worker
profile-worker:
	@source scripts/env.sh && sh scripts/build-worker.sh && node tests/bench/worker-profile.mjs

# The app in Chromium against the real corpus (docs/BENCHMARKS.md, "App (issue 5)"):
# TALLAS_CORPUS=../shared/corpus make bench-app. Builds the release app and worker first.
.PHONY: bench-app
bench-app:
	@source scripts/env.sh && cargo build -q -p fake-mistral --locked && sh scripts/build-worker.sh && trunk build --release && node tests/bench/app.mjs

# The voter's page on an emulated phone (docs/BENCHMARKS.md, "Voter (issue 14)"): first joke with a
# 4x slower CPU and a slow mobile link, against an empty page's floor; the next joke after a tap.
.PHONY: bench-voter
bench-voter:
	@source scripts/env.sh && sh scripts/build-worker.sh && trunk build --release && node tests/bench/voter.mjs

# The public playground on an emulated phone (docs/BENCHMARKS.md, "Playground (issue 16)"): first
# words in the page after the fake upstream sends them, against a bare client's; first visit to an
# input ready, against an empty page's floor.
.PHONY: bench-play
bench-play:
	@source scripts/env.sh && cargo build -q --release -p fake-mistral --locked && sh scripts/build-worker.sh && trunk build --release && node tests/bench/play.mjs

# Independent computations (numpy, statsmodels) of the evaluation report's numbers that core's
# known-answer tests assert (core/src/evaluation). A pinned venv, .venv-reference/.
.PHONY: reference-evaluation
reference-evaluation:
	@bash scripts/pinned-venv.sh .venv-reference 3.11 "numpy==2.3.5" "scipy==1.16.3" "pandas==2.3.3" "statsmodels==0.14.5" \
	  && .venv-reference/bin/python scripts/reference-evaluation.py

# The training kit's train.py run for real on the CPU (SFT, DPO and KTO on a tiny model made from a config,
# against a kit core builds from its fixtures; docs/BENCHMARKS.md, "Training kit check"). A pinned venv,
# .venv-training/ (the kit's requirements.txt and PyPI's torch), installed on first use. Not part of `make test`.
.PHONY: check-training
check-training:
	@bash scripts/check-training.sh
