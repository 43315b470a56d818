// The worker against its contract, proxy-worker/openapi.yaml (that it declares exactly the routes
// of router.rs is routes.test.mjs): every real answer of every route (happy paths and the main
// errors, under wrangler dev with the fake Mistral upstream) has a status the operation declares,
// a declared content type, a body that validates against the declared JSON Schema and the
// declared headers. Unknown paths and wrong methods are checked against the contract's shared
// 404 and 405 answers, and every operation must have been seen succeeding and failing.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { loadContract, serverSentEvents } from "../support/contract.mjs";
import { apiClient } from "../support/http.mjs";
import { VALID_GRAPH } from "../support/replies.mjs";
import { CURATOR_TOKEN, TEST_KEY, startFakeMistral, startWorker } from "../support/services.mjs";

const contract = loadContract();
const client = apiClient();
/** `METHOD /template` → the statuses seen. */
const seen = new Map();

let fake;
let worker;
let bare;

const TASK_BODY_LIMIT = 4096;
const FILE_LIMIT = 65_536;
const BALLOT_BODY_LIMIT = 100_000;
const VOTES_PER_WINDOW = 40;
const PLAY_PER_WINDOW = 10;
const UNKNOWN_ID = "00000000-0000-4000-8000-00000000abcd";

// Replies the task rules accept, scripted so every run sees the same answers.
const STANDING_REPLIES = {
  refinement: { corrected_text: "Mi suegra es tan lenta que se perdió en el ascensor.", keywords: ["suegra", "ascensor"], quality: "funny" },
  keywords: { keywords: ["suegra", "ascensor"] },
  joke_graph: VALID_GRAPH,
};

const SECURITY_HEADERS = {
  "x-content-type-options": "nosniff",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/**
 * One request, checked against the contract. `token` defaults to the curator token; pass
 * `token: null` for none.
 */
async function api(method, path, { base = worker.url, token = CURATOR_TOKEN, ...rest } = {}) {
  const answer = await client.call(base, path, { method, ...(token ? { token } : {}), ...rest });
  const where = `${method} ${path} → ${answer.status}`;
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    assert.equal(answer.headers.get(name), value, `${where}: header ${name}`);
  }
  const op = contract.find(method, path);
  if (op) {
    const response = op.operation.responses[String(answer.status)];
    assert.ok(response, `${where}: status not declared for ${op.method} ${op.template}: ${answer.text.slice(0, 300)}`);
    contract.checkResponse(response, answer, where);
    const key = `${op.method} ${op.template}`;
    if (!seen.has(key)) seen.set(key, new Set());
    seen.get(key).add(answer.status);
  } else {
    const allowed = contract.methodsOf(path);
    const shared = allowed.length > 0 ? "MethodNotAllowed" : "NotFound";
    assert.equal(answer.status, allowed.length > 0 ? 405 : 404, `${where}: ${answer.text.slice(0, 200)}`);
    contract.checkResponse(contract.doc.components.responses[shared], answer, where);
    if (shared === "MethodNotAllowed") assert.equal(answer.headers.get("allow"), allowed.join(", "), where);
  }
  return answer;
}

const get = (path, options) => api("GET", path, options);
const post = (path, body, options) => api("POST", path, { body, ...options });

function expectStatus(answer, status) {
  assert.equal(answer.status, status, `${answer.status}: ${answer.text.slice(0, 300)}`);
  return answer;
}

before(async () => {
  fake = await startFakeMistral({ args: ["--job-step-ms", "300"] });
  [worker, bare] = await Promise.all([
    startWorker({
      upstreamUrl: fake.url,
      vars: {
        MAX_TASK_BODY_BYTES: String(TASK_BODY_LIMIT),
        MAX_FILE_BODY_BYTES: String(FILE_LIMIT),
        MAX_BALLOT_BODY_BYTES: String(BALLOT_BODY_LIMIT),
        UPSTREAM_TIMEOUT_MS: "1500",
        RATE_LIMIT_VOTES_PER_MINUTE: String(VOTES_PER_WINDOW),
        RATE_LIMIT_PLAY_PER_MINUTE: String(PLAY_PER_WINDOW),
      },
    }),
    // No key and no curator token: the 503 answers.
    startWorker({ upstreamUrl: fake.url, key: "", vars: { CURATOR_TOKEN: "" } }),
  ]);
  await fake.standingReplies(Object.fromEntries(Object.entries(STANDING_REPLIES).map(([k, v]) => [k, JSON.stringify(v)])));
});

after(async () => {
  await Promise.all([worker?.stop(), bare?.stop(), fake?.stop()]);
});

describe("the contract", () => {
  test("names an operation id, a 2xx and its errors for every operation, and only known security schemes", () => {
    const schemes = Object.keys(contract.doc.components.securitySchemes);
    for (const { method, template, operation } of contract.operations) {
      const where = `${method} ${template}`;
      assert.ok(operation.operationId, where);
      const statuses = Object.keys(operation.responses);
      assert.ok(statuses.some((s) => s.startsWith("2")), where);
      assert.ok(statuses.includes("500"), `${where}: every route may answer 500`);
      for (const requirement of operation.security ?? []) {
        for (const name of Object.keys(requirement)) assert.ok(schemes.includes(name), `${where}: ${name}`);
      }
      if (operation.security?.some((r) => r.curatorToken)) {
        assert.ok(statuses.includes("401") && statuses.includes("503"), `${where}: curator routes answer 401 and 503`);
      }
    }
  });
});

describe("status and routing", () => {
  test("health", async () => {
    const health = expectStatus(await get("/api/health", { token: null }), 200);
    assert.equal(health.json.key_configured, true);
    assert.equal(expectStatus(await get("/api/health", { base: bare.url }), 200).json.curator_token_configured, false);
  });

  test("unknown paths are 404 and other methods 405 with Allow, on every declared path", async () => {
    for (const path of ["/api", "/api/", "/api/nothing", "/api/health/", "/api/ballots/abc/votes/x"]) {
      expectStatus(await get(path), 404);
    }
    for (const template of Object.keys(contract.doc.paths)) {
      const path = template.replace("{id}", UNKNOWN_ID);
      expectStatus(await api("DELETE", path), 405);
      expectStatus(await api("PATCH", path, { body: {} }), 405);
    }
  });

  test("a preflight from an origin not allowed is 403 in the error shape", async () => {
    const answer = await client.call(worker.url, "/api/generate", {
      method: "OPTIONS",
      headers: { origin: "https://elsewhere.example", "access-control-request-method": "POST" },
    });
    assert.equal(answer.status, 403);
    contract.checkResponse(contract.doc.components.responses.Forbidden, answer, "OPTIONS /api/generate");
  });
});

describe("generate", () => {
  test("a joke as JSON, and as server-sent events with stream true", async () => {
    expectStatus(await post("/api/generate", { keyword: "suegra" }), 200);
    const streamed = expectStatus(await post("/api/generate", { keyword: "suegra", stream: true }), 200);
    assert.match(streamed.headers.get("content-type"), /^text\/event-stream/);
    assert.match(streamed.text, /data: \[DONE\]/);
    await fake.queueFaults(["stream-cut"]);
    const cut = expectStatus(await post("/api/generate", { keyword: "suegra", stream: true }), 200);
    const last = serverSentEvents(cut.text).at(-1);
    assert.equal(last.event, "error", cut.text);
    assert.equal(JSON.parse(last.data).error.code, "upstream_error");
  });

  test("its errors", async () => {
    expectStatus(await post("/api/generate", { keyword: "" }), 400);
    expectStatus(await post("/api/generate", { keyword: "x", prompt: "y" }), 400);
    expectStatus(await post("/api/generate", { keyword: "x" }, { token: null }), 401);
    expectStatus(await post("/api/generate", { keyword: "x" }, { token: "wrong-token-wrong-token" }), 401);
    expectStatus(await post("/api/generate", "x".repeat(TASK_BODY_LIMIT + 1)), 413);
    await fake.queueFaults(["500", "500", "500"]);
    expectStatus(await post("/api/generate", { keyword: "x" }), 502);
    await fake.queueFaults(["latency=3000"]);
    expectStatus(await post("/api/generate", { keyword: "x" }), 504);
    expectStatus(await post("/api/generate", { keyword: "x" }, { base: bare.url }), 503);
  });

  test("a model the upstream does not serve is the client's 400, not a 502", async () => {
    const answer = expectStatus(await post("/api/generate", { keyword: "x", model: "no-such-model" }), 400);
    assert.match(answer.json.error.message, /does not serve the model "no-such-model"/);
    assert.equal(answer.json.error.code, "model_not_served");
    expectStatus(await post("/api/generate", { keyword: "x", model: "no-such-model", stream: true }), 400);
    expectStatus(await post("/api/refine", { text: "Una talla.", model: "no-such-model" }), 400);
  });
});

describe("LLM tasks", () => {
  const bodies = {
    extract: { window_text: "[0:01] Mi suegra es tan lenta...\n[0:09] ¡que se perdió en el ascensor!", routine_label: "Rutina", start_s: 1, end_s: 12 },
    refine: { text: "mi suegra es tan lenta que se perdio en el ascensor" },
    keywords: { text: "Mi suegra es tan lenta que se perdió en el ascensor." },
    graph: { text: "Mi suegra es tan lenta que se perdió en el ascensor." },
    rewrite: { text: "Como les decía, mi suegra es lenta." },
    judge: { keyword: "suegra", reference: "Una talla real.", candidate_a: "Chiste A.", candidate_b: "Chiste B." },
  };
  const invalid = {
    extract: { window_text: "x", routine_label: "a\nb" },
    refine: { text: "  " },
    keywords: { text: "x", prompt: "y" },
    graph: {},
    rewrite: { text: "x".repeat(5000) },
    judge: { keyword: "x", candidate_a: "a", candidate_b: "" },
  };

  for (const [task, body] of Object.entries(bodies)) {
    test(`${task}: the result, and its errors`, async () => {
      const ok = expectStatus(await post(`/api/${task}`, body), 200);
      assert.equal(ok.json.corrected, false);
      expectStatus(await post(`/api/${task}`, invalid[task]), task === "rewrite" ? 413 : 400);
      expectStatus(await post(`/api/${task}`, body, { token: null }), 401);
      expectStatus(await post(`/api/${task}`, body, { base: bare.url }), 503);
    });
  }

  test("a reply still invalid after the corrective retry is a 502; a corrected one says so", async () => {
    await fake.queueFaults(["schema-violation", "schema-violation"]);
    expectStatus(await post("/api/rewrite", bodies.rewrite), 502);
    await fake.queueFaults(["schema-violation"]);
    assert.equal(expectStatus(await post("/api/judge", bodies.judge), 200).json.corrected, true);
    await fake.queueFaults(["latency=3000"]);
    expectStatus(await post("/api/keywords", bodies.keywords), 504);
    expectStatus(await post("/api/graph", "{", { contentType: "application/json" }), 400);
  });
});

describe("models, files and fine-tuning", () => {
  const line = JSON.stringify({ messages: [{ role: "user", content: "Palabra clave: pan" }, { role: "assistant", content: "Una talla." }] });
  const upload = (body, query = "?filename=train.jsonl", options = {}) =>
    post(`/api/files${query}`, body, { contentType: "application/jsonl", ...options });
  let fileId;

  test("models", async () => {
    const models = expectStatus(await get("/api/models"), 200);
    assert.ok(models.json.some((m) => m.capabilities.fine_tuning));
    expectStatus(await get("/api/models", { token: null }), 401);
    expectStatus(await get("/api/models", { base: bare.url }), 503);
  });

  test("files", async () => {
    const created = expectStatus(await upload(`${line}\n${line}\n`), 201);
    fileId = created.json.id;
    expectStatus(await upload("not json\n"), 400);
    expectStatus(await upload(`${line}\n`, "?name=x.jsonl"), 400);
    expectStatus(await upload(`${line}\n`, "?filename=x.txt"), 400);
    expectStatus(await upload(`${line}\n`.repeat(Math.ceil(FILE_LIMIT / line.length) + 1)), 413);
    expectStatus(await upload(`${line}\n`, undefined, { token: null }), 401);
    expectStatus(await upload(`${line}\n`, undefined, { base: bare.url }), 503);
  });

  /** Waits until the job `id` is validated and can start. */
  async function validated(id) {
    for (let tries = 0; tries < 100; tries++) {
      if ((await client.call(worker.url, `/api/fine-tunes/${id}`, { token: CURATOR_TOKEN })).json?.status === "VALIDATED") return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`job ${id} was never validated`);
  }

  test("jobs: create, dry run, list, get, start, cancel, and their errors", async () => {
    const job = (extra = {}) => ({ model: "mistral-small-latest", training_files: [fileId], suffix: "tallas", ...extra });
    expectStatus(await post("/api/fine-tunes", job({ dry_run: true })), 200);
    const created = expectStatus(await post("/api/fine-tunes", job()), 201);
    const id = created.json.id;
    expectStatus(await post("/api/fine-tunes", job({ training_files: [] })), 400);
    expectStatus(await post("/api/fine-tunes", job({ training_files: [UNKNOWN_ID] })), 404);
    expectStatus(await post("/api/fine-tunes", "x".repeat(TASK_BODY_LIMIT + 1)), 413);
    expectStatus(await post("/api/fine-tunes", job(), { token: null }), 401);
    expectStatus(await post("/api/fine-tunes", job(), { base: bare.url }), 503);

    expectStatus(await get("/api/fine-tunes?status=queued&page_size=10&page=0"), 200);
    expectStatus(await get("/api/fine-tunes?sort=asc"), 400);
    expectStatus(await get("/api/fine-tunes", { token: null }), 401);
    expectStatus(await get("/api/fine-tunes", { base: bare.url }), 503);

    expectStatus(await get(`/api/fine-tunes/${id}`), 200);
    expectStatus(await get("/api/fine-tunes/not-a-uuid"), 400);
    expectStatus(await get(`/api/fine-tunes/${UNKNOWN_ID}`), 404);
    expectStatus(await get(`/api/fine-tunes/${id}`, { token: null }), 401);
    expectStatus(await get(`/api/fine-tunes/${id}`, { base: bare.url }), 503);

    // A job starts once validated (QUEUED, VALIDATING, VALIDATED); before, the upstream refuses.
    expectStatus(await post(`/api/fine-tunes/${id}/start`), 409);
    await validated(id);
    expectStatus(await post(`/api/fine-tunes/${id}/start`), 200);
    expectStatus(await post(`/api/fine-tunes/${UNKNOWN_ID}/start`), 404);
    expectStatus(await post(`/api/fine-tunes/${id}/start`, undefined, { token: null }), 401);
    expectStatus(await post(`/api/fine-tunes/${id}/start`, undefined, { base: bare.url }), 503);

    const other = expectStatus(await post("/api/fine-tunes", job()), 201).json.id;
    expectStatus(await post(`/api/fine-tunes/${other}/cancel`), 200);
    expectStatus(await post(`/api/fine-tunes/${other}/start`), 409);
    expectStatus(await post(`/api/fine-tunes/${UNKNOWN_ID}/cancel`), 404);
    expectStatus(await post(`/api/fine-tunes/bad/cancel`), 400);
    expectStatus(await post(`/api/fine-tunes/${other}/cancel`, undefined, { token: null }), 401);
    expectStatus(await post(`/api/fine-tunes/${other}/cancel`, undefined, { base: bare.url }), 503);
  });
});

describe("ballots and votes", () => {
  const ballot = {
    title: "Noche de tallas",
    jokes: [
      { id: "j1", text: "Chiste uno" },
      { id: "j2", text: "Chiste dos" },
    ],
    gold: [{ id: "g1", text: "Control", expected: "funny" }],
  };
  let id;
  let admin;

  test("create", async () => {
    const created = expectStatus(await post("/api/ballots", ballot), 201);
    ({ ballot_id: id, admin_token: admin } = created.json);
    expectStatus(await post("/api/ballots", { ...ballot, gold: null }), 201);
    expectStatus(await post("/api/ballots", { ...ballot, jokes: [] }), 400);
    expectStatus(await post("/api/ballots", { ...ballot, jokes: [ballot.jokes[0], ballot.jokes[0]] }), 400);
    const many = Array.from({ length: 2001 }, (_, i) => ({ id: `${i}`, text: "x" }));
    expectStatus(await post("/api/ballots", { title: "t", jokes: many }), 413);
    expectStatus(await post("/api/ballots", ballot, { token: null }), 401);
    expectStatus(await post("/api/ballots", ballot, { base: bare.url }), 503);
  });

  test("read, next and vote", async () => {
    const shown = expectStatus(await get(`/api/ballots/${id}`, { token: null }), 200).json.jokes;
    // Voters see item ids, not the curator's: find each joke by its text.
    const item = (text) => shown.find((j) => j.text === text).id;
    const [j1, j2, g1] = [item("Chiste uno"), item("Chiste dos"), item("Control")];
    expectStatus(await get("/api/ballots/0123456789abcdef0123456789abcdef", { token: null }), 404);
    const next = expectStatus(await get(`/api/ballots/${id}/next?voter_id=voter-0001&limit=2`, { token: null }), 200);
    assert.equal(next.json.jokes.length, 2);
    expectStatus(await get(`/api/ballots/${id}/next`, { token: null }), 400);
    expectStatus(await get(`/api/ballots/${id}/next?voter_id=short`, { token: null }), 400);
    expectStatus(await get(`/api/ballots/${id}/next?voter_id=voter-0001&limit=51`, { token: null }), 400);
    expectStatus(await get(`/api/ballots/${"f".repeat(32)}/next?voter_id=voter-0001`, { token: null }), 404);

    const vote = (body, ballotId = id) => post(`/api/ballots/${ballotId}/votes`, body, { token: null });
    assert.equal(expectStatus(await vote({ voter_id: "voter-0001", joke_id: j1, vote: "funny" }), 200).json.recorded, true);
    assert.equal(expectStatus(await vote({ voter_id: "voter-0001", joke_id: j1, vote: "skip" }), 200).json.recorded, false);
    expectStatus(await vote({ voter_id: "voter-0001", joke_id: g1, vote: "not_funny" }), 200);
    expectStatus(await vote({ voter_id: "voter-0001", joke_id: j2, vote: "meh" }), 400);
    expectStatus(await vote({ voter_id: "voter-0001", joke_id: "j1", vote: "funny" }), 404);
    expectStatus(await vote({ voter_id: "voter-0001", joke_id: j1, vote: "funny" }, "f".repeat(32)), 404);
    expectStatus(await vote("x".repeat(5000)), 413);
  });

  test("results and close need the admin token; a closed ballot is gone", async () => {
    const results = expectStatus(await get(`/api/ballots/${id}/results`, { token: admin }), 200);
    assert.deepEqual(results.json.jokes.find((j) => j.joke_id === "j1").funny, 1);
    expectStatus(await get(`/api/ballots/${id}/results`, { token: null }), 401);
    expectStatus(await get(`/api/ballots/${id}/results`), 401);
    expectStatus(await get(`/api/ballots/${"f".repeat(32)}/results`, { token: admin }), 404);
    expectStatus(await post(`/api/ballots/${id}/close`, undefined, { token: "0".repeat(64) }), 401);
    expectStatus(await post(`/api/ballots/${"f".repeat(32)}/close`, undefined, { token: admin }), 404);
    expectStatus(await post(`/api/ballots/${id}/close`, undefined, { token: admin }), 200);
    expectStatus(await get(`/api/ballots/${id}`, { token: null }), 410);
    expectStatus(await get(`/api/ballots/${id}/next?voter_id=voter-0001`, { token: null }), 410);
    expectStatus(await post(`/api/ballots/${id}/votes`, { voter_id: "voter-0002", joke_id: "1", vote: "funny" }, { token: null }), 410);
    expectStatus(await get(`/api/ballots/${id}/results`, { token: admin }), 200);
  });
});

describe("the playground", () => {
  test("config: public read, curator write", async () => {
    expectStatus(await get("/api/play/config", { token: null }), 200);
    expectStatus(await api("PUT", "/api/play/config", { body: { models: ["mistral-small-latest", "no-such-model"], max_output_tokens: 100 } }), 200);
    expectStatus(await api("PUT", "/api/play/config", { body: { models: ["a b"] } }), 400);
    expectStatus(await api("PUT", "/api/play/config", { body: { models: [], max_output_tokens: 0 } }), 400);
    expectStatus(await api("PUT", "/api/play/config", { body: "x".repeat(9000) }), 413);
    expectStatus(await api("PUT", "/api/play/config", { body: { models: [] }, token: null }), 401);
    expectStatus(await api("PUT", "/api/play/config", { body: { models: [] }, base: bare.url }), 503);
  });

  test("play", async () => {
    const play = (body, options) => post("/api/play", body, { token: null, ...options });
    expectStatus(await play({ keyword: "suegra" }), 200);
    expectStatus(await play({ keyword: "suegra", model: "no-such-model" }), 400);
    expectStatus(await play({ keyword: "suegra", model: "mistral-large-latest" }), 400);
    expectStatus(await play({ keyword: "" }), 400);
    expectStatus(await play("x".repeat(9000)), 413);
    await fake.queueFaults(["500", "500", "500"]);
    expectStatus(await play({ keyword: "x" }), 502);
    expectStatus(await play({ keyword: "x" }, { base: bare.url }), 503);
    // A stream and a named model, as players get them.
    expectStatus(await api("PUT", "/api/play/config", { body: { models: [{ id: "mistral-small-latest", name: "talla-7b" }, "ministral-8b-latest"] } }), 200);
    expectStatus(await get("/api/play/config"), 200);
    expectStatus(await play({ keyword: "suegra", model: "talla-7b", stream: true }), 200);
  });

  test("arena", async () => {
    const player = "player-0000000001";
    const arena = (body, options) => post("/api/play/arena", body, { token: null, ...options });
    const served = expectStatus(await arena({ keyword: "suegra", player_id: player }), 200).json;
    expectStatus(await arena({ keyword: "", player_id: player }), 400);
    expectStatus(await arena("x".repeat(9000)), 413);
    expectStatus(await arena({ keyword: "x", player_id: player }, { base: bare.url }), 503);
    // Both jokes are asked at once, each with its retries: enough faults that one of them fails.
    await fake.queueFaults(Array(8).fill("500"));
    expectStatus(await arena({ keyword: "caída", player_id: player }), 502);
    await fake.clearFaults();
    const vote = (id, body) => post(`/api/play/arena/${id}/vote`, body, { token: null });
    expectStatus(await vote(served.match_id, { player_id: player, choice: "a" }), 200);
    expectStatus(await vote(served.match_id, { player_id: player, choice: "maybe" }), 400);
    expectStatus(await vote(served.match_id, { player_id: "player-0000000002", choice: "a" }), 404);
    expectStatus(await vote(served.match_id, "x".repeat(9000)), 413);
    expectStatus(await get("/api/play/arena/votes"), 200);
    expectStatus(await get("/api/play/arena/votes", { token: null }), 401);
    expectStatus(await get("/api/play/arena/preferences"), 200);
    expectStatus(await get("/api/play/arena/preferences", { token: null }), 401);
  });
});

describe("per-client limits", () => {
  test("votes and play answer 429 with Retry-After past their limit", async () => {
    const { ballot_id: id } = expectStatus(await post("/api/ballots", { title: "Límite", jokes: [{ id: "j", text: "x" }] }), 201).json;
    let limited = null;
    for (let i = 0; i <= 2 * VOTES_PER_WINDOW && !limited; i++) {
      const answer = await post(`/api/ballots/${id}/votes`, { voter_id: `voter-${String(i).padStart(4, "0")}`, joke_id: "0", vote: "funny" }, { token: null });
      if (answer.status === 429) limited = answer;
    }
    assert.ok(limited, "no 429 within twice the limit of votes");
    assert.equal(limited.json.error.code, "rate_limited");
    limited = null;
    for (let i = 0; i <= 2 * PLAY_PER_WINDOW && !limited; i++) {
      const answer = await post("/api/play", { keyword: "x" }, { token: null });
      if (answer.status === 429) limited = answer;
    }
    assert.ok(limited, "no 429 within twice the limit of plays");
  });
});

describe("coverage", () => {
  test("every operation was seen succeeding and failing", () => {
    for (const { method, template } of contract.operations) {
      const statuses = [...(seen.get(`${method} ${template}`) ?? [])];
      assert.ok(statuses.some((s) => s < 300), `${method} ${template} never succeeded: ${statuses}`);
      if (template !== "/api/health" && !(method === "GET" && template === "/api/play/config")) {
        assert.ok(statuses.some((s) => s >= 400), `${method} ${template} never failed: ${statuses}`);
      }
    }
  });

  test("no response carried the key or the curator token", () => {
    client.assertNoSecrets([TEST_KEY, CURATOR_TOKEN], { atLeast: 150 });
  });
});
