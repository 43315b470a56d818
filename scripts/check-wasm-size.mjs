// The release builds stay within their size budgets, gzipped as a browser downloads them
// (docs/BENCHMARKS.md, size ledger):
// - the curator app's WASM files (the page, and the background worker it starts) in dist/, and the
//   page of its experiment's areas (dist/lab/);
// - everything a first visit to an open page transfers, each its own app: a voter's /vote/<id>
//   (dist/open/) and the public /play (dist/play-app/), their HTML, JS, WASM and CSS, and the icon;
// and each page carries only its own words: the open pages none of the curator's (their own table
// only: i18n/open.rs), the curator's pages none of the background worker's (i18n/worker.rs), and
// the curator's first page none of the experiment's page's (i18n/lab.rs).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

// Each of the curator's two pages (the first page, the experiment's areas).
const CURATOR_WASM_BUDGET = 550 * 1024;
// A phone on a mobile network, before the first joke (each open page).
const OPEN_FIRST_VISIT_BUDGET = 130 * 1024;

const root = new URL("../", import.meta.url).pathname;
const dist = join(root, "dist");
const kb = (n) => (n / 1024).toFixed(1);
const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
let failed = false;

/** The texts of a words table (app/src/i18n/TABLE.rs) long enough to be unmistakable in a WASM. */
function texts(table) {
  return [...readFileSync(join(root, `app/src/i18n/${table}.rs`), "utf8").matchAll(/"((?:[^"\\]|\\.){24,})"/g)]
    .map(([, text]) => text)
    .filter((text) => !text.includes("\\"));
}

/** Fails the check when the WASM files at `paths` carry any of `words` (a table's texts). */
function carriesNone(paths, words, what) {
  const bytes = Buffer.concat(paths.map((path) => readFileSync(path)));
  const leaked = words.filter((text) => bytes.includes(Buffer.from(text, "utf8")));
  console.log(`${what}: ${leaked.length} of ${words.length} in its WASM`);
  if (words.length < 20 || leaked.length > 0) {
    console.error(`${what}: ${leaked.slice(0, 3).join(" | ")}; the page reads a table it does not show`);
    failed = true;
  }
}

function list(dir, what) {
  try {
    return readdirSync(dir);
  } catch {
    console.error(`no ${dir}: run \`trunk build --release\` first (${what})`);
    process.exit(1);
  }
}

const wasm = list(dist, "the curator app").filter((f) => f.endsWith(".wasm"));
if (wasm.length === 0) {
  console.error(`no .wasm in ${dist}: the app build produced nothing`);
  process.exit(1);
}
for (const file of wasm) {
  const path = join(dist, file);
  const size = gz(path);
  console.log(`${file}: ${kb(readFileSync(path).length)} KB raw, ${kb(size)} KB gzipped (budget ${kb(CURATOR_WASM_BUDGET)} KB)`);
  if (size > CURATOR_WASM_BUDGET) failed = true;
}

// The experiment's areas are the curator's second page binary, with the page's budget.
const lab = list(join(dist, "lab"), "the experiment's areas (Trunk.lab.toml)").filter((f) => f.endsWith(".wasm"));
if (lab.length !== 1) {
  console.error(`dist/lab/ has ${lab.length} .wasm files, not one: Trunk.toml's post-build hook did not run`);
  process.exit(1);
}
for (const file of lab) {
  const path = join(dist, "lab", file);
  const size = gz(path);
  console.log(`lab/${file}: ${kb(readFileSync(path).length)} KB raw, ${kb(size)} KB gzipped (budget ${kb(CURATOR_WASM_BUDGET)} KB)`);
  if (size > CURATOR_WASM_BUDGET) failed = true;
}

// Each curator page carries only the words it shows.
const curatorPage = wasm.filter((f) => !f.startsWith("background_worker")).map((f) => join(dist, f));
carriesNone(curatorPage, [...texts("lab"), ...texts("worker")], "the curator's page, the experiment's and the worker's words");
carriesNone([join(dist, "lab", lab[0])], texts("worker"), "the experiment's page, the worker's words");

// Each open page is its own app: its first visit is its folder and the icon it links.
const curatorWords = ["curator", "lab", "worker"].flatMap(texts);
for (const [folder, page] of [["open", "a voter's page"], ["play-app", "the public playground"]]) {
  const dir = join(dist, folder);
  const files = list(dir, page).filter((f) => !f.startsWith("."));
  if (!files.some((f) => f.endsWith(".wasm")) || !files.includes("index.html")) {
    console.error(`${dir} lacks its index.html or WASM: Trunk.toml's post-build hook did not run`);
    process.exit(1);
  }
  let total = 0;
  for (const path of [...files.map((f) => join(dir, f)), join(dist, "icon.svg")]) {
    const size = gz(path);
    total += size;
    console.log(`  ${folder}: ${path.slice(dist.length + 1)} ${kb(size)} KB gzipped`);
  }
  console.log(`${page}, a first visit: ${kb(total)} KB gzipped (budget ${kb(OPEN_FIRST_VISIT_BUDGET)} KB)`);
  if (total > OPEN_FIRST_VISIT_BUDGET) failed = true;
  // Every curator text long enough to be unmistakable (the table's string literals).
  const wasmBytes = Buffer.concat(files.filter((f) => f.endsWith(".wasm")).map((f) => readFileSync(join(dir, f))));
  const leaked = curatorWords.filter((text) => wasmBytes.includes(Buffer.from(text, "utf8")));
  console.log(`${page}: ${leaked.length} of ${curatorWords.length} curator texts in its WASM`);
  if (curatorWords.length < 100 || leaked.length > 0) {
    console.error(`${page} carries the curator's words (${leaked.slice(0, 3).join(" | ")}): something it uses reads i18n::t()`);
    failed = true;
  }
}

if (failed) {
  console.error("over a size budget; see docs/BENCHMARKS.md (size ledger) for what the builds are made of");
  process.exit(1);
}
