// Benchmark of the public playground (docs/BENCHMARKS.md, "Playground (issue 16)"): the release
// build's open pages at /play, in real Chromium as a phone sees it (Playwright's phone emulation,
// the CPU slowed 4× and a slow mobile link, tests/support/phone.mjs), against the worker on workerd
// and the fake upstream streaming at a fixed pace. Not a test: it prints figures and writes them
// to target/bench/play.json. Run with `make bench-play`.
//
// (a) First words: from the moment the fake upstream sent a joke's first piece (its own wall-clock
//     record, `stream_sends` of /_fake/calls) to that text in the page's DOM (a MutationObserver's
//     `Date.now()`, same machine clock), median over BENCH_RUNS jokes; also every later piece. The
//     floor, in the same run: the same stream read by a bare client (node's fetch on loopback) from
//     the worker, which is what the worker's relay alone costs; the page adds its WASM, its
//     decoder and the DOM on a slowed phone.
// (b) First visit to an input ready for typing: navigation start (a fresh context each run, nothing
//     cached) to the keyword box present and enabled. Its floor, interleaved in the same run: an
//     empty page from a loopback server on the same emulated phone and link.
//
// BENCH_RUNS (default 7); BENCH_PACE_MS (default 200), the fake's pause between streamed events.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";

import { SLOW_MOBILE, phoneContext, throttle } from "../support/phone.mjs";
import { CURATOR_TOKEN, ROOT, launchChromium, startFakeMistral } from "../support/services.mjs";
import { firstVisit as visit, startFloorServer } from "./first-visit.mjs";
import { APP_ASSETS, startWorkerOnWorkerd } from "./workerd.mjs";

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PACE_MS = Number(process.env.BENCH_PACE_MS ?? 200);
const CPU_SLOWDOWN = 4;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

const fake = await startFakeMistral({ profile: "release", args: ["--chunk-delay-ms", String(PACE_MS)] });
const vars = { RATE_LIMIT_PLAY_PER_MINUTE: "100000", PLAY_DAILY_TOKEN_BUDGET: "100000000" };
const worker = await startWorkerOnWorkerd({ assets: APP_ASSETS, upstreamUrl: fake.url, vars });
const browser = await launchChromium();
const load = [loadavg()[0]];

/** Jokes asked on a phone with the CPU slowed and `network` (null: no link emulation): for each,
 *  the first piece's and every piece's way from the fake's send to the DOM, in milliseconds. */
async function streamedOnPhone(network) {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await throttle(page, { cpu: CPU_SLOWDOWN, network });
  await page.goto(`${worker.url}/play`);
  await page.getByTestId("play-keyword").waitFor();
  await page.evaluate(() => {
    const joke = document.querySelector('[data-testid="play-joke"]');
    window.tallasSeen = [];
    new MutationObserver(() => {
      const length = joke.textContent.length;
      if (length > (window.tallasSeen.at(-1)?.length ?? 0)) window.tallasSeen.push({ at: Date.now(), length });
    }).observe(joke, { childList: true, characterData: true, subtree: true });
  });
  const first = [];
  const every = [];
  for (let run = 0; run < RUNS; run++) {
    await fake.resetCalls();
    await page.evaluate(() => (window.tallasSeen = []));
    await page.getByTestId("play-keyword").fill(`tema ${run}`);
    await page.getByTestId("play-ask").tap();
    await page.getByTestId("play-told-by").waitFor({ timeout: 60_000 });
    const seen = await page.evaluate(() => window.tallasSeen);
    const sent = await sends();
    first.push(seen[0].at - sent[0]);
    // One DOM change per piece at this pace; piece i left the fake as event i.
    seen.forEach((s, i) => sent[i] !== undefined && every.push(s.at - sent[i]));
    await page.waitForTimeout(300);
  }
  await context.close();
  return { first, every };
}

/** The fake's send times of the last stream, by event index (the content pieces come first). */
async function sends() {
  const { stream_sends: all } = await fake.calls();
  const last = all.at(-1)?.id;
  return all.filter((s) => s.id === last).map((s) => s.sent_at_ms);
}

try {
  const published = await fetch(`${worker.url}/api/play/config`, {
    method: "PUT",
    headers: { authorization: `Bearer ${CURATOR_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ models: [{ id: "mistral-small-latest", name: "talla-7b" }], max_output_tokens: 200 }),
  });
  if (!published.ok) throw new Error(`publishing failed: ${published.status} ${await published.text()}`);

  // (a) On the phone: each piece's arrival in the DOM, against the fake's send of that piece; on
  // the CPU slowed alone, then with the slow link too (whose round trip every first byte pays).
  const fast = await streamedOnPhone(null);
  const slow = await streamedOnPhone(SLOW_MOBILE);

  // The floor: the same stream read straight from the worker by node on loopback.
  const floorFirst = [];
  for (let run = 0; run < RUNS; run++) {
    await fake.resetCalls();
    const res = await fetch(`${worker.url}/api/play`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ keyword: `piso ${run}`, stream: true }),
    });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let firstAt = null;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (firstAt === null && decoder.decode(value, { stream: true }).includes('"text"')) firstAt = Date.now();
    }
    floorFirst.push(firstAt - (await sends())[0]);
  }

  // (b) First visits, interleaved with the empty page's.
  const floor = await startFloorServer();
  const visits = [];
  const floors = [];
  for (let run = 0; run < RUNS; run++) {
    visits.push(await visit(browser, `${worker.url}/play`, () => {
      const input = document.querySelector('[data-testid="play-keyword"]');
      return input && !input.disabled && input.offsetParent !== null;
    }));
    floors.push(await visit(browser, `${floor.url}/floor-page`, () => document.body?.textContent?.includes("hola")));
  }
  await floor.stop();
  load.push(loadavg()[0]);

  const report = {
    date: new Date().toISOString(),
    machine: `${cpus().length} cores, load ${load.map((l) => l.toFixed(2)).join(" → ")}`,
    phone: { viewport: "360×740 @2x, touch, isMobile", cpu_slowdown: CPU_SLOWDOWN, link: SLOW_MOBILE },
    pace_ms: PACE_MS,
    first_words_ms: { median: round(median(fast.first)), runs: fast.first.map(round) },
    every_piece_ms: { median: round(median(fast.every)), max: round(Math.max(...fast.every)), pieces: fast.every.length },
    floor_bare_client_first_words_ms: { median: round(median(floorFirst)), runs: floorFirst.map(round) },
    first_words_over_floor_ms: round(median(fast.first) - median(floorFirst)),
    slow_link: {
      round_trip_ms: SLOW_MOBILE.latency,
      first_words_ms: { median: round(median(slow.first)), runs: slow.first.map(round) },
      every_piece_ms: { median: round(median(slow.every)), max: round(Math.max(...slow.every)) },
    },
    input_ready_ms: { median: round(median(visits.map((v) => v.ms))), runs: visits.map((v) => round(v.ms)) },
    floor_empty_page_ms: { median: round(median(floors.map((v) => v.ms))), runs: floors.map((v) => round(v.ms)) },
    ratio_to_floor: round(median(visits.map((v) => v.ms)) / median(floors.map((v) => v.ms))),
    first_visit_bytes: median(visits.map((v) => v.transferred)),
  };
  console.log(JSON.stringify(report, null, 2));
  mkdirSync(join(ROOT, "target/bench"), { recursive: true });
  writeFileSync(join(ROOT, "target/bench/play.json"), JSON.stringify(report, null, 2));
} finally {
  await browser.close();
  await worker.stop();
  await fake.stop();
}
