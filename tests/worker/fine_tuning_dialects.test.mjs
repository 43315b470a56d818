// Fine-tuning where it still exists: one worker with a Together-shaped provider, an OpenAI-shaped
// one and a Nebius-like one whose adapters are deployed before they chat (fakes speaking each
// dialect, tests/fake-mistral `--fine-tuning`, `--deploy-lora`), plus one that does not tune. Each tunes a dataset end to end through the same routes: upload (Together's three
// steps, OpenAI's one), estimate, create (which starts it: both dialects have no held job), every
// status followed to one stage and a model id, and a chat with the tuned model. Refusals come
// before any call; a job that breaks says why in the provider's words. Every answer of the worker
// is checked against its contract (proxy-worker/openapi.yaml).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { loadContract } from "../support/contract.mjs";
import { apiClient } from "../support/http.mjs";
import { CURATOR_TOKEN, TEST_KEY, startFakeMistral, startWorker } from "../support/services.mjs";

const TOGETHER_KEY = "together-key-0123456789";
const OPENAI_KEY = "openai-shaped-key-0123456789";
const TOGETHER_BASE = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";
const OPENAI_BASE = "meta-llama/Llama-3.1-8B-Instruct";

let mistral;
let together;
let openai;
let breaking;
let nebius;
let worker;
const { call, assertNoSecrets } = apiClient();

before(async () => {
  [mistral, together, openai, breaking, nebius] = await Promise.all([
    startFakeMistral(),
    startFakeMistral({ key: TOGETHER_KEY, args: ["--fine-tuning", "together", "--job-step-ms", "150"] }),
    startFakeMistral({ key: OPENAI_KEY, args: ["--fine-tuning", "openai", "--job-step-ms", "150"] }),
    startFakeMistral({ key: TOGETHER_KEY, args: ["--fine-tuning", "together", "--job-step-ms", "50", "--fail-training"] }),
    startFakeMistral({ key: OPENAI_KEY, args: ["--fine-tuning", "openai", "--deploy-lora", "--job-step-ms", "150"] }),
  ]);
  const upstreams = JSON.stringify([
    { name: "together", base_url: together.url, key_secret: "TOGETHER_KEY", fine_tuning: "together", tunable: [TOGETHER_BASE, "Qwen/Qwen2.5-7B-Instruct"], serverless_lora: ["Qwen/Qwen2.5-7B-Instruct"] },
    { name: "openai", base_url: `${openai.url}/v1`, key_secret: "OPENAI_KEY", fine_tuning: "openai" },
    { name: "nebius", base_url: nebius.url, key_secret: "OPENAI_KEY", fine_tuning: "openai", deploy_lora: true, tunable: [OPENAI_BASE] },
    { name: "breaks", base_url: breaking.url, key_secret: "TOGETHER_KEY", fine_tuning: "together" },
    { name: "chat-only", base_url: openai.url, key_secret: "OPENAI_KEY" },
  ]);
  worker = await startWorker({ upstreamUrl: mistral.url, vars: { UPSTREAMS: upstreams, TOGETHER_KEY, OPENAI_KEY } });
});

after(async () => {
  await Promise.all([worker, mistral, together, openai, breaking, nebius].map((service) => service?.stop()));
});

const contract = loadContract();

async function curator(path, options = {}) {
  const answer = await call(worker.url, path, { token: CURATOR_TOKEN, ...options });
  const where = `${options.method ?? "GET"} ${path} → ${answer.status}`;
  const response = contract.find(options.method ?? "GET", path)?.operation.responses[String(answer.status)];
  assert.ok(response, `${where}: not in the contract: ${answer.text.slice(0, 300)}`);
  contract.checkResponse(response, answer, where);
  return answer;
}
const line = JSON.stringify({ messages: [{ role: "user", content: "Palabra clave: once" }, { role: "assistant", content: "Una talla." }] });
const upload = (provider) =>
  curator(`/api/files?filename=train.jsonl&provider=${provider}`, { method: "POST", body: `${line}\n${line}\n`, contentType: "application/jsonl" });
const create = (body) => curator("/api/fine-tunes", { method: "POST", body });
const job = (id, action = "") => curator(`/api/fine-tunes/${encodeURIComponent(id)}${action}`, { method: action ? "POST" : "GET" });

/** Polls the job until its stage is final; returns every (status, stage) seen and the last job. */
async function follow(id) {
  const seen = [];
  for (let tries = 0; tries < 200; tries++) {
    const answer = await job(id);
    assert.equal(answer.status, 200, answer.text);
    const { status, stage } = answer.json;
    if (seen.at(-1)?.[0] !== status || seen.at(-1)?.[1] !== stage) seen.push([status, stage]);
    if (["succeeded", "failed", "cancelled"].includes(stage)) return { seen, last: answer.json };
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`job ${id} never ended: ${JSON.stringify(seen)}`);
}

describe("a Together-shaped provider", () => {
  test("uploads as its SDK does, estimates, tunes a LoRA through every status, and chats with the model", async () => {
    const file = await upload("together");
    assert.equal(file.status, 201, file.text);
    assert.match(file.json.id, /^together:file-[0-9a-f-]{36}$/);
    const body = { model: `together:${TOGETHER_BASE}`, training_files: [file.json.id], hyperparameters: { epochs: 2, lora_rank: 16 }, suffix: "vina" };

    const estimate = await create({ ...body, dry_run: true });
    assert.equal(estimate.status, 200, estimate.text);
    assert.ok(estimate.json.cost > 0 && estimate.json.train_tokens > 0, estimate.text);
    const held = await create(body);
    assert.equal(held.status, 400, "a job that would start at once is not created as if it waited");
    assert.match(held.json.error.message, /the provider "together" starts a job when it is created.*auto_start: true/);

    const created = await create({ ...body, auto_start: true });
    assert.equal(created.status, 201, created.text);
    assert.match(created.json.id, /^together:ft-/);
    assert.equal(created.json.stage, "queued");
    assert.equal(created.json.hyperparameters.lora_rank, 16);
    const start = await job(created.json.id, "/start");
    assert.equal(start.status, 409);
    assert.match(start.json.error.message, /started job .* when it was created/);

    const { seen, last } = await follow(created.json.id);
    assert.deepEqual(seen.map(([, stage]) => stage).filter((s, i, all) => s !== all[i - 1]), ["queued", "running", "succeeded"]);
    assert.ok(seen.some(([status]) => status === "compressing"), `the provider's own words are kept: ${JSON.stringify(seen)}`);
    assert.match(last.fine_tuned_model, /^together:tallas\/Meta-Llama-3\.1-8B-Instruct-Reference-vina-/);
    assert.ok(last.events.some((e) => e.name === "job_complete"), JSON.stringify(last.events));
    const told = await curator("/api/generate", { method: "POST", body: { keyword: "once", model: last.fine_tuned_model } });
    assert.equal(told.status, 200, told.text);
    // Published on /play under a public name, it tells a joke there too.
    const published = await curator("/api/play/config", { method: "PUT", body: { models: [{ id: last.fine_tuned_model, name: "talla-together" }] } });
    assert.equal(published.status, 200, published.text);
    const played = await call(worker.url, "/api/play", { method: "POST", body: { keyword: "asado", model: "talla-together" } });
    assert.equal(played.status, 200, played.text);
    assert.equal(played.json.model, "talla-together");

    const paths = new Set((await together.calls()).requests.map((r) => `${r.method ?? ""}${r.path.replace(/file-[0-9a-f-]{36}|ft-[0-9a-f-]{36}/, ":id")}`));
    for (const path of ["/v1/files", "/v1/files/:id/preprocess", "/v1/fine-tunes/models/limits", "/v1/fine-tunes/estimate-price", "/v1/fine-tunes", "/v1/fine-tunes/:id", "/v1/fine-tunes/:id/events"]) {
      assert.ok([...paths].some((p) => p.endsWith(path)), `${path} in ${[...paths]}`);
    }
  });

  test("refuses a base model it does not tune, and hyperparameters it does not take, before spending", async () => {
    const file = await upload("together");
    await together.resetCalls();
    const unlisted = await create({ model: "together:mistralai/Mixtral-8x22B", training_files: [file.json.id], auto_start: true });
    assert.equal(unlisted.status, 400);
    assert.match(unlisted.json.error.message, /together:mistralai\/Mixtral-8x22B is not among the base models the provider "together" tunes \(meta-llama.*Qwen.*\)/);
    // A provider without a list: its own limits call refuses the model.
    const elsewhere = await upload("breaks");
    const untunable = await create({ model: "breaks:mistralai/Mixtral-8x22B", training_files: [elsewhere.json.id], auto_start: true });
    assert.equal(untunable.status, 400);
    assert.match(untunable.json.error.message, /the provider "breaks" does not fine-tune breaks:mistralai\/Mixtral-8x22B \(it answered: Model mistralai\/Mixtral-8x22B is not supported.*choose a base model/);
    const steps = await create({ model: `together:${TOGETHER_BASE}`, training_files: [file.json.id], hyperparameters: { training_steps: 25 }, auto_start: true });
    assert.equal(steps.status, 400);
    assert.match(steps.json.error.message, /training_steps.*counts training in epochs; give epochs/);
    const rank = await create({ model: `together:${TOGETHER_BASE}`, training_files: [file.json.id], hyperparameters: { lora_rank: 128 }, auto_start: true });
    assert.match(rank.json.error.message, /lora_rank.*most for .* is 64/);
    const posted = (await together.calls()).requests.filter((r) => r.path === "/v1/fine-tunes");
    assert.equal(posted.length, 0, "no job was asked for");
  });

  test("a job that breaks while training ends failed, with the provider's reason", async () => {
    const file = await upload("breaks");
    const created = await create({ model: `breaks:${TOGETHER_BASE}`, training_files: [file.json.id], auto_start: true });
    assert.equal(created.status, 201, created.text);
    const { last } = await follow(created.json.id);
    assert.deepEqual([last.status, last.stage, last.fine_tuned_model ?? null], ["error", "failed", null]);
    assert.match(last.failure, /Training diverged/);
  });
});

describe("an OpenAI-shaped provider", () => {
  test("whose adapters are deployed: the job is deploying until its model is active, then chats under that name", async () => {
    const file = await upload("nebius");
    const created = await create({ model: `nebius:${OPENAI_BASE}`, training_files: [file.json.id], hyperparameters: { epochs: 1, lora_rank: 16 }, auto_start: true });
    assert.equal(created.status, 201, created.text);
    const { seen, last } = await follow(created.json.id);
    assert.deepEqual(seen.map(([, stage]) => stage), ["validating", "queued", "running", "deploying", "succeeded"]);
    assert.equal(seen.at(-2)[0], "succeeded", "the provider's own word stays: trained, the model being deployed");
    assert.match(last.fine_tuned_model, /^nebius:meta-llama\/Llama-3\.1-8B-Instruct-LoRa:tallas-ftjob-\d+-\d+$/);
    const told = await curator("/api/generate", { method: "POST", body: { keyword: "once", model: last.fine_tuned_model } });
    assert.equal(told.status, 200, told.text);
    const published = await curator("/api/play/config", { method: "PUT", body: { models: [{ id: last.fine_tuned_model, name: "talla-nebius" }] } });
    assert.equal(published.status, 200, published.text);
    const played = await call(worker.url, "/api/play", { method: "POST", body: { keyword: "asado", model: "talla-nebius" } });
    assert.equal(played.status, 200, played.text);
    await job(created.json.id);
    const deploys = (await nebius.calls()).requests.filter((r) => r.path === "/v0/models" && r.route.startsWith("POST"));
    assert.equal(deploys.length, 1, "following the job again deploys nothing more");
    // The job's own name never chats there; a model the provider no longer has is said to be that.
    const gone = await curator("/api/generate", { method: "POST", body: { keyword: "once", model: "nebius:ft:meta-llama/Llama-3.1-8B-Instruct:tallas:1" } });
    assert.equal(gone.status, 400, gone.text);
    assert.equal(gone.json.error.code, "model_not_served");
    assert.match(gone.json.error.message, /the provider "nebius" does not serve the model .* \(it answered: The model .* does not exist.*tune it again/);
  });


  test("uploads, creates a job that starts, follows it to its model, and chats with it", async () => {
    const file = await upload("openai");
    assert.equal(file.status, 201, file.text);
    const body = { model: `openai:${OPENAI_BASE}`, training_files: [file.json.id], hyperparameters: { epochs: 3 }, suffix: "vina", auto_start: true };
    const estimate = await create({ ...body, dry_run: true });
    assert.equal(estimate.status, 200, estimate.text);
    assert.equal(estimate.json.cost ?? null, null, "no estimate endpoint: the cost is unknown, never 0");
    const created = await create(body);
    assert.equal(created.status, 201, created.text);
    assert.match(created.json.id, /^openai:ftjob-/);
    assert.equal(created.json.stage, "validating");
    const { seen, last } = await follow(created.json.id);
    assert.deepEqual(seen.map(([status]) => status), ["validating_files", "queued", "running", "succeeded"]);
    assert.equal(last.hyperparameters.epochs, 3);
    assert.match(last.fine_tuned_model, /^openai:ft:meta-llama\/Llama-3\.1-8B-Instruct:tallas:vina:/);
    assert.ok(last.events.length >= 4 && last.events[0].message === "Job is validating_files", JSON.stringify(last.events));
    const told = await curator("/api/generate", { method: "POST", body: { keyword: "once", model: last.fine_tuned_model } });
    assert.equal(told.status, 200, told.text);
  });

  test("cancels a running job, and refuses a model it does not tune with its own message", async () => {
    const file = await upload("openai");
    const created = await create({ model: `openai:${OPENAI_BASE}`, training_files: [file.json.id], auto_start: true });
    const cancelled = await job(created.json.id, "/cancel");
    assert.equal(cancelled.status, 200, cancelled.text);
    assert.deepEqual([cancelled.json.status, cancelled.json.stage], ["cancelled", "cancelled"]);
    const refused = await create({ model: "openai:gpt-3.5-turbo", training_files: [file.json.id], auto_start: true });
    assert.equal(refused.status, 400);
    assert.match(refused.json.error.message, /not available for fine-tuning/);
  });
});

test("the model list offers each provider's tunable bases, saying how each tunes and whether its model chats at once", async () => {
  const models = await curator("/api/models");
  assert.equal(models.status, 200, models.text);
  const tuning = Object.fromEntries(models.json.filter((m) => m.capabilities.fine_tuning).map((m) => [m.id, m.tuning]));
  assert.deepEqual(tuning[`together:${TOGETHER_BASE}`], { dialect: "together", serverless: false });
  assert.deepEqual(tuning["together:Qwen/Qwen2.5-7B-Instruct"], { dialect: "together", serverless: true });
  assert.deepEqual(tuning[`nebius:${OPENAI_BASE}`], { dialect: "openai", serverless: true });
  assert.deepEqual(tuning["mistral-small-latest"], { dialect: "mistral", serverless: true });
  assert.ok(!Object.keys(tuning).some((id) => id.startsWith("chat-only:") || id.startsWith("openai:")), Object.keys(tuning).join(", "));
  const nebius = await create({ model: "nebius:gpt-4.1-mini-2025-04-14", training_files: ["nebius:file-1"], auto_start: true });
  assert.equal(nebius.status, 400);
  assert.match(nebius.json.error.message, /not among the base models the provider "nebius" tunes \(meta-llama\/Llama-3\.1-8B-Instruct\)/);
});

test("a provider without fine_tuning, or a file of another provider, is refused before any call", async () => {
  const file = await upload("together");
  await Promise.all([together.resetCalls(), openai.resetCalls()]);
  const chatOnly = await upload("chat-only");
  assert.equal(chatOnly.status, 400);
  assert.match(chatOnly.json.error.message, /the provider "chat-only" does not fine-tune: its UPSTREAMS entry has no fine_tuning/);
  const job = await create({ model: "chat-only:gpt-4.1-mini-2025-04-14", training_files: ["chat-only:file-1"], auto_start: true });
  assert.equal(job.status, 400);
  assert.match(job.json.error.message, /does not fine-tune/);
  const mixed = await create({ model: `openai:${OPENAI_BASE}`, training_files: [file.json.id], auto_start: true });
  assert.equal(mixed.status, 400);
  assert.match(mixed.json.error.message, /a file of the provider "together", but openai:.* is tuned by the provider "openai"/);
  const [t, o] = await Promise.all([together.calls(), openai.calls()]);
  assert.deepEqual([t.requests.length, o.requests.length], [0, 0]);
});

test("no key appears in any answer", () => {
  assertNoSecrets([TEST_KEY, TOGETHER_KEY, OPENAI_KEY], { atLeast: 10 });
});
