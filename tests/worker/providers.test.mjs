// Upstreams beyond Mistral: a second fake upstream plays a provider named in UPSTREAMS (a vLLM,
// llama.cpp or Ollama server, or a hosted provider of the same API), with its key in a secret of
// its own. Models addressed as `provider:model` go there, under their own id and key; every other
// model still goes to Mistral; the model list names both; generation, streaming, the playground and
// the arena work across the two; a provider with Mistral's fine-tuning API tunes a model from files
// uploaded to it; and neither key appears in any answer.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { apiClient } from "../support/http.mjs";
import { CURATOR_TOKEN, TEST_KEY, startFakeMistral, startWorker } from "../support/services.mjs";

const LOCAL_KEY = "local-provider-key-0123456789";

let mistral;
let local;
let worker;
let keyless;
let misconfigured;
let gpuOnly;
const client = apiClient();
const { call, assertNoSecrets } = client;

const upstreams = (url, keySecret = "LOCAL_KEY") => JSON.stringify([{ name: "local", base_url: `${url}/v1`, key_secret: keySecret, fine_tuning: "mistral" }]);

before(async () => {
  [mistral, local] = await Promise.all([
    startFakeMistral(),
    startFakeMistral({ key: LOCAL_KEY, args: ["--job-step-ms", "200"] }),
  ]);
  [worker, keyless, misconfigured, gpuOnly] = await Promise.all([
    startWorker({ upstreamUrl: mistral.url, vars: { UPSTREAMS: upstreams(local.url), LOCAL_KEY } }),
    // The secret is named but not set.
    startWorker({ upstreamUrl: mistral.url, vars: { UPSTREAMS: upstreams(local.url, "MISSING_KEY") } }),
    startWorker({ upstreamUrl: mistral.url, vars: { UPSTREAMS: '[{"name":"Local","base_url":"x"}]' } }),
    // The curator's own GPU alone: no Mistral key at all.
    startWorker({ upstreamUrl: mistral.url, key: "", vars: { UPSTREAMS: upstreams(local.url), LOCAL_KEY } }),
  ]);
});

after(async () => {
  await Promise.all([worker, keyless, misconfigured, gpuOnly, mistral, local].map((service) => service?.stop()));
});

async function calls() {
  const [m, l] = await Promise.all([mistral.calls(), local.calls()]);
  return { mistral: m.requests, local: l.requests };
}

async function reset() {
  await Promise.all([mistral.resetCalls(), local.resetCalls()]);
}

const generate = (base, body) => call(base, "/api/generate", { method: "POST", body, token: CURATOR_TOKEN });

describe("a model named provider:model", () => {
  test("is asked of that provider, by its own id and with its own key; any other model of Mistral", async () => {
    await reset();
    const res = await generate(worker.url, { keyword: "suegra", model: "local:mistral-small-latest" });
    assert.equal(res.status, 200, res.text);
    assert.match(res.json.joke, /suegra/);
    let seen = await calls();
    assert.equal(seen.mistral.length, 0);
    assert.equal(seen.local.length, 1);
    assert.equal(seen.local[0].model, "mistral-small-latest");
    assert.equal(seen.local[0].authorized, true, "the provider's own key");

    await reset();
    assert.equal((await generate(worker.url, { keyword: "micro", model: "ministral-8b-latest" })).status, 200);
    seen = await calls();
    assert.deepEqual([seen.mistral.length, seen.local.length], [1, 0]);
    assert.equal(seen.mistral[0].authorized, true);
  });

  test("streams from the provider too", async () => {
    const res = await fetch(`${worker.url}/api/generate`, {
      method: "POST",
      headers: { authorization: `Bearer ${CURATOR_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ keyword: "empanada", model: "local:mistral-small-latest", stream: true }),
    });
    const text = await res.text();
    client.record(`/api/generate (stream, provider) ${res.status} ${text}`);
    assert.equal(res.status, 200, text);
    assert.match(text, /data: \[DONE\]/);
    assert.doesNotMatch(text, /event: error/);
  });

  test("a provider's failure names that provider, not Mistral", async () => {
    await local.queueFaults(["500", "500", "500", "500"]);
    const res = await generate(worker.url, { keyword: "caída", model: "local:mistral-small-latest" });
    await local.clearFaults();
    assert.equal(res.status, 502, res.text);
    assert.match(res.json.error.message, /the provider "local"/);
    assert.doesNotMatch(res.json.error.message, /Mistral/);
    const unknown = await generate(worker.url, { keyword: "x", model: "local:no-such-model" });
    assert.equal(unknown.status, 400, unknown.text);
    assert.match(unknown.json.error.message, /the provider "local" does not serve the model "local:no-such-model"/);
  });

  test("whose key secret is not set, or whose UPSTREAMS cannot be read, is refused with what to fix", async () => {
    const missing = await generate(keyless.url, { keyword: "x", model: "local:mistral-small-latest" });
    assert.equal(missing.status, 503, missing.text);
    assert.match(missing.json.error.message, /no secret MISSING_KEY with the key of the provider "local"; set it with `wrangler secret put MISSING_KEY`/);
    const unread = await generate(misconfigured.url, { keyword: "x", model: "local:mistral-small-latest" });
    assert.equal(unread.status, 503, unread.text);
    assert.match(unread.json.error.message, /UPSTREAMS\[0\] \("Local"\) needs a name/);
    // Mistral's models, fine-tuned ones included, do not depend on UPSTREAMS.
    assert.equal((await generate(misconfigured.url, { keyword: "x", model: "mistral-small-latest" })).status, 200);
  });
});

test("without a Mistral key, a provider's models still work, and Mistral's say which key is missing", async () => {
  const res = await generate(gpuOnly.url, { keyword: "sopaipilla", model: "local:mistral-small-latest" });
  assert.equal(res.status, 200, res.text);
  const refine = await call(gpuOnly.url, "/api/refine", { method: "POST", token: CURATOR_TOKEN, body: { text: "Mi suegra es tan lenta.", model: "local:mistral-small-latest" } });
  assert.equal(refine.status, 200, refine.text);
  const mistralModel = await generate(gpuOnly.url, { keyword: "x", model: "mistral-small-latest" });
  assert.equal(mistralModel.status, 503, mistralModel.text);
  assert.match(mistralModel.json.error.message, /MISTRAL_API_KEY/);
});

test("the model list names every provider's models", async () => {
  const res = await call(worker.url, "/api/models", { token: CURATOR_TOKEN });
  assert.equal(res.status, 200, res.text);
  const ids = res.json.map((m) => m.id);
  assert.ok(ids.includes("mistral-small-latest") && ids.includes("local:mistral-small-latest"), ids.join(", "));
  const fromLocal = res.json.filter((m) => m.provider === "local");
  assert.ok(fromLocal.length > 0 && fromLocal.every((m) => m.id.startsWith("local:")));
  assert.ok(res.json.filter((m) => !m.id.startsWith("local:")).every((m) => m.provider === undefined));
});

test("the playground and the arena play models of both, by their public names", async () => {
  const published = await call(worker.url, "/api/play/config", {
    method: "PUT",
    token: CURATOR_TOKEN,
    body: { models: [{ id: "local:mistral-small-latest", name: "talla-gpu" }, { id: "mistral-small-latest", name: "talla-nube" }] },
  });
  assert.equal(published.status, 200, published.text);
  await reset();
  const played = await call(worker.url, "/api/play", { method: "POST", body: { keyword: "asado", model: "talla-gpu" } });
  assert.equal(played.status, 200, played.text);
  assert.equal(played.json.model, "talla-gpu");
  assert.equal((await calls()).local.length, 1);

  await reset();
  const match = await call(worker.url, "/api/play/arena", { method: "POST", body: { keyword: "asado", player_id: "provider-player-01" } });
  assert.equal(match.status, 200, match.text);
  const seen = await calls();
  assert.deepEqual([seen.mistral.length, seen.local.length], [1, 1], "one joke from each provider");
  const reveal = await call(worker.url, `/api/play/arena/${match.json.match_id}/vote`, { method: "POST", body: { player_id: "provider-player-01", choice: "a" } });
  assert.deepEqual([reveal.json.a, reveal.json.b].sort(), ["talla-gpu", "talla-nube"]);
  assert.doesNotMatch(played.text + match.text + reveal.text, /local:|mistral-small/);
});

describe("fine-tuning on a provider with Mistral's fine-tuning API", () => {
  const curator = (path, options) => call(worker.url, path, { token: CURATOR_TOKEN, ...options });
  const line = JSON.stringify({ messages: [{ role: "user", content: "Palabra clave: once" }, { role: "assistant", content: "Una talla." }] });
  const upload = (query) => curator(`/api/files?filename=train.jsonl${query}`, { method: "POST", body: `${line}\n${line}\n`, contentType: "application/jsonl" });
  const job = (id, action = "") => curator(`/api/fine-tunes/${encodeURIComponent(id)}${action}`, { method: action ? "POST" : "GET" });

  async function until(id, status) {
    for (let tries = 0; tries < 200; tries++) {
      const seen = await job(id);
      if (seen.json?.status === status) return seen.json;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} never reached ${status}`);
  }

  test("its files, the job and the tuned model all go to that provider, named provider:id", async () => {
    await reset();
    const file = await upload("&provider=local");
    assert.equal(file.status, 201, file.text);
    assert.match(file.json.id, /^local:[0-9a-f-]{36}$/);
    const body = { model: "local:ministral-8b-latest", training_files: [file.json.id], suffix: "gpu" };
    const estimate = await curator("/api/fine-tunes", { method: "POST", body: { ...body, dry_run: true } });
    assert.equal(estimate.status, 200, estimate.text);
    assert.ok(estimate.json.train_tokens > 0);
    const created = await curator("/api/fine-tunes", { method: "POST", body });
    assert.equal(created.status, 201, created.text);
    assert.match(created.json.id, /^local:[0-9a-f-]{36}$/);
    assert.equal(created.json.model, "local:ministral-8b-latest");
    assert.deepEqual(created.json.training_files, [file.json.id]);

    await until(created.json.id, "VALIDATED");
    const started = await job(created.json.id, "/start");
    assert.equal(started.status, 200, started.text);
    const done = await until(created.json.id, "SUCCESS");
    assert.match(done.fine_tuned_model, /^local:ft:ministral-8b-latest:gpu:/);
    const told = await generate(worker.url, { keyword: "once", model: done.fine_tuned_model });
    assert.equal(told.status, 200, told.text);

    const seen = await calls();
    assert.equal(seen.mistral.length, 0, "nothing went to Mistral");
    const paths = new Set(seen.local.map((r) => r.path.replace(/[0-9a-f-]{36}/, ":id")));
    for (const path of ["/v1/files", "/v1/fine_tuning/jobs", "/v1/fine_tuning/jobs/:id", "/v1/fine_tuning/jobs/:id/start", "/v1/chat/completions"]) {
      assert.ok(paths.has(path), `${path} in ${[...paths]}`);
    }
  });

  test("a file of one upstream is refused for a model of another, and an unknown provider is named", async () => {
    const mistralFile = await upload("");
    assert.match(mistralFile.json.id, /^[0-9a-f-]{36}$/);
    await reset();
    const mixed = await curator("/api/fine-tunes", { method: "POST", body: { model: "local:ministral-8b-latest", training_files: [mistralFile.json.id] } });
    assert.equal(mixed.status, 400);
    assert.match(mixed.json.error.message, /a file of Mistral, but local:ministral-8b-latest is tuned by the provider "local".*\?provider=local/);
    const nowhere = await upload("&provider=nowhere");
    assert.equal(nowhere.status, 400);
    assert.match(nowhere.json.error.message, /no provider is named "nowhere".*it has: local/);
    assert.equal((await job("nowhere:ftjob-1")).status, 400);
    assert.equal((await job("local:a/b")).status, 400, "a provider's id cannot carry a path");
    const seen = await calls();
    assert.deepEqual([seen.mistral.length, seen.local.length], [0, 0], "refused before any upstream call");
  });
});

test("neither key appears in any answer", () => {
  assertNoSecrets([TEST_KEY, LOCAL_KEY], { atLeast: 10 });
});
