// Every page carries a Content-Security-Policy that allows exactly what it loads (its own scripts
// and WASM, its loader by hash, the API on its own origin), with the headers that go with it, and
// the page then works under it: the curator's two pages (served as static assets, and by the
// worker for the experiment's areas), a voter's page and the public playground (served by the
// worker), and the background worker the curator's import starts. Any violation the browser
// reports fails the test.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { CURATOR_TOKEN, startAppServices, stopAppServices } from "../support/services.mjs";

const JOKES = join(new URL("../../app/tests/fixtures/import/", import.meta.url).pathname, "jokes.csv");

let fake;
let worker;
let browser;

before(async () => ({ fake, worker, browser } = await startAppServices()));
after(() => stopAppServices({ fake, worker, browser }));

/** A page of a fresh profile with the curator token, recording every policy violation. */
async function watchedPage() {
  const context = await browser.newContext();
  await context.addInitScript((token) => {
    localStorage.setItem("tallas.curator_token", token);
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
    });
  }, CURATOR_TOKEN);
  const page = await context.newPage();
  const console = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) console.push(message.text());
  });
  return { page, console };
}

/** Waits for `ready` to show, or for the first violation, which then fails the test at once. */
async function settled(page, ready, where) {
  const violated = page.waitForFunction(() => window.__violations.length > 0);
  await Promise.race([ready.waitFor(), violated]);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], where);
}

function checkHeaders(response, path) {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  assert.match(csp, /default-src 'none'/, `${path}: ${csp}`);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval' 'sha256-/, `${path}: ${csp}`);
  assert.match(csp, /connect-src 'self'/, `${path}: ${csp}`);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/, `${path}: ${csp}`);
  assert.equal(headers["x-content-type-options"], "nosniff", path);
  assert.equal(headers["referrer-policy"], "no-referrer", path);
  assert.match(headers["permissions-policy"] ?? "", /camera=\(\)/, path);
}

for (const [path, ready] of [
  ["/jokes", "jokes-empty"],
  ["/dataset", null],
  ["/vote/0123456789abcdef", "vote-unknown"],
  ["/play", "play-closed"],
]) {
  test(`${path} has the page headers and runs under its policy`, async () => {
    const { page, console } = await watchedPage();
    const response = await page.goto(`${worker.url}${path}`);
    checkHeaders(response, path);
    await settled(page, ready ? page.getByTestId(ready) : page.locator("main#main"), path);
    assert.deepEqual(console, [], path);
    await page.context().close();
  });
}

test("the curator's import runs its background worker under the policy", async () => {
  const { page, console } = await watchedPage();
  checkHeaders(await page.goto(`${worker.url}/import`), "/import");
  await page.getByTestId("import-files").setInputFiles(JOKES);
  await settled(page, page.getByTestId("import-summary"), "/import");
  assert.deepEqual(console, []);
  await page.context().close();
});
