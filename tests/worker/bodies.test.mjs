// Every route that takes a JSON body (as proxy-worker/openapi.yaml declares them) refuses a body that
// is valid JSON but not an object: serde would read a struct from an array of its fields in order,
// so `["completo"]` once made `/api/generate` answer 200 with a joke. Each is a 400 with the API's
// error body, and nothing reaches the upstream or D1.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { loadContract } from "../support/contract.mjs";
import { apiClient } from "../support/http.mjs";
import { CURATOR_TOKEN, startFakeMistral, startWorker } from "../support/services.mjs";

const contract = loadContract();
const { call } = apiClient();
const NOT_OBJECTS = [
  ['["completo"]', "an array"],
  ['"completo"', "a string"],
  ["42", "a number"],
  ["true", "a boolean"],
  ["null", "null"],
];

let fake;
let worker;
let ballotId;
let adminToken;

before(async () => {
  fake = await startFakeMistral();
  worker = await startWorker({ upstreamUrl: fake.url });
  const created = await call(worker.url, "/api/ballots", {
    method: "POST",
    token: CURATOR_TOKEN,
    body: { title: "Cuerpos", jokes: [{ id: "a", text: "Una talla." }] },
  });
  assert.equal(created.status, 201, created.text);
  ({ ballot_id: ballotId, admin_token: adminToken } = created.json);
});

after(async () => {
  await Promise.all([worker?.stop(), fake?.stop()]);
});

/** Every operation whose request body is JSON, with its path filled in. */
function jsonOperations() {
  return contract.operations
    .filter(({ operation }) => contract.resolve(operation.requestBody)?.content?.["application/json"])
    .map(({ method, template }) => ({ method, path: template.replace("{id}", ballotId) }));
}

test("every JSON route refuses a body that is not an object, before any upstream call", async () => {
  const operations = jsonOperations();
  assert.ok(operations.length >= 12, `only ${operations.length} JSON routes found in the contract`);
  await fake.resetCalls();
  for (const { method, path } of operations) {
    for (const [body, kind] of NOT_OBJECTS) {
      const answer = await call(worker.url, path, { method, body, token: CURATOR_TOKEN });
      const where = `${method} ${path} with ${body}`;
      assert.equal(answer.status, 400, `${where}: ${answer.text}`);
      assert.equal(answer.json?.error?.code, "bad_request", where);
      assert.match(answer.json.error.message, new RegExp(`^the request body is ${kind}; send a JSON object`), where);
    }
  }
  const calls = await fake.calls();
  assert.equal(calls.requests.length, 0, "no refused body reached the upstream");
});

test("a refused vote body counts no vote", async () => {
  const path = `/api/ballots/${ballotId}/votes`;
  const array = await call(worker.url, path, { method: "POST", body: '["voter-0001", "a", "funny"]' });
  assert.equal(array.status, 400, array.text);
  const results = await call(worker.url, `/api/ballots/${ballotId}/results`, { token: adminToken });
  assert.equal(results.status, 200, results.text);
  assert.equal(results.json.voters.length, 0, "no voter was recorded");
});
