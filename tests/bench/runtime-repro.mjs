// The local runtime alone under the vote benchmark's load (docs/BENCHMARKS.md, "Worker (issue 4)"):
// a ten-line JavaScript worker with one D1 insert per request and none of this project's code, run
// under the same `wrangler dev` with CLIENTS concurrent clients and every DUPLICATE_EVERY-th request
// sent twice at once. It shows that losing connections ("Network connection lost", wrangler's
// plain-text 503, resets, wrangler exiting) is the runtime's, not the worker's. Not a test; run with
// `source scripts/env.sh && node tests/bench/runtime-repro.mjs`. NO_D1=1 skips the insert.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { ROOT, freePort } from "../support/services.mjs";

const W = join(ROOT, "node_modules/.bin/wrangler");
const C = Number(process.env.BENCH_CLIENTS ?? 32);
const J = Number(process.env.BENCH_JOKES ?? 160);
const D = Number(process.env.BENCH_DUPLICATE_EVERY ?? 10);
const dir = mkdtempSync(join(tmpdir(), "runtime-repro-"));
mkdirSync(join(dir, "migrations"));
writeFileSync(join(dir, "migrations/0001.sql"), "CREATE TABLE votes (voter TEXT NOT NULL, joke TEXT NOT NULL, vote TEXT NOT NULL, PRIMARY KEY (voter, joke)) WITHOUT ROWID;\n");
writeFileSync(
  join(dir, "wrangler.toml"),
  `name = "repro"\nmain = "index.js"\ncompatibility_date = "2026-04-01"\nsend_metrics = false\n[[d1_databases]]\nbinding = "DB"\ndatabase_name = "repro"\ndatabase_id = "00000000-0000-0000-0000-000000000001"\nmigrations_dir = "migrations"\n`,
);
writeFileSync(join(dir, "index.js"), `// Minimal worker: one idempotent insert per POST, nothing else.
export default {
  async fetch(req, env) {
    if (req.method !== "POST") return new Response("ok");
    const { voter, joke, vote } = await req.json();
    if (env.NO_D1) return Response.json({ recorded: true });
    const r = await env.DB.prepare("INSERT INTO votes (voter, joke, vote) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING RETURNING voter").bind(voter, joke, vote).all();
    return Response.json({ recorded: r.results.length > 0 });
  },
};
`);
const persist = join(dir, "state");
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1" };
await new Promise((res, rej) => spawn(W, ["d1", "migrations", "apply", "repro", "--local", "--persist-to", persist], { cwd: dir, env, stdio: "ignore" }).on("exit", (c) => (c ? rej(new Error(`migrations: ${c}`)) : res())));
const port = await freePort();
const extra = process.env.NO_D1 ? ["--var", "NO_D1:1"] : [];
const p = spawn(W, ["dev", "--local", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persist, "--show-interactive-dev-session=false", "--live-reload=false", "--inspector-port", String(await freePort()), ...extra], { cwd: dir, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
let log = "";
p.stdout.on("data", (d) => (log += d));
p.stderr.on("data", (d) => (log += d));
const url = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    if ((await fetch(url)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 200));
}
await new Promise((r) => setTimeout(r, 5000));
const answers = {};
const firstAtMs = {};
const t0 = Date.now();
const note = (k) => {
  answers[k] = (answers[k] ?? 0) + 1;
  firstAtMs[k] ??= Date.now() - t0;
};
const send = async (body) => {
  try {
    const r = await fetch(url, { method: "POST", body: JSON.stringify(body) });
    note(`${r.status} ${(await r.text()).slice(0, 50)}`);
  } catch (e) {
    note(`fetch failed: ${e.cause?.code ?? e.message}`);
  }
};
await Promise.all(
  Array.from({ length: C }, async (_, c) => {
    for (let k = 0; k < J; k++) {
      const body = { voter: `v${c}`, joke: `j${(k + c * 5) % J}`, vote: "funny" };
      if (D > 0 && (c * J + k) % D === 0) await Promise.all([send(body), send({ ...body, vote: "skip" })]);
      else await send(body);
    }
  }),
);
console.log(JSON.stringify({ seconds: (Date.now() - t0) / 1000, answers, firstAtMs }, null, 1));
console.log(log.split("\n").filter((l) => l && !/ 200 OK /.test(l)).slice(-20).join("\n"));
try {
  process.kill(-p.pid, "SIGTERM");
} catch {}
rmSync(dir, { recursive: true, force: true });
