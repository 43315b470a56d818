// The public playground, /play, against the worker and the fake upstream, on an emulated phone: a
// closed playground until a curator publishes models, a joke streamed so its first words show while
// the upstream is still sending (on a slowed CPU and a slow mobile link), "Otra", the last jokes
// kept across a reload, a model named only by its public name, and every limit the worker enforces
// read as a sentence: the keyword empty or too long, too many requests (then it goes on by itself),
// the day's budget spent, a joke cut mid-way or running too long, the worker unreachable. And the
// arena, from a match of two unnamed jokes to the reveal of who wrote which.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { phoneContext, throttle } from "../support/phone.mjs";
import { CURATOR_TOKEN, launchChromium, startFakeMistral, startWorker } from "../support/services.mjs";

let fake;
let slowFake;
let worker;
let limited;
let spent;
let browser;

const NAMED = {
  models: [{ id: "mistral-small-latest", name: "talla-7b" }, "ministral-8b-latest"],
  max_output_tokens: 50,
  suggestions: ["suegra", "la micro", "completo"],
};

before(async () => {
  // The slow fake pauses 300 ms between streamed events: a joke takes about three seconds.
  [fake, slowFake] = await Promise.all([startFakeMistral(), startFakeMistral({ args: ["--chunk-delay-ms", "300"] })]);
  [worker, limited, spent] = await Promise.all([
    startWorker({ upstreamUrl: slowFake.url }),
    startWorker({ upstreamUrl: fake.url, vars: { RATE_LIMIT_PLAY_PER_MINUTE: "1", RATE_LIMIT_WINDOW_SECONDS: "3" } }),
    // Less than one answer's reservation: the first ask finds the day's budget spent.
    startWorker({ upstreamUrl: fake.url, vars: { PLAY_DAILY_TOKEN_BUDGET: "100" } }),
  ]);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await Promise.all([worker, limited, spent, fake, slowFake].map((service) => service?.stop()));
});

async function publish(base, body = NAMED) {
  const res = await fetch(`${base}/api/play/config`, {
    method: "PUT",
    headers: { authorization: `Bearer ${CURATOR_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, await res.text());
}

/** The playground on a phone, keeping page errors and every URL requested. */
async function openPlayer(context, base) {
  const page = await context.newPage();
  const problems = [];
  const requested = [];
  page.on("pageerror", (e) => problems.push(e.message));
  page.on("request", (r) => requested.push(r.url()));
  await page.goto(`${base}/play`);
  return { page, problems, requested };
}

async function ask(page, keyword) {
  await page.getByTestId("play-keyword").fill(keyword);
  await page.getByTestId("play-ask").tap();
}

const notice = (page) => page.getByTestId("play-notice");

test("closed until a curator publishes; then a joke streams in on a slow phone, told by its public name, and Otra asks again", async () => {
  const context = await phoneContext(browser);
  const { page, problems, requested } = await openPlayer(context, worker.url);
  await page.getByTestId("play-closed").waitFor();
  assert.match(await page.getByTestId("play-closed").innerText(), /El playground está cerrado/);
  assert.ok(!(await page.getByTestId("play-keyword").isVisible()), "nothing to ask while closed");

  await publish(worker.url);
  await throttle(page);
  await page.reload();
  await page.getByTestId("play-keyword").waitFor();
  assert.deepEqual(await page.getByTestId("play-model").locator("option").allInnerTexts(), ["talla-7b", "ministral-8b-latest"]);
  // The curator's suggested keywords: a tap fills the box.
  const ideas = page.getByRole("group", { name: "Ideas" });
  assert.deepEqual(await ideas.getByRole("button").allInnerTexts(), ["suegra", "la micro", "completo"]);
  await ideas.getByRole("button", { name: "suegra" }).tap();
  assert.equal(await page.getByTestId("play-keyword").inputValue(), "suegra");

  await page.getByTestId("play-ask").tap();
  // The first words show while the upstream is still sending the rest.
  const joke = page.getByTestId("play-joke");
  await page.waitForFunction(() => document.querySelector("[data-testid=play-joke]")?.textContent.length > 0);
  const early = await joke.innerText();
  assert.ok(!(await page.getByTestId("play-told-by").isVisible()), "the joke is not whole yet");
  await page.getByTestId("play-told-by").waitFor({ timeout: 20_000 });
  const whole = await joke.innerText();
  assert.ok(whole.startsWith(early) && whole.length > early.length + 20, `${early} → ${whole}`);
  assert.match(whole, /suegra/);
  assert.equal(await page.getByTestId("play-told-by").innerText(), "Contada por talla-7b");
  assert.doesNotMatch(await page.content(), /mistral-small-latest/);

  // "Otra": the same keyword again, the first joke now in the list below.
  await page.getByTestId("play-again").tap();
  await page.getByTestId("play-told-by").waitFor({ state: "detached" });
  await page.getByTestId("play-told-by").waitFor({ timeout: 20_000 });
  assert.match(await page.getByTestId("play-history").innerText(), /suegra · /);

  // The other model, chosen by its public name.
  await page.getByTestId("play-model").selectOption("ministral-8b-latest");
  await ask(page, "la micro");
  await page.getByTestId("play-told-by").waitFor({ state: "detached" });
  await page.getByTestId("play-told-by").waitFor({ timeout: 20_000 });
  assert.equal(await page.getByTestId("play-told-by").innerText(), "Contada por ministral-8b-latest");

  // The last jokes stay in this browser.
  await page.reload();
  await page.getByTestId("play-history").waitFor();
  const kept = await page.getByTestId("play-history").locator("li").allInnerTexts();
  assert.equal(kept.length, 3, kept.join("\n"));
  assert.match(kept[0], /^la micro · /);
  assert.ok(!requested.some((u) => /tallas-app|background_worker/.test(u)), "the curator's app is never loaded");
  assert.deepEqual(problems, []);
  await context.close();
});

test("a keyword empty or too long is refused in words before any request", async () => {
  await publish(worker.url);
  const context = await phoneContext(browser);
  const { page, requested } = await openPlayer(context, worker.url);
  await page.getByTestId("play-keyword").waitFor();
  const asked = () => requested.filter((u) => u.endsWith("/api/play")).length;
  await ask(page, "   ");
  assert.equal(await notice(page).innerText(), "Escribe una palabra o una frase corta primero.");
  await ask(page, "x".repeat(61));
  assert.equal(await notice(page).innerText(), "La palabra clave tiene 61 caracteres; el máximo es 60. Acórtala.");
  assert.equal(asked(), 0);
  await context.close();
});

test("too many requests reads as a countdown, and asking works again by itself", async () => {
  await publish(limited.url);
  const context = await phoneContext(browser);
  const { page } = await openPlayer(context, limited.url);
  await page.getByTestId("play-keyword").waitFor();
  // One per 3 s window; a window may turn between two asks, so ask until the limit shows. The
  // notice and the button are read the moment the notice appears: its countdown may be 1 s.
  let limit = null;
  for (let i = 0; i < 6 && !limit; i++) {
    await ask(page, `rápido ${i}`);
    // Asking clears the last "told by"; then either a joke is told or the limit shows.
    await page.getByTestId("play-told-by").waitFor({ state: "detached" });
    const seen = await page.waitForFunction(() => {
      const shown = document.querySelector("[data-testid=play-notice]");
      if (shown) return { text: shown.innerText, disabled: document.querySelector("[data-testid=play-ask]").disabled };
      return document.querySelector("[data-testid=play-told-by]") ? { told: true } : false;
    });
    const value = await seen.jsonValue();
    if (!value.told) limit = value;
  }
  assert.match(limit?.text ?? "no limit shown", /^Vas muy rápido: espera [1-3] s y pide otra\.$/);
  assert.ok(limit.disabled, "asking waits for the countdown");
  await notice(page).waitFor({ state: "detached", timeout: 6_000 });
  assert.ok(await page.getByTestId("play-ask").isEnabled());
  await ask(page, "después");
  await page.getByTestId("play-told-by").waitFor();
  await context.close();
});

test("the day's budget spent says when it comes back", async () => {
  await publish(spent.url);
  const context = await phoneContext(browser);
  const { page } = await openPlayer(context, spent.url);
  await ask(page, "suegra");
  assert.match(
    await notice(page).innerText(),
    /^Por hoy se acabaron las tallas: el presupuesto del día se gastó\. Vuelve después de las 00:00 UTC \(en \d+ h \d+ min\)\.$/,
  );
  assert.ok(await page.getByTestId("play-ask").isDisabled());
  await context.close();
});

test("a joke cut mid-way or running too long says so, keeps what arrived, and Otra is there", async () => {
  await publish(worker.url);
  const context = await phoneContext(browser);
  const { page } = await openPlayer(context, worker.url);
  await page.getByTestId("play-keyword").waitFor();
  await slowFake.queueFaults(["stream-cut"]);
  await ask(page, "cortado");
  await notice(page).waitFor({ timeout: 20_000 });
  assert.equal(await notice(page).innerText(), "La talla quedó a medias: el modelo dejó de responder. Pide otra.");
  assert.ok((await page.getByTestId("play-joke").innerText()).length > 0, "what arrived stays");
  assert.ok(await page.getByTestId("play-again").isVisible());

  // A model that ignores max_tokens (a scripted answer does) is cut at the tokens set aside.
  // 660 characters in ten events, past the 400 that 50 tokens allow.
  await slowFake.queueReplies(["blablablablablablabla ".repeat(30)]);
  await page.getByTestId("play-again").tap();
  await notice(page).waitFor({ timeout: 30_000 });
  assert.equal(await notice(page).innerText(), "La talla quedó a medias: el modelo se pasó del largo permitido. Pide otra.");
  await context.close();
});

test("a worker out of reach says so, and trying again opens the playground", async () => {
  await publish(worker.url);
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await page.route("**/api/play/config", (route) => route.abort("internetdisconnected"));
  await page.goto(`${worker.url}/play`);
  await page.getByTestId("play-unreachable").waitFor();
  await page.unroute("**/api/play/config");
  await page.getByTestId("play-unreachable").getByRole("button").tap();
  await page.getByTestId("play-keyword").waitFor();
  // Asking while offline.
  await page.route("**/api/play", (route) => route.abort("internetdisconnected"));
  await ask(page, "suegra");
  assert.equal(await notice(page).innerText(), "No pudimos conectar con el servidor. Revisa tu conexión y vuelve a pedir.");
  await context.close();
});

test("the arena on a phone: two unnamed jokes, a pick, then who wrote which, and the vote counted once", async () => {
  await publish(worker.url);
  const context = await phoneContext(browser);
  const { page, problems } = await openPlayer(context, worker.url);
  await page.getByTestId("mode-arena").tap();
  await page.getByTestId("arena-keyword").fill("asado");
  await page.getByTestId("arena-start").tap();
  await page.getByTestId("arena-joke-a").waitFor({ timeout: 30_000 });
  for (const slot of ["a", "b"]) assert.match(await page.getByTestId(`arena-joke-${slot}`).innerText(), /asado/);
  // Nothing names a model before the vote.
  assert.doesNotMatch(await page.locator("main").innerText(), /talla-7b|ministral|mistral/);
  const choices = page.getByRole("group", { name: "¿Cuál es mejor?" });
  assert.deepEqual(await choices.getByRole("button").allInnerTexts(), ["A", "B", "Empate", "Ninguna"]);
  await choices.getByRole("button", { name: "Empate" }).tap();
  await page.getByTestId("arena-thanks").waitFor();
  const wrote = [await page.getByTestId("arena-joke-a-by").innerText(), await page.getByTestId("arena-joke-b-by").innerText()].sort();
  assert.deepEqual(wrote, ["La escribió ministral-8b-latest", "La escribió talla-7b"]);
  assert.equal(await choices.getByRole("button", { name: "Empate" }).getAttribute("aria-pressed"), "true");
  assert.ok(await choices.getByRole("button", { name: "A", exact: true }).isDisabled(), "one vote per match");

  // The curator's count has it; another round is a new match.
  const counted = await fetch(`${worker.url}/api/play/arena/votes`, { headers: { authorization: `Bearer ${CURATOR_TOKEN}` } }).then((r) => r.json());
  assert.equal(counted.tallies.filter((t) => t.choice === "tie").reduce((n, t) => n + t.votes, 0), 1);
  await page.getByTestId("arena-again").tap();
  await page.getByTestId("arena-thanks").waitFor({ state: "detached" });
  await choices.getByRole("button", { name: "B", exact: true }).waitFor();
  assert.ok(await choices.getByRole("button", { name: "B", exact: true }).isEnabled());
  assert.deepEqual(problems, []);
  await context.close();
});

test("with one published model the arena says it needs two", async () => {
  await publish(worker.url, { models: ["mistral-small-latest"], max_output_tokens: 50 });
  const context = await phoneContext(browser);
  const page = await context.newPage();
  await page.goto(`${worker.url}/play?arena`);
  await page.getByTestId("arena-keyword").fill("solo");
  await page.getByTestId("arena-start").tap();
  assert.equal(await notice(page).innerText(), "La arena necesita dos modelos publicados; por ahora puedes pedir una talla.");
  assert.equal(await page.getByTestId("mode-ask").count(), 0, "no switch to an arena that cannot run");
  await context.close();
  await publish(worker.url);
});

test("a phone's layout: big tap targets, no sideways scroll at 360 px or at 200% zoom, labelled controls", async () => {
  await publish(worker.url);
  const context = await phoneContext(browser);
  const { page } = await openPlayer(context, worker.url);
  await page.getByLabel("Palabra clave").waitFor();
  await page.getByLabel("Modelo").waitFor();
  for (const control of [page.getByTestId("play-ask"), page.getByTestId("play-keyword"), page.getByTestId("play-model")]) {
    const box = await control.boundingBox();
    assert.ok(box.height >= 48 && box.width >= 48, `${box.width}×${box.height}`);
  }
  const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(await sideways(), 0);
  await page.getByTestId("mode-arena").tap();
  for (const control of [page.getByTestId("mode-ask"), page.getByTestId("mode-arena"), page.getByTestId("arena-start")]) {
    const box = await control.boundingBox();
    assert.ok(box.height >= 48 && box.width >= 48, `${box.width}×${box.height}`);
  }
  assert.equal(await sideways(), 0);
  await page.setViewportSize({ width: 180, height: 370 });
  assert.equal(await sideways(), 0);
  await context.close();
});
