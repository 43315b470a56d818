// A small curated workspace built through the app, as a curator would: for the tests of the areas
// that read it (the dataset, fine-tuning, the evaluation).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const JOKES = new URL("../../app/tests/fixtures/import/jokes.csv", import.meta.url).pathname;

/** Imports the fixture's four jokes; the first two get keywords and "funny", the third "not funny". */
export async function curate(page, base) {
  await page.goto(`${base}/import`);
  await page.getByTestId("import-files").setInputFiles(JOKES);
  await page.getByTestId("import-summary").waitFor();
  await page.goto(`${base}/jokes`);
  await page.getByTestId("joke-row").first().waitFor();
  for (const [keyword, label] of [["cuñado", "f"], ["maní", "f"], ["feria", "n"]]) {
    await page.keyboard.press("p");
    await page.getByTestId("keywords").fill(keyword);
    await page.getByTestId("keywords").press("Enter");
    await page.keyboard.press(label);
  }
  await page.getByTestId("joke-counts").filter({ hasText: /2 buenas · 1 fomes · 1 sin etiqueta/ }).waitFor();
  await saved(page);
}

/**
 * Waits until Jokes says its changes are in this browser's store, as a curator would before
 * leaving the page (a page left sooner may lose a write still on its way, as the page warns).
 */
export async function saved(page) {
  await page.locator('[data-testid="save-state"][data-unsaved="0"]').waitFor();
}

/**
 * Freezes the default rules' dataset as `name` (the curated workspace's two funny jokes), with
 * `validation` percent of them for validation (the rules' default, 5%, leaves both for training;
 * a share given must put at least one in validation).
 */
export async function freeze(page, base, name, { validation = null } = {}) {
  await page.goto(`${base}/dataset`);
  if (validation !== null) await page.locator("#dataset-validation").fill(String(validation));
  const expected = validation ? /[1-9]\d* de validación/ : /2 de entrenamiento/;
  await page.getByTestId("dataset-counts").filter({ hasText: expected }).waitFor();
  await page.getByTestId("dataset-name").fill(name);
  await page.getByTestId("dataset-freeze").click();
  await page.getByTestId("dataset-frozen").waitFor();
}

/** Pseudo-words from `seed`: texts of them share no shingles, so no two are near-duplicates. */
function words(seed, count) {
  const syllables = ["ca", "ma", "po", "lu", "te", "ri", "sa", "gu", "ño", "pe", "chi", "lo", "va", "ne", "tra", "quí"];
  // xorshift32, in 32-bit integers (a product of two large numbers would lose bits as a float).
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>>= 0);
  };
  return Array.from({ length: count }, () => Array.from({ length: 3 }, () => syllables[next() % syllables.length]).join(""));
}

/**
 * Grows the workspace by `extra` funny jokes with keywords of their own, as a restored backup:
 * the curator's file exported, the jokes added to it, and the file restored.
 */
export async function addFunnyJokes(page, base, extra) {
  await page.goto(`${base}/settings`);
  const saved = await download(page, "export");
  const backup = JSON.parse(saved.text);
  const model = backup.jokes.find((joke) => joke.label === "funny");
  for (let i = 0; i < extra; i++) {
    const text = `${words(i + 1, 14).join(" ")}.`;
    const copy = structuredClone(model);
    Object.assign(copy, { id: `extra-${i}`, keywords: [`tema ${i}`] });
    copy.versions = [{ ...model.versions[0], text }];
    backup.jokes.push(copy);
  }
  const file = join(mkdtempSync(join(tmpdir(), "tallas-dataset-")), "grown.json");
  writeFileSync(file, JSON.stringify(backup));
  await page.getByTestId("restore-file").setInputFiles(file);
  await page.getByTestId("restore-confirm").getByRole("button", { name: "Reemplazar todo" }).click();
  await page.getByTestId("restore-done").waitFor();
}

/** Clicks `testId` and returns the downloaded file's name and text. */
export async function download(page, testId) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).first().click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), path, text: readFileSync(path, "utf8") };
}
