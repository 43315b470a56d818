// Benchmark of the app in real Chromium (docs/BENCHMARKS.md, "App (issue 5)"): the release build
// served by the worker as in production, driven by Playwright. Reads the real corpus through an
// explicit path: TALLAS_CORPUS=../shared/corpus make bench-app. Not a test: it prints figures and
// writes them to target/bench/app.json.
//
// (a) First render: first-contentful-paint of /playground (the static header index.html paints
//     while the WASM loads), and when the app's own view is mounted (its `tallas-mounted` mark).
// (b) Import: every transcript of the corpus plus its four tables chosen at once, from the file
//     input to the per-file report (read, parsed in the worker, written to IndexedDB).
// (c) Search: with JOKES jokes stored (the corpus's jokes, repeated at other times), the time from
//     a key press in the search box to the next frame after the list updated, per keystroke.
// (d) Scrolling: the list scrolled in steps, one per animation frame; frame times.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { ROOT, launchChromium, startFakeMistral, startWorker } from "../support/services.mjs";

const CORPUS = process.env.TALLAS_CORPUS;
if (!CORPUS) {
  console.error("set TALLAS_CORPUS to the corpus folder (e.g. ../shared/corpus)");
  process.exit(2);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const JOKES = Number(process.env.BENCH_JOKES ?? 20000);

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
const worker = await startWorker({ upstreamUrl: fake.url });
const browser = await launchChromium();
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${worker.url}/import`);
  await page.getByTestId("import-files").setInputFiles(jokesTable(JOKES));
  await page.getByTestId("import-summary").waitFor({ timeout: 120_000 });
  await page.goto(`${worker.url}/jokes`);
  await page.getByTestId("joke-row").first().waitFor({ timeout: 120_000 });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  const keystrokes = await page.evaluate(async (word) => {
    const input = document.getElementById("joke-search");
    const times = [];
    input.focus();
    for (let round = 0; round < 3; round++) {
    input.value = ""; input.dispatchEvent(new InputEvent("input", { bubbles: true }));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    for (const key of word) {
      const start = performance.now();
      input.value += key;
      input.dispatchEvent(new InputEvent("input", { bubbles: true, data: key }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      times.push(performance.now() - start);
    }}
    return times;
  }, "suegra completo");
  const { profile } = await cdp.send("Profiler.stop");
  writeFileSync("/tmp/wa/search.cpuprofile", JSON.stringify(profile));
  console.log(JSON.stringify({ median: median(keystrokes), p90: percentile(keystrokes, 0.9), all: keystrokes.map(round) }));
  await context.close();
} finally {
  await browser.close();
  await Promise.all([worker.stop(), fake.stop()]);
}
