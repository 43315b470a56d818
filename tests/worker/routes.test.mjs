// One list of endpoints: the worker's route table (proxy-worker/src/router.rs `ROUTES`). The
// contract (proxy-worker/openapi.yaml) declares exactly its routes, with the curator's security
// on exactly the routes the table reserves for the curator, and the app (app/src) calls no path
// the table does not have. Reads files only; no service is started.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";

import { loadContract, routerRoutes } from "../support/contract.mjs";
import { ROOT } from "../support/services.mjs";

const contract = loadContract();
const table = routerRoutes();

/** Every `.rs` file under `dir`. */
function rustFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return rustFiles(path);
    return entry.name.endsWith(".rs") ? [path] : [];
  });
}

/**
 * The API paths a source sends: each string literal that starts with `/api/`, with its query
 * cut off. `format!`'s `{…}` holes stay, to be matched as any text.
 */
export function sentPaths(source) {
  return [...source.matchAll(/"(\/api\/[^"?]*)[^"]*"/g)].map(([, path]) => path);
}

/** Whether a path the app writes (with `{…}` holes) can name the route `template` (with `{name}` segments). */
export function names(sent, template) {
  const hole = /\{[^}]*\}/g;
  const sentSegments = sent.split("/");
  const routeSegments = template.split("/");
  if (sentSegments.length !== routeSegments.length) return false;
  return sentSegments.every((segment, i) => {
    const route = routeSegments[i];
    if (/^\{\w+\}$/.test(route)) return segment.length > 0;
    // A hole in the app's segment stands for any text (an action, a query glued on).
    const pattern = new RegExp(`^${segment.split(hole).map((part) => part.replace(/[.*+?^$()|[\]\\-]/g, "\\$&")).join(".*")}$`);
    return pattern.test(route);
  });
}

describe("the route table", () => {
  test("is what openapi.yaml declares, route for route and method for method", () => {
    const declared = contract.operations.map((op) => `${op.method} ${op.template}`).sort();
    const registered = table.map((row) => `${row.method} ${row.path}`).sort();
    assert.ok(registered.length >= 20, `only ${registered.length} routes found in router.rs`);
    assert.deepEqual(declared, registered);
  });

  test("asks for the curator token on exactly the routes openapi.yaml secures with it", () => {
    for (const row of table) {
      const op = contract.operations.find((o) => o.method === row.method && o.template === row.path);
      const curator = (op?.operation.security ?? []).some((requirement) => "curatorToken" in requirement);
      assert.equal(row.access === "Curator", curator, `${row.method} ${row.path}: ${row.access} in router.rs`);
    }
  });

  test("has every path the app calls", () => {
    const calls = rustFiles(join(ROOT, "app/src")).flatMap((file) =>
      sentPaths(readFileSync(file, "utf8")).map((path) => ({ path, where: relative(ROOT, file) })),
    );
    assert.ok(calls.length >= 15, `only ${calls.length} API paths found in app/src`);
    for (const { path, where } of calls) {
      assert.ok(table.some((row) => names(path, row.path)), `${where} calls ${path}, which router.rs has no route for`);
    }
  });

  test("reads the app's paths as the app writes them", () => {
    const source = 'get("/api/models"); format!("/api/ballots/{id}/results{query}"); format!("/api/files?filename={}")';
    assert.deepEqual(sentPaths(source), ["/api/models", "/api/ballots/{id}/results{query}", "/api/files"]);
    assert.ok(names("/api/ballots/{id}/results{query}", "/api/ballots/{id}/results"));
    assert.ok(names("/api/fine-tunes/{}/{action}", "/api/fine-tunes/{id}/start"));
    assert.ok(names("/api/{}", "/api/extract"));
    assert.ok(!names("/api/fine-tune/{}", "/api/fine-tunes/{id}"));
    assert.ok(!names("/api/ballots/{id}/vote", "/api/ballots/{id}/votes"));
    assert.ok(!names("/api/play", "/api/play/config"));
  });
});
