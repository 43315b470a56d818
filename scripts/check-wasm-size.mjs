// The release app's wasm must stay under the size budget, gzipped as a browser downloads it.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

// The curator's page: room for every area still to come (docs/BENCHMARKS.md, size ledger).
const BUDGET_BYTES = 550 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;

let files;
try {
  files = readdirSync(dist).filter((f) => f.endsWith(".wasm"));
} catch {
  console.error(`no ${dist}: run \`trunk build --release\` first`);
  process.exit(1);
}
if (files.length === 0) {
  console.error(`no .wasm in ${dist}: the app build produced nothing`);
  process.exit(1);
}
let over = false;
for (const file of files) {
  const raw = readFileSync(join(dist, file));
  const gz = gzipSync(raw, { level: 9 }).length;
  const kb = (n) => (n / 1024).toFixed(1);
  console.log(`${file}: ${kb(raw.length)} KB raw, ${kb(gz)} KB gzipped (budget ${kb(BUDGET_BYTES)} KB)`);
  if (gz > BUDGET_BYTES) over = true;
}
if (over) {
  console.error("the app's wasm is over its size budget; see docs/BENCHMARKS.md for what it is made of");
  process.exit(1);
}
