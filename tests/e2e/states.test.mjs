// Every empty state of the app and every error it shows where it happens, reached in real Chromium
// against the worker: a fresh workspace, local data from a newer version, a browser without
// IndexedDB or a storage estimate, writes and reads the browser refuses, a background worker that
// cannot start, and the worker's health as the header badge reports it. Each error must say what
// went wrong and what to do.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { CURATOR_TOKEN, WORKER_LOADER, startAppServices, stopAppServices } from "../support/services.mjs";

const FIXTURES = new URL("../../app/tests/fixtures/import/", import.meta.url).pathname;
const JOKES = join(FIXTURES, "jokes.csv");

let fake;
let worker;
let browser;

before(async () => ({ fake, worker, browser } = await startAppServices()));
after(() => stopAppServices({ fake, worker, browser }));

/** A fresh browser profile with the curator token stored; `init` runs in every page before the app. */
async function newContext(init) {
  const context = await browser.newContext();
  await context.addInitScript((token) => localStorage.setItem("tallas.curator_token", token), CURATOR_TOKEN);
  if (init) await context.addInitScript(init);
  return context;
}

async function open(context, path) {
  const page = await context.newPage();
  await page.goto(`${worker.url}${path}`);
  return page;
}

async function importJokes(page) {
  await page.goto(`${worker.url}/import`);
  await page.getByTestId("import-files").setInputFiles(JOKES);
  await page.getByTestId("import-summary").waitFor();
}

/** The text of the element with `testId`, once it is shown. */
async function shown(page, testId) {
  const element = page.getByTestId(testId);
  await element.waitFor();
  return element.innerText();
}

/** Makes the page's IndexedDB method `Interface.prototype.name` fail as a full disk would. */
async function refuse(page, methods) {
  await page.evaluate((methods) => {
    for (const [iface, name] of methods) {
      window[iface].prototype[name] = () => {
        throw new DOMException("el disco está lleno", "QuotaExceededError");
      };
    }
  }, methods);
}

test("a fresh workspace says on every page what there is to do first", async () => {
  const context = await newContext();
  const page = await open(context, "/playground");
  assert.match(await shown(page, "history-empty"), /Escribe una palabra clave/);
  await page.goto(`${worker.url}/jokes`);
  assert.match(await shown(page, "jokes-empty"), /Importa/);
  await page.goto(`${worker.url}/import`);
  assert.match(await shown(page, "workspace-empty"), /Aún no hay nada importado/);
  await page.getByText("Datos de una rutina").click();
  await page.locator(".routine-details-section .empty-state").filter({ hasText: /Importa transcripciones primero/ }).waitFor();
  await page.goto(`${worker.url}/runs`);
  assert.match(await shown(page, "runs-nothing-to-run"), /Importa transcripciones primero/);
  assert.match(await shown(page, "runs-empty"), /Elige una tarea/);
  await page.goto(`${worker.url}/vote`);
  assert.match(await shown(page, "ballot-no-jokes"), /Aún no hay tallas en este navegador/);
  assert.match(await shown(page, "ballots-empty"), /Aún no hay votaciones/);
  await page.goto(`${worker.url}/dataset`);
  assert.match(await shown(page, "dataset-empty"), /Ninguna talla pasa estas reglas/);
  assert.match(await shown(page, "dataset-none"), /Aún no hay datasets congelados/);
  await page.goto(`${worker.url}/fine-tune`);
  assert.match(await shown(page, "tuned-empty"), /Aún no hay modelos ajustados/);
  await page.goto(`${worker.url}/evaluate`);
  assert.match(await shown(page, "evaluations-empty"), /Aún no hay evaluaciones/);
  await page.goto(`${worker.url}/no-such-page`);
  assert.match(await shown(page, "not-found"), /no existe en Tallas/);
  await page.getByTestId("not-found").getByRole("link").click();
  await page.getByTestId("history-empty").waitFor();
  await context.close();
});

test("local data from a newer version of Tallas is reported on every page that reads it", async () => {
  const context = await newContext();
  // Another version of the app left the database at a schema version this one does not know.
  const page = await open(context, "/api/health");
  await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open("tallas", 1_000_000);
        request.onsuccess = () => resolve(request.result.close());
        request.onerror = () => reject(request.error);
      }),
  );
  for (const [path, testId] of [["/jokes", "jokes-error"], ["/import", "workspace-error"], ["/playground", "store-error"], ["/runs", "runs-error"], ["/dataset", "dataset-error"], ["/evaluate", "evaluations-error"], ["/fine-tune", "tuned-error"]]) {
    await page.goto(`${worker.url}${path}`);
    assert.match(await shown(page, testId), /versión más nueva de Tallas\. Recarga la página/, path);
  }
  await context.close();
});

test("a browser without IndexedDB (as in private windows) is told to open Tallas in a normal window", async () => {
  const context = await newContext(() => Object.defineProperty(window, "indexedDB", { value: undefined }));
  const page = await open(context, "/jokes");
  assert.match(await shown(page, "jokes-error"), /IndexedDB no está disponible.*ventana normal/);
  await context.close();
});

test("the header badge says while it checks, when the worker has no key or cannot be reached, and checks again on click", async () => {
  const context = await newContext();
  const badge = (page, state) => page.locator(`[data-testid="upstream-status"][data-state="${state}"]`);

  // Still waiting for the answer.
  let answer;
  await context.route("**/api/health", (route) => (answer = route));
  const page = await open(context, "/playground");
  assert.match(await badge(page, "checking").innerText(), /Comprobando/);
  // Answered: the worker has no Mistral key.
  const health = await (await page.request.get(`${worker.url}/api/health`)).json();
  await answer.fulfill({ json: { ...health, key_configured: false } });
  assert.match(await badge(page, "no-key").innerText(), /Sin clave de Mistral/);
  assert.match(await badge(page, "no-key").getAttribute("title"), /MISTRAL_API_KEY/);

  // The worker is not running.
  await context.unroute("**/api/health");
  await context.route("**/api/health", (route) => route.abort("connectionrefused"));
  await page.reload();
  assert.match(await badge(page, "down").innerText(), /Worker no disponible/);

  // Back up: a click asks again.
  await context.unroute("**/api/health");
  await badge(page, "down").click();
  await badge(page, "ok").waitFor();
  await context.close();
});

test("a label the browser cannot save and a label history it cannot read are reported in the workspace", async () => {
  const context = await newContext();
  const page = await open(context, "/import");
  await importJokes(page);
  await page.goto(`${worker.url}/jokes`);
  await page.getByTestId("joke-row").first().waitFor();

  await refuse(page, [["IDBObjectStore", "put"], ["IDBObjectStore", "add"]]);
  await page.keyboard.press("f");
  assert.match(await shown(page, "curation-error"), /El cambio no se guardó y la lista se recargó: El navegador no tiene espacio .*Libera espacio/);

  await page.reload();
  await page.getByTestId("joke-row").first().waitFor();
  // Reloaded from the store: the refused label is not there.
  assert.match(await page.getByTestId("joke-counts").innerText(), /0 buenas/);
  await refuse(page, [["IDBIndex", "getAll"]]);
  await page.getByText("Historial de etiquetas").click();
  assert.match(await shown(page, "label-history-error"), /El navegador no tiene espacio/);
  await context.close();
});

test("a joke the playground cannot keep is still shown, with why it was not kept", async () => {
  const context = await newContext();
  const page = await open(context, "/playground");
  await page.getByTestId("history-empty").waitFor();
  await refuse(page, [["IDBObjectStore", "put"], ["IDBObjectStore", "add"]]);
  await page.getByLabel("Palabra clave").fill("empanada");
  await page.getByRole("button", { name: "Contar una talla" }).click();
  assert.match(await shown(page, "joke"), /empanada/);
  assert.match(await shown(page, "save-error"), /La talla no quedó en el historial: El navegador no tiene espacio .*Libera espacio/);
  await context.close();
});

test("a background worker that cannot start is reported by export, restore and the duplicates filter", async () => {
  const context = await newContext();
  const page = await open(context, "/import");
  await importJokes(page);
  // A real backup first, to restore later.
  await page.goto(`${worker.url}/settings`);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export").click()]);
  const backup = join(mkdtempSync(join(tmpdir(), "tallas-states-")), download.suggestedFilename());
  await download.saveAs(backup);

  // From now on the worker's script fails as it loads.
  await context.route(WORKER_LOADER, (route) =>
    route.fulfill({ contentType: "text/javascript", body: 'throw new Error("sin memoria");' }),
  );
  const cannotStart = /No se pudo iniciar el trabajo en segundo plano del navegador .*Recarga la página/;
  await page.reload();
  await page.getByTestId("export").click();
  assert.match(await shown(page, "export-error"), cannotStart);
  await page.getByTestId("restore-file").setInputFiles(backup);
  const restore = await shown(page, "restore-error");
  assert.match(restore, /^No se restauró nada:/);
  assert.match(restore, cannotStart);

  await page.goto(`${worker.url}/jokes`);
  await page.getByTestId("joke-row").first().waitFor();
  await page.getByLabel(/duplicad/i).check();
  assert.match(await shown(page, "curation-error"), cannotStart);
  await context.close();
});

test("settings: storage the browser will not estimate or keep, and a token it will not store", async () => {
  // A browser that gives no estimate.
  let context = await newContext(() =>
    Object.defineProperty(navigator, "storage", {
      value: { persisted: async () => false, estimate: async () => Promise.reject(new Error("no permitido")) },
    }),
  );
  let page = await open(context, "/settings");
  assert.match(await shown(page, "storage-error"), /no informa cuánto espacio usa Tallas\. \(.*no permitido\)/);
  await context.close();

  // One that estimates nothing and refuses to keep the data, then fails to be asked at all.
  context = await newContext(() => {
    let asked = 0;
    const storage = {
      persisted: async () => false,
      estimate: async () => ({}),
      persist: async () => (++asked === 1 ? false : Promise.reject(new Error("sin permiso"))),
    };
    Object.defineProperty(navigator, "storage", { value: storage });
  });
  page = await open(context, "/settings");
  assert.match(await shown(page, "storage-usage"), /no informa cuánto espacio/);
  const persist = page.getByRole("button", { name: /persistente|Pedir/i });
  await persist.click();
  assert.match(await shown(page, "persist-refused"), /no lo concedió.*Exporta respaldos/);
  await persist.click();
  assert.match(await shown(page, "persist-error"), /sin permiso/);

  // localStorage refuses the curator token.
  await page.evaluate(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException("lleno", "QuotaExceededError");
    };
  });
  await page.getByRole("textbox", { name: "Token de curador" }).fill("otro-token");
  await page.getByRole("button", { name: "Guardar token" }).click();
  assert.match(await shown(page, "token-error"), /no deja guardar datos locales/);
  await context.close();
});
