// Starts the real services the integration and end-to-end tests talk to: the fake Mistral
// upstream (a test double) and the worker under `wrangler dev` with a fresh local D1.
// Every process is started in its own process group on 127.0.0.1 and free ports, and stopped by
// that group only; a service that does not come up fails fast with the tail of its log.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const TEST_KEY = "test-key-for-fake-mistral-3f9a2c";
/** The worker's CURATOR_TOKEN in tests; curator endpoints need `Authorization: Bearer ${CURATOR_TOKEN}`. */
export const CURATOR_TOKEN = "curator-token-for-tests-7d41e0b9";

const NO_NETWORK_ENV = {
  WRANGLER_SEND_METRICS: "false",
  WRANGLER_SEND_ERROR_REPORTS: "false",
  WRANGLER_HIDE_BANNER: "true",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  // The worker was built once by `make test`; several instances must not rebuild the same folder.
  TALLAS_WORKER_PREBUILT: "1",
  NO_COLOR: "1",
};

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A child process in its own group, with its output kept for error reports. */
function launch(command, args, { cwd = ROOT, env = {} } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...NO_NETWORK_ENV, ...env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  return {
    child,
    exited,
    log: () => log,
    tail: (lines = 40) => log.split("\n").slice(-lines).join("\n"),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        // What it started (wrangler's workerd) may outlive it, in its group.
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
        return;
      }
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {}
      }, 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function run(command, args, options) {
  const proc = launch(command, args, options);
  const { code } = await proc.exited;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed (${code}):\n${proc.tail()}`);
  return proc.log();
}

async function waitFor(what, proc, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let exit = null;
  proc.exited.then((e) => (exit = e));
  while (Date.now() < deadline) {
    if (exit) throw new Error(`${what} exited (${JSON.stringify(exit)}) before it was ready:\n${proc.tail()}`);
    try {
      if (await probe()) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  await proc.stop();
  throw new Error(`${what} was not ready after ${timeoutMs / 1000} s:\n${proc.tail()}`);
}

/**
 * The fake Mistral upstream, built by `cargo build -p fake-mistral` (`profile: "release"`: by
 * `cargo build --release -p fake-mistral`, for benchmarks).
 */
export async function startFakeMistral({ key = TEST_KEY, args = [], profile = "debug" } = {}) {
  const bin = join(process.env.CARGO_TARGET_DIR || join(ROOT, "target"), profile, "fake-mistral");
  const proc = launch(bin, ["--port", "0", "--key", key, ...args]);
  let url = null;
  await waitFor(
    "fake-mistral",
    proc,
    async () => {
      const match = proc.log().match(/^listening on (http:\/\/127\.0\.0\.1:\d+)/m);
      if (match) url = match[1];
      return url !== null;
    },
    10_000,
  );
  const control = async (method, path, body) => {
    const res = await fetch(url + path, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`fake-mistral ${method} ${path}: ${res.status} ${await res.text()}`);
    return res.headers.get("content-type")?.includes("json") ? res.json() : res.text();
  };
  return {
    url,
    stop: () => proc.stop(),
    log: proc.log,
    /** Faults for the next chat requests, one each, in order ("none" answers normally). */
    queueFaults: (faults) => control("POST", "/_fake/faults", { faults }),
    clearFaults: () => control("DELETE", "/_fake/faults"),
    /** Message contents for the next chat answers, one each, in order (status faults leave them queued). */
    queueReplies: (replies) => control("POST", "/_fake/replies", { replies }),
    clearReplies: () => control("DELETE", "/_fake/replies"),
    /** Standing message contents by `response_format` schema name, used whenever nothing is queued. */
    standingReplies: (bySchema) => control("POST", "/_fake/replies", { by_schema: bySchema }),
    calls: () => control("GET", "/_fake/calls"),
    resetCalls: () => control("DELETE", "/_fake/calls"),
  };
}

/**
 * The worker under `wrangler dev`, with a fresh local D1 (migrations applied) and its vars set on
 * the command line. `vars` may override any var; `MISTRAL_API_KEY: ""` means no key.
 * `ratelimits` (`{ BINDING: { limit, period } }`) adds Workers rate-limiting bindings, which
 * wrangler's local runtime enforces; see `configWith`.
 */
export async function startWorker(options = {}) {
  // A free port can be taken between choosing it and `wrangler dev` binding it (another suite's
  // service, or wrangler's own restart on start-up): then start again on other ports.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startWorkerOnce(options);
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/.test(error.message)) throw error;
    }
  }
}

/**
 * A copy of proxy-worker/wrangler.toml in `dir` with `[[ratelimits]]` bindings added. Bindings have
 * no command-line flag, and the project's config has them only as a commented example (the D1
 * window counts by default), so the copy points at the project's files by absolute paths and
 * builds from the project's folder.
 */
function configWith(ratelimits, dir) {
  const project = join(ROOT, "proxy-worker");
  let toml = readFileSync(join(project, "wrangler.toml"), "utf8")
    .replace(/^main = "(.*)"$/m, (_, path) => `main = "${join(project, path)}"`)
    .replace(/^migrations_dir = "(.*)"$/m, (_, path) => `migrations_dir = "${join(project, path)}"`)
    .replace(/^directory = "(.*)"$/m, (_, path) => `directory = "${join(project, path)}"`)
    .replace(/^\[build\]$/m, `[build]\ncwd = "${project}"`);
  let namespace = 1001;
  for (const [name, { limit, period }] of Object.entries(ratelimits)) {
    toml += `\n[[ratelimits]]\nname = "${name}"\nnamespace_id = "${namespace++}"\nsimple = { limit = ${limit}, period = ${period} }\n`;
  }
  const file = join(dir, "wrangler.toml");
  writeFileSync(file, toml);
  return file;
}

async function startWorkerOnce({ upstreamUrl, key = TEST_KEY, vars = {}, ratelimits = null } = {}) {
  const cwd = join(ROOT, "proxy-worker");
  const persist = mkdtempSync(join(tmpdir(), "tallas-d1-"));
  const config = ratelimits ? ["--config", configWith(ratelimits, persist)] : [];
  const wrangler = join(ROOT, "node_modules/.bin/wrangler");
  await run(wrangler, ["d1", "migrations", "apply", "tallas", "--local", "--persist-to", persist], { cwd });
  const port = await freePort();
  const inspector = await freePort();
  const allVars = {
    MISTRAL_API_KEY: key,
    CURATOR_TOKEN,
    // Fast retries keep the fault tests short; the policy itself is unit-tested in core.
    RETRY_BASE_DELAY_MS: "20",
    ...(upstreamUrl ? { MISTRAL_BASE_URL: upstreamUrl } : {}),
    ...vars,
  };
  const varArgs = Object.entries(allVars).flatMap(([k, v]) => ["--var", `${k}:${v}`]);
  const proc = launch(
    wrangler,
    [
      "dev",
      "--local",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspector),
      "--persist-to",
      persist,
      "--show-interactive-dev-session=false",
      "--live-reload=false",
      ...config,
      ...varArgs,
    ],
    { cwd },
  );
  const url = `http://127.0.0.1:${port}`;
  // wrangler's file watcher reports itself ready with a rebuild, which reloads the worker a few
  // seconds after it first answers (later on a busy machine); a POST in flight then fails with
  // "Your worker restarted mid-request". So ready means: that reload is over, and health answers.
  // Should a wrangler release stop doing it, 15 s of answering is taken as ready too.
  let answeringSince = null;
  const settled = () => {
    const log = proc.log();
    const restart = log.lastIndexOf("restarting build");
    if (restart >= 0) return /Ready on http|Local server updated and ready/.test(log.slice(restart));
    return answeringSince !== null && Date.now() - answeringSince > 15_000;
  };
  try {
    await waitFor(
      "wrangler dev",
      proc,
      async () => {
        const ok = (await fetch(`${url}/api/health`)).ok;
        if (ok) answeringSince ??= Date.now();
        return ok && settled();
      },
      120_000,
    );
  } catch (error) {
    // Whatever of it still runs (its workerd) goes with it.
    await proc.stop();
    rmSync(persist, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    log: proc.log,
    async stop() {
      await proc.stop();
      rmSync(persist, { recursive: true, force: true });
    },
  };
}

/** Headless Chromium from Debian, with every switch that keeps it off the network. */
export async function launchChromium() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ],
  });
}

/** What the end-to-end tests run against: the fake upstream (started with `fakeArgs`), the worker
 *  serving the built app and talking to it, and Chromium. */
export async function startAppServices({ fakeArgs = [] } = {}) {
  const fake = await startFakeMistral({ args: fakeArgs });
  const worker = await startWorker({ upstreamUrl: fake.url });
  const browser = await launchChromium();
  return { fake, worker, browser };
}

/** Stops what [startAppServices] started, whatever of it did start. */
export async function stopAppServices({ fake, worker, browser }) {
  await browser?.close();
  await Promise.all([worker?.stop(), fake?.stop()]);
}

/** Where pages fetch the background worker's script (with `?lang=…`), for `context.route`. */
export const WORKER_LOADER = "**/background_worker_loader.js?*";

/** A `context.route` handler standing in for a worker of another build (deployed after the page
 *  opened): its first message names a build that is not the page's. */
export function workerOfAnotherBuild(route) {
  return route.fulfill({ contentType: "text/javascript", body: 'postMessage("ready 0123456789abcdef");' });
}
