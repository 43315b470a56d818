// The worker against the ways the real Mistral API answers that a kind fake would not: a reply
// whose content is a list of chunks (a reasoning model's "thinking" among them) or null, plain and
// streamed; an API that ignores `dry_run` and creates a job; and one that no longer fine-tunes any
// model (its fine-tuning API is deprecated). Each against the fake started to behave that way.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { serverSentEvents } from "../support/contract.mjs";
import { apiClient } from "../support/http.mjs";
import { CURATOR_TOKEN, TEST_KEY, startFakeMistral, startWorker } from "../support/services.mjs";

const { call } = apiClient();
let fake;
let worker;
let ignoring;
let ignoringWorker;
let retired;
let retiredWorker;

const post = (base, path, body, headers = {}) => call(base, path, { method: "POST", body, token: CURATOR_TOKEN, headers });
const LINE = JSON.stringify({
  messages: [
    { role: "user", content: "Palabra clave: micro" },
    { role: "assistant", content: "En la micro nadie te mira a los ojos." },
  ],
});

before(async () => {
  [fake, ignoring, retired] = await Promise.all([
    startFakeMistral(),
    startFakeMistral({ args: ["--ignore-dry-run", "--job-step-ms", "200"] }),
    startFakeMistral({ args: ["--no-fine-tuning"] }),
  ]);
  [worker, ignoringWorker, retiredWorker] = await Promise.all([
    startWorker({ upstreamUrl: fake.url }),
    startWorker({ upstreamUrl: ignoring.url }),
    startWorker({ upstreamUrl: retired.url }),
  ]);
});

after(async () => {
  await Promise.all([worker, ignoringWorker, retiredWorker, fake, ignoring, retired].map((s) => s?.stop()));
});

describe("reply content that is not a plain string", () => {
  test("text chunks are the joke, in order, and the thinking stays out", async () => {
    await fake.queueFaults(["content-chunks"]);
    const { status, json, text } = await post(worker.url, "/api/generate", { keyword: "micro" });
    assert.equal(status, 200, text);
    assert.match(json.joke, /micro/);
    assert.ok(!/Pensemos/.test(text), text);
  });

  test("a streamed answer in chunks reaches the client as text deltas, without the thinking", async () => {
    await fake.queueFaults(["content-chunks"]);
    const { status, text } = await post(worker.url, "/api/generate", { keyword: "micro", stream: true });
    assert.equal(status, 200, text);
    assert.ok(!/Pensemos|thinking/.test(text), text);
    const deltas = serverSentEvents(text)
      .filter((e) => e.event === "message" && e.data !== "[DONE]")
      .map((e) => JSON.parse(e.data).choices[0].delta.content);
    assert.ok(deltas.every((d) => typeof d === "string"), JSON.stringify(deltas));
    assert.match(deltas.join(""), /micro/);
  });

  test("null content is an upstream error that says the answer was empty", async () => {
    await fake.queueFaults(["null-content"]);
    const { status, json } = await post(worker.url, "/api/generate", { keyword: "micro" });
    assert.equal(status, 502);
    assert.equal(json.error.code, "upstream_error");
    assert.match(json.error.message, /empty/);
  });
});

describe("a dry run never starts a job", () => {
  test("an API that ignores dry_run gets auto_start false, its job is cancelled and no estimate is made up", async () => {
    const file = await call(ignoringWorker.url, "/api/files?filename=train.jsonl", {
      method: "POST",
      body: `${LINE}\n${LINE}\n`,
      contentType: "application/jsonl",
      token: CURATOR_TOKEN,
    });
    assert.equal(file.status, 201, file.text);
    const body = { model: "mistral-small-latest", training_files: [file.json.id], auto_start: true, dry_run: true };
    const { status, json } = await post(ignoringWorker.url, "/api/fine-tunes", body);
    assert.equal(status, 502, JSON.stringify(json));
    assert.equal(json.error.code, "upstream_error");
    assert.match(json.error.message, /ignored the dry run and created job [0-9a-f-]+ instead: it was not started and is cancelled, so nothing was spent/);
    // What the upstream now holds: one job, never started, cancelled.
    await new Promise((r) => setTimeout(r, 500));
    const jobs = await fetch(`${ignoring.url}/v1/fine_tuning/jobs`, { headers: { authorization: `Bearer ${TEST_KEY}` } }).then((r) => r.json());
    assert.equal(jobs.data.length, 1);
    assert.equal(jobs.data[0].auto_start, false);
    assert.match(jobs.data[0].status, /^CANCELL/);
    assert.equal(jobs.data[0].fine_tuned_model, null);
  });
});

describe("an API that no longer fine-tunes", () => {
  test("a job or a dry run is refused with what to do instead, never a generic 502", async () => {
    const file = await call(retiredWorker.url, "/api/files?filename=train.jsonl", {
      method: "POST",
      body: `${LINE}\n`,
      contentType: "application/jsonl",
      token: CURATOR_TOKEN,
    });
    assert.equal(file.status, 201, file.text);
    for (const dry_run of [false, true]) {
      const { status, json } = await post(retiredWorker.url, "/api/fine-tunes", {
        model: "mistral-small-latest",
        training_files: [file.json.id],
        dry_run,
      });
      assert.equal(status, 400, JSON.stringify(json));
      assert.equal(json.error.code, "bad_request");
      assert.match(json.error.message, /no longer fine-tunes mistral-small-latest/);
      assert.match(json.error.message, /your own GPU \(TRL or Unsloth\)/);
    }
    const models = await call(retiredWorker.url, "/api/models", { token: CURATOR_TOKEN });
    assert.ok(models.json.every((m) => m.capabilities.fine_tuning === false), models.text);
  });
});
