// The first run as a newcomer meets it, from a fresh browser profile against `make dev`'s setup
// (the worker on the fake upstream): the home shows the journey; the header asks for the curator
// token on every page, says so when a saved one is wrong, and once the right one is pasted every
// page reads again and works; no page shows the worker's raw English or calls a refusal "another
// version". Then every page is drawn at the widths its readers use, in both languages, with and
// without data, into target/screens/ for review, and its forms' layout is checked.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { curate, freeze } from "../support/workspace.mjs";
import { phoneContext } from "../support/phone.mjs";
import { CURATOR_TOKEN, ROOT, startAppServices, stopAppServices } from "../support/services.mjs";

const CURATOR_PAGES = ["/", "/import", "/runs", "/jokes", "/vote", "/dataset", "/fine-tune", "/evaluate", "/playground", "/settings"];
// The worker's own words, which the Spanish pages may show only as a "(Detalle: …)".
const WORKER_ENGLISH = /curator endpoint|Authorization|Bearer|send the|is not|must be|not found|the worker|PlayConfig/i;
// What a refusal must never be called: the app and the worker of different versions.
const VERSION = /misma versión|otra versión|versión del app|same version|another version|version of the app|PlayConfig/i;
const SCREENS = join(ROOT, "target/screens");

let services;

before(async () => {
  services = await startAppServices();
  mkdirSync(SCREENS, { recursive: true });
});
after(() => stopAppServices(services ?? {}));

/** A fresh profile in `lang`, with no curator token. */
async function freshContext(lang, options = {}) {
  const context = await services.browser.newContext(options);
  await context.addInitScript((lang) => localStorage.setItem("tallas.lang", lang), lang);
  return context;
}

/** Opens `path` and waits until its reads have answered. */
async function visit(page, path) {
  await page.goto(`${services.worker.url}${path}`);
  await page.locator("main h1").first().waitFor();
  await page.waitForLoadState("networkidle");
}

/** What `page` shows, without the worker's messages quoted as detail. */
async function shownText(page) {
  const text = await page.locator("body").innerText();
  return text.replace(/\((Detalle|Detail): [^)]*\)/g, "");
}

/** Walks every curator page; for each, `check(path, text)` with what it shows. */
async function walk(page, check) {
  for (const path of CURATOR_PAGES) {
    await visit(page, path);
    await check(path, await shownText(page));
  }
}

test("a newcomer meets the journey, is asked for the token in the header, and then every page works", async () => {
  const context = await freshContext("es");
  const page = await context.newPage();
  await visit(page, "/");
  assert.equal(await page.locator("main h1").innerText(), "Tu taller de tallas");
  assert.equal(await page.getByTestId("home-step").count(), 6);
  assert.match(await page.getByTestId("home-next").innerText(), /^Siguiente paso: Importa transcripciones/);
  const prompt = page.getByTestId("token-prompt");
  assert.match(await prompt.innerText(), /pega el token del curador[\s\S]*proxy-worker\/\.dev\.vars/);

  // Without a token, every page says the token is wanted, in Spanish, and never a version.
  await walk(page, async (path, text) => {
    assert.ok(await prompt.isVisible(), `${path}: the header does not ask for the token`);
    assert.doesNotMatch(text, WORKER_ENGLISH, `${path} shows the worker's English`);
    assert.doesNotMatch(text, VERSION, `${path} speaks of a version`);
  });

  // A wrong token: the header says the saved one was refused, wherever a curator read needs it.
  await prompt.getByLabel("Token de curador").fill("not-the-token");
  await prompt.getByRole("button", { name: "Guardar token" }).click();
  await walk(page, async (path, text) => {
    assert.doesNotMatch(text, WORKER_ENGLISH, `${path} shows the worker's English`);
    assert.doesNotMatch(text, VERSION, `${path} speaks of a version`);
  });
  await visit(page, "/runs");
  await prompt.filter({ hasText: "El worker rechazó el token guardado" }).waitFor();
  assert.ok(await page.getByTestId("run-models-error").isVisible());

  // The right one, pasted where the header asks: the page that failed reads again by itself.
  await prompt.getByLabel("Token de curador").fill(CURATOR_TOKEN);
  await prompt.getByRole("button", { name: "Guardar token" }).click();
  await prompt.waitFor({ state: "detached" });
  await page.getByTestId("run-models-error").waitFor({ state: "detached" });
  await walk(page, async (path) => {
    assert.equal(await prompt.count(), 0, `${path}: the header still asks for the token`);
    const errors = await page.locator('[role="alert"]').allInnerTexts();
    assert.deepEqual(errors, [], `${path} shows an error`);
  });
  await context.close();
});

test("in English too, a page without the token never speaks of a version", async () => {
  const context = await freshContext("en");
  const page = await context.newPage();
  await walk(page, async (path, text) => {
    assert.doesNotMatch(text, VERSION, `${path} speaks of a version`);
  });
  await visit(page, "/");
  assert.match(await page.getByTestId("token-prompt").innerText(), /paste the curator token/);
  await context.close();
});

/**
 * The page's form layout problems: a single-line input under 32 px tall, or a label run together
 * in one line with a field that is not its own (as "(tokens)[200]Keywords[…]").
 */
function layoutProblems() {
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    // A visually hidden label (1 px, for screen readers) is not in anyone's way.
    return r.width > 1 && r.height > 1 && style.visibility !== "hidden";
  };
  const name = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.dataset.testid ? `[${el.dataset.testid}]` : ""}`;
  const singleLine =
    "input:not([type=checkbox]):not([type=radio]):not([type=file]):not([type=range]):not([type=hidden]):not([type=color]):not([type=submit]):not([type=button])";
  const fields = [...document.querySelectorAll(`${singleLine}, select, textarea`)].filter(visible);
  const problems = [];
  for (const field of fields) {
    const height = field.getBoundingClientRect().height;
    if (field.matches(singleLine) && height < 32) problems.push(`${name(field)} is ${height.toFixed(1)} px tall`);
  }
  for (const label of document.querySelectorAll("label")) {
    const own = label.control;
    if (!visible(label) || !own || own.matches("[type=checkbox], [type=radio]")) continue;
    const l = label.getBoundingClientRect();
    for (const field of fields) {
      if (field === own || label.contains(field)) continue;
      const f = field.getBoundingClientRect();
      const sameLine = f.top < l.bottom - 2 && l.top < f.bottom - 2;
      const gap = Math.max(f.left - l.right, l.left - f.right);
      if (sameLine && gap < 12) problems.push(`label "${label.innerText.trim().slice(0, 40)}" runs into ${name(field)}`);
    }
  }
  return problems;
}

/** Screenshots `path` as `name` and returns its layout problems, each naming the screen. */
async function screen(page, path, name) {
  await visit(page, path);
  await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
  return (await page.evaluate(layoutProblems)).map((problem) => `${name}: ${problem}`);
}

/** A ballot of three jokes, made as the Vote page makes one, for the voter's page. */
async function ballot() {
  const jokes = ["Mi suegra es tan lenta que se perdió en el ascensor.", "En la micro me cobraron pasaje doble.", "El Metro a las ocho es un abrazo que nadie pidió."];
  const res = await fetch(`${services.worker.url}/api/ballots`, {
    method: "POST",
    headers: { authorization: `Bearer ${CURATOR_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ title: "Noche de tallas", jokes: jokes.map((text, i) => ({ id: `j${i}`, text })) }),
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).ballot_id;
}

test("every page is drawn for review at its readers' widths, and no form runs its fields together", async () => {
  const problems = [];
  const ballotId = await ballot();
  for (const data of ["empty", "data"]) {
    const context = await services.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((token) => localStorage.setItem("tallas.curator_token", token), CURATOR_TOKEN);
    const page = await context.newPage();
    if (data === "data") {
      await curate(page, services.worker.url);
      await freeze(page, services.worker.url, "primera");
    }
    await page.goto(`${services.worker.url}/`);
    for (const lang of ["es", "en"]) {
      await page.evaluate((lang) => localStorage.setItem("tallas.lang", lang), lang);
      for (const width of [1280, 800]) {
        await page.setViewportSize({ width, height: 900 });
        for (const path of CURATOR_PAGES) {
          const name = `${data}-${lang}-${path === "/" ? "home" : path.slice(1)}-${width}`;
          problems.push(...(await screen(page, path, name)));
        }
      }
      const phone = await phoneContext(services.browser);
      await phone.addInitScript((lang) => localStorage.setItem("tallas.lang", lang), lang);
      const open = await phone.newPage();
      for (const [path, area] of [["/play", "play"], [`/vote/${ballotId}`, "voter"]]) {
        await open.goto(`${services.worker.url}${path}`);
        await open.waitForLoadState("networkidle");
        await open.screenshot({ path: join(SCREENS, `${data}-${lang}-${area}-360.png`), fullPage: true });
        problems.push(...(await open.evaluate(layoutProblems)).map((p) => `${data}-${lang}-${area}-360: ${p}`));
      }
      await phone.close();
    }
    await context.close();
  }
  assert.deepEqual(problems, []);
});
