// The worker's API contract (proxy-worker/openapi.yaml) as something a test can check answers
// against: every operation, its declared statuses and media types, and JSON Schema 2020-12
// validators for their bodies and required headers (Ajv, strict, with formats).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";

import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

import { ROOT } from "./services.mjs";

export const CONTRACT_PATH = join(ROOT, "proxy-worker/openapi.yaml");
const ROUTER_PATH = join(ROOT, "proxy-worker/src/router.rs");
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
const COMPONENTS_ID = "tallas-components.json";

export function loadContract() {
  const doc = parse(readFileSync(CONTRACT_PATH, "utf8"));
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  // OpenAPI's own format for raw request bodies; never in a response.
  ajv.addFormat("binary", true);
  // Component schemas become `$defs` of one schema, so `$ref`s resolve the same way everywhere.
  ajv.addSchema({ $id: COMPONENTS_ID, $defs: retarget(doc.components.schemas) });
  const compiled = new Map();
  const validator = (schema) => {
    const key = JSON.stringify(schema);
    if (!compiled.has(key)) compiled.set(key, ajv.compile(retarget(schema)));
    return compiled.get(key);
  };

  /** `#/components/<kind>/<name>` (or an object) as the object it names. */
  const resolve = (value) => {
    let current = value;
    while (current && typeof current.$ref === "string" && !current.$ref.startsWith("#/components/schemas/")) {
      const [, kind, name] = current.$ref.match(/^#\/components\/([^/]+)\/(.+)$/);
      current = doc.components[kind][name];
    }
    return current;
  };

  const operations = [];
  for (const [template, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      if (item[method]) operations.push({ method: method.toUpperCase(), template, operation: item[method] });
    }
  }
  const matchers = operations.map((op) => ({
    ...op,
    regex: new RegExp(`^${op.template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));

  /** The operation serving `method path` (query ignored), or undefined. */
  function find(method, path) {
    const bare = path.split("?")[0];
    return matchers.find((op) => op.method === method && op.regex.test(bare));
  }

  /** The methods the contract declares for the path `path` matches, in the worker's `Allow` order. */
  function methodsOf(path) {
    const bare = path.split("?")[0];
    return matchers.filter((op) => op.regex.test(bare)).map((op) => op.method);
  }

  /**
   * Checks one real answer against a response object of the contract: its media type is declared,
   * its body validates, and its required headers are present and valid. Returns the media type.
   */
  function checkResponse(response, answer, where) {
    response = resolve(response);
    const mediaType = (answer.headers.get("content-type") ?? "").split(";")[0].trim();
    const content = response.content ?? {};
    if (Object.keys(content).length === 0) {
      assert.equal(answer.text, "", `${where}: the contract declares no body`);
      return mediaType;
    }
    assert.ok(content[mediaType], `${where}: content-type ${mediaType} is not declared (${Object.keys(content)})`);
    const { schema } = content[mediaType];
    if (mediaType === "application/json") {
      assert.notEqual(answer.json, null, `${where}: the body is not JSON: ${answer.text.slice(0, 200)}`);
      const validate = validator(schema);
      assert.ok(
        validate(answer.json),
        `${where}: the body does not match the contract: ${ajv.errorsText(validate.errors)}\n${answer.text.slice(0, 500)}`,
      );
    } else if (mediaType === "text/event-stream") {
      const validate = validator(schema);
      const events = serverSentEvents(answer.text);
      assert.ok(events.length > 0, `${where}: no events`);
      for (const event of events) {
        assert.ok(validate(event), `${where}: event ${JSON.stringify(event).slice(0, 200)}: ${ajv.errorsText(validate.errors)}`);
      }
    } else if (schema) {
      assert.ok(validator(schema)(answer.text), `${where}: the ${mediaType} body does not match the contract`);
    }
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      const declared = resolve(header);
      const value = answer.headers.get(name);
      if (value === null) {
        assert.ok(!declared.required, `${where}: the required header ${name} is missing`);
        continue;
      }
      const validate = validator(declared.schema);
      assert.ok(validate(value), `${where}: header ${name}: ${JSON.stringify(value)}: ${ajv.errorsText(validate.errors)}`);
    }
    return mediaType;
  }

  return { doc, operations, find, methodsOf, resolve, checkResponse };
}

/**
 * A `text/event-stream` body as its events, `{event, data, id?, retry?}` as the HTML standard
 * dispatches them (`event` defaults to `message`; comment lines and empty events are dropped).
 */
export function serverSentEvents(text) {
  const events = [];
  for (const block of text.replace(/\r\n?/g, "\n").split("\n\n")) {
    const event = {};
    const data = [];
    for (const line of block.split("\n")) {
      if (line === "" || line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") data.push(value);
      else if (field === "event" || field === "id") event[field] = value;
      else if (field === "retry" && /^\d+$/.test(value)) event.retry = Number(value);
    }
    if (data.length === 0) continue;
    events.push({ event: event.event ?? "message", data: data.join("\n"), ...(event.id ? { id: event.id } : {}), ...(event.retry !== undefined ? { retry: event.retry } : {}) });
  }
  return events;
}

/** `#/components/schemas/X` → the shared `$defs`, everywhere in `value`. */
function retarget(value) {
  if (Array.isArray(value)) return value.map(retarget);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" ? v.replace("#/components/schemas/", `${COMPONENTS_ID}#/$defs/`) : retarget(v),
      ]),
    );
  }
  return value;
}

/**
 * The rows of `proxy-worker/src/router.rs`'s `ROUTES` table, each as `{ method, path, access, body }`
 * with the path written as OpenAPI writes it (`/api/ballots/{id}`).
 */
export function routerRoutes() {
  const source = readFileSync(ROUTER_PATH, "utf8");
  const openapiPath = (path) => path.replace(/:([A-Za-z_]+)/g, "{$1}");
  // A row: `route!("METHOD" "/api/path", Access, BodyLimit, module::handler),`.
  const rows = [...source.matchAll(/route!\(\s*"([A-Z]+)"\s+"(\/api[^"]*)",\s*(\w+),\s*(\w+),\s*[\w:]+\s*\)/g)].map(
    ([, method, path, access, body]) => ({ method, path: openapiPath(path), access, body }),
  );
  // Every row must have been understood, or a new route could hide from the checks.
  assert.equal(rows.length, [...source.matchAll(/^\s*route!\(/gm)].length, "router.rs's table changed shape");
  return rows;
}
