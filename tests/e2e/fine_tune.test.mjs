// Fine-tuning in real Chromium against the worker and the fake upstream, whose jobs advance one
// status per step: a frozen dataset's file uploaded once, a dry run's cost, a job created without
// starting, started, followed through a reload to its tuned model id with its history, and offered
// to the evaluation and the playground; a base model of another provider tuned there, from files uploaded
// there; a model tuned elsewhere registered by its id; and, when no model can be tuned (Mistral's
// deprecated API), the page says so and leaves the export and the registration.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { CURATOR_TOKEN, launchChromium, startAppServices, startFakeMistral, startWorker, stopAppServices } from "../support/services.mjs";
import { curate, freeze } from "../support/workspace.mjs";

let fake;
let worker;
let browser;

before(async () => ({ fake, worker, browser } = await startAppServices({ fakeArgs: ["--job-step-ms", "400"] })));
after(() => stopAppServices({ fake, worker, browser }));

async function openPage(base, path) {
  const context = await browser.newContext();
  await context.addInitScript((token) => localStorage.setItem("tallas.curator_token", token), CURATOR_TOKEN);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${base}${path}`);
  return { context, page, problems };
}

async function uploads() {
  return (await fake.calls()).requests.filter((r) => r.path === "/v1/files").length;
}

test("a frozen dataset's fine-tune: uploaded once, estimated, created, started, followed through a reload to its model, offered to the evaluation", async () => {
  const { context, page, problems } = await openPage(worker.url, "/import");
  await curate(page, worker.url);
  await freeze(page, worker.url, "Curadas");
  await fake.resetCalls();

  await page.goto(`${worker.url}/fine-tune`);
  await page.getByTestId("tuned-empty").waitFor();
  await page.getByTestId("fine-tune-base").selectOption("ministral-8b-latest");
  await page.getByTestId("fine-tune-steps").fill("12");
  await page.getByTestId("fine-tune-estimate").click();
  const estimate = await page.getByTestId("fine-tune-estimate-result").innerText();
  assert.match(estimate, /^Entrenaría \d+ tokens en 12 pasos; costo estimado \d+\.\d\d USD\.$/);
  assert.equal(await uploads(), 1, "the training file (the dataset has no validation examples)");

  // A number that does not read is named before any call.
  await page.getByTestId("fine-tune-rate").fill("rápido");
  await page.getByTestId("fine-tune-create").click();
  assert.match(await page.getByTestId("fine-tune-error").innerText(), /tasa de aprendizaje un número/);
  await page.getByTestId("fine-tune-rate").fill("0,0002");
  await page.getByTestId("fine-tune-create").click();
  await page.getByTestId("fine-tune-created").waitFor();
  assert.equal(await uploads(), 1, "the dataset's file is uploaded once, for every job on it");

  // Created without starting: it validates, then waits for the curator.
  const card = page.getByTestId("tuned").first();
  await card.getByTestId("tuned-start").waitFor({ timeout: 20_000 });
  assert.equal(await card.getAttribute("data-status"), "VALIDATED");
  assert.match(await card.innerText(), /ajustado con el dataset «Curadas» · desde ministral-8b-latest/);
  assert.equal(await card.getByTestId("tuned-forget").count(), 0, "a job not ended is cancelled, not forgotten");
  await card.getByTestId("tuned-start").click();
  await page.locator('[data-testid="tuned"][data-status="RUNNING"], [data-testid="tuned"][data-status="STARTED"]').first().waitFor({ timeout: 20_000 });

  // A reload mid-training: the job is still there, started (the start was kept at once), and
  // followed to its end.
  await page.reload();
  const again = page.getByTestId("tuned").first();
  await again.waitFor();
  assert.notEqual(await again.getAttribute("data-status"), "VALIDATED");
  await page.locator('[data-testid="tuned"][data-status="SUCCESS"]').waitFor({ timeout: 30_000 });
  const history = await again.getByTestId("tuned-history").innerText();
  assert.match(history, /^QUEUED .*→ VALIDATING .*→ VALIDATED .*→ .*SUCCESS/);
  const model = (await again.getByTestId("tuned-model").innerText()).replace(/^Modelo: /, "");
  assert.match(model, /^ft:ministral-8b-latest:/);
  await again.getByTestId("tuned-forget").waitFor();

  await again.getByTestId("tuned-evaluate").click();
  await page.getByTestId("new-evaluation").waitFor();
  assert.equal(await page.getByTestId("evaluation-models").inputValue(), model);

  // And to the playground, where it tells a joke by its id.
  await page.goBack();
  await page.getByTestId("tuned-playground").first().click();
  assert.equal(await page.getByTestId("playground-model").inputValue(), model);
  await fake.resetCalls();
  await page.getByLabel("Palabra clave").fill("cazuela");
  await page.getByLabel("Palabra clave").press("Enter");
  await page.getByTestId("joke").waitFor();
  const chats = (await fake.calls()).requests.filter((r) => r.path === "/v1/chat/completions");
  assert.deepEqual(chats.map((c) => c.model), [model]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a base model of another provider is tuned there: the dataset's files go to that provider, the model comes back named for it", async () => {
  const GPU_KEY = "gpu-provider-key-0123456789";
  const provider = await startFakeMistral({ key: GPU_KEY, args: ["--job-step-ms", "200"] });
  const upstreams = JSON.stringify([{ name: "gpu", base_url: `${provider.url}/v1`, key_secret: "GPU_KEY", fine_tuning: "mistral" }]);
  const both = await startWorker({ upstreamUrl: fake.url, vars: { UPSTREAMS: upstreams, GPU_KEY } });
  try {
    const { context, page, problems } = await openPage(both.url, "/import");
    await curate(page, both.url);
    await freeze(page, both.url, "Curadas");
    await Promise.all([fake.resetCalls(), provider.resetCalls()]);
    const filesAt = async (upstream) => (await upstream.calls()).requests.filter((r) => r.path === "/v1/files").length;

    await page.goto(`${both.url}/fine-tune`);
    await page.getByTestId("fine-tune-base").selectOption("gpu:ministral-8b-latest");
    await page.getByTestId("fine-tune-create").click();
    await page.getByTestId("fine-tune-created").waitFor();
    assert.deepEqual([await filesAt(fake), await filesAt(provider)], [0, 1], "the files went to the provider");
    const card = page.getByTestId("tuned").first();
    await card.getByTestId("tuned-start").click({ timeout: 20_000 });
    await page.locator('[data-testid="tuned"][data-status="SUCCESS"]').waitFor({ timeout: 30_000 });
    assert.match(await card.getByTestId("tuned-model").innerText(), /^Modelo: gpu:ft:ministral-8b-latest:/);

    // A job on Mistral from the same dataset uploads its files there, once.
    await page.getByTestId("fine-tune-base").selectOption("ministral-8b-latest");
    const estimates = async () => (await fake.calls()).requests.filter((r) => r.route === "POST /v1/fine_tuning/jobs").length;
    for (const asked of [1, 2]) {
      await page.getByTestId("fine-tune-estimate").click();
      const deadline = Date.now() + 30_000;
      while ((await estimates()) < asked && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.equal(await estimates(), asked, "each estimate reached Mistral");
    }
    await page.getByTestId("fine-tune-estimate-result").waitFor();
    assert.deepEqual([await filesAt(fake), await filesAt(provider)], [1, 1]);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await Promise.all([both.stop(), provider.stop()]);
  }
});

test("a model tuned elsewhere is registered by its id, with its dataset; a bad id is refused", async () => {
  const { context, page, problems } = await openPage(worker.url, "/fine-tune");
  // Nothing frozen yet: the new fine-tune says where a dataset comes from, the registration stays.
  const none = page.getByTestId("fine-tune-no-datasets");
  assert.match(await none.innerText(), /Aún no hay un dataset congelado/);
  assert.equal(await none.getByRole("link").getAttribute("href"), "/dataset");
  await page.getByTestId("register-id").fill("local:qwen 7b");
  await page.getByTestId("register-save").click();
  assert.match(await page.getByTestId("register-error").innerText(), /contains ' '/);
  await page.getByTestId("register-id").fill("local:qwen2.5-7b-tallas");
  await page.getByTestId("register-note").fill("Unsloth, 3 épocas, en la GPU de la oficina");
  await page.getByTestId("register-save").click();
  const card = page.getByTestId("tuned").first();
  await card.filter({ hasText: "local:qwen2.5-7b-tallas" }).waitFor();
  assert.equal(await card.getAttribute("data-status"), "Registrado");
  assert.match(await card.innerText(), /Unsloth, 3 épocas/);
  await page.reload();
  await page.getByTestId("tuned").filter({ hasText: "local:qwen2.5-7b-tallas" }).waitFor();

  // Forgotten after asking (the model itself is not touched), and still gone after a reload.
  let asked = "";
  page.once("dialog", (dialog) => {
    asked = dialog.message();
    return dialog.accept();
  });
  await page.getByTestId("tuned-forget").click();
  await page.getByTestId("tuned-empty").waitFor();
  assert.match(asked, /¿Olvidar local:qwen2\.5-7b-tallas en este navegador\?/);
  await page.reload();
  await page.getByTestId("tuned-empty").waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test("without a model that can be tuned (Mistral's deprecated API) the page says so and keeps the registration", async () => {
  const deprecated = await startFakeMistral({ args: ["--no-fine-tuning"] });
  const other = await startWorker({ upstreamUrl: deprecated.url });
  try {
    const { context, page, problems } = await openPage(other.url, "/fine-tune");
    assert.match(await page.getByTestId("fine-tune-no-bases").innerText(), /obsoleta.*registra el modelo abajo/);
    await page.getByTestId("register-model").waitFor();
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await Promise.all([other.stop(), deprecated.stop()]);
  }
});
