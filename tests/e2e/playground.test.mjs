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
