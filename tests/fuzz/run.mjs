// The schema-driven fuzz run: schemathesis (from .venv-fuzz, see scripts/fuzz-setup.sh) generates
// requests from proxy-worker/openapi.yaml, valid and invalid, and sends them to the worker under
// wrangler dev with the fake Mistral upstream. Every answer must be no 5xx, have a declared status,
// content type and headers, and match its declared schema; undeclared methods must be 405 with
// `Allow`; a request the contract forbids (an array where an object belongs, say) must be refused
// with a 4xx. Exits non-zero on any failure.
//
// Three passes. The first covers every operation but POST /api/play and POST /api/play/arena,
// with generated ids (mostly unknown: 404 and 400 answers) and the contract's links. The second
// fuzzes those two alone after a valid config is published: the fuzzer's own PUT /api/play/config
// may have closed the playground, which then rightly answers 503. The third fuzzes the operations with an `{id}` against
// a real ballot (and its admin token) and a real fine-tuning job, so their bodies and queries reach
// the worker's logic beyond the lookup.
//
// Prints `ℹ pass N` / `ℹ fail N` (one per operation, from schemathesis's JUnit report) so that
// scripts/test.sh counts operations as tests. Knobs: FUZZ_EXAMPLES (per operation, default 25),
// FUZZ_SEED (default 4), FUZZ_WORKERS (default 1: with two, schemathesis's threads can race in a
// lazy import of anyio and fail with "AST constructor recursion depth mismatch").
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

import { CONTRACT_PATH } from "../support/contract.mjs";
import { VALID_GRAPH } from "../support/replies.mjs";
import { CURATOR_TOKEN, ROOT, startFakeMistral, startWorker } from "../support/services.mjs";

const SCHEMATHESIS = join(ROOT, ".venv-fuzz/bin/schemathesis");
const OUT = join(ROOT, "target/fuzz");
const EXAMPLES = process.env.FUZZ_EXAMPLES ?? "25";
const SEED = process.env.FUZZ_SEED ?? "4";
const WORKERS = process.env.FUZZ_WORKERS ?? "1";
const CHECKS = [
  "not_a_server_error",
  "status_code_conformance",
  "content_type_conformance",
  "response_headers_conformance",
  "response_schema_conformance",
  "unsupported_method",
  "allow_header_conformance",
  // Bodies and queries the contract forbids (a JSON array for an object, a wrong type) get a 4xx.
  "negative_data_rejection",
];

// Replies the task rules accept, by the name of each task's JSON Schema: the fake's minimal schema
// instances quote the whole prompt, which breaks the tasks' length rules, and the worker would then
// rightly answer 502 after its corrective retry. The fuzz is about the worker, not the model.
const STANDING_REPLIES = {
  repertoire: { jokes: [{ raw_span: "mi suegra es tan lenta", text: "Mi suegra es tan lenta.", start_time_s: null }] },
  refinement: { corrected_text: "Mi suegra es tan lenta.", keywords: ["suegra"], quality: "funny" },
  keywords: { keywords: ["suegra", "ascensor"] },
  joke_graph: VALID_GRAPH,
  rewrite: { text: "Mi suegra es tan lenta que se perdió en el ascensor." },
  judge_verdict: { reason: "El remate de A sorprende más.", verdict: "a" },
};

if (!existsSync(SCHEMATHESIS)) {
  console.error("fuzz: .venv-fuzz is missing; run `bash scripts/fuzz-setup.sh` first");
  process.exit(2);
}
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const fake = await startFakeMistral();
let worker;
let exitCode = 1;
try {
  worker = await startWorker({
    upstreamUrl: fake.url,
    vars: {
      // The per-client limits would otherwise answer most public requests with 429 (which is
      // correct, and declared) and leave little else fuzzed; they are tested in the suites.
      RATE_LIMIT_VOTES_PER_MINUTE: "1000000",
      RATE_LIMIT_PLAY_PER_MINUTE: "1000000",
      PLAY_DAILY_TOKEN_BUDGET: "1000000000",
      UPSTREAM_TIMEOUT_MS: "10000",
    },
  });
  await fake.standingReplies(Object.fromEntries(Object.entries(STANDING_REPLIES).map(([k, v]) => [k, JSON.stringify(v)])));
  await publishPlayground();
  const first = await schemathesis("all", ["--exclude-operation-id", "play", "--exclude-operation-id", "arenaMatch"]);
  await publishPlayground();
  const played = ["--include-operation-id", "play", "--include-operation-id", "arenaMatch"];
  const second = await schemathesis("play", [...played, "--phases", "examples,coverage,fuzzing"]);
  const config = join(OUT, "ids.toml");
  writeFileSync(config, await knownIds());
  const third = await schemathesis("ids", ["--include-path-regex", "\\{id\\}", "--phases", "examples,coverage,fuzzing"], config);
  const cases = [...testcases("all"), ...testcases("play"), ...testcases("ids")];
  const failed = cases.filter((c) => c.failed);
  for (const c of cases) console.log(`${c.failed ? "✖" : "✔"} ${c.name}`);
  console.log(`ℹ pass ${cases.length - failed.length}`);
  console.log(`ℹ fail ${failed.length}`);
  exitCode = [first, second, third].every((code) => code === 0) && failed.length === 0 && cases.length > 0 ? 0 : 1;
  if (cases.length === 0) console.error("fuzz: schemathesis reported no operations");
} finally {
  await Promise.all([worker?.stop(), fake.stop()]);
}
process.exit(exitCode);

async function publishPlayground() {
  const res = await fetch(`${worker.url}/api/play/config`, {
    method: "PUT",
    headers: { authorization: `Bearer ${CURATOR_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ models: ["mistral-small-latest", "ministral-8b-latest"], max_output_tokens: 100 }),
  });
  if (!res.ok) throw new Error(`publishing the playground failed: ${res.status} ${await res.text()}`);
}

async function curator(method, path, body, contentType = "application/json") {
  const res = await fetch(`${worker.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${CURATOR_TOKEN}`, "content-type": contentType },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`seeding ${method} ${path} failed: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * A schemathesis config that pins `{id}` to real things: a ballot with its admin token for the
 * ballot routes (another one to close), and a created fine-tuning job.
 */
async function knownIds() {
  const jokes = Array.from({ length: 20 }, (_, i) => ({ id: `j${i}`, text: `Chiste número ${i}` }));
  const gold = [{ id: "g0", text: "Control", expected: "funny" }];
  const open = await curator("POST", "/api/ballots", { title: "Fuzz", jokes, gold });
  const closing = await curator("POST", "/api/ballots", { title: "Fuzz, cerrable", jokes });
  const line = JSON.stringify({ messages: [{ role: "user", content: "Palabra clave: pan" }, { role: "assistant", content: "Una talla." }] });
  const file = await curator("POST", "/api/files?filename=fuzz.jsonl", `${line}\n${line}\n`, "application/jsonl");
  const job = await curator("POST", "/api/fine-tunes", { model: "mistral-small-latest", training_files: [file.id] });
  const operation = (regex, id, token) =>
    [
      "[[operations]]",
      `include-path-regex = ${JSON.stringify(regex)}`,
      `parameters = { "path.id" = ${JSON.stringify(id)} }`,
      ...(token ? [`headers = { Authorization = ${JSON.stringify(`Bearer ${token}`)} }`] : []),
      "",
    ].join("\n");
  return [
    operation("^/api/ballots/\\{id\\}(/next|/votes)?$", open.ballot_id),
    operation("^/api/ballots/\\{id\\}/results$", open.ballot_id, open.admin_token),
    operation("^/api/ballots/\\{id\\}/close$", closing.ballot_id, closing.admin_token),
    operation("^/api/fine-tunes/\\{id\\}", job.id),
  ].join("\n");
}

/** One schemathesis run; resolves to its exit code. Its output goes to ours as it comes. */
function schemathesis(name, extra, configFile) {
  const args = [
    ...(configFile ? ["--config-file", configFile] : []),
    "run",
    CONTRACT_PATH,
    "--url",
    worker.url,
    "--header",
    `Authorization: Bearer ${CURATOR_TOKEN}`,
    "--checks",
    CHECKS.join(","),
    "--max-examples",
    EXAMPLES,
    "--seed",
    SEED,
    "--workers",
    WORKERS,
    "--request-timeout",
    "20",
    "--generation-database",
    "none",
    "--no-color",
    "--report",
    "junit",
    "--report-junit-path",
    join(OUT, `${name}.xml`),
    ...extra,
  ];
  return new Promise((resolve) => {
    const child = spawn(SCHEMATHESIS, args, { cwd: OUT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, NO_COLOR: "1" } });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

/** The test cases (one per operation) of a JUnit report, with whether each failed. */
function testcases(name) {
  const path = join(OUT, `${name}.xml`);
  if (!existsSync(path)) return [];
  const xml = readFileSync(path, "utf8");
  return [...xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)].map(([, attrs, , body = ""]) => ({
    name: (attrs.match(/name="([^"]*)"/) ?? [])[1] ?? "?",
    failed: /<(failure|error)\b/.test(body),
  }));
}
