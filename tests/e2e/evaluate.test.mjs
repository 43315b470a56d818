// The experiment's evaluation in real Chromium against the worker and two fake upstreams playing
// two providers (Mistral, and a `local` server named in UPSTREAMS): three models on four typed
// keywords, all pairs, judged in both orders; the run paused and the page reloaded mid-run, then
// resumed, with the fakes' call logs showing no call made twice; a judge answering garbage twice
// (counted as "no verdict", shown, never a loss); and the report's table equal to an independent
// count of the stored verdicts in the exported JSON. Then the area's empty and error states, the
// arena beside the judge, the judge beside the curator's labels, the original experiment's design
// (a dataset's validation keywords against a reference model, the dataset's joke shown to the
// judge), and the way between the experiment's page and the curator's first page.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, test } from "node:test";

import { CURATOR_TOKEN, launchChromium, startFakeMistral, startWorker } from "../support/services.mjs";
import { addFunnyJokes, curate, freeze, saved } from "../support/workspace.mjs";

const LOCAL_KEY = "local-provider-key-0123456789";
const KEYWORDS = ["suegra", "micro", "carrete", "asado"];
const MODELS = ["mistral-small-latest", "ministral-8b-latest", "local:mistral-large-latest"];
const JUDGE = "mistral-large-latest";
const CHAT = "/v1/chat/completions";

let mistral;
let local;
let worker;
let browser;

before(async () => {
  // Slow answers, so the pause lands mid-run.
  [mistral, local] = await Promise.all([
    startFakeMistral({ args: ["--fault", "latency=250"] }),
    startFakeMistral({ key: LOCAL_KEY, args: ["--fault", "latency=250"] }),
  ]);
  const upstreams = JSON.stringify([{ name: "local", base_url: `${local.url}/v1`, key_secret: "LOCAL_KEY" }]);
  worker = await startWorker({ upstreamUrl: mistral.url, vars: { UPSTREAMS: upstreams, LOCAL_KEY } });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await Promise.all([worker, mistral, local].map((service) => service?.stop()));
});

async function openPage(path) {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript((token) => localStorage.setItem("tallas.curator_token", token), CURATOR_TOKEN);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${worker.url}${path}`);
  return { context, page, problems };
}

async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8") };
}

/** The chat calls each fake received, as "model | last user message". */
async function chats(fake) {
  return (await fake.calls()).requests.filter((r) => r.path === CHAT).map((r) => `${r.model} | ${r.last_user_message}`);
}

async function define(page, { keywords, models, judge = JUDGE, concurrency = "1" }) {
  await page.getByTestId("evaluation-source").selectOption("typed");
  await page.getByTestId("evaluation-keywords").fill(keywords.join("\n"));
  await page.getByTestId("evaluation-models").fill(models.join("\n"));
  await page.getByTestId("evaluation-judge").fill(judge);
  await page.locator('[data-testid="new-evaluation"] input[type="number"]').fill(concurrency);
  await page.getByTestId("evaluation-start").click();
}

/** X's outcome on a pair from its two stored verdicts, counted here, apart from core. */
function outcome(row) {
  const first = row.x_first?.verdict;
  const second = row.x_second?.verdict;
  if (first === "error" || second === "error") return "errors";
  if (first === "unparseable" || second === "unparseable") return "unparseable";
  if (first === "a" && second === "b") return "wins";
  if (first === "b" && second === "a") return "losses";
  if (first === "neither" && second === "neither") return "both_bad";
  return "ties";
}

test("three models on two providers: paused, reloaded and resumed with no call twice; garbage counted apart; the table is core's count", async () => {
  await Promise.all([mistral.resetCalls(), local.resetCalls()]);
  const { context, page, problems } = await openPage("/evaluate");
  await page.getByTestId("evaluations-empty").waitFor();
  // The instructions' versions the form names are the ones the evaluation records.
  const prompts = await page.getByTestId("evaluation-prompts").innerText();
  await define(page, { keywords: KEYWORDS, models: MODELS });

  // 12 jokes (4 keywords × 3 models), then 24 judgements (3 pairs × 4 keywords × 2 orders).
  const card = page.getByTestId("evaluation").first();
  await card.getByTestId("run-counts").filter({ hasText: /^(1[4-9]|2\d) de 36/ }).waitFor({ timeout: 60_000 });
  await card.getByRole("button", { name: "Pausar" }).click();
  await page.locator('[data-testid="evaluation"] [data-testid="run"][data-state="paused"]').waitFor({ timeout: 20_000 });
  const paused = Number((await card.getByTestId("run-counts").innerText()).match(/^(\d+) de/)[1]);
  assert.ok(paused >= 14 && paused < 36, `paused mid-run, after ${paused} calls`);

  // The next judgement gets an invalid reply twice (the worker's corrective retry too).
  await mistral.queueFaults(["schema-violation", "schema-violation"]);
  await page.reload();
  const again = page.getByTestId("evaluation").first();
  await again.getByRole("button", { name: "Reanudar" }).click();
  await page.locator('[data-testid="evaluation"] [data-testid="run"][data-state="finished"]').waitFor({ timeout: 90_000 });
  assert.match(await again.getByTestId("run-counts").innerText(), /^36 de 36/);
  assert.match(await again.getByTestId("run-usage").innerText(), /[1-9]\d* tokens/);

  // Every call reached its provider once: the Mistral models' 8 jokes and 24 judgements plus the
  // one corrective retry, the local server's 4 jokes under its own model id.
  const [onMistral, onLocal] = await Promise.all([chats(mistral), chats(local)]);
  assert.equal(onMistral.length, 8 + 24 + 1, onMistral.join("\n"));
  const asked = onMistral.filter((c) => !c.includes("<chiste_a>"));
  assert.equal(new Set(asked).size, 8 + 1, "each Mistral joke asked once, and the corrective retry");
  assert.deepEqual(onLocal.map((c) => c.split(" | ")[0]), Array(4).fill("mistral-large-latest"));
  assert.equal(new Set(onLocal).size, 4);

  // The report.
  await again.getByTestId("evaluation-open").click();
  const results = page.getByTestId("evaluation-results");
  await results.getByTestId("evaluation-status").filter({ hasText: /Terminada/ }).waitFor({ timeout: 20_000 });
  assert.match(await results.getByTestId("evaluation-facts").innerText(), new RegExp(`Juez: ${JUDGE}`));
  const table = results.getByTestId("evaluation-pairs").locator("tbody tr");
  assert.equal(await table.count(), 3);
  await results.getByTestId("evaluation-ranking").waitFor();
  await results.getByTestId("evaluation-chart").waitFor();

  const json = JSON.parse((await download(page, "evaluation-export-json")).text);
  assert.equal(json.format, "tallas-evaluation-1");
  assert.match(prompts, new RegExp(`juez ${json.spec.judge_prompt}, generación ${json.spec.generate_prompt} `));
  assert.equal(json.rows.length, 12);
  assert.equal(json.report.judged, 12);
  let unparseable = 0;
  for (const [i, pair] of json.report.pairs.entries()) {
    const counted = { wins: 0, losses: 0, ties: 0, both_bad: 0, errors: 0, unparseable: 0 };
    for (const row of json.rows.filter((r) => r.x === pair.x && r.y === pair.y)) counted[outcome(row)] += 1;
    assert.deepEqual(pair.counts, counted, `${pair.x} / ${pair.y}`);
    unparseable += counted.unparseable;
    // The table on the page shows the same counts and rate.
    const cells = await table.nth(i).locator("td").allInnerTexts();
    const shown = cells.slice(0, 6).map(Number);
    assert.deepEqual(shown, [counted.wins, counted.losses, counted.ties, counted.both_bad, counted.errors, counted.unparseable]);
    const decided = counted.wins + counted.losses + counted.ties + counted.both_bad;
    const rate = (counted.wins + 0.5 * (counted.ties + counted.both_bad)) / decided;
    assert.equal(cells[6], `${Math.round(rate * 100)} %`);
    assert.ok(Math.abs(pair.win_rate - rate) < 1e-12);
  }
  assert.equal(unparseable, 1, "the garbled judgement is one pair without a verdict");
  // The judge saw exactly the stored jokes, each pair once in each order: no judgement twice.
  const tag = (text, name) => text.split(`<${name}>`)[1]?.split(`</${name}>`)[0]?.trim();
  const judged = onMistral
    .filter((c) => c.includes("<chiste_a>"))
    .map((c) => `${c.match(/Palabra clave: (.*)/)[1]} | ${tag(c, "chiste_a")} | ${tag(c, "chiste_b")}`)
    .sort();
  const expected = json.rows
    .flatMap((r) => [`${r.keyword} | ${r.x_joke} | ${r.y_joke}`, `${r.keyword} | ${r.y_joke} | ${r.x_joke}`])
    .sort();
  assert.deepEqual(judged, expected);
  // The double's judge prefers the longer joke from either slot, so the orders never disagree.
  assert.equal(json.report.position.orders_disagree, 0);

  const csv = await download(page, "evaluation-export-csv");
  assert.match(csv.name, /\.csv$/);
  const lines = csv.text.trim().split("\n");
  assert.equal(lines.length, 1 + 12);
  assert.match(lines[0], /^keyword,model_x,model_y,joke_x,joke_y,reference,verdict_x_first/);
  assert.ok(lines.some((line) => line.includes("unparseable")));

  await results.getByTestId("evaluation-keywords").locator("summary").click();
  assert.match(await results.getByTestId("evaluation-keywords").innerText(), /Sin veredicto: /);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the experiment's areas are their own page, reached from the first page's header and back", async () => {
  const { context, page, problems } = await openPage("/jokes");
  const nav = page.locator(".site-nav");
  await nav.getByRole("link", { name: "Evaluar" }).click();
  await page.getByTestId("evaluations-empty").waitFor();
  assert.equal(new URL(page.url()).pathname, "/evaluate");
  assert.equal(await nav.getByRole("link", { name: "Evaluar" }).getAttribute("aria-current"), "page");
  await nav.getByRole("link", { name: "Dataset" }).click();
  await page.getByTestId("dataset-none").waitFor();
  await nav.getByRole("link", { name: "Importar" }).click();
  await page.getByTestId("import-files").waitFor();
  assert.equal(new URL(page.url()).pathname, "/import");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a definition that cannot run says what to change; a model the worker cannot reach fails its calls with the reason", async () => {
  const { context, page, problems } = await openPage("/evaluate");
  await define(page, { keywords: [], models: MODELS });
  assert.match(await page.getByTestId("evaluation-failure").innerText(), /No hay palabras clave/);
  await define(page, { keywords: ["suegra"], models: [MODELS[0]] });
  assert.match(await page.getByTestId("evaluation-failure").filter({ hasText: /dos modelos/ }).innerText(), /Elige al menos dos modelos/);

  // An unknown provider: its jokes fail with the worker's reason, and so do their judgements.
  await define(page, { keywords: ["suegra"], models: [MODELS[0], "nadie:modelo"] });
  const card = page.getByTestId("evaluation").first();
  await page.locator('[data-testid="evaluation"] [data-testid="run"][data-state="finished"]').first().waitFor({ timeout: 30_000 });
  assert.match(await card.getByTestId("run-counts").innerText(), /^4 de 4 listas · 3 con error/);
  await card.getByRole("button", { name: /errores|error/i }).first().click();
  assert.match(await card.getByTestId("run-failed-item").first().innerText(), /nadie/);
  await card.getByTestId("evaluation-open").click();
  const results = page.getByTestId("evaluation-results");
  const errors = await results.getByTestId("evaluation-pairs").locator("tbody tr td").nth(4).innerText();
  assert.equal(errors, "1", "a pair without its joke is an error, never a loss");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the arena's votes on the same models stand beside the judge's, per pair, with their agreement", async () => {
  const { context, page, problems } = await openPage("/evaluate");
  const models = MODELS.slice(0, 2);
  await define(page, { keywords: KEYWORDS, models, concurrency: "4" });
  await page.locator('[data-testid="evaluation"] [data-testid="run"][data-state="finished"]').waitFor({ timeout: 60_000 });

  // The same two models in the public arena; each player picks the longer joke (as the double's
  // judge does), on the evaluation's own keywords.
  const publish = await fetch(`${worker.url}/api/play/config`, {
    method: "PUT",
    headers: { authorization: `Bearer ${CURATOR_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ models }),
  });
  assert.equal(publish.status, 200);
  const post = (path, body) =>
    fetch(`${worker.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
  for (const [i, keyword] of KEYWORDS.entries()) {
    const player_id = `evaluate-player-${String(i).padStart(4, "0")}`;
    const match = await post("/api/play/arena", { keyword, player_id });
    const choice = match.a.length === match.b.length ? "tie" : match.a.length > match.b.length ? "a" : "b";
    await post(`/api/play/arena/${match.match_id}/vote`, { player_id, choice });
  }

  await page.getByTestId("evaluation-open").first().click();
  const arena = page.getByTestId("evaluation-arena");
  await arena.waitFor({ timeout: 20_000 });
  const text = await arena.innerText();
  assert.match(text, /4 votos/);
  const [strengths, pairs] = await Promise.all([0, 1].map((i) => arena.locator("table").nth(i).locator("tbody tr").count()));
  assert.deepEqual([strengths, pairs], [2, 1]);
  // Players and judge preferred the same jokes, so the rankings agree (or both call it even).
  assert.match(text, /τ de Kendall (1,00|—) \(\d pares de modelos en el mismo orden, 0 al revés, 2 modelos en ambos\)/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an evaluation's jokes brought to Jokes and labelled there put the judge beside the curator", async () => {
  const { context, page, problems } = await openPage("/evaluate");
  await define(page, { keywords: KEYWORDS.slice(0, 2), models: MODELS.slice(0, 2), concurrency: "4" });
  await page.locator('[data-testid="evaluation"] [data-testid="run"][data-state="finished"]').waitFor({ timeout: 60_000 });
  await page.getByTestId("evaluation-open").first().click();
  const people = page.getByTestId("evaluation-people");
  await people.waitFor({ timeout: 20_000 });
  assert.match(await people.innerText(), /Con el curador: aún no hay pares con las dos tallas etiquetadas/);

  await page.getByTestId("evaluation-to-workspace").click();
  assert.match(await page.getByTestId("evaluation-brought").innerText(), /^4 tallas nuevas en Tallas \(0 ya estaban\)/);
  await page.getByTestId("evaluation-to-workspace").click();
  await page.getByTestId("evaluation-brought").filter({ hasText: /^0 tallas nuevas en Tallas \(4 ya estaban\)/ }).waitFor();

  // The curator labels them in Jokes, where each says who told it.
  await page.goto(`${worker.url}/jokes`);
  await page.getByTestId("joke-row").first().waitFor();
  for (const key of ["f", "n", "f", "n"]) await page.keyboard.press(key);
  await page.getByTestId("joke-counts").filter({ hasText: /2 buenas · 2 fomes/ }).waitFor();
  assert.match(await page.getByTestId("joke-detail").innerText(), /Contada por (mistral-small-latest|ministral-8b-latest) en la evaluación run-\d+/);
  await saved(page);

  await page.goto(`${worker.url}/evaluate`);
  await page.getByTestId("evaluation-open").first().click();
  const text = await page.getByTestId("evaluation-people").filter({ hasText: /2 pares/ }).innerText();
  assert.match(text, /Con el curador: (κ de Cohen -?\d,\d\d sobre 2 pares|2 pares con las dos tallas etiquetadas, pero el κ no se puede calcular)/);
  assert.match(text, /Con el público: aún no hay pares/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the original design: a frozen dataset's validation keywords, each model against a reference model, the dataset's joke shown to the judge", async () => {
  const { context, page, problems } = await openPage("/import");
  await curate(page, worker.url);
  // Enough jokes that validation examples fit Mistral's size rule (5% of the training file).
  await addFunnyJokes(page, worker.url, 40);
  await freeze(page, worker.url, "Viña", { validation: 5 });
  await mistral.resetCalls();
  await page.goto(`${worker.url}/evaluate`);
  const source = page.getByTestId("evaluation-source");
  await source.locator("option", { hasText: /Viña/ }).waitFor({ state: "attached" });
  const chosen = await source.locator("option:checked").innerText();
  const keywords = Number(chosen.match(/^Dataset «Viña»: (\d+) de validación$/)?.[1]);
  assert.ok(keywords >= 1, chosen);
  await page.getByTestId("evaluation-models").fill("mistral-small-latest");
  await page.getByTestId("evaluation-versus").check();
  await page.getByTestId("evaluation-reference-model").fill("ministral-8b-latest");
  await page.getByTestId("evaluation-start").click();
  await page.locator('[data-testid="evaluation"] [data-testid="run"][data-state="finished"]').waitFor({ timeout: 60_000 });
  const calls = 2 * keywords + 2 * keywords;
  assert.match(await page.getByTestId("evaluation").first().getByTestId("run-counts").innerText(), new RegExp(`^${calls} de ${calls} listas`));

  // Both orders shown to the judge with the dataset's own joke as the yardstick.
  const judged = (await mistral.calls()).requests.filter((r) => r.model === JUDGE);
  assert.equal(judged.length, 2 * keywords);
  for (const call of judged) assert.match(call.last_user_message, /Chiste de referencia:\n<referencia>\n\S/);
  const results = page.getByTestId("evaluation-results");
  await results.getByTestId("evaluation-status").waitFor({ timeout: 20_000 });
  const facts = await results.getByTestId("evaluation-facts").innerText();
  assert.ok(facts.startsWith(`Palabras clave: Viña (${keywords}). Modelos: mistral-small-latest, ministral-8b-latest.`), facts);
  assert.match(facts, /Diseño: cada modelo contra ministral-8b-latest/);
  assert.match(await results.getByTestId("evaluation-pairs").locator("tbody tr").innerText(), /^mistral-small-latest \/ ministral-8b-latest/);
  assert.deepEqual(problems, []);
  await context.close();
});
