// A small curated workspace built through the app, as a curator would: for the tests of the areas
// that read it (the dataset, fine-tuning).

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
}

/** Freezes the default rules' dataset as `name` (the curated workspace's two funny jokes). */
export async function freeze(page, base, name) {
  await page.goto(`${base}/dataset`);
  await page.getByTestId("dataset-counts").filter({ hasText: /2 de entrenamiento/ }).waitFor();
  await page.getByTestId("dataset-name").fill(name);
  await page.getByTestId("dataset-freeze").click();
  await page.getByTestId("dataset-frozen").waitFor();
}
