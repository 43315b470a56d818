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
  await page.getByRole("button", { name: "Contar una talla" }).waitFor();
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
  assert.match(await page.getByTestId("playground-error").innerText(), /token/i);

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
  await form.getByTestId("publish-save").click();
  assert.match(await form.getByTestId("publish-saved").innerText(), /^Publicado: talla-7b, ministral-8b-latest\. \/play$/);
  assert.deepEqual(await fetch(`${worker.url}/api/play/config`).then((r) => r.json()), { models: ["talla-7b", "ministral-8b-latest"] });

  // The form shows what the worker keeps.
  await page.reload();
  await page.getByTestId("publish-id").nth(1).waitFor();
  assert.deepEqual(await form.getByTestId("publish-id").evaluateAll((inputs) => inputs.map((i) => i.value)), ["mistral-small-latest", "ministral-8b-latest"]);
  assert.deepEqual(await form.getByTestId("publish-name").evaluateAll((inputs) => inputs.map((i) => i.value)), ["talla-7b", ""]);
  assert.equal(await form.getByTestId("publish-max-tokens").inputValue(), "80");

  // Removing every model closes /play.
  await form.getByRole("button", { name: "Quitar" }).first().click();
  await form.getByRole("button", { name: "Quitar" }).first().click();
  await form.getByTestId("publish-save").click();
  assert.equal(await form.getByTestId("publish-saved").innerText(), "Publicado sin modelos: /play está cerrado.");
  assert.deepEqual(await fetch(`${worker.url}/api/play/config`).then((r) => r.json()), { models: [] });
  // The browser logs the refused name's 400 itself; nothing else went wrong.
  assert.deepEqual(problems.filter((p) => !p.includes("status of 400")), []);
  await context.close();
});
