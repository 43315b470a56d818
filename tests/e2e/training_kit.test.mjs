// The training kit, downloaded from a frozen dataset of a workspace with a ballot's votes and the
// arena's: its files are the dataset's examples, the verdicts of the curator and the crowd (KTO),
// the arena's decided votes (DPO), a dataset card and the scripts; checked against the workspace,
// in TRL's formats, byte-identical when downloaded twice. A model registered from the kit keeps
// its lineage, which the playground and the evaluation show.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { CURATOR_TOKEN, startAppServices, stopAppServices } from "../support/services.mjs";
import { curate, freeze, saved } from "../support/workspace.mjs";

let services;
before(async () => (services = await startAppServices()));
after(() => stopAppServices(services ?? {}));

const base = () => services.worker.url;

async function api(path, { method = "GET", body, token = CURATOR_TOKEN } = {}) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base()}${path}`, { method, headers, body: body && JSON.stringify(body) });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/** The fourth joke, unlabelled, gets a keyword; a ballot of it gets ten voters' "funny", pulled
 *  into the workspace: the crowd decides it. */
async function crowdDecides(page) {
  await page.goto(`${base()}/jokes`);
  await page.getByLabel("Etiqueta", { exact: true }).selectOption("unlabelled");
  await page.getByTestId("joke-row").first().click();
  await page.keyboard.press("p");
  await page.getByTestId("keywords").fill("caserito");
  await page.getByTestId("keywords").press("Enter");
  await saved(page);
  await page.getByTestId("vote-these").filter({ hasText: "Votar estas 1" }).click();
  await page.getByTestId("ballot-draft").filter({ hasText: "1 tallas elegidas" }).waitFor();
  await page.getByLabel(/^Título/).fill("El caserito");
  await page.getByRole("button", { name: "Crear votación" }).click();
  const ballotId = (await page.getByTestId("ballot-link").inputValue()).split("/").pop();
  for (let voter = 0; voter < 10; voter++) {
    const voterId = `voter-kit-${voter}`;
    const next = await api(`/api/ballots/${ballotId}/next?voter_id=${voterId}&limit=5`, { token: null });
    for (const joke of next.jokes) {
      await api(`/api/ballots/${ballotId}/votes`, { method: "POST", token: null, body: { voter_id: voterId, joke_id: joke.id, vote: "funny" } });
    }
  }
  // Pulled once the results the page follows count the ten voters.
  await page.getByTestId("ballot-summary").filter({ hasText: /· 10 votantes/ }).waitFor({ timeout: 30_000 });
  await page.getByTestId("ballot-pull").click();
  await page.getByTestId("ballot-outcome").waitFor();
}

/** Two published models; three arena matches on "asado": one won by A, one tie, one never voted. */
async function arena() {
  await api("/api/play/config", { method: "PUT", body: { models: ["mistral-small-latest", "ministral-8b-latest"] } });
  const player = "player-kit-0001";
  const matches = [];
  for (const choice of ["a", "tie", null]) {
    const served = await api("/api/play/arena", { method: "POST", token: null, body: { keyword: "asado", player_id: player } });
    if (choice) await api(`/api/play/arena/${served.match_id}/vote`, { method: "POST", token: null, body: { player_id: player, choice } });
    matches.push({ ...served, choice });
  }
  return matches;
}

/** Downloads the newest frozen dataset's kit: the zip's path and the page's message. */
async function downloadKit(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("dataset-download-kit").first().click()]);
  const path = join(mkdtempSync(join(tmpdir(), "tallas-kit-")), download.suggestedFilename());
  await download.saveAs(path);
  const message = await page.getByTestId("dataset-message").innerText();
  return { path, name: download.suggestedFilename(), message };
}

/** The zip's files by path, read with Python's zipfile (a reader other than the writer). */
function unzip(path) {
  const script = "import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))";
  return JSON.parse(execFileSync("python3", ["-c", script, path], { encoding: "utf8" }));
}

const lines = (text) => text.trim().split("\n").map((line) => JSON.parse(line));

test("a frozen dataset's training kit carries its jokes, the crowd's and the curator's verdicts and the arena's votes", async () => {
  const context = await services.browser.newContext({ acceptDownloads: true });
  await context.addInitScript((token) => localStorage.setItem("tallas.curator_token", token), CURATOR_TOKEN);
  const page = await context.newPage();
  await curate(page, base());
  await crowdDecides(page);
  const matches = await arena();
  assert.notEqual(matches[0].a, matches[0].b, "the two models told different jokes");
  await freeze(page, base(), "Con público");

  const kit = await downloadKit(page);
  assert.equal(kit.name, "tallas-con-publico.zip");
  // No validation split in this small dataset: said, never an empty file.
  assert.match(kit.message, /Sin estos archivos, por falta de datos: data\/validation\.jsonl/);
  const files = unzip(kit.path);
  const at = (file) => files[`tallas-con-publico/${file}`];
  assert.deepEqual(
    Object.keys(files).sort(),
    ["README.md", "data/labels.jsonl", "data/preferences.jsonl", "data/train.jsonl", "kit.json", "requirements.txt", "serve.md", "train.py"]
      .map((f) => `tallas-con-publico/${f}`)
      .sort(),
  );

  // SFT: the dataset's two funny jokes, in the chat format the dataset's files have.
  const train = lines(at("data/train.jsonl"));
  assert.equal(train.length, 2);
  assert.deepEqual(train.map((row) => row.messages.map((m) => m.role)), [["system", "user", "assistant"], ["system", "user", "assistant"]]);
  const system = train[0].messages[0].content;

  // KTO: the curator's three verdicts and the crowd's, not funny included.
  const labels = lines(at("data/labels.jsonl"));
  assert.equal(labels.length, 4, at("kit.json"));
  assert.deepEqual(labels.map((row) => row.label).sort(), [false, true, true, true]);
  for (const row of labels) {
    assert.deepEqual(row.prompt.map((m) => m.role), ["system", "user"]);
    assert.equal(row.prompt[0].content, system);
    assert.deepEqual(row.completion.map((m) => m.role), ["assistant"]);
  }
  const crowd = labels.find((row) => row.prompt[1].content.includes("caserito"));
  assert.ok(crowd?.label, "the crowd's funny verdict, under the joke's own keyword");

  // DPO: the one match won outright; the tie and the unvoted match counted, not rows.
  const pairs = lines(at("data/preferences.jsonl"));
  assert.equal(pairs.length, 1);
  assert.match(pairs[0].prompt[1].content, /asado/);
  assert.deepEqual([pairs[0].chosen[0].content, pairs[0].rejected[0].content], [matches[0].a, matches[0].b]);

  // The card: Hugging Face's front matter, one config per file present.
  const card = at("README.md");
  const front = card.split("---\n")[1];
  assert.match(front, /language:\s*\n\s*- es|language: \[es\]/);
  assert.match(front, /task_categories:/);
  assert.match(front, /size_categories:/);
  for (const file of ["data/train.jsonl", "data/labels.jsonl", "data/preferences.jsonl"]) assert.ok(front.includes(file), file);
  assert.ok(!front.includes("data/validation.jsonl"));
  assert.match(card, /1 tie/);
  assert.match(card, /1 match served and never voted on/);
  const manifest = JSON.parse(at("kit.json"));
  assert.deepEqual(manifest.absent.map((a) => a.path), ["data/validation.jsonl"]);

  // Downloaded again: the same bytes.
  const again = await downloadKit(page);
  assert.ok(readFileSync(again.path).equals(readFileSync(kit.path)), "a kit downloaded twice differs");

  // A model trained with the kit, registered: its lineage shows in the playground and the evaluation.
  await page.goto(`${base()}/fine-tune`);
  const form = page.getByTestId("register-model");
  await form.getByTestId("register-id").fill("local:qwen-tallas-dpo");
  await form.getByTestId("register-dataset").selectOption({ label: "Con público" });
  await form.getByTestId("register-method").selectOption("dpo");
  await form.getByTestId("register-base").fill("Qwen/Qwen2.5-7B-Instruct");
  await form.getByTestId("register-save").click();
  const lineage = /local:qwen-tallas-dpo: ajustado con el kit de entrenamiento del dataset «Con público» \(DPO\) · desde Qwen\/Qwen2\.5-7B-Instruct/;
  await page.getByTestId("tuned").filter({ hasText: "local:qwen-tallas-dpo" }).waitFor();
  await page.goto(`${base()}/playground?model=local:qwen-tallas-dpo`);
  assert.match(await page.getByTestId("lineage").innerText(), lineage);
  await page.goto(`${base()}/evaluate?models=local:qwen-tallas-dpo`);
  assert.match(await page.getByTestId("lineage").innerText(), lineage);
  await context.close();
});
