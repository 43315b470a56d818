// The fakes and the worker against independent descriptions of each upstream API the worker
// speaks: JSON Schemas of the official SDKs' models, Mistral's `mistralai`
// (tests/support/mistral-api/, scripts/mistral-api-schemas.py) and, for the fine-tuning dialects,
// `openai` and `together` (tests/support/{openai,together}-api/, scripts/fine-tuning-api-schemas.py),
// each with its SDK version in versions.json. A recorder between the worker and each fake checks
// every request the worker sends upstream and every answer the fake gives, while the worker's
// routes run: chat (plain, JSON Schema tasks, streamed, content in chunks and null), models, files
// and fine-tuning jobs in all three dialects (estimate, create, get, start, cancel, events). The
// fakes can no longer drift from the real APIs unseen, nor the worker send what they would refuse.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";

import Ajv2020 from "ajv/dist/2020.js";

import { apiClient } from "../support/http.mjs";
import { CURATOR_TOKEN, ROOT, TEST_KEY, startFakeMistral, startWorker } from "../support/services.mjs";

const SDKS = Object.fromEntries(
  ["mistral", "openai", "together"].map((sdk) => {
    const dir = join(ROOT, `tests/support/${sdk}-api`);
    const manifest = JSON.parse(readFileSync(join(dir, "versions.json"), "utf8"));
    return [sdk, { dir, label: `${sdk === "mistral" ? "mistralai" : sdk} ${manifest[sdk === "mistral" ? "mistralai" : sdk]}`, messages: manifest.messages }];
  }),
);
// The SDKs' schemas use pydantic's dialect (discriminators, titles): read leniently, checked strictly.
const ajv = new Ajv2020({ strict: false, allErrors: true });
const validators = new Map();
function validator(sdk, name) {
  const key = `${sdk}/${name}`;
  if (!validators.has(key)) validators.set(key, ajv.compile(JSON.parse(readFileSync(join(SDKS[sdk].dir, `${name}.json`), "utf8"))));
  return validators.get(key);
}
function check(sdk, name, value, where) {
  const validate = validator(sdk, name);
  assert.ok(validate(value), `${where} does not match ${SDKS[sdk].label}'s ${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 400)}`);
  checked.set(`${sdk}/${name}`, (checked.get(`${sdk}/${name}`) ?? 0) + 1);
}
/** Messages checked, by `sdk/name`. */
const checked = new Map();
/** Problems the recorders found, reported by the test that caused them. */
const problems = [];

const { call } = apiClient();
let fakes;
let recorders;
let worker;

/** Which schemas describe an exchange with Mistral: [request, answer]. */
function mistralSchemas(method, path, query, requestBody) {
  if (method === "POST" && path === "/v1/chat/completions") return ["ChatCompletionRequest", requestBody?.stream ? "CompletionChunk" : "ChatCompletionResponse"];
  if (method === "GET" && path === "/v1/models") return [null, "ModelList"];
  if (method === "POST" && path === "/v1/files") return [null, "CreateFileResponse"];
  if (method === "POST" && path === "/v1/fine_tuning/jobs") return ["CreateFineTuningJobRequest", /dry_run=true/.test(query) ? "LegacyJobMetadata" : "CompletionFineTuningJob"];
  if (method === "GET" && path === "/v1/fine_tuning/jobs") return [null, "ListFineTuningJobsResponse"];
  if (/^\/v1\/fine_tuning\/jobs\/[^/]+(\/start|\/cancel)?$/.test(path)) return [null, "CompletionFineTuningJobDetails"];
  return [null, null];
}

/** Which schemas describe an exchange with an OpenAI-shaped provider. */
function openaiSchemas(method, path) {
  if (method === "POST" && path === "/v1/files") return [null, "FileObject"];
  if (method === "POST" && path === "/v1/fine_tuning/jobs") return ["JobCreateParams", "FineTuningJob"];
  if (/^\/v1\/fine_tuning\/jobs\/[^/]+(\/cancel)?$/.test(path)) return [null, "FineTuningJob"];
  if (/^\/v1\/fine_tuning\/jobs\/[^/]+\/events$/.test(path)) return [null, "FineTuningJobEvent[]"];
  if (/^\/v1\/fine_tuning\/jobs\/[^/]+\/checkpoints$/.test(path)) return [null, "FineTuningJobCheckpoint[]"];
  return [null, null];
}

/** Which schemas describe an exchange with Together. */
function togetherSchemas(method, path) {
  if (method === "POST" && /^\/v1\/files\/[^/]+\/preprocess$/.test(path)) return [null, "FileResponse"];
  if (method === "GET" && path === "/v1/fine-tunes/models/limits") return [null, "FinetuneModelLimits"];
  if (method === "POST" && path === "/v1/fine-tunes/estimate-price") return ["FineTuningEstimatePriceParams", "FineTuningEstimatePriceResponse"];
  if (method === "POST" && path === "/v1/fine-tunes") return ["FinetuneRequest", "CreatedFinetuneResponse"];
  if (method === "GET" && /^\/v1\/fine-tunes\/[^/]+$/.test(path)) return [null, "FinetuneResponse"];
  if (method === "POST" && /^\/v1\/fine-tunes\/[^/]+\/cancel$/.test(path)) return [null, "FineTuningCancelResponse"];
  if (method === "GET" && /^\/v1\/fine-tunes\/[^/]+\/events$/.test(path)) return [null, "FineTuningListEventsResponse"];
  return [null, null];
}

/**
 * What is checked of a request to an OpenAI-shaped provider: Nebius Token Factory's extensions
 * (`learning_rate`, `lora`, `lora_r` in the top-level `hyperparameters`) are not in OpenAI's SDK,
 * so exactly those are left out; anything else must be the SDK's.
 */
function withoutNebiusExtensions(body) {
  if (!body?.hyperparameters) return body;
  const { learning_rate, lora, lora_r, ...openai } = body.hyperparameters;
  return { ...body, hyperparameters: openai };
}

const DIALECTS = {
  mistral: { schemas: mistralSchemas, request: (body) => body },
  openai: { schemas: openaiSchemas, request: withoutNebiusExtensions },
  together: { schemas: togetherSchemas, request: (body) => body },
};

/** A loopback proxy in front of the fake of `sdk` that checks what passes through it. */
async function startRecorder(sdk, upstream) {
  const dialect = DIALECTS[sdk];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const json = /json/.test(req.headers["content-type"] ?? "") ? JSON.parse(body.toString() || "null") : null;
    const [path, query = ""] = req.url.split("?");
    const [requestSchema, answerSchema] = dialect.schemas(req.method, path, query, json);
    try {
      if (requestSchema) check(sdk, requestSchema, dialect.request(json), `the worker's ${req.method} ${req.url}`);
    } catch (error) {
      problems.push(error);
    }
    const answer = await fetch(upstream + req.url, {
      method: req.method,
      redirect: "manual",
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "content-length"].includes(k))),
      body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
    });
    const text = await answer.text();
    try {
      if (answerSchema && answer.ok) checkAnswer(sdk, answerSchema, text, `the fake's answer to ${req.method} ${req.url}`);
    } catch (error) {
      problems.push(error);
    }
    const headers = Object.fromEntries([...answer.headers].filter(([k]) => !["content-encoding", "content-length", "transfer-encoding"].includes(k)));
    res.writeHead(answer.status, headers);
    res.end(text);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => server.close(r)) };
}

function checkAnswer(sdk, schema, text, where) {
  if (schema === "CompletionChunk") {
    const events = text.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).filter((d) => d !== "[DONE]");
    assert.ok(events.length > 0, `no events in ${where}`);
    for (const data of events) check(sdk, "CompletionChunk", JSON.parse(data), where);
  } else if (schema.endsWith("[]")) {
    // A page of the SDK's cursor pagination: each item is the SDK's type.
    const page = JSON.parse(text);
    assert.ok(Array.isArray(page.data) && typeof page.has_more === "boolean", `${where} is not a page: ${text.slice(0, 200)}`);
    for (const item of page.data) check(sdk, schema.slice(0, -2), item, where);
  } else {
    check(sdk, schema, JSON.parse(text), where);
  }
}

before(async () => {
  fakes = {
    mistral: await startFakeMistral({ args: ["--job-step-ms", "100"] }),
    // As Nebius: its adapters are deployed from their checkpoints (a step no SDK describes; the checkpoints are OpenAI's).
    openai: await startFakeMistral({ args: ["--fine-tuning", "openai", "--deploy-lora", "--job-step-ms", "100"] }),
    together: await startFakeMistral({ args: ["--fine-tuning", "together", "--job-step-ms", "100"] }),
  };
  recorders = {};
  for (const sdk of Object.keys(fakes)) recorders[sdk] = await startRecorder(sdk, fakes[sdk].url);
  const upstreams = JSON.stringify([
    { name: "nebius", base_url: recorders.openai.url, key_secret: "PROVIDER_KEY", fine_tuning: "openai", deploy_lora: true },
    { name: "together", base_url: recorders.together.url, key_secret: "PROVIDER_KEY", fine_tuning: "together" },
  ]);
  worker = await startWorker({ upstreamUrl: recorders.mistral.url, vars: { UPSTREAMS: upstreams, PROVIDER_KEY: TEST_KEY } });
});

after(async () => {
  await Promise.all([worker?.stop(), ...Object.values(recorders ?? {}).map((r) => r.stop()), ...Object.values(fakes ?? {}).map((f) => f.stop())]);
});

const post = (path, body, options = {}) => call(worker.url, path, { method: "POST", body, token: CURATOR_TOKEN, ...options });
const get = (path) => call(worker.url, path, { token: CURATOR_TOKEN });
const noProblems = () => assert.deepEqual(problems.splice(0).map((e) => e.message), []);

test("chat: a joke, every LLM task with the fake's default answers, a stream, content in chunks and null", async () => {
  assert.equal((await post("/api/generate", { keyword: "suegra" })).status, 200);
  assert.equal((await post("/api/generate", { keyword: "suegra", stream: true })).status, 200);
  const joke = { text: "Mi suegra es tan lenta que se perdió en el ascensor." };
  const tasks = {
    "/api/extract": { window_text: "[0:01] Mi suegra es tan lenta...\n[0:09] ¡que se perdió en el ascensor!", routine_label: "Rutina", start_s: 1, end_s: 12 },
    "/api/refine": { text: "mi suegra es tan lenta que se perdio en el ascensor" },
    "/api/keywords": joke,
    "/api/graph": joke,
    "/api/rewrite": { text: "Como les decía, mi suegra es lenta." },
    "/api/judge": { keyword: "suegra", reference: "Una talla real.", candidate_a: "Chiste A.", candidate_b: "Chiste B." },
  };
  for (const [path, body] of Object.entries(tasks)) {
    const answer = await post(path, body);
    // The fake's default answers must be ones the product's own rules accept.
    assert.equal(answer.status, 200, `${path}: ${answer.text}`);
  }
  for (const fault of ["content-chunks", "null-content"]) {
    await fakes.mistral.queueFaults([fault]);
    await post("/api/generate", { keyword: "micro" });
    await fakes.mistral.queueFaults([fault]);
    await post("/api/generate", { keyword: "micro", stream: true });
  }
  noProblems();
});

test("models, files and a fine-tuning job's whole life, its dry run first", async () => {
  assert.equal((await get("/api/models")).status, 200);
  const line = JSON.stringify({ messages: [{ role: "user", content: "Palabra clave: pan" }, { role: "assistant", content: "Una talla." }] });
  const file = await call(worker.url, "/api/files?filename=train.jsonl", { method: "POST", body: `${line}\n${line}\n`, contentType: "application/jsonl", token: CURATOR_TOKEN });
  assert.equal(file.status, 201, file.text);
  const job = { model: "mistral-small-latest", training_files: [file.json.id], hyperparameters: { training_steps: 3 } };
  assert.equal((await post("/api/fine-tunes", { ...job, dry_run: true })).status, 200);
  const created = await post("/api/fine-tunes", job);
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  assert.equal((await get("/api/fine-tunes")).status, 200);
  // Started once validated, then followed to its end.
  let current = created.json;
  for (let tries = 0; current.status !== "VALIDATED" && tries < 50; tries++) {
    await new Promise((r) => setTimeout(r, 100));
    current = (await get(`/api/fine-tunes/${id}`)).json;
  }
  assert.equal((await post(`/api/fine-tunes/${id}/start`, undefined)).status, 200);
  for (let tries = 0; current.status !== "SUCCESS" && tries < 50; tries++) {
    await new Promise((r) => setTimeout(r, 100));
    current = (await get(`/api/fine-tunes/${id}`)).json;
  }
  assert.equal(current.status, "SUCCESS");
  const other = await post("/api/fine-tunes", job);
  assert.equal((await post(`/api/fine-tunes/${other.json.id}/cancel`, undefined)).status, 200);
  noProblems();
});

/** Uploads a two-line training file to `provider` (Mistral when absent); its id. */
async function uploadTo(provider) {
  const line = JSON.stringify({ messages: [{ role: "user", content: "Palabra clave: pan" }, { role: "assistant", content: "Una talla." }] });
  const query = provider ? `&provider=${provider}` : "";
  const file = await call(worker.url, `/api/files?filename=train.jsonl${query}`, { method: "POST", body: `${line}\n${line}\n`, contentType: "application/jsonl", token: CURATOR_TOKEN });
  assert.equal(file.status, 201, file.text);
  return file.json.id;
}

async function until(id, stage) {
  for (let tries = 0; tries < 100; tries++) {
    const job = await get(`/api/fine-tunes/${encodeURIComponent(id)}`);
    if (job.json.stage === stage) return job.json;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${id} never reached ${stage}`);
}

test("an OpenAI-shaped provider: files, a job in OpenAI's shape and in Nebius's, its events, a cancel", async () => {
  const file = await uploadTo("nebius");
  const base = { model: "nebius:meta-llama/Llama-3.1-8B-Instruct", training_files: [file], suffix: "vina", auto_start: true };
  const created = await post("/api/fine-tunes", { ...base, hyperparameters: { epochs: 2 } });
  assert.equal(created.status, 201, created.text);
  await until(created.json.id, "succeeded");
  const lora = await post("/api/fine-tunes", { ...base, hyperparameters: { epochs: 1, learning_rate: 0.0002, lora_rank: 16 } });
  assert.equal(lora.status, 201, lora.text);
  assert.equal((await post(`/api/fine-tunes/${encodeURIComponent(lora.json.id)}/cancel`, undefined)).status, 200);
  noProblems();
});

test("Together: its three-step upload, limits, an estimate, a job, its events, a cancel", async () => {
  const file = await uploadTo("together");
  const job = { model: "together:meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", training_files: [file], hyperparameters: { epochs: 2 }, auto_start: true };
  assert.equal((await post("/api/fine-tunes", { ...job, dry_run: true })).status, 200);
  const created = await post("/api/fine-tunes", job);
  assert.equal(created.status, 201, created.text);
  await until(created.json.id, "succeeded");
  const other = await post("/api/fine-tunes", job);
  assert.equal((await post(`/api/fine-tunes/${encodeURIComponent(other.json.id)}/cancel`, undefined)).status, 200);
  noProblems();
});

test("a request with a field renamed fails its SDK's schema", () => {
  // The check is only worth having if it can fail: the worker's own bodies, one field renamed.
  const together = { training_file: "file-1", model: "m", n_epochs: 1, learning_rate: 0.00001, warmup_ratio: 0, max_grad_norm: 1, weight_decay: 0 };
  assert.ok(validator("together", "FinetuneRequest")(together));
  const { n_epochs, ...renamed } = together;
  assert.ok(!validator("together", "FinetuneRequest")({ ...renamed, epochs: 1 }));
  const openai = { model: "m", training_file: "file-1", method: { type: "supervised", supervised: { hyperparameters: { n_epochs: 2 } } } };
  assert.ok(validator("openai", "JobCreateParams")(openai));
  assert.ok(!validator("openai", "JobCreateParams")({ ...openai, method: { type: "supervised", supervised: { hyperparameters: { epochs: 2 } } } }));
  assert.ok(!validator("openai", "JobCreateParams")(withoutNebiusExtensions({ model: "m", training_file: "f", hyperparameters: { lora_rank: 8 } })));
});

test("every kind of message of every SDK was checked", () => {
  for (const [sdk, { messages }] of Object.entries(SDKS)) {
    for (const name of Object.keys(messages)) assert.ok(checked.get(`${sdk}/${name}`) > 0, `no ${sdk} ${name} was checked`);
  }
});
