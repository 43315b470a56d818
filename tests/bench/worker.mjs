// Benchmark of the worker (docs/BENCHMARKS.md, "Worker (issue 4)"), with the fake Mistral upstream
// (release build) on loopback and the worker under `wrangler dev` (workerd, the local runtime, with
// a local SQLite-backed D1). Run with `make bench-worker`. Not a test: it prints figures and writes
// them to target/bench/worker.json.
//
// (a) Overhead: POST /api/rewrite through the worker against the very same upstream request sent
//     straight to the fake, N sequential requests each after a warm-up, interleaved in rounds so
//     that drift in the machine's load hits both alike. The upstream request is the one the worker
//     really sends, captured once through a loopback recorder.
// (b) Votes: CLIENTS concurrent clients, each with its own voter_id, vote on every joke of one
//     ballot; every DUPLICATE_EVERY-th vote is sent twice at the same moment. Then the results (admin
//     token) must hold each first vote exactly once: nothing lost, nothing counted twice. The
//     per-client vote limit is raised through a var for this, since all clients share 127.0.0.1.
//
// Knobs: BENCH_RUNTIME and BENCH_LIMITS (below), BENCH_N (default 500), BENCH_WARMUP (100), BENCH_CLIENTS (32), BENCH_JOKES (160: votes =
// clients × jokes), BENCH_DUPLICATE_EVERY (10; 0 sends no duplicates).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { CURATOR_TOKEN, ROOT, TEST_KEY, startFakeMistral, startWorker } from "../support/services.mjs";
import { startFloorOnWorkerd, startWorkerOnWorkerd } from "./workerd.mjs";

// `wrangler dev` (the default, as the tests run it); `workerd`: Miniflare's API, no local proxy;
// `floor`: tests/bench/floor-worker.js on workerd in place of the worker, the runtime's own cost;
// `floor-sql`: the same with the project's D1 schema and vote statement, the data model's cost;
// `floor-rust`: the floor's calls by a bare workers-rs worker (tests/bench/floor-rust), workers-rs's cost.
const RUNTIME = process.env.BENCH_RUNTIME ?? "wrangler";
const start = RUNTIME === "wrangler" ? startWorker : startWorkerOnWorkerd;
const RUNTIMES = {
  wrangler: "wrangler 4.86.0 dev (workerd, local D1)",
  workerd: "workerd via Miniflare 4 API (local D1 on disk), no wrangler proxy",
  floor: "floor-worker.js (no project code) on workerd via Miniflare 4 API (local D1 on disk)",
  "floor-sql": "floor-worker.js with the project's D1 schema and vote statement on workerd via Miniflare 4 API (local D1 on disk)",
  "floor-rust": "tests/bench/floor-rust (the floor in workers-rs, no project code) on workerd via Miniflare 4 API (local D1 on disk)",
};
const FLOOR = RUNTIME.startsWith("floor");

if (!(RUNTIME in RUNTIMES)) throw new Error(`BENCH_RUNTIME must be one of ${Object.keys(RUNTIMES).join(", ")}, not ${RUNTIME}`);

const N = Number(process.env.BENCH_N ?? 500);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const JOKES = Number(process.env.BENCH_JOKES ?? 160);
const DUPLICATE_EVERY = Number(process.env.BENCH_DUPLICATE_EVERY ?? 10);
const ROUNDS = 10;
const JOKE = { text: "Como les decía, mi suegra es tan lenta que se perdió en el ascensor." };

const json = (res) => res.json();

async function post(url, body, headers = {}) {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text };
}

/** A loopback server that keeps the first chat request's body and answers it through `upstream`. */
async function recorder(upstream) {
  let captured = null;
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString("utf8");
    if (req.url === "/v1/chat/completions" && captured === null) captured = body;
    const answer = await fetch(upstream + req.url, { method: req.method, headers: { authorization: req.headers.authorization, "content-type": "application/json" }, body: req.method === "GET" ? undefined : body });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
    res.end(await answer.text());
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, body: () => captured, close: () => new Promise((r) => server.close(r)) };
}

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: at(0.5), p90: at(0.9), p99: at(0.99), min: sorted[0], max: sorted.at(-1) };
}

async function timed(fn) {
  const start = performance.now();
  const result = await fn();
  return [performance.now() - start, result];
}

async function overhead(fake, worker, upstreamBody) {
  const viaWorker = () => post(`${worker.url}/api/rewrite`, JOKE, { authorization: `Bearer ${CURATOR_TOKEN}` });
  const direct = () => post(`${fake.url}/v1/chat/completions`, upstreamBody, { authorization: `Bearer ${TEST_KEY}` });
  // Same answer both ways, or the comparison means nothing.
  const [w, d] = [await viaWorker(), await direct()];
  assert.equal(w.status, 200, w.text);
  assert.equal(d.status, 200, d.text);
  const reply = JSON.parse(d.text).choices[0].message.content;
  assert.deepEqual(JSON.parse(w.text).result, JSON.parse(reply));
  for (let i = 0; i < WARMUP; i++) {
    await viaWorker();
    await direct();
  }
  const workerMs = [];
  const directMs = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < N / ROUNDS; i++) {
      const [ms, res] = await timed(viaWorker);
      assert.equal(res.status, 200, res.text);
      workerMs.push(ms);
    }
    for (let i = 0; i < N / ROUNDS; i++) {
      const [ms, res] = await timed(direct);
      assert.equal(res.status, 200, res.text);
      directMs.push(ms);
    }
  }
  const viaStats = stats(workerMs);
  const directStats = stats(directMs);
  return {
    route: "POST /api/rewrite",
    worker_ms: viaStats,
    direct_ms: directStats,
    added_median_ms: viaStats.median - directStats.median,
    added_p90_ms: viaStats.p90 - directStats.p90,
  };
}

/** One voter's votes one after another, each on a fresh joke: each vote's time from send to
 *  answer, with no other request in flight (the runtime's floor measures the same way). */
async function voteLatency(worker) {
  const jokes = Array.from({ length: N }, (_, i) => ({ id: `s${i}`, text: `Chiste de una en una, número ${i}` }));
  const created = await post(`${worker.url}/api/ballots`, { title: "Latencia", jokes }, { authorization: `Bearer ${CURATOR_TOKEN}` });
  assert.equal(created.status, 201, created.text);
  const { ballot_id: id } = JSON.parse(created.text);
  const shown = FLOOR ? null : await fetch(`${worker.url}/api/ballots/${id}`).then(json);
  const items = jokes.map((joke) => (shown ? shown.jokes.find((j) => j.text === joke.text).id : joke.id));
  const url = `${worker.url}/api/ballots/${id}/votes`;
  const times = [];
  for (const [i, item] of items.entries()) {
    const [ms, res] = await timed(() => post(url, { voter_id: "latency-voter", joke_id: item, vote: "funny" }));
    assert.equal(res.status, 200, res.text);
    if (i >= Math.min(WARMUP, N / 5)) times.push(ms);
  }
  return stats(times);
}

/** Deterministic vote of a voter on a joke, so the expected tallies are known in advance. */
function choice(voter, joke) {
  return ["funny", "not_funny", "skip"][(voter * 7 + joke * 13 + ((voter * joke) % 5)) % 3];
}

async function votes(worker) {
  const jokes = Array.from({ length: JOKES }, (_, i) => ({ id: `j${i}`, text: `Chiste de prueba número ${i}` }));
  const created = await post(`${worker.url}/api/ballots`, { title: "Benchmark", jokes }, { authorization: `Bearer ${CURATOR_TOKEN}` });
  assert.equal(created.status, 201, created.text);
  const { ballot_id: id, admin_token: admin } = JSON.parse(created.text);
  // Voters vote on item ids, which the public ballot gives; joke i is found by its text. The floor
  // worker has no public ballot and takes the jokes' own ids.
  const shown = FLOOR ? null : await fetch(`${worker.url}/api/ballots/${id}`).then(json);
  const itemOf = jokes.map((joke) => (shown ? shown.jokes.find((j) => j.text === joke.text).id : joke.id));
  const url = `${worker.url}/api/ballots/${id}/votes`;
  const recorded = new Map();
  const retried = new Set();
  let requests = 0;
  let duplicatesSent = 0;
  let runtimeRestarts = 0;
  let connectionFailures = 0;
  // Under sustained concurrency the local runtime sometimes loses a connection: wrangler's proxy
  // then answers its own plain-text 503 "Your worker restarted mid-request" (it says so for any
  // failed POST, restart or not), or the socket is reset. The worker never answers that way: its
  // errors are JSON. The same happens with a ten-line JavaScript worker (docs/BENCHMARKS.md). A
  // vote is idempotent, so it is sent again, as a client would; such votes are counted and reported.
  const send = async (body) => {
    for (let attempt = 1; ; attempt++) {
      let res;
      try {
        res = await post(url, body);
      } catch (error) {
        if (attempt >= 5) throw error;
        connectionFailures++;
        retried.add(`${body.voter_id}/${body.joke_id}`);
        continue;
      } finally {
        requests++;
      }
      if (res.status === 503 && /restarted mid-request/.test(res.text) && attempt < 5) {
        runtimeRestarts++;
        retried.add(`${body.voter_id}/${body.joke_id}`);
        continue;
      }
      assert.equal(res.status, 200, res.text);
      return JSON.parse(res.text).recorded;
    }
  };
  const client = async (c) => {
    const voter_id = `bench-voter-${String(c).padStart(3, "0")}`;
    // Each client starts at its own place, so clients hit different jokes at any moment.
    for (let k = 0; k < JOKES; k++) {
      const j = (k + c * 5) % JOKES;
      const body = { voter_id, joke_id: itemOf[j], vote: choice(c, j) };
      let flags;
      if (DUPLICATE_EVERY > 0 && (c * JOKES + k) % DUPLICATE_EVERY === 0) {
        duplicatesSent++;
        flags = await Promise.all([send(body), send({ ...body, vote: choice(c + 1, j) })]);
      } else {
        flags = [await send(body)];
      }
      recorded.set(`${c}/${j}`, { flags, retried: retried.has(`${voter_id}/${itemOf[j]}`) });
    }
  };
  const load = loadavg()[0];
  const [ms] = await timed(() => Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c))));
  const results = await fetch(`${worker.url}/api/ballots/${id}/results`, { headers: { authorization: `Bearer ${admin}` } }).then(json);

  // Every (voter, joke) has exactly one `recorded: true` answer, duplicates included.
  let doubleRecorded = 0;
  let unrecorded = 0;
  // (A retried vote may have been stored before its answer was lost, so its retry says `false`.)
  for (const { flags, retried: wasRetried } of recorded.values()) {
    const trues = flags.filter(Boolean).length;
    if (trues > 1) doubleRecorded++;
    if (trues === 0 && !wasRetried) unrecorded++;
  }
  // The tallies hold each voter's first vote once. For a duplicated pair either vote may have been
  // first, so that pair counts as one vote of either value.
  let lost = 0;
  let doubled = 0;
  let mismatches = 0;
  for (const result of results.jokes) {
    const j = Number(result.joke_id.slice(1));
    const counted = result.funny + result.not_funny + result.skip;
    if (counted < CLIENTS) lost += CLIENTS - counted;
    if (counted > CLIENTS) doubled += counted - CLIENTS;
    const expected = { funny: 0, not_funny: 0, skip: 0 };
    for (let c = 0; c < CLIENTS; c++) {
      const pair = recorded.get(`${c}/${j}`).flags.length === 2 && choice(c, j) !== choice(c + 1, j);
      if (!pair) expected[choice(c, j)]++;
    }
    // A value counted fewer times than its certain votes means a vote went to the wrong place.
    mismatches += ["funny", "not_funny", "skip"].reduce((sum, v) => sum + Math.max(0, expected[v] - result[v]), 0);
  }
  const voters = results.voters.map((v) => v.votes);
  return {
    clients: CLIENTS,
    jokes: JOKES,
    unique_votes: CLIENTS * JOKES,
    duplicate_pairs_sent: duplicatesSent,
    requests,
    runtime_restarts_retried: runtimeRestarts,
    connection_failures_retried: connectionFailures,
    seconds: ms / 1000,
    votes_per_second: (CLIENTS * JOKES) / (ms / 1000),
    requests_per_second: requests / (ms / 1000),
    load_before: load,
    lost,
    double_counted: doubled,
    tally_mismatches: mismatches,
    answers_recorded_twice: doubleRecorded,
    answers_never_recorded: unrecorded,
    voters_with_all_votes: voters.filter((n) => n === JOKES).length,
  };
}

function machine() {
  const cpu = cpus()[0]?.model ?? "unknown";
  const memory = readFileSync("/proc/meminfo", "utf8").match(/^MemTotal:\s+(\d+)/m)?.[1];
  return { cpu, logical_cpus: cpus().length, memory_gib: memory ? Number(memory) / 1048576 : null, node: process.version };
}

const started = new Date().toISOString();
const loadStart = loadavg();
const fake = await startFakeMistral({ profile: "release" });
const rec = await recorder(fake.url);
// BENCH_LIMITS=edge (workerd only): votes are counted by a Workers rate-limiting binding, as a
// deployment that has one does, instead of in D1 (the default, and what `wrangler dev` runs).
const EDGE_LIMITS = process.env.BENCH_LIMITS === "edge";
if (EDGE_LIMITS && RUNTIME !== "workerd") throw new Error("BENCH_LIMITS=edge needs BENCH_RUNTIME=workerd");
const varsOf = (upstreamUrl) => ({
  upstreamUrl,
  vars: { RATE_LIMIT_VOTES_PER_MINUTE: "100000000", RATE_LIMIT_WINDOW_SECONDS: "60" },
  ...(EDGE_LIMITS ? { ratelimits: { RATE_LIMITER_VOTES: { limit: 100000000, period: 60 } } } : {}),
});
let worker;
let capture;
try {
  capture = await start(varsOf(rec.url));
  const once = await post(`${capture.url}/api/rewrite`, JOKE, { authorization: `Bearer ${CURATOR_TOKEN}` });
  assert.equal(once.status, 200, once.text);
  // The recording worker stays up until the end: stopping one `wrangler dev` while another runs
  // from the same folder can restart the other mid-request.
  const upstreamBody = rec.body();
  assert.ok(upstreamBody, "the upstream request was not captured");
  const measured = varsOf(fake.url);
  worker = FLOOR
    ? await startFloorOnWorkerd({ ...measured, vars: { ...measured.vars, UPSTREAM_BODY: upstreamBody } }, { productSql: RUNTIME === "floor-sql", rust: RUNTIME === "floor-rust" })
    : await start(measured);

  console.error(`[bench] overhead: ${N} sequential requests each way after ${WARMUP} warm-up`);
  const a = await overhead(fake, worker, upstreamBody);
  const f = (x) => x.toFixed(2);
  console.log(`worker overhead, ${a.route}: median ${f(a.worker_ms.median)} ms via the worker vs ${f(a.direct_ms.median)} ms direct → +${f(a.added_median_ms)} ms (p90 +${f(a.added_p90_ms)} ms); target < 3 ms: ${a.added_median_ms < 3 ? "met" : "NOT met"}`);
  console.error(`[bench] vote latency: ${N} votes one after another`);
  const v = await voteLatency(worker);
  console.log(`one vote at a time: median ${f(v.median)} ms, p90 ${f(v.p90)} ms`);
  console.error(`[bench] votes: ${CLIENTS} clients × ${JOKES} jokes`);
  const b = await votes(worker);
  const report = { date: started, machine: machine(), load_start: loadStart, load_end: loadavg(), runtime: RUNTIMES[RUNTIME] ?? RUNTIME, vote_limits: EDGE_LIMITS ? "rate-limiting binding" : "D1 window", overhead: a, vote_ms: v, votes: b };
  mkdirSync(join(ROOT, "target/bench"), { recursive: true });
  writeFileSync(join(ROOT, "target/bench/worker.json"), JSON.stringify(report, null, 2));
  console.log(`votes: ${b.unique_votes} votes (+${b.duplicate_pairs_sent} concurrent duplicates) from ${b.clients} clients in ${f(b.seconds)} s → ${b.votes_per_second.toFixed(0)} votes/s (${b.requests_per_second.toFixed(0)} requests/s); target ≥ 500: ${b.votes_per_second >= 500 ? "met" : "NOT met"}`);
  console.log(`votes: lost ${b.lost}, double-counted ${b.double_counted}, tally mismatches ${b.tally_mismatches}, recorded twice ${b.answers_recorded_twice}, never recorded ${b.answers_never_recorded}; wrangler "restarted mid-request" answers retried: ${b.runtime_restarts_retried}, lost connections retried: ${b.connection_failures_retried}`);
  console.log(`load average ${loadStart.map(f).join(" ")} → ${report.load_end.map(f).join(" ")}; ${report.machine.cpu}, ${report.machine.logical_cpus} CPUs; full report: target/bench/worker.json`);
  const clean =
    b.lost === 0 &&
    b.double_counted === 0 &&
    b.tally_mismatches === 0 &&
    b.answers_recorded_twice === 0 &&
    b.answers_never_recorded === 0 &&
    b.voters_with_all_votes === CLIENTS;
  process.exitCode = clean ? 0 : 1;
} catch (error) {
  const log = (worker?.log?.() ?? "").split("\n").filter((l) => !/ 200 OK /.test(l));
  console.error(`[bench] failed; the worker's log ends with:\n${log.slice(-40).join("\n")}`);
  throw error;
} finally {
  await Promise.all([worker?.stop(), capture?.stop(), fake.stop(), rec.close()]);
}
