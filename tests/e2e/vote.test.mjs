// Crowd voting end to end against the worker: a curator makes a ballot from the Jokes list, voters
// vote on emulated phones through the open pages' own WASM (one on a slowed CPU and a slow mobile
// link, one reloading half-way, one going offline for three votes), and the curator's results and
// the workspace's crowd labels equal the votes cast. Then every end a voter can meet (unknown,
// closed, rate-limited, unreachable), the layout a phone needs, and no answer a voter receives
// naming a gold answer or a curator's joke id.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { phoneContext, throttle } from "../support/phone.mjs";
import { CURATOR_TOKEN, launchChromium, startFakeMistral, startWorker } from "../support/services.mjs";

let fake;
let worker;
let limited;
let browser;

const JOKES = [
  { id: "joke-a", text: "Mi suegra es tan lenta que se perdió en el ascensor." },
  { id: "joke-b", text: "Fui a comer un completo y el garzón me preguntó si lo quería con palta." },
  { id: "joke-c", text: "El carrete estaba tan fome que hasta el perro se fue a acostar." },
  { id: "joke-d", text: "En la micro me cobraron pasaje doble por la mala onda." },
  { id: "joke-e", text: "Mi jefe me dijo que trabajara en equipo, así que le pasé la pega al Cristián." },
  { id: "joke-f", text: "El Metro a las ocho es como un abrazo que nadie pidió." },
];
const GOLD = [{ id: "gold-3", text: "¿Por qué el libro de matemáticas estaba triste? Porque tenía muchos problemas.", expected: "funny" }];
// The curator's ballot: the fixture's four jokes; the first, labelled funny, is its gold joke.
const FIXTURE_JOKES = new URL("../../app/tests/fixtures/import/jokes.csv", import.meta.url).pathname;
const BALLOT_TEXTS = [
  "Mi cuñado es tan flojo que duerme la siesta antes de almorzar.",
  "¿Saben por qué el maní no va al gimnasio? Porque ya está tostado.",
  "En la feria te dicen mi amor hasta cuando te cobran de más.",
  "El caserito me fió, pero me anotó en un cuaderno con candado.",
];

/** Every answer of the worker to a voter's page, to check that none gives gold away. */
const voterAnswers = [];

before(async () => {
  fake = await startFakeMistral();
  [worker, limited] = await Promise.all([
    startWorker({ upstreamUrl: fake.url }),
    startWorker({ upstreamUrl: fake.url, vars: { RATE_LIMIT_VOTES_PER_MINUTE: "3", RATE_LIMIT_WINDOW_SECONDS: "8" } }),
  ]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await Promise.all([worker?.stop(), limited?.stop(), fake?.stop()]);
});

async function createBallot(base = worker.url, body = { title: "Noche de tallas", jokes: JOKES, gold: GOLD }) {
  const res = await fetch(`${base}/api/ballots`, {
    method: "POST",
    headers: { authorization: `Bearer ${CURATOR_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.equal(res.status, 201, text);
  return JSON.parse(text);
}

async function results(ballot, base = worker.url) {
  const res = await fetch(`${base}/api/ballots/${ballot.ballot_id}/results`, { headers: { authorization: `Bearer ${ballot.admin_token}` } });
  assert.equal(res.status, 200);
  return res.json();
}

/** A voter's page on a phone, keeping what went wrong and every answer from /api. */
async function openVoter(context, url) {
  const page = await context.newPage();
  const problems = [];
  const requested = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("request", (r) => requested.push(r.url()));
  page.on("response", async (response) => {
    if (!response.url().includes("/api/")) return;
    voterAnswers.push(`${response.url()} ${await response.text().catch(() => "")}`);
  });
  await page.goto(url);
  return { page, problems, requested };
}

/** The vote each voter gives each joke: fixed in advance by its text, so the tallies are known. */
function choice(voter, text) {
  const hash = [...text].reduce((h, ch) => (h * 31 + ch.codePointAt(0)) % 1_000_003, 7);
  return ["funny", "not_funny", "skip"][(voter * 5 + hash) % 3];
}

/** Votes until the page thanks the voter; `seen` gathers the jokes shown. Fails, with what the
 *  page shows, if that takes longer than a voter would wait. */
async function voteToTheEnd(page, voter, cast, seen) {
  const deadline = Date.now() + 45_000;
  while (!(await page.getByTestId("vote-done").isVisible())) {
    if (Date.now() > deadline) {
      assert.fail(`voter ${voter} never reached the end; the page shows: ${await page.locator("main").innerText().catch((e) => e.message)}`);
    }
    if (await page.getByTestId("vote-joke").isVisible()) seen.push(await voteOnce(page, voter, cast));
    else await page.waitForTimeout(50);
  }
}
const BUTTON = { funny: "Buena talla", not_funny: "Fome", skip: "Paso" };

/** A curator's desktop browser with the fixture's four jokes imported and the first labelled funny
 *  (pressing `f` in Jokes, which stays open). */
async function curatorWithJokes() {
  const desk = await browser.newContext();
  await desk.addInitScript((token) => localStorage.setItem("tallas.curator_token", token), CURATOR_TOKEN);
  const curator = await desk.newPage();
  const problems = [];
  curator.on("pageerror", (e) => problems.push(e.message));
  await curator.goto(`${worker.url}/import`);
  await curator.getByTestId("import-files").setInputFiles(FIXTURE_JOKES);
  await curator.getByTestId("import-summary").waitFor();
  await curator.goto(`${worker.url}/jokes`);
  await curator.getByTestId("joke-row").first().waitFor();
  await curator.keyboard.press("f");
  return { desk, curator, problems };
}

/** Votes on the joke shown; returns its text. The next joke must already be there. */
async function voteOnce(page, voter, cast) {
  const text = await page.getByTestId("vote-joke").innerText();
  const vote = choice(voter, text);
  await page.getByRole("button", { name: BUTTON[vote], exact: true }).tap();
  cast.push([text, vote]);
  return text;
}

test("a curator makes a ballot from a filter, three voters on phones vote, and the results and the crowd's labels equal the votes cast", async () => {
  // The curator: four jokes imported, one labelled funny (it becomes the gold joke), the three
  // unlabelled ones chosen with the label filter and sent to the Vote area.
  const { desk, curator, problems: curatorProblems } = await curatorWithJokes();
  await curator.getByLabel("Etiqueta", { exact: true }).selectOption("unlabelled");
  await curator.getByTestId("vote-these").filter({ hasText: "Votar estas 3" }).click();
  await curator.getByTestId("ballot-draft").filter({ hasText: "3 tallas elegidas" }).waitFor();
  await curator.getByLabel(/^Título/).fill("Noche de tallas");
  await curator.getByRole("button", { name: "Crear votación" }).click();
  const link = await curator.getByTestId("ballot-link").inputValue();
  assert.match(link, /\/vote\/[0-9a-f]{32}$/);
  assert.ok(!/token|admin/.test(link), "the admin token never goes into a URL");
  await curator.getByTestId("ballot-qr").locator("svg").waitFor();
  const cast = [];

  // Voter 0: a phone with its CPU slowed 4× on a slow mobile link.
  const slow = await phoneContext(browser);
  const a = await slow.newPage();
  await throttle(a);
  const requestedA = [];
  a.on("request", (r) => requestedA.push(r.url()));
  a.on("response", async (r) => r.url().includes("/api/") && voterAnswers.push(`${r.url()} ${await r.text().catch(() => "")}`));
  await a.goto(link);
  await a.getByTestId("vote-joke").waitFor();
  assert.equal(await a.getByRole("heading", { level: 1 }).innerText(), "Noche de tallas");
  const seenA = [];
  for (let n = 0; n < BALLOT_TEXTS.length; n++) {
    seenA.push(await voteOnce(a, 0, cast));
    if (n < BALLOT_TEXTS.length - 1) {
      // Prefetched: the next joke is on screen without waiting for the network.
      assert.notEqual(await a.getByTestId("vote-joke").innerText(), seenA.at(-1));
    }
  }
  await a.getByTestId("vote-done").waitFor();
  assert.match(await a.getByTestId("vote-done").innerText(), /¡Gracias!\s+Votaste todas las tallas de esta votación/);
  assert.deepEqual([...seenA].sort(), [...BALLOT_TEXTS].sort(), "every joke once, the gold one among them");
  assert.equal(await a.getByTestId("vote-count").innerText(), "4 votadas");
  assert.ok(!requestedA.some((u) => /tallas-app|background_worker/.test(u)), "the curator's app is never loaded");

  // Voter 1 reloads after two votes and carries on where they stopped.
  const reloading = await phoneContext(browser);
  const { page: b, problems: problemsB } = await openVoter(reloading, link);
  await b.getByTestId("vote-joke").waitFor();
  const seenB = [];
  for (let n = 0; n < 2; n++) seenB.push(await voteOnce(b, 1, cast));
  await b.reload();
  await b.getByTestId("vote-joke").waitFor();
  assert.equal(await b.getByTestId("vote-count").innerText(), "2 votadas");
  await voteToTheEnd(b, 1, cast, seenB);
  assert.deepEqual([...seenB].sort(), [...BALLOT_TEXTS].sort(), "no joke shown twice across the reload");
  assert.deepEqual(problemsB, []);

  // Voter 2 loses the connection for three votes: they show as done and wait in the outbox.
  const flaky = await phoneContext(browser);
  const { page: c, problems: problemsC } = await openVoter(flaky, link);
  await c.getByTestId("vote-joke").waitFor();
  await flaky.setOffline(true);
  for (let n = 0; n < 3; n++) await voteOnce(c, 2, cast);
  assert.equal(await c.getByTestId("vote-count").innerText(), "3 votadas");
  await c.getByTestId("vote-banner").filter({ hasText: /Sin conexión.*3 votos por enviar/ }).waitFor();
  await flaky.setOffline(false);
  await c.getByTestId("vote-banner").waitFor({ state: "detached" });
  await voteToTheEnd(c, 2, cast, []);
  await c.getByTestId("vote-done").filter({ hasNotText: /Enviando/ }).waitFor();
  assert.deepEqual(problemsC, []);

  // The curator's results: every vote once, per joke as cast.
  const expected = new Map(BALLOT_TEXTS.map((t) => [t, { funny: 0, not_funny: 0, skip: 0 }]));
  for (const [text, vote] of cast) expected.get(text)[vote]++;
  assert.equal(cast.length, 12);
  await curator.getByTestId("ballot-progress").filter({ hasText: /12 votos · 3 votantes/ }).waitFor({ timeout: 20_000 });
  await curator.getByTestId("ballot-summary").filter({ hasText: /^12 votos · 3 votantes/ }).waitFor({ timeout: 20_000 });
  const rows = curator.getByTestId("ballot-joke");
  assert.equal(await rows.count(), 3, "the gold joke is apart");
  for (let i = 0; i < 3; i++) {
    const cells = await rows.nth(i).locator("td").allInnerTexts();
    const counts = expected.get(cells[0]);
    assert.deepEqual(cells.slice(1, 4).map(Number), [counts.funny, counts.not_funny, counts.skip], cells[0]);
  }
  assert.match(await curator.getByTestId("ballot-gold").innerText(), /Mi cuñado es tan flojo/);

  // Into the workspace, twice: the crowd's label counts each vote once.
  await curator.getByTestId("ballot-pull").click();
  await curator.getByTestId("ballot-outcome").filter({ hasText: "3 tallas" }).waitFor();
  await curator.getByTestId("ballot-pull").click();
  // The first outcome went with the click: this one is the second pull's, stored.
  await curator.getByTestId("ballot-outcome").filter({ hasText: "3 tallas" }).waitFor();
  await curator.goto(`${worker.url}/jokes`);
  await curator.getByTestId("joke-row").first().waitFor();
  await curator.getByTestId("crowd-filter").selectOption("voted");
  await curator.getByTestId("joke-counts").filter({ hasText: /^3 de 4 tallas/ }).waitFor();
  for (let i = 0; i < 3; i++) {
    await curator.getByTestId("joke-row").nth(i).click();
    const text = await curator.getByTestId("detail-text").innerText();
    const counts = expected.get(text);
    const line = await curator.getByTestId("detail-crowd").innerText();
    assert.match(line, new RegExp(`^Público: ${counts.funny} buena, ${counts.not_funny} fome, ${counts.skip} paso;.* de 1 votación`), text);
  }
  assert.deepEqual(curatorProblems, []);
  await Promise.all([desk.close(), slow.close(), reloading.close(), flaky.close()]);
});

test("in the Vote area the search and the filters of Jokes choose a ballot's jokes", async () => {
  // One joke labelled funny: it is left out by the label filter and offered as the gold joke.
  const { desk, curator, problems } = await curatorWithJokes();
  await curator.getByTestId("save-state").filter({ hasText: /^Cambios guardados/ }).waitFor();
  // Jokes chosen in Jokes come first; the curator can choose with filters instead.
  await curator.getByTestId("vote-these").filter({ hasText: "Votar estas 4" }).click();
  await curator.getByTestId("ballot-draft").filter({ hasText: "4 tallas elegidas" }).waitFor();
  await curator.getByRole("button", { name: "Elegir con filtros" }).click();

  const matching = curator.getByTestId("ballot-matching");
  await matching.filter({ hasText: /^4 de 4 tallas/ }).waitFor();
  await curator.getByLabel("Etiqueta", { exact: true }).selectOption("unlabelled");
  await matching.filter({ hasText: /^3 de 4 tallas/ }).waitFor();
  await curator.getByLabel("Buscar").fill("feria");
  await matching.filter({ hasText: /^1 de 4 tallas/ }).waitFor();
  assert.deepEqual(await curator.getByTestId("ballot-preview").locator("li").allInnerTexts(), [BALLOT_TEXTS[2]]);
  await curator.getByLabel("Buscar").fill("");
  await matching.filter({ hasText: /^3 de 4 tallas/ }).waitFor();
  // The control the ballot would get is shown with its expected answer, and can be taken out.
  const controls = curator.getByTestId("ballot-gold-choice");
  await controls.first().waitFor();
  assert.deepEqual(await controls.allInnerTexts(), [`Buena talla · ${BALLOT_TEXTS[0]} Quitar`]);
  await controls.getByRole("button", { name: "Quitar" }).click();
  await controls.first().waitFor({ state: "detached" });
  await curator.getByLabel(/^Título/).fill("Tallas sin etiqueta");
  await curator.getByRole("button", { name: "Crear votación" }).click();
  await curator.getByTestId("ballot-link").waitFor();

  // The ballot holds exactly the jokes the filters matched, and no control.
  const rows = curator.getByTestId("ballot-joke");
  await rows.nth(2).waitFor();
  const texts = await Promise.all([0, 1, 2].map((i) => rows.nth(i).locator("td").first().innerText()));
  assert.deepEqual(texts.sort(), BALLOT_TEXTS.slice(1).sort());
  assert.equal(await rows.count(), 3);
  assert.equal(await curator.getByTestId("ballot-gold").count(), 0);
  assert.deepEqual(problems, []);
  await desk.close();
});

test("a phone's layout: big tap targets, no sideways scroll at 360 px or at 200% zoom, named controls", async () => {
  const ballot = await createBallot();
  const context = await phoneContext(browser);
  const { page } = await openVoter(context, ballot.url);
  await page.getByTestId("vote-joke").waitFor();
  const group = page.getByRole("group", { name: "Tu voto" });
  for (const name of ["Buena talla", "Fome", "Paso"]) {
    const box = await group.getByRole("button", { name, exact: true }).boundingBox();
    assert.ok(box.height >= 48 && box.width >= 48, `${name}: ${box.width}×${box.height}`);
  }
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(await sideways(), 0);
  // 200% zoom on a 360 px phone lays the page out in 180 CSS pixels.
  await page.setViewportSize({ width: 180, height: 370 });
  assert.equal(await sideways(), 0);
  assert.ok(await page.getByRole("button", { name: "Paso" }).isVisible());
  await context.close();
});

test("on a desktop the keys f, n and s vote, and Tab reaches the buttons in order", async () => {
  const ballot = await createBallot();
  const context = await browser.newContext();
  const { page } = await openVoter(context, ballot.url);
  await page.getByTestId("vote-joke").waitFor();
  const first = await page.getByTestId("vote-joke").innerText();
  await page.keyboard.press("f");
  await page.getByTestId("vote-count").filter({ hasText: "1 votada" }).waitFor();
  assert.notEqual(await page.getByTestId("vote-joke").innerText(), first);
  await page.keyboard.press("n");
  await page.keyboard.press("s");
  await page.getByTestId("vote-count").filter({ hasText: "3 votadas" }).waitFor();
  const order = [];
  for (let n = 0; n < 3; n++) {
    await page.keyboard.press("Tab");
    order.push(await page.evaluate(() => document.activeElement?.textContent?.trim()));
  }
  assert.deepEqual(order, ["Buena talla", "Fome", "Paso"]);
  await context.close();
});

test("an unknown ballot and a closed one each say so", async () => {
  const context = await phoneContext(browser);
  const { page } = await openVoter(context, `${worker.url}/vote/0123456789abcdef0123456789abcdef`);
  assert.match(await page.getByTestId("vote-unknown").innerText(), /Esta votación no existe/);
  const ballot = await createBallot();
  const closed = await fetch(`${worker.url}/api/ballots/${ballot.ballot_id}/close`, {
    method: "POST",
    headers: { authorization: `Bearer ${ballot.admin_token}` },
  });
  assert.equal(closed.status, 200);
  await page.goto(ballot.url);
  assert.match(await page.getByTestId("vote-closed").innerText(), /La votación terminó/);
  await page.goto(`${worker.url}/vote/`);
  await page.getByTestId("open-not-found").waitFor();
  await context.close();
});

test("a rate limit is shown as a wait that ends by itself, and no vote is lost", async () => {
  const ballot = await createBallot(limited.url);
  const context = await phoneContext(browser);
  const { page, problems } = await openVoter(context, ballot.url);
  await page.getByTestId("vote-joke").waitFor();
  const cast = [];
  // The limit is 3 votes per 8 s window from one address. Windows are fixed, so one may turn
  // between two votes: vote until the wait shows (by the seventh at the latest, as any two
  // windows of seven votes hold four in one).
  const waiting = page.getByTestId("vote-banner").filter({ hasText: /Seguimos solos en \d s/ });
  while (cast.length < 4 || (cast.length < 7 && !(await waiting.isVisible()))) await voteOnce(page, 3, cast);
  await waiting.waitFor();
  await page.getByTestId("vote-banner").waitFor({ state: "detached", timeout: 20_000 });
  const deadline = Date.now() + 20_000;
  while ((await results(ballot, limited.url)).votes < cast.length && Date.now() < deadline) await page.waitForTimeout(200);
  assert.equal((await results(ballot, limited.url)).votes, cast.length, "every vote cast is counted, once");
  assert.deepEqual(problems, []);
  await context.close();
});

test("an unreachable worker is shown, tried again by itself, and voting goes on once it answers", async () => {
  const ballot = await createBallot();
  const context = await phoneContext(browser);
  await context.route("**/api/ballots/*/next*", (route) => route.abort("connectionrefused"));
  const { page } = await openVoter(context, ballot.url);
  assert.match(await page.getByTestId("vote-unreachable").innerText(), /No pudimos conectar/);
  await context.unroute("**/api/ballots/*/next*");
  await page.getByRole("button", { name: "Reintentar ahora" }).tap();
  await page.getByTestId("vote-joke").waitFor();
  await context.close();
});

test("no answer a voter's page received names a gold answer or a curator's joke id", () => {
  assert.ok(voterAnswers.length > 30, `only ${voterAnswers.length} answers seen`);
  const curatorIds = [...JOKES, ...GOLD].map((j) => j.id);
  for (const answer of voterAnswers) {
    assert.ok(!/"expected"|gold_expected|"gold"/.test(answer), answer.slice(0, 300));
    for (const id of curatorIds) assert.ok(!answer.includes(id), `${id} in ${answer.slice(0, 300)}`);
    // The fixture's jokes are named by their import ids (r900-…) in the workspace, never here.
    assert.ok(!/"id":"r9\d\d-/.test(answer), answer.slice(0, 300));
  }
});
