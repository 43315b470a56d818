// CORS: only the origins in ALLOWED_ORIGINS may call the API from another origin; preflights are
// answered (204 allowed, 403 refused) and every API answer carries the security headers.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { apiClient } from "../support/http.mjs";
import { CURATOR_TOKEN, TEST_KEY, startFakeMistral, startWorker } from "../support/services.mjs";

const APP = "http://app.tallas.test:8080";
const OTHER = "https://app.example";
const FOREIGN = "https://evil.example";

let fake;
let worker;
let sameOrigin;
const { call, assertNoSecrets } = apiClient();

const preflight = (base, path, origin, method = "POST") =>
  call(base, path, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": method,
      "access-control-request-headers": "authorization,content-type",
    },
  });

function assertSecurityHeaders(headers) {
  assert.equal(headers.get("x-content-type-options"), "nosniff");
  assert.equal(headers.get("referrer-policy"), "no-referrer");
  assert.equal(headers.get("x-frame-options"), "DENY");
  assert.equal(headers.get("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
}

function assertNoCors(headers) {
  for (const name of headers.keys()) assert.ok(!name.startsWith("access-control-"), name);
}

before(async () => {
  fake = await startFakeMistral();
  [worker, sameOrigin] = await Promise.all([
    startWorker({ upstreamUrl: fake.url, vars: { ALLOWED_ORIGINS: ` ${APP}, ${OTHER}/ ` } }),
    startWorker({ upstreamUrl: fake.url }),
  ]);
});

after(async () => {
  await Promise.all([worker?.stop(), sameOrigin?.stop(), fake?.stop()]);
});

describe("preflight", () => {
  test("from a listed origin answers 204 with the methods, headers and max age", async () => {
    for (const [origin, path] of [
      [APP, "/api/generate"],
      [OTHER, "/api/ballots/abc/votes"],
      [APP, "/api/no-such-route"],
    ]) {
      const { status, headers, text } = await preflight(worker.url, path, origin);
      assert.equal(status, 204, `${origin} ${path}`);
      assert.equal(text, "");
      assert.equal(headers.get("access-control-allow-origin"), origin);
      assert.match(headers.get("vary"), /origin/i);
      const methods = headers.get("access-control-allow-methods").split(/,\s*/);
      for (const m of ["GET", "POST", "PUT"]) assert.ok(methods.includes(m), m);
      assert.equal(headers.get("access-control-allow-headers"), "authorization, content-type");
      assert.ok(Number(headers.get("access-control-max-age")) > 0);
      assertSecurityHeaders(headers);
    }
  });

  test("from any other origin is refused with 403 forbidden", async () => {
    for (const base of [worker.url, sameOrigin.url]) {
      const { status, headers, json } = await preflight(base, "/api/generate", FOREIGN);
      assert.equal(status, 403);
      assert.equal(json.error.code, "forbidden");
      assert.match(json.error.message, /ALLOWED_ORIGINS/);
      assertNoCors(headers);
      assertSecurityHeaders(headers);
    }
  });

  test("an origin is matched whole, not by prefix", async () => {
    const { status } = await preflight(worker.url, "/api/health", `${APP}.evil.example`, "GET");
    assert.equal(status, 403);
  });
});

describe("actual requests", () => {
  test("from a listed origin carry Access-Control-Allow-Origin and Vary, errors included", async () => {
    const ok = await call(worker.url, "/api/health", { headers: { origin: APP } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("access-control-allow-origin"), APP);
    assert.match(ok.headers.get("vary"), /origin/i);
    assertSecurityHeaders(ok.headers);

    const denied = await call(worker.url, "/api/generate", {
      method: "POST",
      body: { keyword: "suegra" },
      headers: { origin: OTHER },
    });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers.get("access-control-allow-origin"), OTHER);

    const generated = await call(worker.url, "/api/generate", {
      method: "POST",
      body: { keyword: "suegra" },
      token: CURATOR_TOKEN,
      headers: { origin: APP },
    });
    assert.equal(generated.status, 200, generated.text);
    assert.equal(generated.headers.get("access-control-allow-origin"), APP);
  });

  test("from a foreign origin, or without one, carry no CORS headers but still the security headers", async () => {
    for (const [base, headers] of [
      [worker.url, { origin: FOREIGN }],
      [worker.url, {}],
      [sameOrigin.url, { origin: APP }],
    ]) {
      const res = await call(base, "/api/health", { headers });
      assert.equal(res.status, 200);
      assertNoCors(res.headers);
      assertSecurityHeaders(res.headers);
    }
    const missing = await call(worker.url, "/api/nowhere", { headers: { origin: FOREIGN } });
    assert.equal(missing.status, 404);
    assertNoCors(missing.headers);
    assertSecurityHeaders(missing.headers);
  });

  test("an OPTIONS without an Origin is no preflight: the route answers 405", async () => {
    const { status, headers } = await call(worker.url, "/api/health", { method: "OPTIONS" });
    assert.equal(status, 405);
    assert.equal(headers.get("allow"), "GET");
  });
});

test("the key never appears in any answer", () => {
  assertNoSecrets([TEST_KEY], { atLeast: 10 });
});
