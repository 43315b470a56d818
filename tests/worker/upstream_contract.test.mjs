// The fake upstream and the worker against an independent description of the Mistral API: JSON
// Schemas of the official `mistralai` SDK's models (tests/support/mistral-api/, written by
// scripts/mistral-api-schemas.py with the SDK version in versions.json). A recorder between the
// worker and the fake checks every request the worker sends upstream and every answer the fake
// gives, while the worker's routes run: chat (plain, JSON Schema tasks, streamed, content in
// chunks and null), models, files and fine-tuning jobs (dry run, create, list, get, start,
// cancel). The fake can no longer drift from the real API unseen, nor the worker send what the
// real API would refuse.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { after, before, test } from "node:test";

import Ajv2020 from "ajv/dist/2020.js";

import { apiClient } from "../support/http.mjs";
import { CURATOR_TOKEN, ROOT, startFakeMistral, startWorker } from "../support/services.mjs";

const SCHEMAS = join(ROOT, "tests/support/mistral-api");
const SDK = JSON.parse(readFileSync(join(SCHEMAS, "versions.json"), "utf8")).mistralai;
// The SDK's schemas use pydantic's dialect (discriminators, titles): read leniently, checked strictly.
const ajv = new Ajv2020({ strict: false, allErrors: true });
const validators = new Map();
function check(name, value, where) {
  if (!validators.has(name)) validators.set(name, ajv.compile(JSON.parse(readFileSync(join(SCHEMAS, `${name}.json`), "utf8"))));
  const validate = validators.get(name);
  assert.ok(validate(value), `${where} does not match mistralai ${SDK}'s ${name}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 400)}`);
  checked.set(name, (checked.get(name) ?? 0) + 1);
}
/** Messages checked, by schema name. */
const checked = new Map();
/** Problems the recorder found, reported by the test that caused them. */
const problems = [];

const { call } = apiClient();
let fake;
let recorder;
let worker;

/** Which schemas describe an exchange with the upstream: [request, answer]. */
function schemasOf(method, path, requestBody) {
  const bare = path.split("?")[0];
  if (method === "POST" && bare === "/v1/chat/completions") return ["ChatCompletionRequest", requestBody?.stream ? "CompletionChunk" : "ChatCompletionResponse"];
  if (method === "GET" && bare === "/v1/models") return [null, "ModelList"];
  if (method === "POST" && bare === "/v1/files") return [null, "CreateFileResponse"];
  if (method === "POST" && bare === "/v1/fine_tuning/jobs") return ["CreateFineTuningJobRequest", /dry_run=true/.test(path) ? "LegacyJobMetadata" : "CompletionFineTuningJob"];
  if (method === "GET" && bare === "/v1/fine_tuning/jobs") return [null, "ListFineTuningJobsResponse"];
  if (/^\/v1\/fine_tuning\/jobs\/[^/]+(\/start|\/cancel)?$/.test(bare)) return [null, "CompletionFineTuningJobDetails"];
  return [null, null];
}

/** A loopback proxy in front of the fake that checks what passes through it. */
async function startRecorder(upstream) {
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const json = /json/.test(req.headers["content-type"] ?? "") ? JSON.parse(body.toString() || "null") : null;
    const [requestSchema, answerSchema] = schemasOf(req.method, req.url, json);
    try {
      if (requestSchema) check(requestSchema, json, `the worker's ${req.method} ${req.url}`);
    } catch (error) {
      problems.push(error);
    }
    const answer = await fetch(upstream + req.url, {
      method: req.method,
      headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "content-length"].includes(k))),
      body: ["GET", "HEAD"].includes(req.method) ? undefined : body,
    });
    const text = await answer.text();
    try {
      if (answerSchema && answer.ok) {
        if (answerSchema === "CompletionChunk") {
          const events = text.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).filter((d) => d !== "[DONE]");
          assert.ok(events.length > 0, `no events in the stream of ${req.url}`);
          for (const data of events) check("CompletionChunk", JSON.parse(data), `the fake's stream of ${req.url}`);
        } else {
          check(answerSchema, JSON.parse(text), `the fake's answer to ${req.method} ${req.url}`);
        }
      }
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

before(async () => {
  fake = await startFakeMistral({ args: ["--job-step-ms", "100"] });
  recorder = await startRecorder(fake.url);
  worker = await startWorker({ upstreamUrl: recorder.url });
});

after(async () => {
  await Promise.all([worker?.stop(), recorder?.stop(), fake?.stop()]);
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
    await fake.queueFaults([fault]);
    await post("/api/generate", { keyword: "micro" });
    await fake.queueFaults([fault]);
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

test("every kind of message was checked", () => {
  const names = JSON.parse(readFileSync(join(SCHEMAS, "versions.json"), "utf8")).messages;
  for (const name of Object.keys(names)) assert.ok(checked.get(name) > 0, `no ${name} was checked`);
});
