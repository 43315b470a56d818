// The built app, served by the worker as in production (static assets + /api on one origin),
// driven in real Chromium against the fake Mistral upstream.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { CURATOR_TOKEN, startAppServices, stopAppServices } from "../support/services.mjs";

let fake;
let worker;
let browser;

before(async () => ({ fake, worker, browser } = await startAppServices()));
after(() => stopAppServices({ fake, worker, browser }));

async function openPlayground(context) {
  const page = await context.newPage();
  // /api/generate is a curator endpoint; the app sends the token it finds in localStorage.
  await page.addInitScript((token) => localStorage.setItem("tallas.curator_token", token), CURATOR_TOKEN);
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`${worker.url}/playground`);
  return { page, problems };
}

test("a keyword becomes a joke, and the exchange is still listed after a reload", async () => {
  const context = await browser.newContext();
  const { page, problems } = await openPlayground(context);

  await page.getByTestId("upstream-status").filter({ hasText: /conectado/i }).waitFor();
  await page.getByLabel("Palabra clave").fill("empanada");
  await page.getByRole("button", { name: "Contar una talla" }).click();
  const joke = page.getByTestId("joke");
  await joke.waitFor();
  assert.match(await joke.innerText(), /empanada/);

  await page.reload();
  const history = page.getByTestId("history");
  await history.filter({ hasText: "empanada" }).waitFor();
  assert.match(await history.innerText(), /mistral-small-latest/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an upstream failure is shown next to the form and nothing is saved", async () => {
  const context = await browser.newContext();
  const { page } = await openPlayground(context);
  await fake.queueFaults(["500", "500", "500"]);
  await page.getByLabel("Palabra clave").fill("fracaso");
  await page.getByRole("button", { name: "Contar una talla" }).click();
  const error = page.getByTestId("playground-error");
  await error.waitFor();
  assert.match(await error.innerText(), /500/);
  await page.reload();
  // The kept exchanges are read first: none, so the empty list says so.
  await page.getByTestId("history-empty").waitFor();
  assert.equal(await page.getByTestId("history").filter({ hasText: "fracaso" }).count(), 0);
  await context.close();
});

test("a blank keyword is refused in the browser with a message, before any call", async () => {
  const context = await browser.newContext();
  const { page } = await openPlayground(context);
  await fake.resetCalls();
  await page.getByLabel("Palabra clave").fill("   ");
  await page.getByRole("button", { name: "Contar una talla" }).click();
  await page.getByTestId("playground-error").waitFor();
  assert.equal((await fake.calls()).requests.length, 0);
  await context.close();
});

test("deep links inside the app open the app, not a 404", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const response = await page.goto(`${worker.url}/jokes`);
  assert.equal(response.status(), 200);
  await page.getByRole("navigation").waitFor();
  await context.close();
});

test("without a curator token the playground asks for it, keeps it, and then works", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${worker.url}/playground`);
  await page.getByLabel("Palabra clave").fill("cazuela");
  const tell = page.getByRole("button", { name: "Contar una talla" });
  await tell.click();
  await page.getByTestId("playground-error").waitFor();
  // Said in the page's language, where to find the token, and never as a worker of another version.
  assert.match(await page.getByTestId("playground-error").innerText(), /^Falta el token del curador o no es el correcto\. Pégalo arriba, en la cabecera/);
  const unread = await page.getByTestId("publish-unread").innerText();
  assert.match(unread, /Falta el token del curador/);
  assert.doesNotMatch(unread, /versión|PlayConfig/);

  await page.getByLabel("Token de curador").fill(CURATOR_TOKEN);
  await page.getByRole("button", { name: "Guardar token" }).click();
  await tell.click();
  const joke = page.getByTestId("joke");
  await joke.waitFor();
  assert.match(await joke.innerText(), /cazuela/);
  // Kept in this browser only, never in the address.
  assert.ok(!page.url().includes(CURATOR_TOKEN));
  await context.close();
});

test("the curator publishes models for /play under public names, and players see the names only", async () => {
  const context = await browser.newContext();
  const { page, problems } = await openPlayground(context);
  const form = page.getByTestId("publish");
  await form.waitFor();
  // A name that breaks the rule is refused with the worker's words, and nothing is published.
  await form.getByTestId("publish-id").fill("mistral-small-latest");
  await form.getByTestId("publish-name").fill("Talla 7B");
  await form.getByTestId("publish-save").click();
  assert.match(await form.getByTestId("publish-error").innerText(), /`models\[0\]\.name` contains ' '/);
  assert.deepEqual(await fetch(`${worker.url}/api/play/config`).then((r) => r.json()), { models: [] });

  await form.getByTestId("publish-name").fill("talla-7b");
  await form.getByTestId("publish-add").click();
  await form.getByTestId("publish-id").nth(1).fill("ministral-8b-latest");
  await form.getByTestId("publish-max-tokens").fill("80");
  await form.getByTestId("publish-suggestions").fill("suegra\n  la micro \n\nsuegra");
  await form.getByTestId("publish-save").click();
  assert.match(await form.getByTestId("publish-saved").innerText(), /^Publicado: talla-7b, ministral-8b-latest\. \/play$/);
  assert.deepEqual(await fetch(`${worker.url}/api/play/config`).then((r) => r.json()), {
    models: ["talla-7b", "ministral-8b-latest"],
    suggestions: ["suegra", "la micro"],
  });

  // The form shows what the worker keeps.
  await page.reload();
  await page.getByTestId("publish-id").nth(1).waitFor();
  assert.deepEqual(await form.getByTestId("publish-id").evaluateAll((inputs) => inputs.map((i) => i.value)), ["mistral-small-latest", "ministral-8b-latest"]);
  assert.deepEqual(await form.getByTestId("publish-name").evaluateAll((inputs) => inputs.map((i) => i.value)), ["talla-7b", ""]);
  assert.equal(await form.getByTestId("publish-max-tokens").inputValue(), "80");
  assert.equal(await form.getByTestId("publish-suggestions").inputValue(), "suegra\nla micro");

  // Removing every model closes /play.
  await form.getByRole("button", { name: "Quitar" }).first().click();
  await form.getByRole("button", { name: "Quitar" }).first().click();
  await form.getByTestId("publish-save").click();
  assert.equal(await form.getByTestId("publish-saved").innerText(), "Publicado sin modelos: /play está cerrado.");
  assert.deepEqual(await fetch(`${worker.url}/api/play/config`).then((r) => r.json()), { models: [], suggestions: ["suegra", "la micro"] });
  // The browser logs the refused name's 400 itself; nothing else went wrong.
  assert.deepEqual(problems.filter((p) => !p.includes("status of 400")), []);
  await context.close();
});

test("the arena's votes are ranked for the curator, per model with an interval and per pair", async () => {
  const publish = await fetch(`${worker.url}/api/play/config`, {
    method: "PUT",
    headers: { authorization: `Bearer ${CURATOR_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ models: [{ id: "mistral-small-latest", name: "talla-7b" }, "ministral-8b-latest"] }),
  });
  assert.equal(publish.status, 200);
  const context = await browser.newContext();
  const { page, problems } = await openPlayground(context);
  await page.getByTestId("arena-empty").waitFor();

  // Eight players; each votes for slot A, or (every fourth) a tie. Who was in slot A is the
  // worker's secret until the vote; the reveals say whom each vote went to.
  const post = (path, body) =>
    fetch(`${worker.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then((r) => r.json());
  const wins = { "talla-7b": 0, "ministral-8b-latest": 0 };
  let ties = 0;
  for (let i = 0; i < 8; i++) {
    const player_id = `arena-player-${String(i).padStart(4, "0")}`;
    const match = await post("/api/play/arena", { keyword: `tema ${i}`, player_id });
    // Another player cannot vote on it.
    const probe = await post(`/api/play/arena/${match.match_id}/vote`, { player_id: "someone-else-0000", choice: "a" });
    assert.equal(probe.error.code, "not_found");
    const choice = i % 4 === 3 ? "tie" : "a";
    const reveal = await post(`/api/play/arena/${match.match_id}/vote`, { player_id, choice });
    if (choice === "tie") ties++;
    else wins[reveal.a]++;
  }
  await page.getByTestId("arena-refresh").click();
  const ranking = page.getByTestId("arena-ranking");
  await ranking.waitFor();
  assert.equal(await page.getByTestId("arena-count").innerText(), "8 votos");
  const rows = await ranking.locator("tbody tr").allInnerTexts();
  assert.equal(rows.length, 2);
  for (const row of rows) assert.match(row, /^(talla-7b \(mistral-small-latest\)|ministral-8b-latest)\t\d+[.,]\d\d \[\d+[.,]\d\d–\d+[.,]\d\d\]\t8$/);
  if (wins["talla-7b"] !== wins["ministral-8b-latest"]) {
    const stronger = wins["talla-7b"] > wins["ministral-8b-latest"] ? "talla-7b" : "ministral-8b-latest";
    assert.ok(rows[0].startsWith(stronger), `${JSON.stringify(wins)} but ${rows[0]}`);
  }
  // Pairs in id order: ministral-8b-latest, then mistral-small-latest (shown as talla-7b).
  const pair = await page.getByTestId("arena-pairs").locator("tbody tr").innerText();
  assert.equal(pair, `ministral-8b-latest · talla-7b (mistral-small-latest)\t${wins["ministral-8b-latest"]} / ${wins["talla-7b"]} / ${ties} / 0`);
  assert.deepEqual(problems, []);
  await context.close();
});
