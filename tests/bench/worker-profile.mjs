// Where a vote's time goes in the worker's isolate (docs/BENCHMARKS.md, "Worker vote path"): the
// release worker on workerd through Miniflare's API (as `BENCH_RUNTIME=workerd make bench-worker`),
// 32 clients voting on one ballot while V8's sampling profiler runs in the worker's isolate over its
// inspector. Prints the functions that took the most time, by their own time and with what they
// called, and the votes/s during the profile (lower than unprofiled). Run with `make profile-worker`;
// BENCH_LIMITS=edge counts votes with the rate-limiting binding instead of D1, as the benchmark does.
// Not a test: it prints figures.
import assert from "node:assert/strict";

import WebSocket from "ws";

import { CURATOR_TOKEN, freePort } from "../support/services.mjs";
import { startWorkerOnWorkerd } from "./workerd.mjs";

const CLIENTS = 32;
const JOKES = 160;
const TOP = Number(process.env.PROFILE_TOP ?? 30);
const EDGE_LIMITS = process.env.BENCH_LIMITS === "edge";

const post = (url, body, headers = {}) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

/** Calls over the DevTools protocol on one inspector target. */
async function inspect(url) {
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => socket.once("open", resolve).once("error", reject));
  let last = 0;
  const waiting = new Map();
  socket.on("message", (data) => {
    const message = JSON.parse(data);
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  const call = (method, params = {}) =>
    new Promise((resolve) => {
      const id = ++last;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method, params }));
    });
  return { call, close: () => socket.close() };
}

/** Each function's share of the samples: by itself, and with everything it called (once per stack). */
function shares(profile) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const name = (node) => `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url.split("/").pop()}`.trim();
  const selfTime = new Map();
  profile.samples.forEach((id, i) => selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
  const own = new Map();
  const within = new Map();
  for (const [id, time] of selfTime) {
    own.set(name(nodes.get(id)), (own.get(name(nodes.get(id))) ?? 0) + time);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parents.get(at)) {
      const key = name(nodes.get(at));
      if (!seen.has(key)) within.set(key, (within.get(key) ?? 0) + time);
      seen.add(key);
    }
  }
  const top = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP).map(([key, time]) => [(100 * time) / total, key]);
  return { total, own: top(own), within: top(within) };
}

const inspectorPort = await freePort();
process.env.BENCH_INSPECTOR_PORT = String(inspectorPort);
const worker = await startWorkerOnWorkerd({
  upstreamUrl: "http://127.0.0.1:9",
  vars: { RATE_LIMIT_VOTES_PER_MINUTE: "100000000", RATE_LIMIT_WINDOW_SECONDS: "60" },
  ...(EDGE_LIMITS ? { ratelimits: { RATE_LIMITER_VOTES: { limit: 100000000, period: 60 } } } : {}),
});
try {
  const jokes = Array.from({ length: JOKES }, (_, i) => ({ id: `j${i}`, text: `Chiste de prueba número ${i}` }));
  const created = await post(`${worker.url}/api/ballots`, { title: "Perfil", jokes }, { authorization: `Bearer ${CURATOR_TOKEN}` });
  assert.equal(created.status, 201, await created.clone().text());
  const { ballot_id: id } = await created.json();
  const items = (await (await fetch(`${worker.url}/api/ballots/${id}`)).json()).jokes.map((joke) => joke.id);
  const url = `${worker.url}/api/ballots/${id}/votes`;
  const vote = async (voter_id, joke_id) => {
    const res = await post(url, { voter_id, joke_id, vote: "funny" });
    assert.equal(res.status, 200, await res.text());
  };
  for (const item of items.slice(0, 50)) await vote("profile-voter-warm-up", item);

  // The user worker's isolate (Miniflare's own workers are the others).
  const targets = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const target = targets.find((t) => /core:user/.test(t.webSocketDebuggerUrl));
  assert.ok(target, `no user worker among ${targets.map((t) => t.title).join(", ")}`);
  const inspector = await inspect(target.webSocketDebuggerUrl);
  await inspector.call("Profiler.enable");
  await inspector.call("Profiler.setSamplingInterval", { interval: 100 });
  await inspector.call("Profiler.start");
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (const item of items) await vote(`profile-voter-${String(c).padStart(3, "0")}`, item);
    }),
  );
  const ms = performance.now() - started;
  const { result } = await inspector.call("Profiler.stop");
  inspector.close();

  const { total, own, within } = shares(result.profile);
  console.log(`${CLIENTS * JOKES} votes in ${ms.toFixed(0)} ms (${((CLIENTS * JOKES * 1000) / ms).toFixed(0)} votes/s while profiled); ${(total / 1000).toFixed(0)} ms sampled`);
  console.log("\nby own time:");
  for (const [share, key] of own) console.log(`${share.toFixed(1).padStart(5)}%  ${key}`);
  console.log("\nwith what they called:");
  for (const [share, key] of within) console.log(`${share.toFixed(1).padStart(5)}%  ${key}`);
} finally {
  await worker.stop();
}
