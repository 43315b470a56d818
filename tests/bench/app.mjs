// Benchmark of the app in real Chromium (docs/BENCHMARKS.md, "App (issue 5)"): the release build
// served by the worker as in production, driven by Playwright. Reads the real corpus through an
// explicit path: TALLAS_CORPUS=../shared/corpus make bench-app. Not a test: it prints figures and
// writes them to target/bench/app.json.
//
// (a) First render: first-contentful-paint of /playground (the static header index.html paints
//     while the WASM loads), and when the app's own view is mounted (its `tallas-mounted` mark).
// (b) Import: every transcript of the corpus plus its four tables chosen at once, from the file
//     input to the per-file report (read, parsed in the worker, written to IndexedDB), once the
//     page has loaded (network idle: the worker the page starts for the import has its WASM).
// (c) Search: with JOKES jokes stored (the corpus's jokes, repeated at other times), the time from
//     a key press in the search box to the next frame after the list updated, per keystroke.
// (d) Scrolling: the list scrolled in steps, one per animation frame; frame times.
// (e) The dataset preview; (f) the home's first render against Jokes' (issue 26).
//
// BENCH_SERVE=static serves the app's files from a plain loopback server instead (tests/bench/static.mjs;
// the API still reaches the worker), to measure the app without `wrangler dev`'s asset delivery.
// BENCH_SERVE=workerd runs the same worker, assets and API on workerd through Miniflare's API
// (tests/bench/workerd.mjs), as `wrangler dev` does but without its proxy in front.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { ROOT, launchChromium, startFakeMistral, startWorker } from "../support/services.mjs";
import { startStatic } from "./static.mjs";
import { APP_ASSETS, startWorkerOnWorkerd } from "./workerd.mjs";

const CORPUS = process.env.TALLAS_CORPUS;
if (!CORPUS) {
  console.error("set TALLAS_CORPUS to the corpus folder (e.g. ../shared/corpus)");
  process.exit(2);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const JOKES = Number(process.env.BENCH_JOKES ?? 20000);
const SERVE = process.env.BENCH_SERVE ?? "worker";
if (!["worker", "workerd", "static"].includes(SERVE)) {
  throw new Error(`BENCH_SERVE must be worker, workerd or static, not ${SERVE}`);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const round = (x) => Math.round(x * 10) / 10;

const transcripts = readdirSync(join(CORPUS, "transcripts")).map((f) => join(CORPUS, "transcripts", f));
const tables = ["jokes.csv", "routines.csv", "comedians.csv", "shows.csv"].map((f) => join(CORPUS, f));

/** The corpus's jokes table grown to `n` rows: each joke again with a numbered suffix and time. */
function jokesTable(n) {
  // Records, not lines: a quoted joke may span lines (a record is whole when its quotes balance).
  const records = [];
  let open = "";
  for (const line of readFileSync(join(CORPUS, "jokes.csv"), "utf8").split("\n")) {
    open = open ? `${open}\n${line}` : line;
    if ((open.match(/"/g) ?? []).length % 2 === 0) {
      if (open.trim()) records.push(open);
      open = "";
    }
  }
  const [header, ...rows] = records;
  const out = [header];
  for (let i = 0; out.length <= n; i++) {
    const row = rows[i % rows.length];
    const copy = Math.floor(i / rows.length);
    // A numbered copy ("… (2)") is its own joke: its id hashes the text, the next-to-last field,
    // quoted or not.
    const numbered = row.endsWith('"') || !/",[^,"]*$/.test(row)
      ? row.replace(/,([^,]*),([^,]*)$/, `,$1 (${copy + 1}),$2`)
      : row.replace(/",([^,"]*)$/, ` (${copy + 1})",$1`);
    out.push(copy === 0 ? row : numbered);
  }
  const file = join(tmpdir(), `tallas-bench-jokes-${n}.csv`);
  writeFileSync(file, out.join("\n") + "\n");
  return file;
}

const fake = await startFakeMistral();
const worker = SERVE === "workerd"
  ? await startWorkerOnWorkerd({ upstreamUrl: fake.url, assets: APP_ASSETS })
  : await startWorker({ upstreamUrl: fake.url });
const files = SERVE === "static" ? await startStatic(worker.url) : null;
const base = files?.url ?? worker.url;
const browser = await launchChromium();
const load = { before: loadavg()[0] };
const results = {};
try {
  // (a)
  const paints = [];
  const mounts = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/playground`);
    await page.getByRole("navigation").waitFor();
    const [paint, mounted] = await page.evaluate(() => [
      performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
      performance.getEntriesByName("tallas-mounted")[0]?.startTime ?? NaN,
    ]);
    paints.push(paint);
    mounts.push(mounted);
    await context.close();
  }
  results.first_render_ms = { median: round(median(paints)), runs: paints.map(round) };
  results.app_mounted_ms = { median: round(median(mounts)), runs: mounts.map(round) };

  // (b)
  const imports = [];
  let totals = "";
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/import`);
    await page.getByTestId("workspace-empty").waitFor();
    // As a curator finds the page by the time files are chosen: loaded, the import's worker too.
    await page.waitForLoadState("networkidle");
    const start = performance.now();
    await page.getByTestId("import-files").setInputFiles([...transcripts, ...tables]);
    await page.getByTestId("import-summary").waitFor({ timeout: 120_000 });
    imports.push(performance.now() - start);
    totals = await page.getByTestId("workspace-totals").innerText();
    await context.close();
  }
  results.import_corpus_ms = { median: round(median(imports)), runs: imports.map(round), files: transcripts.length + tables.length, totals };

  // (c) and (d)
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/import`);
  await page.getByTestId("import-files").setInputFiles(jokesTable(JOKES));
  await page.getByTestId("import-summary").waitFor({ timeout: 120_000 });
  await page.goto(`${base}/jokes`);
  await page.getByTestId("joke-row").first().waitFor({ timeout: 120_000 });
  const counts = await page.getByTestId("joke-counts").innerText();
  const keystrokes = await page.evaluate(async (word) => {
    const input = document.getElementById("joke-search");
    const times = [];
    input.focus();
    for (const key of word) {
      const start = performance.now();
      input.value += key;
      input.dispatchEvent(new InputEvent("input", { bubbles: true, data: key }));
      // Until the frame after the update: the search, the list and the counts all re-render in
      // the tasks the input starts, before that frame's callbacks run.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      times.push(performance.now() - start);
    }
    return times;
  }, "suegra completo");
  results.search_keystroke_ms = { median: round(median(keystrokes)), p90: round(percentile(keystrokes, 0.9)), max: round(Math.max(...keystrokes)), jokes: counts };

  await page.getByLabel("Buscar tallas").fill("");
  const frames = await page.evaluate(async () => {
    const list = document.querySelector('[data-testid="joke-list"]');
    const times = [];
    let last = performance.now();
    for (let i = 0; i < 300; i++) {
      list.scrollTop += 600;
      await new Promise((r) => requestAnimationFrame(() => r()));
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times;
  });
  results.scroll_frame_ms = { median: round(median(frames)), p95: round(percentile(frames, 0.95)), max: round(Math.max(...frames)), over_33ms: frames.filter((t) => t > 33.4).length, frames: frames.length };

  // (f) The home's first render against Jokes' over the same workspace: from navigation to the
  // steps' counts shown, and to the first joke row shown. The home reads counts, Jokes every joke.
  const homes = [];
  const lists = [];
  for (let i = 0; i < RUNS; i++) {
    let start = performance.now();
    await page.goto(`${base}/`);
    await page.getByTestId("home-count").first().waitFor({ timeout: 120_000 });
    homes.push(performance.now() - start);
    start = performance.now();
    await page.goto(`${base}/jokes`);
    await page.getByTestId("joke-row").first().waitFor({ timeout: 120_000 });
    lists.push(performance.now() - start);
  }
  results.home_first_render_ms = { median: round(median(homes)), runs: homes.map(round), jokes: JOKES };
  results.jokes_first_render_ms = { median: round(median(lists)), runs: lists.map(round), jokes: JOKES };
  results.home_over_jokes = round(median(homes) / median(lists));

  // (e) The dataset preview over the same workspace: from a rule typed to its result shown, less the
  // 400 ms the page waits for typing to settle. The floor is the same workspace's near-duplicate
  // clusters alone (the Jokes filter), which every preview computes again.
  const clusters = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(`${base}/jokes`);
    await page.getByTestId("joke-row").first().waitFor({ timeout: 120_000 });
    const filter = page.getByTestId("duplicates-filter");
    const start = performance.now();
    await filter.check({ timeout: 120_000 });
    await page.waitForFunction(() => {
      const box = document.querySelector('[data-testid="duplicates-filter"]');
      return box && box.checked && !box.disabled;
    }, null, { timeout: 120_000 });
    clusters.push(performance.now() - start);
  }
  results.duplicate_clusters_ms = { median: round(median(clusters)), runs: clusters.map(round), jokes: JOKES };
  await page.goto(`${base}/dataset`);
  await page.getByLabel("Etiqueta que cuenta").selectOption("none");
  await page.getByTestId("dataset-reasons").waitFor({ timeout: 120_000 });
  const previews = [];
  const reasons = () => page.getByTestId("dataset-reasons").textContent();
  for (let i = 0; i < RUNS; i++) {
    // The longest joke allowed, between 100 and 1,500 characters: each change moves jokes between
    // "too long" and the other reasons, so the preview's text changes.
    const before = await reasons();
    const start = performance.now();
    await page.getByLabel("Largo máximo (caracteres)").fill(i % 2 ? "1500" : "100");
    await page.waitForFunction(
      (old) => {
        const shown = document.querySelector('[data-testid="dataset-reasons"]')?.textContent;
        return shown !== undefined && shown !== old;
      },
      before,
      { timeout: 120_000 },
    );
    previews.push(performance.now() - start - 400);
  }
  results.dataset_preview_ms = { median: round(median(previews)), runs: previews.map(round), jokes: JOKES };
  results.dataset_preview_over_clusters = round(median(previews) / median(clusters));
  await context.close();
} finally {
  await browser.close();
  await Promise.all([worker.stop(), fake.stop(), files?.stop()]);
}
load.after = loadavg()[0];
const served = {
  worker: "the worker under wrangler dev",
  workerd: "the worker on workerd (Miniflare's API, no wrangler proxy)",
  static: "plain loopback file server, API through the worker",
}[SERVE];
const report = { machine: `${cpus().length} × ${cpus()[0]?.model}`, served, load, runs: RUNS, ...results };
mkdirSync(join(ROOT, "target/bench"), { recursive: true });
writeFileSync(join(ROOT, "target/bench/app.json"), JSON.stringify(report, null, 2));
console.log(JSON.stringify(report, null, 2));
