// The fine-tuning dataset in real Chromium against the worker: a curator labels jokes and gives
// them keywords, watches the preview follow the rules (counts, reasons, a field out of range
// named), freezes a snapshot, downloads its files and checks them with the validator, edits a
// joke and finds the frozen files unchanged after a reload, compares two snapshots and deletes
// one; and an external file with broken lines gets a report naming each line.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { CURATOR_TOKEN, startAppServices, stopAppServices } from "../support/services.mjs";
import { addFunnyJokes as addAt, curate as curateAt, download, saved } from "../support/workspace.mjs";

const curate = (page) => curateAt(page, worker.url);
const addFunnyJokes = (page, extra) => addAt(page, worker.url, extra);

let fake;
let worker;
let browser;

before(async () => ({ fake, worker, browser } = await startAppServices()));
after(() => stopAppServices({ fake, worker, browser }));

async function openPage(path) {
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript((token) => localStorage.setItem("tallas.curator_token", token), CURATOR_TOKEN);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${worker.url}${path}`);
  return { context, page, problems };
}

/** Waits until `testId`'s text matches `pattern`, then returns the text. */
async function textOf(page, testId, pattern) {
  const element = page.getByTestId(testId);
  await element.filter({ hasText: pattern }).first().waitFor({ timeout: 10_000 }).catch(() => {});
  const text = await element.first().innerText();
  assert.match(text, pattern);
  return text;
}

/** The numbers of a preview's counts line: candidates, train, validation, left out. */
async function counts(page, pattern) {
  const text = await textOf(page, "dataset-counts", pattern);
  return text.match(/\d+/g).map(Number);
}

test("a curator previews, freezes, downloads and validates a dataset, and later edits leave it as frozen", async () => {
  const { context, page, problems } = await openPage("/jokes");
  await curate(page);
  await page.goto(`${worker.url}/dataset`);
  await page.getByTestId("dataset-none").waitFor();

  // The default rules: the curator's funny jokes with a keyword of their own.
  await textOf(page, "dataset-counts", /^4 tallas candidatas: 2 de entrenamiento, 0 de validación, 2 fuera\./);
  const reasons = await textOf(page, "dataset-reasons", /etiquetadas como fomes/);
  assert.match(reasons, /1 · sin la etiqueta que piden las reglas/);
  // Each joke left out says why, in the curator's language.
  const leftOut = await page.locator(".dataset-excluded").textContent();
  assert.match(leftOut, /En la feria te dicen mi amor[\s\S]*el curador la marcó fome/);
  assert.match(leftOut, /El caserito me fió[\s\S]*ni el curador ni el modelo la han etiquetado/);
  assert.match(await page.getByTestId("dataset-report").innerText(), /El validador acepta/);
  assert.match(await page.getByTestId("dataset-costs").innerText(), /open-mistral-nemo\s+US\$4\.0000/);

  // A field out of range is named, and nothing is built until it is fixed.
  await page.getByLabel("Validación (% de las tallas)").fill("80");
  await textOf(page, "dataset-error", /«Validación \(% de las tallas\)» debe ser un número entero de 0 a 50\./);
  await page.getByLabel("Validación (% de las tallas)").fill("5");
  await textOf(page, "dataset-counts", /2 de entrenamiento, 0 de validación/);

  // With 40 more funny jokes there is a validation split (Mistral's rule: at most 5% of the
  // training bytes), and every joke that passes is in one of the two.
  await addFunnyJokes(page, 40);
  await page.goto(`${worker.url}/dataset`);
  const [candidates, trained, validated, left] = await counts(page, /^44 tallas candidatas/);
  assert.deepEqual([candidates, trained + validated, left], [44, 42, 2]);
  assert.ok(validated >= 1, `a validation split: ${validated}`);
  const expected = new RegExp(`${trained} de entrenamiento · ${validated} de validación · 2 fuera`);

  // Asking for a knowledge graph leaves every joke out, and there is nothing to freeze.
  await page.getByTestId("dataset-mentalization").check();
  await textOf(page, "dataset-reasons", /42 · sin grafo de conocimiento aún/);
  await page.getByTestId("dataset-empty").waitFor();
  await page.getByTestId("dataset-mentalization").uncheck();
  await counts(page, new RegExp(`${trained} de entrenamiento`));

  // A name is required; then the snapshot is frozen and listed.
  await page.getByTestId("dataset-freeze").click();
  await textOf(page, "dataset-freeze-error", /Ponle un nombre/);
  await page.getByTestId("dataset-name").fill("Curadas de prueba");
  await page.getByTestId("dataset-freeze").click();
  await textOf(page, "dataset-frozen", /Congelado: «Curadas de prueba»/);
  await textOf(page, "dataset-snapshot", expected);

  const train = await download(page, "dataset-download-train");
  const validation = await download(page, "dataset-download-validation");
  const manifest = await download(page, "dataset-download-manifest");
  assert.equal(train.name, "curadas-de-prueba-train.jsonl");
  const examples = [train, validation].flatMap((f) => f.text.trim().split("\n").map((line) => JSON.parse(line)));
  const pairs = examples.map((e) => [e.messages.at(-2).content, e.messages.at(-1).content]);
  assert.equal(pairs.length, 42);
  assert.match(pairs.map(String).join("\n"), /cuñado[\s\S]*Mi cuñado es tan flojo/);
  assert.match(pairs.map(String).join("\n"), /maní[\s\S]*el maní no va al gimnasio/);
  const facts = JSON.parse(manifest.text);
  assert.equal(facts.format, "tallas-dataset");
  assert.deepEqual([facts.train, facts.validation, facts.excluded], [trained, validated, 2]);
  assert.equal(facts.config.validation_fraction, 0.05);

  // Both downloaded files pass the validator the builds use.
  for (const file of [train, validation]) {
    await page.getByTestId("dataset-validate-file").setInputFiles(file.path);
    await textOf(page, "dataset-file-report", new RegExp(`El validador acepta los archivos[\\s\\S]*${file.text.trim().split("\n").length} ejemplos`));
  }

  // An edit after freezing changes the next build, never the frozen files.
  await page.goto(`${worker.url}/jokes`);
  await page.getByTestId("joke-row").first().waitFor();
  await page.keyboard.press("e");
  await page.getByTestId("joke-editor").fill("Mi cuñado es tan flojo que sueña que está durmiendo.");
  await page.getByTestId("joke-editor").press("Control+Enter");
  await page.getByTestId("detail-text").filter({ hasText: /sueña/ }).waitFor();
  await saved(page);
  await page.goto(`${worker.url}/dataset`);
  const again = await download(page, "dataset-download-train");
  const validationAgain = await download(page, "dataset-download-validation");
  assert.equal(again.text + validationAgain.text, train.text + validation.text);

  // A second snapshot compares with the first: both hold the same jokes, one edited since.
  await counts(page, /^44 tallas candidatas/);
  await page.getByTestId("dataset-name").fill("Después de editar");
  await page.getByTestId("dataset-freeze").click();
  await textOf(page, "dataset-frozen", /Después de editar/);
  await page.getByTestId("dataset-snapshot").nth(1).waitFor();
  await page.getByRole("button", { name: "Comparar con el anterior" }).click();
  await textOf(page, "dataset-message", /«Curadas de prueba» y «Después de editar» comparten 42 tallas; 1 cambiaron de texto/);

  // Deleting asks first; the older snapshot stays.
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByTestId("dataset-snapshot").first().getByRole("button", { name: "Borrar" }).click();
  await page.getByTestId("dataset-snapshot").filter({ hasText: "Después de editar" }).waitFor({ state: "detached" });
  await page.reload();
  await textOf(page, "dataset-snapshot", /Curadas de prueba/);
  assert.equal(await page.getByTestId("dataset-snapshot").count(), 1);

  assert.deepEqual(problems, []);
  await context.close();
});

test("an external JSONL file with broken lines gets a report naming each line, and nothing is kept", async () => {
  const { context, page, problems } = await openPage("/dataset");
  const dir = mkdtempSync(join(tmpdir(), "tallas-dataset-"));
  const file = join(dir, "mio.jsonl");
  const good = JSON.stringify({ messages: [{ role: "user", content: "suegra" }, { role: "assistant", content: "Mi suegra..." }] });
  writeFileSync(file, [good, "{esto no es json", JSON.stringify({ messages: [{ role: "user", content: "solo" }] })].join("\n"));
  await page.getByTestId("dataset-validate-file").setInputFiles(file);
  const report = await textOf(page, "dataset-file-report", /El validador encontró problemas/);
  assert.match(report, /Línea 2: no es JSON válido \(Detalle: /);
  assert.match(report, /Línea 3: /);
  await page.getByTestId("dataset-none").waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});
