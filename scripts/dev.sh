#!/usr/bin/env bash
# `make dev`: the worker under `wrangler dev` on 127.0.0.1:8787 with a local D1, and the app under
# `trunk serve` on 127.0.0.1:8080 proxying /api to the worker. Ctrl-C stops both.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/env.sh

if [ ! -f proxy-worker/.dev.vars ]; then
  cp proxy-worker/.dev.vars.example proxy-worker/.dev.vars
  echo "Created proxy-worker/.dev.vars from the example. Put your MISTRAL_API_KEY there to enable the LLM features."
fi
if ! grep -qE '^CURATOR_TOKEN=.{16,}' proxy-worker/.dev.vars; then
  # The local curator token: random, kept in the git-ignored .dev.vars, typed once into the app.
  token=$(od -An -tx1 -N24 /dev/urandom | tr -d ' \n')
  if grep -qE '^CURATOR_TOKEN=' proxy-worker/.dev.vars; then
    sed -i "s/^CURATOR_TOKEN=.*/CURATOR_TOKEN=$token/" proxy-worker/.dev.vars
  else
    printf '\nCURATOR_TOKEN=%s\n' "$token" >> proxy-worker/.dev.vars
  fi
  echo "Configured a local curator token in proxy-worker/.dev.vars (CURATOR_TOKEN)."
fi
if ! grep -qE '^MISTRAL_API_KEY=.+' proxy-worker/.dev.vars; then
  echo "No MISTRAL_API_KEY in proxy-worker/.dev.vars: everything that needs no LLM works; LLM actions will say how to enable them."
fi

# Workers static assets need the folder to exist; trunk serve fills it.
mkdir -p dist
(cd proxy-worker && wrangler d1 migrations apply tallas --local)

pids=()
stop() { for pid in "${pids[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; }
trap stop EXIT INT TERM

set -m # each service in its own process group, so stopping one stops its children
# Development builds skip wasm-opt (about 40 s of every rebuild, for a smaller binary a local worker
# does not need); `make build` and the tests keep it (docs/BENCHMARKS.md, "make dev").
export TALLAS_WORKER_BUILD_FLAGS=--no-opt
(cd proxy-worker && exec wrangler dev --local --ip 127.0.0.1 --port 8787 --show-interactive-dev-session=false) &
pids+=($!)
echo "Waiting for the worker on http://127.0.0.1:8787/api/health (the first start builds it) ..."
for _ in $(seq 1 300); do
  curl -fsS http://127.0.0.1:8787/api/health >/dev/null 2>&1 && break
  if ! kill -0 "${pids[0]}" 2>/dev/null; then echo "The worker stopped; see its output above." >&2; exit 1; fi
  sleep 1
done
trunk serve &
pids+=($!)
echo
echo "Tallas is starting at http://127.0.0.1:8080 (the app rebuilds on change; the worker on http://127.0.0.1:8787)"
echo "When the app asks for the curator token, paste the CURATOR_TOKEN value from proxy-worker/.dev.vars."
wait -n "${pids[@]}"
