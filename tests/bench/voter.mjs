// Benchmark of the voter's page (docs/BENCHMARKS.md, "Voter (issue 14)"): the release build's open
// pages, a voter's /vote/<id>, in real Chromium as a phone sees it: Playwright's phone emulation,
// the CPU slowed 4× and a slow mobile link (1.6 Mbps down, 750 kbps up, 150 ms round trip), set
// through the DevTools protocol (tests/support/phone.mjs). Not a test: it prints figures and
// writes them to target/bench/voter.json. Run with `make bench-voter`.
//
// (a) First joke: from navigation start (a fresh browser context each run: nothing cached) to the
//     first joke readable on screen. Its floor, measured the same way in the same run, interleaved:
//     an empty page (a few bytes of HTML with one line of text) from a plain loopback server, on the
//     same emulated phone and link; no page can be readable sooner.
// (b) The next joke: from a tap on a vote button to the new joke in the DOM, and whether that
//     happened before the next animation frame after the tap (so it is on screen one frame later),
//     for every vote of a session whose jokes were fetched ahead.
//
// BENCH_SERVE: `workerd` (default: the worker with its assets on workerd through Miniflare's API, the
// runtime Cloudflare runs), `static` (the files from a plain loopback server, as a CDN would serve
// them; the API through the worker) or `worker` (`wrangler dev`, as the tests run it).
// BENCH_RUNS (default 7) first visits; BENCH_VOTES (default 20) taps.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";

import { SLOW_MOBILE, phoneContext, throttle } from "../support/phone.mjs";
import { CURATOR_TOKEN, ROOT, launchChromium, startWorker } from "../support/services.mjs";
import { firstVisit, startFloorServer } from "./first-visit.mjs";
import { startStatic } from "./static.mjs";
import { APP_ASSETS, startWorkerOnWorkerd } from "./workerd.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const VOTES = Number(process.env.BENCH_VOTES ?? 20);
const SERVE = process.env.BENCH_SERVE ?? "workerd";
if (!["worker", "workerd", "static"].includes(SERVE)) throw new Error(`BENCH_SERVE must be worker, workerd or static, not ${SERVE}`);
const CPU_SLOWDOWN = 4;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

const worker = SERVE === "workerd"
  ? await startWorkerOnWorkerd({ assets: APP_ASSETS, vars: { RATE_LIMIT_VOTES_PER_MINUTE: "100000" } })
  : await startWorker({ vars: { RATE_LIMIT_VOTES_PER_MINUTE: "100000" } });
const files = SERVE === "static" ? await startStatic(worker.url) : null;
const base = files?.url ?? worker.url;
const browser = await launchChromium();
const load = [loadavg()[0]];

try {
  const jokes = Array.from({ length: 60 }, (_, i) => ({
    id: `j${i}`,
    text: `Talla número ${i}: mi suegra es tan lenta que se perdió en el ascensor, y cuando la encontramos dijo que esperaba la micro.`,
  }));
  const created = await fetch(`${worker.url}/api/ballots`, {
    method: "POST",
    headers: { authorization: `Bearer ${CURATOR_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ title: "Benchmark", jokes }),
  }).then((r) => r.json());
  const link = `${base}/vote/${created.ballot_id}`;

  // (a) First visits. The floor: the least a page can be.
  const floorPage = "/floor-page";
  const floor = await startFloorServer();
  const visits = [];
  const floors = [];
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so drift in the machine's load hits both alike.
    visits.push(await firstVisit(browser, link, () => (document.querySelector('[data-testid="vote-joke"]')?.textContent ?? "").length > 0));
    floors.push(await firstVisit(browser, `${floor.url}${floorPage}`, () => document.body?.textContent?.includes("hola")));
  }

  // (b) Taps: one session, every joke prefetched (the page asks for the next batch early).
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await throttle(page, { cpu: CPU_SLOWDOWN, network: SLOW_MOBILE });
  await page.goto(link);
  await page.getByTestId("vote-joke").waitFor();
  await page.evaluate(() => {
    window.tallasTaps = [];
    const joke = document.querySelector('[data-testid="vote-joke"]');
    let tap = null;
    document.addEventListener("click", (e) => {
      if (!e.target.closest(".vote-buttons")) return;
      tap = { at: performance.now(), changed: null, frame: null };
      window.tallasTaps.push(tap);
      // When this frame's animation callbacks run (not the frame's start time, which rAF passes
      // and which can precede the tap): a DOM change before it is painted in this frame.
      requestAnimationFrame(() => (tap.frame = performance.now()));
    }, true);
    new MutationObserver(() => tap && tap.changed === null && (tap.changed = performance.now())).observe(joke, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
  for (let n = 0; n < VOTES; n++) {
    await page.getByRole("button", { name: ["Buena talla", "Fome", "Paso"][n % 3], exact: true }).tap();
    await page.waitForTimeout(150);
  }
  const taps = await page.evaluate(() => window.tallasTaps);
  await context.close();
  await floor.stop();
  load.push(loadavg()[0]);

  const firstJoke = visits.map((v) => round(v.ms));
  const floorMs = floors.map((v) => round(v.ms));
  const toChange = taps.filter((t) => t.changed !== null).map((t) => round(t.changed - t.at));
  const withinFrame = taps.filter((t) => t.changed !== null && t.frame !== null && t.changed <= t.frame).length;
  const report = {
    date: new Date().toISOString(),
    machine: `${cpus().length} cores, load ${load.map((l) => l.toFixed(2)).join(" → ")}`,
    serve: SERVE,
    phone: { viewport: "360×740 @2x, touch, isMobile", cpu_slowdown: CPU_SLOWDOWN, link: SLOW_MOBILE },
    first_joke_ms: { median: median(firstJoke), runs: firstJoke },
    floor_empty_page_ms: { median: median(floorMs), runs: floorMs },
    ratio_to_floor: round(median(firstJoke) / median(floorMs)),
    first_visit_bytes: median(visits.map((v) => v.transferred)),
    next_joke: {
      taps: taps.length,
      tap_to_joke_ms: { median: median(toChange), max: Math.max(...toChange) },
      before_the_next_frame: `${withinFrame} of ${taps.length}`,
    },
  };
  console.log(JSON.stringify(report, null, 2));
  mkdirSync(join(ROOT, "target/bench"), { recursive: true });
  writeFileSync(join(ROOT, "target/bench/voter.json"), JSON.stringify(report, null, 2));
} finally {
  await browser.close();
  await files?.stop();
  await worker.stop();
}
