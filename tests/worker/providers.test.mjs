// Upstreams beyond Mistral: a second fake upstream plays a provider named in UPSTREAMS (a vLLM,
// llama.cpp or Ollama server, or a hosted provider of the same API), with its key in a secret of
// its own. Models addressed as `provider:model` go there, under their own id and key; every other
// model still goes to Mistral; the model list names both; generation, streaming, the playground and
// the arena work across the two; and neither key appears in any answer.
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

const upstreams = (url, keySecret = "LOCAL_KEY") => JSON.stringify([{ name: "local", base_url: `${url}/v1`, key_secret: keySecret }]);

before(async () => {
  [mistral, local] = await Promise.all([startFakeMistral(), startFakeMistral({ key: LOCAL_KEY })]);
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

test("neither key appears in any answer", () => {
  assertNoSecrets([TEST_KEY, LOCAL_KEY], { atLeast: 10 });
});
