// The curator's model list and fine-tuning proxy (files and jobs) against the worker under
// wrangler dev and the fake Mistral upstream: happy paths through a whole job's life, validation
// before any upstream call, curator auth, the upstream's refusals passed on with their status
// class, streamed uploads with their size and JSONL checks, and no secret in any response.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { apiClient } from "../support/http.mjs";
import { CURATOR_TOKEN, TEST_KEY, startFakeMistral, startWorker } from "../support/services.mjs";

let fake;
let worker;
let wrongKey;
let tokenless;
const client = apiClient();

// Above the worker's 256 KB read-ahead, so large files take the streaming path.
const FILE_LIMIT = 350_000;
const AUTH = { authorization: `Bearer ${CURATOR_TOKEN}` };
const UNKNOWN_ID = "00000000-0000-4000-8000-00000000abcd";

const call = (base, path, { headers = AUTH, ...rest } = {}) => client.call(base, path, { headers, ...rest });

const api = (path, options = {}) => call(options.base ?? worker.url, path, options);

function example(i) {
  return JSON.stringify({
    messages: [
      { role: "system", content: "Eres un humorista chileno." },
      { role: "user", content: `Palabra clave: palabra ${i}` },
      { role: "assistant", content: `Una talla sobre la palabra ${i}, con remate.` },
    ],
  });
}

function jsonl(lines) {
  return Array.from({ length: lines }, (_, i) => example(i)).join("\n") + "\n";
}

/** The text as a body without Content-Length, sent in chunks of `size` bytes. */
function chunked(text, size = 16_384) {
  const bytes = new TextEncoder().encode(text);
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

const upload = (body, query = "?filename=train.jsonl", options = {}) =>
  api(`/api/files${query}`, { method: "POST", body, contentType: "application/jsonl", ...options });

async function upstreamCalls(route) {
  const calls = (await fake.calls()).requests;
  return route ? calls.filter((c) => c.route === route).length : calls.length;
}

before(async () => {
  fake = await startFakeMistral({ args: ["--job-step-ms", "300"] });
  [worker, wrongKey, tokenless] = await Promise.all([
    startWorker({ upstreamUrl: fake.url, vars: { MAX_FILE_BODY_BYTES: String(FILE_LIMIT) } }),
    startWorker({ upstreamUrl: fake.url, key: "not-the-key-the-fake-expects" }),
    startWorker({ upstreamUrl: fake.url, vars: { CURATOR_TOKEN: "" } }),
  ]);
});

after(async () => {
  await Promise.all([worker?.stop(), wrongKey?.stop(), tokenless?.stop(), fake?.stop()]);
});

describe("curator auth", () => {
  const routes = [
    ["GET", "/api/models"],
    ["POST", "/api/files"],
    ["GET", "/api/fine-tunes"],
    ["POST", "/api/fine-tunes"],
    ["GET", `/api/fine-tunes/${UNKNOWN_ID}`],
    ["POST", `/api/fine-tunes/${UNKNOWN_ID}/start`],
    ["POST", `/api/fine-tunes/${UNKNOWN_ID}/cancel`],
  ];

  test("every route answers 401 without the token or with a wrong one, before any upstream call", async () => {
    await fake.resetCalls();
    for (const [method, path] of routes) {
      for (const headers of [{}, { authorization: "Bearer not-the-curator-token" }]) {
        const body = method === "POST" ? "{}" : undefined;
        const { status, json } = await api(path, { method, headers, body });
        assert.equal(status, 401, `${method} ${path} ${JSON.stringify(headers)}`);
        assert.equal(json.error.code, "unauthorized");
      }
    }
    assert.equal(await upstreamCalls(), 0);
  });

  test("without a CURATOR_TOKEN the routes answer 503 saying how to set one", async () => {
    const health = await api("/api/health", { base: tokenless.url });
    assert.equal(health.json.curator_token_configured, false);
    for (const [method, path] of routes) {
      const { status, json } = await api(path, { base: tokenless.url, method, body: method === "POST" ? "{}" : undefined });
      assert.equal(status, 503, `${method} ${path}`);
      assert.equal(json.error.code, "not_configured");
      assert.match(json.error.message, /wrangler secret put CURATOR_TOKEN/);
    }
  });

  test("wrong methods are 405 with Allow", async () => {
    assert.equal((await api("/api/models", { method: "POST", body: "{}" })).headers.get("allow"), "GET");
    assert.equal((await api("/api/fine-tunes", { method: "DELETE" })).headers.get("allow"), "GET, POST");
    assert.equal((await api(`/api/fine-tunes/${UNKNOWN_ID}/start`)).headers.get("allow"), "POST");
  });
});

describe("GET /api/models", () => {
  test("lists the upstream's models with their capabilities", async () => {
    await fake.resetCalls();
    const { status, json } = await api("/api/models");
    assert.equal(status, 200, JSON.stringify(json));
    assert.ok(Array.isArray(json));
    const byId = Object.fromEntries(json.map((m) => [m.id, m]));
    assert.deepEqual(byId["mistral-small-latest"].capabilities, { completion: true, fine_tuning: true });
    assert.deepEqual(byId["mistral-large-latest"].capabilities, { completion: true, fine_tuning: false });
    assert.equal(byId["mistral-small-latest"].type, "base");
    assert.equal(await upstreamCalls("GET /v1/models"), 1);
  });

  test("a key the upstream refuses is a 502 that points at MISTRAL_API_KEY", async () => {
    const { status, json } = await api("/api/models", { base: wrongKey.url });
    assert.equal(status, 502);
    assert.equal(json.error.code, "upstream_error");
    assert.match(json.error.message, /MISTRAL_API_KEY/);
  });
});

describe("POST /api/files", () => {
  test("streams a JSONL file to the upstream as a fine-tuning file", async () => {
    await fake.resetCalls();
    const { status, json } = await upload(jsonl(3));
    assert.equal(status, 201, JSON.stringify(json));
    assert.match(json.id, /^[0-9a-f-]{36}$/);
    assert.equal(json.filename, "train.jsonl");
    assert.equal(json.num_lines, 3);
    assert.equal(json.purpose, "fine-tune");
    assert.equal(json.bytes, jsonl(3).length);
    assert.equal(await upstreamCalls("POST /v1/files"), 1);
  });

  test("streams a file larger than the read-ahead, sent without Content-Length", async () => {
    const text = jsonl(1400);
    assert.ok(text.length > 256 * 1024 && text.length < FILE_LIMIT, String(text.length));
    const { status, json } = await upload(chunked(text), "");
    assert.equal(status, 201, JSON.stringify(json));
    assert.equal(json.num_lines, 1400);
    assert.equal(json.bytes, text.length);
    assert.equal(json.filename, "training.jsonl");
  });

  test("refuses a file that is not JSONL training data with 400, before any upstream call when small", async () => {
    await fake.resetCalls();
    const cases = [
      [`${example(0)}\nnot json\n`, /line 2 is not a JSON object/],
      [`${example(0)}\n{"messages": [}\n`, /line 2 is not valid JSON/],
      ['{"text": "no messages"}\n', /line 1 is not a training example/],
      ["\n\n", /no JSON lines/],
      ["", /body is empty/],
    ];
    for (const [body, message] of cases) {
      const { status, json } = await upload(body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(json.error.code, "bad_request");
      assert.match(json.error.message, message);
    }
    assert.equal(await upstreamCalls(), 0);
  });

  test("a bad line past the read-ahead aborts the upload with 400", async () => {
    await fake.resetCalls();
    const before = (await (await fetch(`${fake.url}/v1/files`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()).total;
    const text = jsonl(1400) + "oops\n";
    const { status, json } = await upload(chunked(text));
    assert.equal(status, 400, JSON.stringify(json));
    assert.match(json.error.message, /line 1401 is not a JSON object/);
    const afterUpload = (await (await fetch(`${fake.url}/v1/files`, { headers: { authorization: `Bearer ${TEST_KEY}` } })).json()).total;
    assert.equal(afterUpload, before, "the upstream stored no part of the file");
  });

  test("refuses a file over MAX_FILE_BODY_BYTES with 413, declared or streamed", async () => {
    await fake.resetCalls();
    const text = jsonl(2100);
    assert.ok(text.length > FILE_LIMIT);
    const declared = await upload(text);
    assert.equal(declared.status, 413);
    assert.equal(declared.json.error.code, "payload_too_large");
    assert.match(declared.json.error.message, /MAX_FILE_BODY_BYTES/);
    assert.equal(await upstreamCalls(), 0);
    const streamed = await upload(chunked(text));
    assert.equal(streamed.status, 413, JSON.stringify(streamed.json));
    assert.equal(streamed.json.error.code, "payload_too_large");
  });

  test("refuses a bad file name or an unknown parameter with 400", async () => {
    for (const query of ["?filename=train.txt", "?filename=..%2Fx.jsonl", "?purpose=batch"]) {
      const { status, json } = await upload(jsonl(1), query);
      assert.equal(status, 400, query);
      assert.equal(json.error.code, "bad_request");
    }
  });
});

describe("fine-tuning jobs", () => {
  let fileId;
  let jobId;

  const create = (body) => api("/api/fine-tunes", { method: "POST", body });
  const job = (extra = {}) => ({
    model: "mistral-small-latest",
    training_files: [fileId],
    hyperparameters: { training_steps: 10, learning_rate: 0.0001 },
    suffix: "tallas",
    ...extra,
  });

  before(async () => {
    fileId = (await upload(jsonl(5))).json.id;
  });

  test("a dry run estimates cost and tokens and creates nothing", async () => {
    const { status, json } = await create(job({ dry_run: true }));
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.cost_currency, "USD");
    assert.ok(json.cost > 0 && json.train_tokens > 0 && json.data_tokens > 0, JSON.stringify(json));
    assert.equal(json.training_steps, 10);
    const list = await api("/api/fine-tunes");
    assert.equal(list.json.total, 0);
  });

  test("creates a job that waits for an explicit start", async () => {
    const { status, json } = await create(job());
    assert.equal(status, 201, JSON.stringify(json));
    assert.match(json.id, /^[0-9a-f-]{36}$/);
    assert.equal(json.status, "QUEUED");
    assert.equal(json.auto_start, false);
    assert.deepEqual(json.training_files, [fileId]);
    assert.equal(json.hyperparameters.training_steps, 10);
    jobId = json.id;
  });

  test("lists jobs, with filters checked before the upstream sees them", async () => {
    const { status, json } = await api("/api/fine-tunes?model=mistral-small-latest&page_size=10");
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.total, 1);
    assert.equal(json.jobs[0].id, jobId);
    const none = await api("/api/fine-tunes?status=success");
    assert.equal(none.json.total, 0, "the status filter reaches the upstream");
    await fake.resetCalls();
    for (const query of ["?page_size=1000", "?status=a%26b", "?model=mistral%20small", "?sort=asc"]) {
      const bad = await api(`/api/fine-tunes${query}`);
      assert.equal(bad.status, 400, query);
      assert.equal(bad.json.error.code, "bad_request");
    }
    assert.equal(await upstreamCalls(), 0);
  });

  test("starts a job once validated and follows it to its fine-tuned model, which /api/models then lists", async () => {
    // Validation first (QUEUED, VALIDATING, VALIDATED): a start before it is the upstream's 409.
    const early = await api(`/api/fine-tunes/${jobId}/start`, { method: "POST" });
    assert.equal(early.status, 409, JSON.stringify(early.json));
    assert.match(early.json.error.message, /QUEUED|VALIDATING/);
    let current = early.json;
    for (let tries = 0; current.status !== "VALIDATED" && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      current = (await api(`/api/fine-tunes/${jobId}`)).json;
    }
    assert.equal(current.status, "VALIDATED");
    const started = await api(`/api/fine-tunes/${jobId}/start`, { method: "POST" });
    assert.equal(started.status, 200, JSON.stringify(started.json));
    current = started.json;
    const deadline = Date.now() + 10_000;
    while (current.status !== "SUCCESS" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      current = (await api(`/api/fine-tunes/${jobId}`)).json;
    }
    assert.equal(current.status, "SUCCESS");
    assert.match(current.fine_tuned_model, /^ft:mistral-small-latest:tallas:/);
    assert.deepEqual(
      current.events.map((e) => e.data.status),
      ["QUEUED", "VALIDATING", "VALIDATED", "STARTED", "RUNNING", "SUCCESS"],
    );
    const models = (await api("/api/models")).json;
    const tuned = models.find((m) => m.id === current.fine_tuned_model);
    assert.ok(tuned, JSON.stringify(models.map((m) => m.id)));
    assert.equal(tuned.fine_tuned_from, "mistral-small-latest");
    assert.equal(tuned.capabilities.completion, true);
  });

  test("the upstream's conflicts pass on as 409 with its explanation", async () => {
    for (const action of ["start", "cancel"]) {
      const { status, json } = await api(`/api/fine-tunes/${jobId}/${action}`, { method: "POST" });
      assert.equal(status, 409, action);
      assert.equal(json.error.code, "conflict");
      assert.match(json.error.message, /SUCCESS/);
    }
  });

  test("cancels a job that has not finished: requested at once, cancelled a step later", async () => {
    const created = await create(job({ suffix: undefined }));
    const { status, json } = await api(`/api/fine-tunes/${created.json.id}/cancel`, { method: "POST" });
    assert.equal(status, 200, JSON.stringify(json));
    assert.equal(json.status, "CANCELLATION_REQUESTED");
    await new Promise((r) => setTimeout(r, 700));
    assert.equal((await api(`/api/fine-tunes/${created.json.id}`)).json.status, "CANCELLED");
  });

  test("unknown ids are 404 from the upstream; malformed ids are 400 without an upstream call", async () => {
    const unknown = await api(`/api/fine-tunes/${UNKNOWN_ID}`);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, "not_found");
    await fake.resetCalls();
    for (const path of ["/api/fine-tunes/abc", "/api/fine-tunes/abc/start", `/api/fine-tunes/${UNKNOWN_ID}x/cancel`]) {
      const method = path.endsWith("start") || path.endsWith("cancel") ? "POST" : "GET";
      const { status, json } = await api(path, { method });
      assert.equal(status, 400, path);
      assert.match(json.error.message, /UUID/);
    }
    assert.equal(await upstreamCalls(), 0);
  });

  test("refuses bad job requests with 400 before any upstream call", async () => {
    await fake.resetCalls();
    const cases = [
      ["{not json", /not valid JSON/],
      [{ training_files: [UNKNOWN_ID] }, /missing field `model`/],
      [job({ training_files: [] }), /training_files/],
      [job({ training_files: ["../../v1/models"] }), /UUID/],
      [job({ validation_files: ["x"] }), /validation_files/],
      [job({ hyperparameters: { training_steps: 0 } }), /training_steps/],
      [job({ hyperparameters: { learning_rate: 2 } }), /learning_rate/],
      [job({ hyperparameters: { epochs: 3 } }), /Mistral counts training in steps; give training_steps/],
      [job({ hyperparameters: { batch_size: 8 } }), /unknown field `batch_size`/],
      [job({ suffix: "mi modelo" }), /suffix/],
      [job({ model: "mistral large" }), /model/],
      [job({ integrations: [] }), /unknown field `integrations`/],
    ];
    for (const [body, message] of cases) {
      const { status, json } = await create(body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(json.error.code, "bad_request");
      assert.match(json.error.message, message);
    }
    assert.equal(await upstreamCalls(), 0);
  });

  test("the upstream's own refusals pass on with their status class and reason", async () => {
    // A model the upstream does not fine-tune: said so, with what to do instead.
    const notTunable = await create(job({ model: "mistral-large-latest" }));
    assert.equal(notTunable.status, 400);
    assert.match(notTunable.json.error.message, /^Mistral no longer fine-tunes mistral-large-latest \(it answered: Model mistral-large-latest cannot be fine-tuned\)/);
    const missingFile = await create(job({ training_files: [UNKNOWN_ID] }));
    assert.equal(missingFile.status, 404);
    assert.match(missingFile.json.error.message, /File not found/);
  });

  test("a key the upstream refuses is a 502, never passed on as the curator's fault", async () => {
    const { status, json } = await api("/api/fine-tunes", { base: wrongKey.url });
    assert.equal(status, 502);
    assert.match(json.error.message, /MISTRAL_API_KEY/);
  });
});

test("neither the key nor the curator token appears in any response", () => {
  client.assertNoSecrets([TEST_KEY, CURATOR_TOKEN], { atLeast: 41 });
});
