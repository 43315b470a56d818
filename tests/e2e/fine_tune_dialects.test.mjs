// Fine-tuning through the page where fine-tuning still exists, in real Chromium: one frozen dataset
// tuned on a Together-shaped provider and on an OpenAI-shaped one whose adapters are deployed
// before they chat (Nebius), in one run. For each: the form asks what that dialect takes (epochs
// and a LoRA rank, not steps), the estimate (Together's own; OpenAI-shaped: "unknown", never 0),
// the button that says it spends, the job followed through its stages across a reload to a model
// id, and that model telling a joke in the playground and offered to the evaluation.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { CURATOR_TOKEN, launchChromium, startFakeMistral, startWorker } from "../support/services.mjs";
import { curate, freeze } from "../support/workspace.mjs";

const KEY = "provider-key-0123456789";
const TOGETHER_BASE = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";
const TOGETHER_SERVERLESS = "Qwen/Qwen2.5-7B-Instruct";
const NEBIUS_BASE = "meta-llama/Llama-3.1-8B-Instruct";

let mistral;
let together;
let nebius;
let worker;
let browser;

before(async () => {
  [mistral, together, nebius, browser] = await Promise.all([
    startFakeMistral(),
    startFakeMistral({ key: KEY, args: ["--fine-tuning", "together", "--job-step-ms", "1500"] }),
    startFakeMistral({ key: KEY, args: ["--fine-tuning", "openai", "--deploy-lora", "--job-step-ms", "1500"] }),
    launchChromium(),
  ]);
  const upstreams = JSON.stringify([
    { name: "together", base_url: together.url, key_secret: "PROVIDER_KEY", fine_tuning: "together", tunable: [TOGETHER_BASE, TOGETHER_SERVERLESS], serverless_lora: [TOGETHER_SERVERLESS] },
    { name: "nebius", base_url: nebius.url, key_secret: "PROVIDER_KEY", fine_tuning: "openai", deploy_lora: true, tunable: [NEBIUS_BASE] },
  ]);
  worker = await startWorker({ upstreamUrl: mistral.url, vars: { UPSTREAMS: upstreams, PROVIDER_KEY: KEY } });
});

after(async () => {
  await browser?.close();
  await Promise.all([worker, mistral, together, nebius].map((service) => service?.stop()));
});

/** Follows the first card until its stage is `stage`, recording every stage it showed. */
async function stagesUntil(page, stage, seen) {
  const card = page.getByTestId("tuned").first();
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline) {
    const now = await card.getAttribute("data-stage");
    if (now && seen.at(-1) !== now) seen.push(now);
    if (now === stage) return card;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the card never reached ${stage}: ${seen.join(" → ")}`);
}

/** Tells a joke with `model` in the playground, opened from the card; the provider's chat calls. */
async function jokeFrom(page, card, upstream) {
  await upstream.resetCalls();
  await card.getByTestId("tuned-playground").click();
  await page.getByLabel("Palabra clave").fill("cazuela");
  await page.getByLabel("Palabra clave").press("Enter");
  await page.getByTestId("joke").waitFor({ timeout: 20_000 });
  return (await upstream.calls()).requests.filter((r) => r.path === "/v1/chat/completions").map((r) => r.model);
}

test("one dataset tuned on Together and on a Nebius-like provider, each followed to a model that tells a joke", async () => {
  const context = await browser.newContext();
  await context.addInitScript((token) => localStorage.setItem("tallas.curator_token", token), CURATOR_TOKEN);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${worker.url}/import`);
  await curate(page, worker.url);
  await freeze(page, worker.url, "Curadas");
  await page.goto(`${worker.url}/fine-tune`);

  // Together: epochs and a rank, not steps; a base it serves only from a dedicated endpoint says so.
  await page.getByTestId("fine-tune-base").selectOption(`together:${TOGETHER_BASE}`);
  await page.getByTestId("fine-tune-epochs").waitFor();
  assert.equal(await page.getByTestId("fine-tune-steps").count(), 0);
  await page.getByTestId("fine-tune-needs-endpoint").waitFor();
  await page.getByTestId("fine-tune-base").selectOption(`together:${TOGETHER_SERVERLESS}`);
  assert.equal(await page.getByTestId("fine-tune-needs-endpoint").count(), 0);
  await page.getByTestId("fine-tune-epochs").fill("2");
  await page.getByTestId("fine-tune-rank").fill("16");
  await page.getByTestId("fine-tune-estimate").click();
  assert.match(await page.getByTestId("fine-tune-estimate-result").innerText(), /^Entrenaría \d+ tokens en 2 épocas; costo estimado \d+\.\d\d USD\.$/);
  assert.equal(await page.getByTestId("fine-tune-create").innerText(), "Empezar el ajuste (esto gasta)");
  await page.getByTestId("fine-tune-create").click();
  assert.match(await page.getByTestId("fine-tune-created").innerText(), /^Ajuste together:ft-.* creado y en marcha/);
  const seen = [];
  await stagesUntil(page, "running", seen);
  assert.equal(await page.getByTestId("tuned-start").count(), 0, "a job that started when created has nothing to start");
  await page.reload();
  const card = await stagesUntil(page, "succeeded", seen);
  assert.match(await card.getByTestId("tuned-status").innerText(), /^Listo · completed$/);
  const model = (await card.getByTestId("tuned-model").innerText()).replace(/^Modelo: /, "");
  assert.match(model, /^together:tallas\/Qwen2\.5-7B-Instruct-/);
  assert.deepEqual(await jokeFrom(page, card, together), [model.replace(/^together:/, "")]);

  // Nebius: OpenAI's shape; no estimate and no known price, said as such; deployed before it chats.
  await page.goto(`${worker.url}/fine-tune`);
  await page.getByTestId("fine-tune-base").selectOption(`nebius:${NEBIUS_BASE}`);
  await page.getByTestId("fine-tune-rank").fill("8");
  await page.getByTestId("fine-tune-rate").fill("0,0002");
  await page.getByTestId("fine-tune-estimate").click();
  assert.match(await page.getByTestId("fine-tune-estimate-result").innerText(), /en 3 épocas; costo estimado desconocido \(el proveedor no da estimación/);
  await page.getByTestId("fine-tune-create").click();
  await page.getByTestId("fine-tune-created").waitFor();
  const stages = [];
  const deployed = await stagesUntil(page, "succeeded", stages);
  assert.ok(stages.includes("deploying"), `deploying is a stage of its own: ${stages.join(" → ")}`);
  const tuned = (await deployed.getByTestId("tuned-model").innerText()).replace(/^Modelo: /, "");
  assert.match(tuned, /^nebius:meta-llama\/Llama-3\.1-8B-Instruct-LoRa:tallas-ftjob-/);
  await deployed.getByTestId("tuned-evaluate").click();
  await page.getByTestId("new-evaluation").waitFor();
  assert.equal(await page.getByTestId("evaluation-models").inputValue(), tuned);
  await page.goBack();
  assert.deepEqual(await jokeFrom(page, page.getByTestId("tuned").first(), nebius), [tuned.replace(/^nebius:/, "")]);

  // A tuned model its provider no longer serves is said to be that, in the reader's language.
  const gone = `nebius:${NEBIUS_BASE}-LoRa:tallas-ftjob-999-0001`;
  await page.goto(`${worker.url}/playground?model=${encodeURIComponent(gone)}`);
  await page.getByLabel("Palabra clave").fill("cazuela");
  await page.getByLabel("Palabra clave").press("Enter");
  assert.match(await page.getByTestId("playground-error").innerText(), /^El proveedor no sirve este modelo, o ya no: si lo ajustaste allí, lo borró/);
  assert.deepEqual(problems, []);
  await context.close();
});
