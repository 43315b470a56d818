// Import and curation in real Chromium against the built app served by the worker: files of
// every kind (broken ones too) in, per-file results out; then labelling with the keyboard, undo
// and redo, search, a bulk label, an edit with its history, all surviving a reload (IndexedDB).
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { WORKER_LOADER, startAppServices, stopAppServices, workerOfAnotherBuild } from "../support/services.mjs";
import { saved } from "../support/workspace.mjs";

const FIXTURES = new URL("../../app/tests/fixtures/import/", import.meta.url).pathname;
const ALL_FIXTURES = readdirSync(FIXTURES).map((name) => join(FIXTURES, name));

let fake;
let worker;
let browser;

before(async () => ({ fake, worker, browser } = await startAppServices()));
after(() => stopAppServices({ fake, worker, browser }));

/// A fresh browser profile (so a fresh IndexedDB) that fails the test on any page error.
async function openPage(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  await page.goto(`${worker.url}${path}`);
  return { context, page, problems };
}

/// Asserts `locator`'s text matches `pattern` once the page has applied what came before (a key
/// press updates the page in the tasks it starts, which a loaded machine may run after the read).
async function assertText(locator, pattern) {
  await locator.filter({ hasText: pattern }).waitFor({ timeout: 5_000 }).catch(() => {});
  assert.match(await locator.innerText(), pattern);
}

async function importFixtures(page, files = ALL_FIXTURES) {
  await page.getByTestId("import-files").setInputFiles(files);
  await page.getByTestId("import-summary").waitFor();
}

test("every kind of file imports at once, with a result per file and broken ones refused with where and why", async () => {
  const { context, page, problems } = await openPage("/import");
  await page.getByTestId("workspace-empty").waitFor();
  await importFixtures(page);

  const summary = await page.getByTestId("import-summary").innerText();
  assert.match(summary, /2 rutinas nuevas/);
  assert.match(summary, /4 tallas nuevas/);
  const reports = page.getByTestId("file-report");
  assert.equal(await reports.count(), ALL_FIXTURES.length);
  const rejected = page.locator('[data-testid="file-report"][data-state="rejected"]');
  assert.equal(await rejected.count(), 2);
  const broken = await rejected.filter({ hasText: "broken.vtt" }).innerText();
  assert.match(broken, /line 6, column 18/);
  assert.match(await rejected.filter({ hasText: "notas.csv" }).innerText(), /columnas/);
  const repaired = await reports.filter({ hasText: "routine_900.jsonl" }).innerText();
  assert.match(repaired, /3 segmentos/);
  assert.match(await page.getByTestId("workspace-totals").innerText(), /2 rutinas · 4 tallas/);

  // Importing the same files again adds nothing.
  await page.getByTestId("import-files").setInputFiles(ALL_FIXTURES);
  await page.getByTestId("import-summary").filter({ hasText: "4 tallas ya estaban" }).waitFor();
  assert.match(await page.getByTestId("workspace-totals").innerText(), /2 rutinas · 4 tallas/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a routine without a metadata table gets its details typed in, checked, and named by them", async () => {
  const { context, page, problems } = await openPage("/import");
  await importFixtures(page, [join(FIXTURES, "routine_901.srt")]);
  // Closed until opened: most visits to the page are to import.
  await page.getByText("Datos de una rutina").click();
  const form = page.getByTestId("routine-details");
  const routine = form.getByLabel("Rutina");
  assert.match(await routine.locator("option:checked").innerText(), /^Rutina 901$/);

  await form.getByLabel("Año").fill("19a5");
  await form.getByRole("button", { name: "Guardar" }).click();
  await assertText(page.getByTestId("details-outcome"), /«19a5» no es un año entre 1900 y 2100.*no se guardó nada/);

  await form.getByLabel("Comediantes").fill("Coco Legrand, Dino Gordillo");
  await form.getByLabel("Show").fill("Viña 1985");
  await form.getByLabel("Año").fill("1985");
  await form.getByLabel("Video de YouTube").fill("https://youtu.be/dQw4w9WgXcQ?t=12");
  await form.getByRole("button", { name: "Guardar" }).click();
  await assertText(page.getByTestId("details-outcome"), /Datos guardados/);
  await assertText(routine.locator("option:checked"), /^Coco Legrand, Dino Gordillo · Viña 1985 · 1985$/);

  await page.reload();
  await page.getByText("Datos de una rutina").click();
  await page.getByTestId("routine-details").waitFor();
  assert.equal(await form.getByLabel("Video de YouTube").inputValue(), "dQw4w9WgXcQ");
  assert.equal(await form.getByLabel("Comediantes").inputValue(), "Coco Legrand, Dino Gordillo");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a broken file can be imported for its good rows when the curator asks for it", async () => {
  const { context, page } = await openPage("/import");
  await page.getByLabel("Conservar las filas válidas").check();
  await importFixtures(page, [join(FIXTURES, "broken.vtt")]);
  const report = await page.getByTestId("file-report").innerText();
  assert.match(report, /1 segmentos/);
  assert.match(report, /1 avisos/);
  await context.close();
});

test("jokes are labelled from the keyboard, undone, redone, searched and bulk-labelled, and it all survives a reload", async () => {
  const { context, page, problems } = await openPage("/jokes");
  await page.getByTestId("jokes-empty").waitFor();
  await page.goto(`${worker.url}/import`);
  await importFixtures(page);
  await page.goto(`${worker.url}/jokes`);
  const rows = page.getByTestId("joke-row");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 4);
  const counts = page.getByTestId("joke-counts");
  await assertText(counts, /4 de 4 tallas · 0 buenas · 0 fomes · 4 sin etiqueta/);
  // Names from the metadata tables.
  assert.match(await rows.first().innerText(), /Pepe Pérez · El Show del Cuñado · 2007/);

  // f labels the selected joke and moves on; n labels the next.
  await page.keyboard.press("f");
  await page.keyboard.press("n");
  await assertText(counts, /1 buenas · 1 fomes · 2 sin etiqueta/);
  await page.keyboard.press("u");
  await assertText(counts, /1 buenas · 0 fomes · 3 sin etiqueta/);
  await page.keyboard.press("U");
  await assertText(counts, /1 buenas · 1 fomes · 2 sin etiqueta/);

  // Accent-insensitive search: "cunado" finds "cuñado".
  await page.keyboard.press("/");
  await page.keyboard.type("CUNADO");
  await assertText(counts, /^1 de 4 tallas/);
  assert.match(await rows.first().innerText(), /Mi cuñado es tan flojo/);

  // Bulk-label what the filter shows: only the unlabelled ones.
  await page.getByLabel("Buscar tallas").fill("");
  await page.getByLabel("Etiqueta", { exact: true }).selectOption("unlabelled");
  await assertText(counts, /^2 de 4 tallas/);
  await page.getByRole("group", { name: /Etiquetar todas/ }).getByRole("button", { name: "Fome" }).click();
  await page.getByLabel("Etiqueta", { exact: true }).selectOption("any");
  await assertText(counts, /1 buenas · 3 fomes · 0 sin etiqueta/);
  // One undo takes back the whole bulk step.
  await page.locator("body").press("u");
  await assertText(counts, /1 buenas · 1 fomes · 2 sin etiqueta/);

  await saved(page);
  await page.reload();
  await page.getByTestId("joke-row").first().waitFor();
  assert.match(await page.getByTestId("joke-counts").innerText(), /1 buenas · 1 fomes · 2 sin etiqueta/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("an edit becomes the joke's text, keeps the old version, and can be undone", async () => {
  const { context, page } = await openPage("/import");
  await importFixtures(page, [join(FIXTURES, "jokes.csv")]);
  await page.goto(`${worker.url}/jokes`);
  await page.getByTestId("joke-row").first().waitFor();

  await page.keyboard.press("e");
  const editor = page.getByTestId("joke-editor");
  await editor.fill("Mi cuñado es tan flojo que sueña que está durmiendo.");
  await editor.press("Control+Enter");
  const text = page.getByTestId("detail-text");
  assert.equal(await text.innerText(), "Mi cuñado es tan flojo que sueña que está durmiendo.");
  const versions = page.getByTestId("versions");
  assert.match(await versions.innerText(), /Editada[\s\S]*Importada/);
  assert.match(await versions.innerText(), /duerme la siesta antes de almorzar/);

  // An empty edit is refused with a message, and the text stays.
  await page.keyboard.press("e");
  await editor.fill("   ");
  await editor.press("Control+Enter");
  assert.match(await page.getByTestId("curation-error").innerText(), /no puede quedar vacía/);

  await page.keyboard.press("u");
  assert.match(await text.innerText(), /duerme la siesta antes de almorzar/);
  await saved(page);
  await page.reload();
  await page.getByTestId("detail-text").waitFor();
  assert.match(await page.getByTestId("detail-text").innerText(), /duerme la siesta/);
  // Three versions: imported, edited, and the undo that brought the first text back.
  assert.equal(await page.getByTestId("versions").locator("li").count(), 3);
  await context.close();
});

/// A jokes table with one joke told twice (other case and punctuation) and one other joke.
function retoldJokesFile() {
  const rows = [
    "routine_id,show_id,event_name,show_name,start_timestamp,text,video_id",
    '900,7,Viña del Mar,El Show del Cuñado,00:01:05,"Mi cuñado es tan flojo que duerme la siesta antes de almorzar, ¡y después descansa!",dQw4w9WgXcQ',
    '900,7,Viña del Mar,El Show del Cuñado,00:02:10,"En la feria te dicen mi amor hasta cuando te cobran de más.",dQw4w9WgXcQ',
    '900,7,Viña del Mar,El Show del Cuñado,00:09:00,"MI CUÑADO ES TAN FLOJO QUE DUERME LA SIESTA ANTES DE ALMORZAR ¡Y DESPUÉS DESCANSA!",dQw4w9WgXcQ',
  ];
  const file = join(mkdtempSync(join(tmpdir(), "tallas-retold-")), "jokes.csv");
  writeFileSync(file, rows.join("\n") + "\n");
  return file;
}

test("keywords are edited from the keyboard and found by search; near-duplicates are merged, undone, kept whole and not imported again", async () => {
  const { context, page, problems } = await openPage("/import");
  const file = retoldJokesFile();
  await importFixtures(page, [file]);
  await page.goto(`${worker.url}/jokes`);
  const rows = page.getByTestId("joke-row");
  await rows.first().waitFor();
  const counts = page.getByTestId("joke-counts");
  await assertText(counts, /^3 de 3 tallas/);

  // p goes to the keywords; Enter saves them (commas, spaces and repeats tidied) and gives the keyboard back.
  await page.keyboard.press("p");
  const keywords = page.getByTestId("keywords");
  await keywords.fill(" flojera ,siesta, Flojera ");
  await keywords.press("Enter");
  assert.equal(await keywords.inputValue(), "flojera, siesta");
  await page.keyboard.press("/");
  await page.keyboard.type("flojera");
  await assertText(counts, /^1 de 3 tallas/);
  await page.keyboard.press("Escape");
  await page.keyboard.press("u");
  await assertText(counts, /^0 de 3 tallas/);
  // Escape left the search as it was, box and list alike.
  assert.equal(await page.getByLabel("Buscar tallas").inputValue(), "flojera");
  await page.getByLabel("Buscar tallas").fill("");
  await page.keyboard.press("Escape");
  await assertText(counts, /^3 de 3 tallas/);
  await page.keyboard.press("U");
  assert.equal(await page.getByTestId("keywords").inputValue(), "flojera, siesta");

  // The duplicates filter finds the pair (in the background worker) and shows it together.
  await page.getByTestId("duplicates-filter").check();

  await page.waitForFunction(() => /^2 de 3 tallas/.test(document.querySelector("[data-testid=joke-counts]").innerText));
  const duplicates = page.getByTestId("duplicates");
  assert.match(await duplicates.innerText(), /Casi-duplicados \(1\)[\s\S]*MI CUÑADO ES TAN FLOJO/);
  // m merges it into the selected joke: the cluster is resolved, so nothing is left to review.
  await page.keyboard.press("m");
  await assertText(counts, /^0 de 2 tallas/);
  await page.getByTestId("no-matches").waitFor();
  // Undo brings the pair back; redo merges it again.
  await page.keyboard.press("u");
  await assertText(counts, /^2 de 3 tallas/);
  await page.keyboard.press("U");
  await assertText(counts, /^0 de 2 tallas/);

  await saved(page);
  await page.reload();
  await rows.first().waitFor();
  assert.match(await page.getByTestId("joke-counts").innerText(), /^2 de 2 tallas/);
  const merged = page.getByTestId("merged-here");
  assert.match(await merged.innerText(), /Fusionadas en esta \(1\)[\s\S]*MI CUÑADO ES TAN FLOJO/);
  assert.equal(await page.getByTestId("keywords").inputValue(), "flojera, siesta");

  // The merged joke is still stored: importing the file again brings nothing back.
  await page.goto(`${worker.url}/import`);
  await importFixtures(page, [file]);
  assert.match(await page.getByTestId("import-summary").innerText(), /3 tallas ya estaban/);
  await page.goto(`${worker.url}/jokes`);
  await rows.first().waitFor();
  assert.match(await page.getByTestId("joke-counts").innerText(), /^2 de 2 tallas/);

  // Separating it lists it again.
  await page.getByTestId("merged-here").getByRole("button", { name: "Separar" }).click();
  assert.match(await page.getByTestId("joke-counts").innerText(), /^3 de 3 tallas/);
  await saved(page);
  await page.reload();
  await rows.first().waitFor();
  assert.match(await page.getByTestId("joke-counts").innerText(), /^3 de 3 tallas/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("the UI switches to English without a reload, remembers it across reloads (the background worker too), and back to Spanish", async () => {
  const { context, page, problems } = await openPage("/settings");
  assert.equal(await page.locator("html").getAttribute("lang"), "es");
  // A mark on the page's window: a reload would lose it.
  await page.evaluate(() => (window.tallasSamePage = true));
  await page.getByTestId("language").selectOption("en");
  await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
  assert.equal(await page.evaluate(() => window.tallasSamePage), true, "the page was not reloaded");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "language", "focus stays on the menu");
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  assert.match(await page.getByRole("navigation").innerText(), /Import[\s\S]*Process[\s\S]*Jokes/);
  await page.reload();
  await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();

  // The import's report is written by the background worker, in the page's language.
  await page.goto(`${worker.url}/import`);
  await importFixtures(page, [join(FIXTURES, "jokes.csv"), join(FIXTURES, "notas.csv")]);
  assert.match(await page.getByTestId("import-summary").innerText(), /Saved: 0 new routines, 0 routines completed, 4 new jokes/);
  assert.match(await page.locator("main").innerText(), /This is not a table Tallas knows/);
  await page.goto(`${worker.url}/jokes`);
  await page.getByTestId("joke-row").first().waitFor();
  assert.match(await page.getByTestId("joke-counts").innerText(), /^4 of 4 jokes · 0 funny · 0 not funny · 4 unlabelled/);
  await page.keyboard.press("?");
  assert.match(await page.getByTestId("shortcuts-help").innerText(), /next joke[\s\S]*merge this joke's near-duplicates/);

  await page.goto(`${worker.url}/settings`);
  await page.getByTestId("language").selectOption("es");
  await page.getByRole("heading", { name: "Ajustes", level: 1 }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "es");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a joke's label history lists its labels, newest first, and follows the joke shown while open", async () => {
  const { context, page, problems } = await openPage("/import");
  await importFixtures(page, [join(FIXTURES, "jokes.csv")]);
  await page.goto(`${worker.url}/jokes`);
  await page.getByTestId("joke-row").first().waitFor();
  // f labels the first joke and moves on; k comes back; n relabels it.
  for (const key of ["f", "k", "n", "k"]) await page.keyboard.press(key);
  await page.getByText("Historial de etiquetas").click();
  const history = page.getByTestId("label-history");
  assert.match(await history.innerText(), /Fome[\s\S]*Buena talla/);
  // The section stays open for the next joke, which has no labels yet, and for the first again.
  await page.keyboard.press("j");
  await page.getByText("Sin etiquetas todavía.").waitFor();
  await page.keyboard.press("k");
  assert.match(await history.innerText(), /Fome[\s\S]*Buena talla/);
  assert.deepEqual(problems, []);
  await context.close();
});

/// A jokes table of `n` jokes told one after another, each saying its number.
function longJokesFile(n) {
  const rows = ["routine_id,show_id,event_name,show_name,start_timestamp,text,video_id"];
  for (let i = 1; i <= n; i++) {
    const time = `00:${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
    rows.push(`900,7,Viña del Mar,El Show del Cuñado,${time},"Talla número ${i}: mi vecino llegó ${i} veces tarde al asado.",dQw4w9WgXcQ`);
  }
  const file = join(mkdtempSync(join(tmpdir(), "tallas-long-")), "jokes.csv");
  writeFileSync(file, rows.join("\n") + "\n");
  return file;
}

/// Whether `row` lies wholly inside the list's visible box.
async function inView(list, row) {
  const [outer, inner] = [await list.boundingBox(), await row.boundingBox()];
  return Boolean(outer && inner && inner.y >= outer.y - 1 && inner.y + inner.height <= outer.y + outer.height + 1);
}

test("a long list renders a screenful of rows, keeps the selected joke in view and reaches its last joke", async () => {
  const { context, page, problems } = await openPage("/import");
  await importFixtures(page, [longJokesFile(300)]);
  await page.goto(`${worker.url}/jokes`);
  const list = page.getByTestId("joke-list");
  const rows = page.getByTestId("joke-row");
  await rows.first().waitFor();
  await assertText(page.getByTestId("joke-counts"), /^300 de 300 tallas/);
  const rendered = await rows.count();
  assert.ok(rendered > 3 && rendered < 60, `${rendered} rows in the page for 300 jokes`);

  // j 120 times: the 121st joke is selected and scrolled into view.
  for (let i = 0; i < 120; i++) await page.keyboard.press("j");
  const selected = page.locator('[data-testid="joke-row"][aria-selected="true"]');
  await assertText(selected, /Talla número 121:/);
  assert.ok(await inView(list, selected), "the selected joke is on screen");
  // k back up past the top of what was on screen.
  for (let i = 0; i < 20; i++) await page.keyboard.press("k");
  await assertText(selected, /Talla número 101:/);
  assert.ok(await inView(list, selected), "the selected joke is on screen after moving up");

  // Scrolled to the bottom, the last joke is there.
  await list.evaluate((l) => { l.scrollTop = l.scrollHeight; });
  const last = rows.filter({ hasText: "Talla número 300:" });
  await last.waitFor();
  assert.ok(await inView(list, last), "the last joke is on screen");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a page opened before a deploy asks for a reload instead of using the deployed build's worker", async () => {
  // The worker's files are not content-hashed: after a deploy, an open page starts the new build's
  // worker, whose first message names its build.
  const context = await browser.newContext();
  await context.route(WORKER_LOADER, workerOfAnotherBuild);
  const page = await context.newPage();
  await page.goto(`${worker.url}/import`);
  await page.getByTestId("workspace-empty").waitFor();
  await page.getByTestId("import-files").setInputFiles([join(FIXTURES, "jokes.csv")]);
  await assertText(page.getByTestId("import-error"), /Tallas se actualizó desde que abriste esta página\. Recárgala/);
  // Nothing was written; after the reload (the route gone, as the page and worker now match) the import works.
  await context.unroute(WORKER_LOADER);
  await page.reload();
  await page.getByTestId("workspace-empty").waitFor();
  await importFixtures(page, [join(FIXTURES, "jokes.csv")]);
  await assertText(page.getByTestId("workspace-totals"), /4 tallas/);
  await context.close();
});

test("the shortcuts are listed with ?", async () => {
  const { context, page } = await openPage("/import");
  await importFixtures(page, [join(FIXTURES, "jokes.csv")]);
  await page.goto(`${worker.url}/jokes`);
  await page.getByTestId("joke-row").first().waitFor();
  await page.keyboard.press("?");
  const help = page.getByTestId("shortcuts-help");
  await help.waitFor();
  assert.match(await help.innerText(), /buena talla/);
  await page.keyboard.press("Escape");
  await help.waitFor({ state: "detached" });
  await context.close();
});

test("the workspace exports to one file that restores it exactly in a fresh browser; a foreign file changes nothing", async () => {
  const first = await openPage("/import");
  await importFixtures(first.page);
  await first.page.goto(`${worker.url}/jokes`);
  await first.page.getByTestId("joke-row").first().waitFor();
  await first.page.keyboard.press("f");
  await saved(first.page);
  const before = await first.page.getByTestId("joke-counts").innerText();
  await first.page.goto(`${worker.url}/settings`);
  const [download] = await Promise.all([
    first.page.waitForEvent("download"),
    first.page.getByTestId("export").click(),
  ]);
  assert.match(download.suggestedFilename(), /^tallas-\d{4}-\d{2}-\d{2}\.json$/);
  // Downloads vanish with their browser context: keep a copy, as a person would.
  const file = join(mkdtempSync(join(tmpdir(), "tallas-backup-")), download.suggestedFilename());
  await download.saveAs(file);
  await first.context.close();

  const second = await openPage("/settings");
  const { page } = second;
  // A file that is not a backup is refused, and nothing changes.
  await page.getByTestId("restore-file").setInputFiles(join(FIXTURES, "jokes.csv"));
  assert.match(await page.getByTestId("restore-error").innerText(), /no es JSON/);
  await page.getByTestId("restore-file").setInputFiles(file);
  const confirm = page.getByTestId("restore-confirm");
  assert.match(await confirm.innerText(), /2 rutinas, 4 tallas, 1 cambios de etiqueta, 4 comediantes y shows/);
  await confirm.getByRole("button", { name: "Reemplazar todo" }).click();
  await page.getByTestId("restore-done").waitFor();
  await page.goto(`${worker.url}/jokes`);
  await page.getByTestId("joke-row").first().waitFor();
  assert.equal(await page.getByTestId("joke-counts").innerText(), before);
  assert.match(await page.getByTestId("joke-row").first().innerText(), /Pepe Pérez · El Show del Cuñado · 2007/);
  assert.deepEqual(second.problems, []);
  await second.context.close();
});
