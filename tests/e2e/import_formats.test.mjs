// Every transcript a curator has, dropped on /import in real Chromium: Whisper's JSON (the command
// line's and whisper.cpp's), Whisper's TSV, YouTube Studio's SBV, TTML and YouTube's srv3, each read
// as its format (from its content, whatever its name) into timed segments, which an extraction run
// then sends to the model with their times; a file that only looks like a transcript (HTML) is
// refused with what it looks like.
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { CURATOR_TOKEN, startAppServices, stopAppServices } from "../support/services.mjs";

const CORE = new URL("../../core/tests/transcript_fixtures/", import.meta.url).pathname;
// Each file under its own name: a routine is named by its file.
const FILES = [
  // [fixture, file name, the format its report names, its window's span, words of its text]
  ["whisper_json/cli.json", "whisper-cli.json", "Whisper JSON", "0:00:06", "Les cuento que mi suegra es tan lenta"],
  ["whisper_json/whisper_cpp.json", "whisper-cpp.json", "Whisper JSON", "0:00:05", "Llegué tarde al show porque el Transantiago"],
  ["whisper_tsv/basic.tsv", "whisper.tsv", "Whisper TSV", "0:00:09", "Les cuento que mi suegra es tan lenta."],
  ["sbv/basic.sbv", "captions.sbv", "SBV", "0:00:08", "Mi suegra es tan lenta que se perdió en el ascensor"],
  ["ttml/yt_dlp.ttml", "yt-dlp.ttml", "TTML", "0:00:08", "Mi suegra es tan lenta & se perdió."],
  ["youtube_timed_text/srv3.xml", "yt-dlp.srv3", "YouTube timed text \\(srv3\\)", "0:00:06", "Buenas noches Viña"],
];

let services;
let dir;

before(async () => {
  services = await startAppServices();
  dir = mkdtempSync(join(tmpdir(), "tallas-formats-"));
  for (const [fixture, name] of FILES) copyFileSync(join(CORE, fixture), join(dir, name));
  writeFileSync(join(dir, "pagina.html"), "<!DOCTYPE html>\n<html><body><p>Una talla</p></body></html>\n");
});
after(() => stopAppServices(services));

test("each new format imports as timed segments that reach the model with their times", async () => {
  const { worker, fake, browser } = services;
  const context = await browser.newContext();
  await context.addInitScript((token) => localStorage.setItem("tallas.curator_token", token), CURATOR_TOKEN);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(e.message));
  await page.goto(`${worker.url}/import`);
  await page.getByTestId("import-files").setInputFiles([...FILES.map(([, name]) => join(dir, name)), join(dir, "pagina.html")]);
  await page.getByTestId("import-summary").waitFor();

  const reports = page.getByTestId("file-report");
  for (const [, name, format] of FILES) {
    const report = await reports.filter({ hasText: name }).innerText();
    assert.match(report, new RegExp(`\\(${format}\\)`), `${name}: ${report}`);
    assert.match(report, /[1-9]\d* segmentos?/, `${name}: ${report}`);
  }
  const html = page.locator('[data-testid="file-report"][data-state="rejected"]').filter({ hasText: "pagina.html" });
  assert.match(await html.innerText(), /XML or HTML markup, which Tallas does not read/);
  assert.match(await page.getByTestId("workspace-totals").innerText(), new RegExp(`^${FILES.length} rutinas`));

  await fake.resetCalls();
  await page.goto(`${worker.url}/runs`);
  await page.getByTestId("new-run").waitFor();
  await page.getByLabel("Tarea").selectOption({ label: "Extraer tallas" });
  await page.getByRole("button", { name: "Iniciar" }).click();
  await page.locator('[data-testid="run"][data-state="finished"]').waitFor({ timeout: 60_000 });
  const sent = (await fake.calls()).requests.filter((r) => r.path === "/v1/chat/completions").map((r) => r.last_user_message).join("\n");
  for (const [, name, , end, words] of FILES) {
    const window = new RegExp(`Rutina ${name.replace(".", "\\.")}\nTramo: de 0:00:00 a ${end} [^]*?${words.replace(".", "\\.")}`);
    assert.match(sent, window, `${name}'s segments reach the model with their times`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
