// The worker on workerd through Miniflare's API, without `wrangler dev` in front: the same build,
// bindings and D1 migrations as `startWorker` (tests/support/services.mjs), but requests reach the
// worker's isolate directly instead of through wrangler's proxy worker. For the worker benchmark
// (`BENCH_RUNTIME=workerd make bench-worker`), to separate the worker's own cost from the local
// proxy's; the tests keep using `wrangler dev`.
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Miniflare } from "miniflare";

import { CURATOR_TOKEN, ROOT, TEST_KEY, freePort } from "../support/services.mjs";

const WORKER = join(ROOT, "proxy-worker");

/** The `[vars]` of wrangler.toml: plain `KEY = "value"` lines of that table. */
function wranglerVars() {
  const toml = readFileSync(join(WORKER, "wrangler.toml"), "utf8");
  const table = toml.split(/^\[vars\]$/m)[1]?.split(/^\[/m)[0] ?? "";
  return Object.fromEntries([...table.matchAll(/^([A-Z_]+)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1], m[2]]));
}

/** The statements of a migration file: each ends with `;` at a line's end, outside a trigger's
 *  `BEGIN … END;` body (whose own statements end the same way). */
function statements(sql) {
  const out = [];
  let current = [];
  let depth = 0;
  for (const line of sql.split("\n")) {
    if (/^\s*--/.test(line) || !line.trim()) continue;
    current.push(line);
    if (/\bBEGIN\s*$/i.test(line)) depth++;
    if (/^\s*END;\s*$/i.test(line)) depth--;
    if (depth === 0 && /;\s*$/.test(line)) {
      out.push(current.join("\n"));
      current = [];
    }
  }
  return out;
}

/** Starts the built worker (scripts/build-worker.sh) on workerd; same interface as `startWorker`. */
export async function startWorkerOnWorkerd(options = {}) {
  return onWorkerd(builtWorker(WORKER), projectMigrations(), options);
}

/** A worker crate's build (scripts/build-worker.sh) as Miniflare takes it. */
function builtWorker(folder) {
  return {
    scriptPath: join(folder, "build/worker/shim.mjs"),
    modulesRoot: join(folder, "build"),
    // worker-build writes ES modules with a .js extension, which Miniflare would read as CommonJS.
    modulesRules: [
      { type: "ESModule", include: ["**/*.js", "**/*.mjs"] },
      { type: "CompiledWasm", include: ["**/*.wasm"] },
    ],
  };
}

/** The statements of each of the worker's D1 migrations, in order. */
function projectMigrations() {
  return readdirSync(join(WORKER, "migrations"))
    .sort()
    .map((file) => statements(readFileSync(join(WORKER, "migrations", file), "utf8")));
}

/** Starts `floor-worker.js` (the least a worker can do for the benchmark's calls) on workerd, with
 *  the same runtime set-up as [startWorkerOnWorkerd]; `vars.UPSTREAM_BODY` is the request it sends.
 *  `productSql`: its ballots and votes use the project's migrations and vote statement. `rust`: the
 *  same calls by a bare workers-rs worker (tests/bench/floor-rust, built by scripts/build-worker.sh). */
export async function startFloorOnWorkerd(options = {}, { productSql = false, rust = false } = {}) {
  const scriptPath = join(ROOT, "tests/bench/floor-worker.js");
  const { SCHEMA } = await import(scriptPath);
  if (rust) return onWorkerd(builtWorker(join(ROOT, "tests/bench/floor-rust")), [SCHEMA], options);
  if (productSql) {
    return onWorkerd({ scriptPath }, projectMigrations(), { ...options, vars: { ...options.vars, FLOOR_SQL: "product" } });
  }
  return onWorkerd({ scriptPath }, [SCHEMA], options);
}

/** The `[assets]` of wrangler.toml as Miniflare takes them: the app's files (dist/) for every path
 *  but the API and the open pages' (which the worker answers), and index.html for the app's own
 *  routes. */
export const APP_ASSETS = {
  directory: join(ROOT, "dist"),
  binding: "ASSETS",
  routerConfig: { has_user_worker: true, static_routing: { user_worker: ["/api", "/api/*", "/vote/*", "/play", "/play/*"] } },
  assetConfig: { not_found_handling: "single-page-application" },
};

async function onWorkerd(script, migrations, { upstreamUrl, key = TEST_KEY, vars = {}, ratelimits, assets } = {}) {
  const port = await freePort();
  const mf = new Miniflare({
    host: "127.0.0.1",
    port,
    modules: true,
    ...script,
    compatibilityDate: "2026-04-01",
    bindings: {
      ...wranglerVars(),
      MISTRAL_API_KEY: key,
      CURATOR_TOKEN,
      RETRY_BASE_DELAY_MS: "20",
      ...(upstreamUrl ? { MISTRAL_BASE_URL: upstreamUrl } : {}),
      ...vars,
    },
    d1Databases: { DB: "tallas" },
    ...(process.env.BENCH_INSPECTOR_PORT ? { inspectorPort: Number(process.env.BENCH_INSPECTOR_PORT) } : {}),
    ...(assets ? { assets } : {}),
    // `{ NAME: { limit, period } }`, as `startWorker` takes it.
    ...(ratelimits ? { ratelimits: Object.fromEntries(Object.entries(ratelimits).map(([name, simple]) => [name, { simple }])) } : {}),
    // On disk, as `wrangler dev --persist-to` keeps it: each write commits to a SQLite file.
    d1Persist: mkdtempSync(join(tmpdir(), "tallas-d1-workerd-")),
  });
  await mf.ready;
  const db = await mf.getD1Database("DB");
  for (const migration of migrations) {
    await db.batch(migration.map((s) => db.prepare(s)));
  }
  return { url: `http://127.0.0.1:${port}`, stop: () => mf.dispose() };
}
