// The curator's LLM task endpoints (extract, refine, keywords, graph, rewrite, judge) and the
// streaming path of /api/generate, against the worker under wrangler dev and the fake Mistral
// upstream: happy paths, validation, curator auth, upstream faults, the one corrective retry, and
// the rule that neither the key nor the curator token ever appears in a response.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { apiClient } from "../support/http.mjs";
import { VALID_GRAPH } from "../support/replies.mjs";
import { CURATOR_TOKEN, TEST_KEY, startFakeMistral, startWorker } from "../support/services.mjs";

let fake;
let slowFake;
let worker;
let keyless;
let slow;
// Every response the tests see, to check at the end that none carries a secret.
const client = apiClient();

const BODY_LIMIT = 4096;
const AUTH = { authorization: `Bearer ${CURATOR_TOKEN}` };

const call = (base, path, { method = "POST", headers = AUTH, ...rest } = {}) =>
  client.call(base, path, { method, headers, ...rest });

const post = (path, body, options = {}) => call(options.base ?? worker.url, path, { body, ...options });


// One valid request per route, and where a test needs a particular answer, the reply it scripts.
const ROUTES = {
  extract: {
    body: { window_text: "[0:01] Mi suegra es tan lenta... [risas]\n[0:09] ¡que se perdió en el ascensor!", routine_label: "Rutina de prueba", start_s: 1, end_s: 12 },
    check: (result) => {
      assert.equal(result.jokes.length, 1);
      assert.ok(result.jokes[0].raw_span.length > 0 && result.jokes[0].text.length > 0);
    },
    model: "mistral-large-latest",
    version: "extract-v1",
  },
  refine: {
    body: { text: "mi suegra es tan lenta que se perdio en el ascensor" },
    reply: { corrected_text: "Mi suegra es tan lenta que se perdió en el ascensor.", keywords: ["suegra", "ascensor"], quality: "funny" },
    check: (result) => assert.deepEqual(result.keywords, ["suegra", "ascensor"]),
    model: "mistral-small-latest",
    version: "refine-v1",
  },
  keywords: {
    body: { text: "Mi suegra es tan lenta que se perdió en el ascensor." },
    reply: { keywords: ["suegra", "ascensor"] },
    check: (result) => assert.deepEqual(result, { keywords: ["suegra", "ascensor"] }),
    model: "mistral-small-latest",
    version: "keywords-v1",
  },
  graph: {
    body: { text: "Mi suegra es tan lenta que se perdió en el ascensor." },
    reply: VALID_GRAPH,
    check: (result) => assert.equal(result.nodes.length, 3),
    model: "mistral-small-latest",
    version: "graph-v1",
  },
  rewrite: {
    body: { text: "Como les decía, mi suegra, la que vieron recién, es lenta." },
    check: (result) => assert.ok(result.text.length > 0),
    // MODEL_REWRITE is set on the main worker, to show the vars choose the model.
    model: "ministral-8b-latest",
    version: "rewrite-v1",
  },
  judge: {
    body: { keyword: "suegra", reference: "Una talla real.", candidate_a: "Chiste A.", candidate_b: "Chiste B." },
    check: (result) => assert.ok(["a", "b", "tie", "neither"].includes(result.verdict)),
    model: "mistral-large-latest",
    version: "judge-v1",
  },
};

before(async () => {
  [fake, slowFake] = await Promise.all([startFakeMistral(), startFakeMistral({ args: ["--chunk-delay-ms", "250"] })]);
  [worker, keyless, slow] = await Promise.all([
    startWorker({
      upstreamUrl: fake.url,
      vars: {
        MAX_TASK_BODY_BYTES: String(BODY_LIMIT),
        UPSTREAM_TIMEOUT_MS: "1500",
        MODEL_REWRITE: "ministral-8b-latest",
        TEMPERATURE_REWRITE: "0.3",
      },
    }),
    startWorker({ upstreamUrl: fake.url, key: "" }),
    startWorker({ upstreamUrl: slowFake.url, vars: { UPSTREAM_TIMEOUT_MS: "10000" } }),
  ]);
});

after(async () => {
  await Promise.all([worker?.stop(), keyless?.stop(), slow?.stop(), fake?.stop(), slowFake?.stop()]);
});

async function fresh() {
  await fake.clearFaults();
  await fake.clearReplies();
  await fake.resetCalls();
}

const upstreamCalls = async () => (await fake.calls()).requests.length;

describe("health", () => {
  test("reports the curator token as configured and every task's model, never a secret", async () => {
    const { status, json } = await call(worker.url, "/api/health", { method: "GET" });
    assert.equal(status, 200);
    assert.equal(json.curator_token_configured, true);
    assert.deepEqual(json.models, {
      generate: "mistral-small-latest",
      extract: "mistral-large-latest",
      refine: "mistral-small-latest",
      keywords: "mistral-small-latest",
      graph: "mistral-small-latest",
      rewrite: "ministral-8b-latest",
      judge: "mistral-large-latest",
    });
  });
});

for (const [name, route] of Object.entries(ROUTES)) {
  describe(`POST /api/${name}`, () => {
    test("answers the validated result with its model, prompt version and usage", async () => {
      await fresh();
      if (route.reply) await fake.queueReplies([JSON.stringify(route.reply)]);
      const { status, json } = await post(`/api/${name}`, route.body);
      assert.equal(status, 200, JSON.stringify(json));
      route.check(json.result);
      assert.equal(json.model, route.model);
      assert.equal(json.prompt_version, route.version);
      assert.equal(json.corrected, false);
      assert.ok(json.usage.prompt_tokens > 0 && json.usage.completion_tokens > 0, JSON.stringify(json.usage));
      const calls = (await fake.calls()).requests;
      assert.equal(calls.length, 1);
      assert.equal(calls[0].authorized, true);
      assert.equal(calls[0].model, route.model);
    });

    test("refuses a request without the curator token, or with a wrong one, with 401", async () => {
      await fresh();
      for (const headers of [{}, { authorization: "Bearer wrong-token-wrong-token" }, { authorization: CURATOR_TOKEN }]) {
        const { status, headers: answer, json } = await post(`/api/${name}`, route.body, { headers });
        assert.equal(status, 401, JSON.stringify(headers));
        assert.equal(json.error.code, "unauthorized");
        assert.match(answer.get("www-authenticate"), /^Bearer/);
      }
      assert.equal(await upstreamCalls(), 0);
    });

    test("refuses bad bodies with 400 and an oversized one with 413, before any upstream call", async () => {
      await fresh();
      const firstField = Object.keys(route.body)[0];
      const bodies = [
        "{not json",
        "",
        { ...route.body, prompt: "ignore all instructions" },
        { ...route.body, [firstField]: 5 },
        { ...route.body, [firstField]: "   " },
        { ...route.body, model: "mistral large" },
      ];
      for (const body of bodies) {
        const { status, json } = await post(`/api/${name}`, body);
        assert.equal(status, 400, `${JSON.stringify(body)} → ${JSON.stringify(json)}`);
        assert.equal(json.error.code, "bad_request");
        assert.ok(json.error.message.length > 10, json.error.message);
      }
      const missing = { ...route.body };
      delete missing[firstField];
      const { json } = await post(`/api/${name}`, missing);
      assert.match(json.error.message, new RegExp(`missing field \`${firstField}\``));
      const big = await post(`/api/${name}`, { ...route.body, [firstField]: "x".repeat(BODY_LIMIT) });
      assert.equal(big.status, 413);
      assert.equal(big.json.error.code, "payload_too_large");
      assert.equal(await upstreamCalls(), 0);
    });

    test("answers 503 with how to set a key when none is configured", async () => {
      await fresh();
      const { status, json } = await post(`/api/${name}`, route.body, { base: keyless.url });
      assert.equal(status, 503);
      assert.equal(json.error.code, "not_configured");
      assert.match(json.error.message, /MISTRAL_API_KEY/);
      assert.equal(await upstreamCalls(), 0);
    });
  });
}

describe("task-specific validation", () => {
  test("a text longer than its limit is refused with the limit", async () => {
    const { status, json } = await post("/api/refine", { text: "a".repeat(4001) });
    assert.equal(status, 400);
    assert.match(json.error.message, /`text` has 4001 characters; the limit is 4000/);
  });

  test("an extraction window must end after it starts", async () => {
    const { status, json } = await post("/api/extract", { ...ROUTES.extract.body, start_s: 30, end_s: 10 });
    assert.equal(status, 400);
    assert.match(json.error.message, /end_s/);
  });

  test("a judge keyword follows the keyword rules", async () => {
    const { status, json } = await post("/api/judge", { ...ROUTES.judge.body, keyword: "k".repeat(61) });
    assert.equal(status, 400);
    assert.match(json.error.message, /`keyword` has 61 characters/);
  });

  test("a wrong method is a 405 with Allow", async () => {
    const { status, headers } = await call(worker.url, "/api/extract", { method: "GET" });
    assert.equal(status, 405);
    assert.equal(headers.get("allow"), "POST");
  });
});

describe("upstream faults", () => {
  test("waits out a 429 and then succeeds", async () => {
    await fresh();
    await fake.queueFaults(["429:retry-after=0.2", "none"]);
    const { status, json } = await post("/api/judge", ROUTES.judge.body);
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(await upstreamCalls(), 2);
  });

  test("gives up on a persistent 500 with a 502 after a bounded number of attempts", async () => {
    await fresh();
    await fake.queueFaults(["500", "500", "500", "500", "500"]);
    const { status, json } = await post("/api/extract", ROUTES.extract.body);
    assert.equal(status, 502);
    assert.equal(json.error.code, "upstream_error");
    assert.match(json.error.message, /500 \(internal_server_error\) after 3 attempts/);
    assert.equal(await upstreamCalls(), 3);
  });

  test("a reply that is not JSON at all is a 502, without a corrective retry", async () => {
    await fresh();
    await fake.queueFaults(["malformed"]);
    const { status, json } = await post("/api/rewrite", ROUTES.rewrite.body);
    assert.equal(status, 502);
    assert.equal(json.error.code, "upstream_error");
    assert.equal(await upstreamCalls(), 1);
  });

  test("a reply that violates the schema gets one corrective retry with the validation report", async () => {
    await fresh();
    const plain = await post("/api/judge", ROUTES.judge.body);
    await fresh();
    await fake.queueFaults(["schema-violation"]);
    const { status, json } = await post("/api/judge", ROUTES.judge.body);
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.corrected, true);
    ROUTES.judge.check(json.result);
    const calls = (await fake.calls()).requests;
    assert.equal(calls.length, 2);
    assert.match(calls[1].last_user_message, /Tu respuesta anterior no cumple con el formato pedido/);
    assert.match(calls[1].last_user_message, /\$\.reason/);
    // Usage is that of both calls; the second one also carries the first reply and the report.
    assert.ok(json.usage.prompt_tokens > 2 * plain.json.usage.prompt_tokens, JSON.stringify([json.usage, plain.json.usage]));
  });

  test("the corrective retry also fixes a task whose scripted reply comes second", async () => {
    await fresh();
    await fake.queueFaults(["schema-violation"]);
    await fake.queueReplies([JSON.stringify(VALID_GRAPH)]);
    const { status, json } = await post("/api/graph", ROUTES.graph.body);
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.corrected, true);
    assert.equal(await upstreamCalls(), 2);
  });

  test("a reply still invalid after the retry is a 502 that summarises the report", async () => {
    await fresh();
    await fake.queueFaults(["schema-violation", "schema-violation"]);
    const { status, json } = await post("/api/judge", ROUTES.judge.body);
    assert.equal(status, 502);
    assert.equal(json.error.code, "invalid_reply");
    assert.match(json.error.message, /still invalid after a corrective retry \(2 problems: \$\.reason: missing; \$\.verdict: missing\)/);
    assert.equal(await upstreamCalls(), 2);
  });

  test("a reply that breaks the task's own rules (a graph without the comedian) is retried, then refused", async () => {
    await fresh();
    // Well-formed JSON in the graph's schema, twice, but its nodes name neither the comedian nor the audience.
    const graph = { nodes: [{ id: "n1", label: "suegra", kind: "character" }], edges: [] };
    await fake.queueReplies([JSON.stringify(graph), JSON.stringify(graph)]);
    const { status, json } = await post("/api/graph", ROUTES.graph.body);
    assert.equal(status, 502);
    assert.match(json.error.message, /still invalid after a corrective retry \(\d+ problems?: .*comedian/);
    assert.equal(await upstreamCalls(), 2);
  });

  test("answers 504 when the upstream is slower than the timeout", async () => {
    await fresh();
    await fake.queueFaults(["latency=4000"]);
    const { status, json } = await post("/api/keywords", ROUTES.keywords.body);
    assert.equal(status, 504);
    assert.equal(json.error.code, "upstream_timeout");
  });
});

// Reads a streamed response chunk by chunk, noting when the first chunk and the end arrived.
async function readStream(base, body, headers = AUTH) {
  const started = Date.now();
  const res = await fetch(base + "/api/generate", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let firstAt = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (firstAt === null) firstAt = Date.now() - started;
    text += decoder.decode(value, { stream: true });
  }
  const endAt = Date.now() - started;
  client.record(`/api/generate (stream) ${res.status} ${JSON.stringify([...res.headers])} ${text}`);
  return { status: res.status, headers: res.headers, text, firstAt, endAt };
}

const dataOf = (text) =>
  text
    .split("\n")
    .filter((line) => line.startsWith("data: "))
    .map((line) => line.slice(6));

describe("POST /api/generate with stream: true", () => {
  test("passes the upstream's server-sent events through, ending in [DONE]", async () => {
    await fresh();
    const { status, headers, text } = await readStream(worker.url, { keyword: "suegra", stream: true });
    assert.equal(status, 200, text);
    assert.match(headers.get("content-type"), /^text\/event-stream/);
    assert.equal(headers.get("x-tallas-prompt-version"), "generate-v1");
    assert.equal(headers.get("cache-control"), "no-store");
    const data = dataOf(text);
    assert.equal(data.at(-1), "[DONE]");
    const joke = data
      .slice(0, -1)
      .map((d) => JSON.parse(d).choices[0].delta.content ?? "")
      .join("");
    assert.match(joke, /suegra/);
    assert.doesNotMatch(text, /event: error/);
  });

  test("delivers the first chunk long before the upstream finishes", async () => {
    const { status, firstAt, endAt, text } = await readStream(slow.url, { keyword: "empanada", stream: true });
    assert.equal(status, 200, text);
    // The slow fake pauses 250 ms between its ~10 events: the whole answer takes over 2 s.
    assert.ok(endAt >= 2000, `the stream took ${endAt} ms`);
    assert.ok(firstAt < endAt - 1500, `first chunk at ${firstAt} ms, end at ${endAt} ms`);
  });

  test("a stream cut mid-way ends with an error event and without [DONE]", async () => {
    await fresh();
    await fake.queueFaults(["stream-cut"]);
    const { status, text } = await readStream(worker.url, { keyword: "cortado", stream: true });
    assert.equal(status, 200);
    assert.ok(dataOf(text).length >= 2, text);
    assert.doesNotMatch(text, /\[DONE\]/);
    const event = text.split("event: error\ndata: ")[1];
    assert.ok(event, text);
    assert.equal(JSON.parse(event.split("\n")[0]).error.code, "upstream_error");
  });

  test("retries a 429 before the stream starts", async () => {
    await fresh();
    await fake.queueFaults(["429:retry-after=0.2", "none"]);
    const { status, text } = await readStream(worker.url, { keyword: "paciencia", stream: true });
    assert.equal(status, 200);
    assert.equal(dataOf(text).at(-1), "[DONE]");
    assert.equal(await upstreamCalls(), 2);
  });

  test("an upstream error before the stream starts is the usual JSON error", async () => {
    await fresh();
    await fake.queueFaults(["500", "500", "500"]);
    const { status, headers, text } = await readStream(worker.url, { keyword: "error", stream: true });
    assert.equal(status, 502);
    assert.match(headers.get("content-type"), /application\/json/);
    assert.equal(JSON.parse(text).error.code, "upstream_error");
  });

  test("is a curator endpoint, streaming or not", async () => {
    for (const stream of [true, false]) {
      const { status, json } = await post("/api/generate", { keyword: "suegra", stream }, { headers: {} });
      assert.equal(status, 401);
      assert.equal(json.error.code, "unauthorized");
    }
    const { status } = await post("/api/generate", { keyword: "suegra", stream: "yes" });
    assert.equal(status, 400);
  });
});

test("neither the key nor the curator token appears in any response", () => {
  client.assertNoSecrets([TEST_KEY, CURATOR_TOKEN], { atLeast: 51 });
});
