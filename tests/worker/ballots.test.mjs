// Crowd ballots against the worker under wrangler dev with a fresh D1: creating a ballot (curator),
// reading it and the next jokes (public, gold never revealed, the curator's ids never shown),
// voting exactly once per voter and joke (even under concurrency), retirement of decided jokes or
// of jokes at their target, closing times, results with agreement and voter exclusion, closing
// (admin token), and the per-client vote limit tripping and recovering, counted in D1 or by a
// rate-limiting binding.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";

import { apiClient } from "../support/http.mjs";
import { startWorker } from "../support/services.mjs";

const CURATOR = "curator-token-for-tests-0123456789";
const BALLOT_BODY_LIMIT = 200_000;

let worker;
let limited;
// With the Workers rate-limiting binding for votes: it counts, not D1 (whose limit is set too high
// to trip here).
let edge;
// Every public answer (no token sent), to check at the end that none reveals gold answers.
const publicAnswers = [];

const client = apiClient();

async function call(base, path, options = {}) {
  const res = await client.call(base, path, options);
  if (!options.token && !options.headers?.authorization) publicAnswers.push(res.line);
  return res;
}

const jokes = (n, prefix = "j") => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, text: `Chiste ${prefix}${i}` }));

/** Per ballot: the curator's joke id → the item id voters see, and back. */
const items = new Map();

async function create(body, base = worker.url) {
  const res = await call(base, "/api/ballots", { method: "POST", body, token: CURATOR });
  assert.equal(res.status, 201, res.text);
  // The public ballot names jokes by item ids only; the tests find them by their (unique) texts.
  const shown = await call(base, `/api/ballots/${res.json.ballot_id}`);
  const byText = new Map([...body.jokes, ...(body.gold ?? [])].map((j) => [j.text.trim(), j.id]));
  const toItem = new Map();
  const toCurator = new Map();
  for (const { id, text } of shown.json.jokes) {
    toItem.set(byText.get(text), id);
    toCurator.set(id, byText.get(text));
  }
  items.set(res.json.ballot_id, { toItem, toCurator });
  return res.json;
}

/** The item id voters see for the curator's `jokeId` (unknown ids pass unchanged). */
const item = (id, jokeId) => items.get(id)?.toItem.get(jokeId) ?? jokeId;
const vote = (base, id, body, headers) => {
  const sent = body && typeof body === "object" && "joke_id" in body ? { ...body, joke_id: item(id, body.joke_id) } : body;
  return call(base, `/api/ballots/${id}/votes`, { method: "POST", body: sent, headers });
};
/** `GET /next`, with `curator`: the served jokes as the curator's ids. */
const next = async (base, id, query) => {
  const res = await call(base, `/api/ballots/${id}/next?${new URLSearchParams(query)}`);
  res.curator = (res.json?.jokes ?? []).map((j) => items.get(id).toCurator.get(j.id));
  return res;
};
const voter = (n) => `voter-${String(n).padStart(4, "0")}`;

function assertError(res, status, code, pattern) {
  assert.equal(res.status, status, res.text);
  assert.equal(res.json?.error?.code, code, res.text);
  if (pattern) assert.match(res.json.error.message, pattern);
}

before(async () => {
  [worker, limited] = await Promise.all([
    startWorker({
      vars: { CURATOR_TOKEN: CURATOR, MAX_BALLOT_BODY_BYTES: String(BALLOT_BODY_LIMIT), RATE_LIMIT_VOTES_PER_MINUTE: "100000" },
    }),
    startWorker({ vars: { CURATOR_TOKEN: CURATOR, RATE_LIMIT_VOTES_PER_MINUTE: "3", RATE_LIMIT_WINDOW_SECONDS: "2" } }),
    startWorker({
      vars: { CURATOR_TOKEN: CURATOR, RATE_LIMIT_VOTES_PER_MINUTE: "100000", RATE_LIMIT_WINDOW_SECONDS: "10" },
      ratelimits: { RATE_LIMITER_VOTES: { limit: 3, period: 10 } },
    }),
  ]).then(([w, l, e]) => {
    edge = e;
    return [w, l];
  });
});

after(async () => {
  await Promise.all([worker?.stop(), limited?.stop(), edge?.stop()]);
});

describe("creating a ballot", () => {
  test("returns a 128-bit id, a separate admin token and the voting URL on the request's origin", async () => {
    const created = await create({ title: " Noche de tallas ", jokes: jokes(3), gold: [{ id: "g0", text: "Control", expected: "funny" }] });
    assert.match(created.ballot_id, /^[0-9a-f]{32}$/);
    assert.match(created.admin_token, /^[0-9a-f]{64}$/);
    assert.ok(!created.admin_token.includes(created.ballot_id));
    assert.equal(created.url, `${worker.url}/vote/${created.ballot_id}`);
    const other = await create({ title: "Otra", jokes: jokes(1) });
    assert.notEqual(other.ballot_id, created.ballot_id);
  });

  test("is for curators only", async () => {
    const body = { title: "t", jokes: jokes(1) };
    assertError(await call(worker.url, "/api/ballots", { method: "POST", body }), 401, "unauthorized", /Bearer/);
    assertError(await call(worker.url, "/api/ballots", { method: "POST", body, token: "x".repeat(40) }), 401, "unauthorized");
  });

  test("refuses every malformed ballot with 400 and says what is wrong", async () => {
    const cases = [
      ["{not json", /not valid JSON/],
      [{ jokes: jokes(1) }, /missing field `title`/],
      [{ title: "t", jokes: jokes(1), extra: 1 }, /unknown field `extra`/],
      [{ title: "  ", jokes: jokes(1) }, /`title` is empty/],
      [{ title: "t".repeat(201), jokes: jokes(1) }, /`title` has 201 characters; the limit is 200/],
      [{ title: "t", jokes: [] }, /`jokes` is empty/],
      [{ title: "t", jokes: [{ id: "", text: "x" }] }, /`jokes\[0\]\.id` is empty/],
      [{ title: "t", jokes: [{ id: "i".repeat(101), text: "x" }] }, /`jokes\[0\]\.id` has 101 characters; the limit is 100/],
      [{ title: "t", jokes: [{ id: "a", text: " " }] }, /`jokes\[0\]\.text` is empty/],
      [{ title: "t", jokes: [{ id: "a", text: "x".repeat(2001) }] }, /`jokes\[0\]\.text` has 2001 characters; the limit is 2000/],
      [{ title: "t", jokes: [{ id: "a", text: "x" }, { id: "a", text: "y" }] }, /`jokes\[1\]\.id` "a" is used twice/],
      [{ title: "t", jokes: jokes(1), gold: [{ id: "j0", text: "x", expected: "funny" }] }, /`gold\[0\]\.id` "j0" is used twice/],
      [{ title: "t", jokes: jokes(1), gold: [{ id: "g", text: "x", expected: "meh" }] }, /unknown variant `meh`/],
      [{ title: "t", jokes: jokes(1), gold: [{ id: "g", text: "x" }] }, /missing field `expected`/],
    ];
    for (const [body, pattern] of cases) {
      const res = await call(worker.url, "/api/ballots", { method: "POST", body, token: CURATOR });
      assertError(res, 400, "bad_request", pattern);
    }
  });

  test("refuses too many jokes, too many gold jokes and too large a body with 413", async () => {
    const short = (n, prefix) => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, text: "x" }));
    let res = await call(worker.url, "/api/ballots", { method: "POST", body: { title: "t", jokes: short(2001, "") }, token: CURATOR });
    assertError(res, 413, "payload_too_large", /2001 jokes; the limit is 2000/);
    const gold = short(201, "g").map((g) => ({ ...g, expected: "funny" }));
    res = await call(worker.url, "/api/ballots", { method: "POST", body: { title: "t", jokes: short(1, "j"), gold }, token: CURATOR });
    assertError(res, 413, "payload_too_large", /201 gold jokes; the limit is 200/);
    const big = { title: "t", jokes: Array.from({ length: 200 }, (_, i) => ({ id: `b${i}`, text: "x".repeat(1500) })) };
    res = await call(worker.url, "/api/ballots", { method: "POST", body: big, token: CURATOR });
    assertError(res, 413, "payload_too_large", /MAX_BALLOT_BODY_BYTES/);
  });

  test("accepts the largest ballot allowed", async () => {
    const created = await create({ title: "Grande", jokes: Array.from({ length: 2000 }, (_, i) => ({ id: `${i}`, text: `t${i}` })) });
    const res = await call(worker.url, `/api/ballots/${created.ballot_id}`);
    assert.equal(res.json.jokes.length, 2000);
  });
});

describe("reading a ballot", () => {
  test("shows the title and every joke, gold ones as plain jokes", async () => {
    const gold = [
      { id: "g0", text: "Control bueno", expected: "funny" },
      { id: "g1", text: "Control fome", expected: "not_funny" },
    ];
    const created = await create({ title: "Pública", jokes: jokes(6), gold });
    const res = await call(worker.url, `/api/ballots/${created.ballot_id}`);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.ballot_id, created.ballot_id);
    assert.equal(res.json.title, "Pública");
    assert.match(res.json.created_at, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(Object.keys(res.json).sort(), ["ballot_id", "closes_at", "created_at", "jokes", "title"]);
    assert.equal(res.json.closes_at, null);
    assert.deepEqual(
      res.json.jokes.map((j) => j.text).sort(),
      ["Control bueno", "Control fome", ...jokes(6).map((j) => j.text)].sort(),
    );
    for (const joke of res.json.jokes) assert.deepEqual(Object.keys(joke).sort(), ["id", "text"]);
    // Item ids are the ballot's own, in its random order: never the curator's ids.
    assert.deepEqual(res.json.jokes.map((j) => j.id), ["0", "1", "2", "3", "4", "5", "6", "7"]);
  });

  test("answers 404 for an unknown ballot", async () => {
    assertError(await call(worker.url, "/api/ballots/0123456789abcdef0123456789abcdef"), 404, "not_found", /no ballot/);
    assertError(await call(worker.url, `/api/ballots/${"x".repeat(100)}`), 404, "not_found");
  });

  test("answers 405 with Allow for a wrong method", async () => {
    const res = await call(worker.url, "/api/ballots/abc", { method: "DELETE" });
    assertError(res, 405, "method_not_allowed");
    assert.equal(res.headers.get("allow"), "GET");
    assert.equal((await call(worker.url, "/api/ballots")).headers.get("allow"), "POST");
  });
});

describe("next jokes for a voter", () => {
  test("validates voter_id and limit", async () => {
    const { ballot_id: id } = await create({ title: "t", jokes: jokes(2) });
    assertError(await call(worker.url, `/api/ballots/${id}/next`), 400, "bad_request", /`voter_id` is missing/);
    for (const bad of ["short", "x".repeat(65), "has space 123", "ñandú-ñandú"]) {
      assertError(await next(worker.url, id, { voter_id: bad }), 400, "bad_request", /voter_id/);
    }
    for (const bad of ["0", "51", "many"]) {
      assertError(await next(worker.url, id, { voter_id: voter(1), limit: bad }), 400, "bad_request", /`limit`/);
    }
    assertError(await next(worker.url, "0123456789abcdef0123456789abcdef", { voter_id: voter(1) }), 404, "not_found");
  });

  test("gives least-voted jokes first, never one the voter already voted on, gold mixed in", async () => {
    const { ballot_id: id } = await create({
      title: "Orden",
      jokes: jokes(5),
      gold: [{ id: "g0", text: "Control", expected: "funny" }],
    });
    let res = await next(worker.url, id, { voter_id: voter(1) });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.title, "Orden");
    assert.equal(res.json.closes_at, null);
    assert.equal(res.json.jokes.length, 6);
    assert.equal(res.json.remaining, 6);
    assert.ok(res.curator.includes("g0"), "gold is served like any joke");
    for (const joke of res.json.jokes) assert.deepEqual(Object.keys(joke).sort(), ["id", "text"]);

    // Voter 1 votes on j0 (twice: a skip also counts as shown) and j1.
    for (const [joke, v] of [["j0", "funny"], ["j1", "skip"]]) {
      assert.equal((await vote(worker.url, id, { voter_id: voter(1), joke_id: joke, vote: v })).json.recorded, true);
    }
    assert.equal((await vote(worker.url, id, { voter_id: voter(2), joke_id: "j0", vote: "not_funny" })).json.recorded, true);

    res = await next(worker.url, id, { voter_id: voter(1) });
    assert.deepEqual(res.curator.sort(), ["g0", "j2", "j3", "j4"]);
    assert.equal(res.json.remaining, 4);

    // A new voter sees the unvoted jokes first, then j1 (1 vote), then j0 (2 votes).
    res = await next(worker.url, id, { voter_id: voter(3) });
    const order = res.curator;
    assert.deepEqual(order.slice(4), ["j1", "j0"]);
    assert.deepEqual(order.slice(0, 4).sort(), ["g0", "j2", "j3", "j4"]);

    res = await next(worker.url, id, { voter_id: voter(3), limit: "2" });
    assert.equal(res.json.jokes.length, 2);
    assert.equal(res.json.remaining, 6);
    assert.deepEqual(res.curator, order.slice(0, 2), "the same order, cut at the limit");
  });

  test("retires a joke once the crowd has clearly decided it, but never a gold joke", async () => {
    const { ballot_id: id } = await create({
      title: "Retiro",
      jokes: jokes(3),
      gold: [{ id: "g0", text: "Control", expected: "funny" }],
    });
    // Five unanimous votes: the Wilson interval clears 0.5 and the minimum of five is met.
    for (let n = 0; n < 5; n++) {
      for (const joke of ["j0", "g0"]) {
        const res = await vote(worker.url, id, { voter_id: voter(100 + n), joke_id: joke, vote: "funny" });
        assert.equal(res.json.recorded, true, res.text);
      }
    }
    // Four of four is not yet retired: one voter short of the minimum.
    for (let n = 0; n < 4; n++) {
      await vote(worker.url, id, { voter_id: voter(200 + n), joke_id: "j1", vote: "not_funny" });
    }
    const res = await next(worker.url, id, { voter_id: voter(999) });
    const ids = res.curator;
    assert.ok(!ids.includes("j0"), `j0 is decided and retired: ${ids}`);
    assert.ok(ids.includes("g0"), "gold stays on the ballot");
    assert.ok(ids.includes("j1"), "four votes are not enough to retire");
    assert.equal(res.json.remaining, 3);
    // A late vote on a retired joke is still accepted and counted.
    assert.equal((await vote(worker.url, id, { voter_id: voter(999), joke_id: "j0", vote: "skip" })).json.recorded, true);
  });
});

describe("voting", () => {
  test("records the first vote and treats every repeat as a no-op", async () => {
    const created = await create({ title: "Votos", jokes: jokes(2) });
    const id = created.ballot_id;
    const first = await vote(worker.url, id, { voter_id: voter(1), joke_id: "j0", vote: "funny" });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.json, { recorded: true });
    const again = await vote(worker.url, id, { voter_id: voter(1), joke_id: "j0", vote: "funny" });
    assert.deepEqual([again.status, again.json], [200, { recorded: false }]);
    const changed = await vote(worker.url, id, { voter_id: voter(1), joke_id: "j0", vote: "not_funny" });
    assert.deepEqual([changed.status, changed.json], [200, { recorded: false }], "the first vote stands");
    const results = await call(worker.url, `/api/ballots/${id}/results`, { token: created.admin_token });
    const j0 = results.json.jokes.find((j) => j.joke_id === "j0");
    assert.deepEqual([j0.funny, j0.not_funny, j0.skip], [1, 0, 0]);
  });

  test("counts 20 identical concurrent votes once, and 20 different voters 20 times", async () => {
    const created = await create({ title: "Carrera", jokes: jokes(2) });
    const id = created.ballot_id;
    const body = { voter_id: voter(7), joke_id: "j0", vote: "funny" };
    const same = await Promise.all(Array.from({ length: 20 }, () => vote(worker.url, id, body)));
    assert.deepEqual(same.map((r) => r.status), Array(20).fill(200), same.map((r) => r.text).join("\n"));
    assert.equal(same.filter((r) => r.json.recorded === true).length, 1);
    assert.equal(same.filter((r) => r.json.recorded === false).length, 19);

    const many = await Promise.all(
      Array.from({ length: 20 }, (_, n) => vote(worker.url, id, { voter_id: voter(300 + n), joke_id: "j1", vote: "not_funny" })),
    );
    assert.ok(many.every((r) => r.json?.recorded === true), many.map((r) => r.text).join("\n"));

    const results = await call(worker.url, `/api/ballots/${id}/results`, { token: created.admin_token });
    const byId = Object.fromEntries(results.json.jokes.map((j) => [j.joke_id, j]));
    assert.deepEqual([byId.j0.funny, byId.j0.not_funny, byId.j0.skip], [1, 0, 0]);
    assert.deepEqual([byId.j1.funny, byId.j1.not_funny, byId.j1.skip], [0, 20, 0]);
    assert.equal(results.json.voters.length, 21);
  });

  test("answers every concurrent duplicate with JSON and counts exactly the votes it said it recorded", async () => {
    // Each voter sends each vote three times at once, with different values; whichever arrives
    // first is the vote. Every answer must be the worker's own JSON, exactly one of the three
    // must say `recorded: true`, and the tally must hold exactly the values so acknowledged.
    const created = await create({ title: "Duplicados", jokes: jokes(5) });
    const id = created.ballot_id;
    const values = ["funny", "not_funny", "skip"];
    const expected = Object.fromEntries(jokes(5).map((j) => [j.id, { funny: 0, not_funny: 0, skip: 0 }]));
    for (const joke of jokes(5)) {
      const sends = [];
      for (let n = 0; n < 10; n++) {
        for (const value of values) sends.push({ voter_id: voter(500 + n), joke_id: joke.id, vote: value });
      }
      const answers = await Promise.all(sends.map((body) => vote(worker.url, id, body)));
      for (const [i, res] of answers.entries()) {
        assert.equal(res.status, 200, res.text);
        assert.equal(typeof res.json?.recorded, "boolean", res.text);
        if (res.json.recorded) expected[joke.id][sends[i].vote]++;
      }
      for (let n = 0; n < 10; n++) {
        const trues = answers.slice(n * 3, n * 3 + 3).filter((r) => r.json.recorded).length;
        assert.equal(trues, 1, `voter ${n} on ${joke.id}: ${trues} answers said recorded`);
      }
    }
    const results = await call(worker.url, `/api/ballots/${id}/results`, { token: created.admin_token });
    for (const j of results.json.jokes) {
      assert.deepEqual({ funny: j.funny, not_funny: j.not_funny, skip: j.skip }, expected[j.joke_id], j.joke_id);
    }
    assert.deepEqual(results.json.voters.map((v) => v.votes), Array(10).fill(5));
  });

  test("refuses bad votes with 400 and unknown jokes or ballots with 404", async () => {
    const { ballot_id: id } = await create({ title: "t", jokes: jokes(1) });
    const ok = { voter_id: voter(1), joke_id: "j0", vote: "funny" };
    assertError(await vote(worker.url, id, { ...ok, vote: "meh" }), 400, "bad_request", /unknown variant `meh`/);
    assertError(await vote(worker.url, id, { ...ok, vote: undefined }), 400, "bad_request", /missing field `vote`/);
    assertError(await vote(worker.url, id, { ...ok, voter_id: "abc" }), 400, "bad_request", /`voter_id` has 3 characters/);
    assertError(await vote(worker.url, id, { ...ok, voter_id: "semi;colon;" }), 400, "bad_request", /voter_id/);
    assertError(await vote(worker.url, id, { ...ok, joke_id: "" }), 400, "bad_request", /joke_id/);
    assertError(await vote(worker.url, id, { ...ok, weight: 10 }), 400, "bad_request", /unknown field `weight`/);
    assertError(await vote(worker.url, id, "{"), 400, "bad_request");
    assertError(await vote(worker.url, id, { ...ok, joke_id: "nope" }), 404, "not_found", /no joke "nope"/);
    assertError(await vote(worker.url, id, { ...ok, joke_id: "7" }), 404, "not_found", /no joke "7"/);
    assertError(await vote(worker.url, id, { ...ok, joke_id: "00" }), 404, "not_found", /no joke "00"/);
    assertError(await vote(worker.url, "0123456789abcdef0123456789abcdef", { ...ok, joke_id: "0" }), 404, "not_found", /no ballot/);
    assertError(await vote(worker.url, id, { ...ok, voter_id: "v".repeat(5000) }), 413, "payload_too_large");
  });
});

describe("results and closing", () => {
  test("need the ballot's own admin token", async () => {
    const a = await create({ title: "A", jokes: jokes(1) });
    const b = await create({ title: "B", jokes: jokes(1) });
    const path = `/api/ballots/${a.ballot_id}/results`;
    assertError(await call(worker.url, path), 401, "unauthorized", /admin token/);
    assertError(await call(worker.url, path, { token: b.admin_token }), 401, "unauthorized");
    assertError(await call(worker.url, path, { token: CURATOR }), 401, "unauthorized");
    assertError(await call(worker.url, path, { headers: { authorization: `Basic ${a.admin_token}` } }), 401, "unauthorized");
    assertError(await call(worker.url, `/api/ballots/${a.ballot_id}/close`, { method: "POST" }), 401, "unauthorized");
    assertError(await call(worker.url, `/api/ballots/${a.ballot_id}/close`, { method: "POST", token: b.admin_token }), 401, "unauthorized");
    assertError(await call(worker.url, "/api/ballots/0123456789abcdef0123456789abcdef/results", { token: a.admin_token }), 404, "not_found");
    const ok = await call(worker.url, path, { headers: { authorization: `bearer ${a.admin_token}` } });
    assert.equal(ok.status, 200, ok.text);
  });

  test("give per-joke counts with Wilson bound and majority, gold answers, and voter quality", async () => {
    const created = await create({
      title: "Resultados",
      jokes: [{ id: "hit", text: "Buenísimo" }, { id: "flop", text: "Fome" }, { id: "new", text: "Sin votos" }],
      gold: [
        { id: "gf", text: "Control bueno", expected: "funny" },
        { id: "gn", text: "Control fome", expected: "not_funny" },
      ],
    });
    const id = created.ballot_id;
    const cast = async (v, joke, choice) => {
      const res = await vote(worker.url, id, { voter_id: v, joke_id: joke, vote: choice });
      assert.equal(res.json.recorded, true, res.text);
    };
    for (let n = 0; n < 6; n++) await cast(voter(n), "hit", "funny");
    await cast(voter(0), "flop", "not_funny");
    await cast(voter(1), "flop", "not_funny");
    await cast(voter(2), "flop", "funny");
    await cast(voter(3), "flop", "skip");
    // voter 0 gets both gold right, voter 1 both wrong, voter 2 skips one.
    await cast(voter(0), "gf", "funny");
    await cast(voter(0), "gn", "not_funny");
    await cast(voter(1), "gf", "not_funny");
    await cast(voter(1), "gn", "funny");
    await cast(voter(2), "gf", "skip");

    const res = await call(worker.url, `/api/ballots/${id}/results`, { token: created.admin_token });
    assert.equal(res.status, 200, res.text);
    const r = res.json;
    assert.equal(r.ballot_id, id);
    assert.equal(r.title, "Resultados");
    assert.equal(r.closed_at, null);
    assert.deepEqual(r.jokes.map((j) => j.joke_id), ["hit", "flop", "new"], "best Wilson lower bound first");
    const [hit, flop, fresh] = r.jokes;
    assert.deepEqual(
      { ...hit, wilson_lower: undefined, wilson_upper: undefined },
      {
        joke_id: "hit",
        funny: 6,
        not_funny: 0,
        skip: 0,
        wilson_lower: undefined,
        wilson_upper: undefined,
        majority: "funny",
        decided: "funny",
        retired: true,
      },
    );
    assert.equal(r.votes, 15);
    assert.equal(r.excluding, false);
    assert.equal(r.min_accuracy, 0.6);
    assert.ok(hit.wilson_lower > 0.6 && hit.wilson_lower < 0.65, String(hit.wilson_lower));
    assert.deepEqual([flop.funny, flop.not_funny, flop.skip, flop.majority, flop.decided], [1, 2, 1, "not_funny", null]);
    assert.deepEqual([fresh.funny, fresh.wilson_lower, fresh.majority], [0, 0, null]);
    assert.deepEqual(r.gold.map((g) => g.joke_id).sort(), ["gf", "gn"], "gold only in the results");
    const gf = r.gold.find((g) => g.joke_id === "gf");
    assert.deepEqual(gf, { joke_id: "gf", expected: "funny", funny: 1, not_funny: 1, skip: 1 });
    const voters = Object.fromEntries(r.voters.map((v) => [v.voter_id, v]));
    assert.deepEqual(Object.keys(voters), [0, 1, 2, 3, 4, 5].map(voter));
    assert.deepEqual([voters[voter(0)].gold_answered, voters[voter(0)].correct, voters[voter(0)].accuracy], [2, 2, 1]);
    assert.deepEqual([voters[voter(1)].gold_answered, voters[voter(1)].correct, voters[voter(1)].accuracy], [2, 0, 0]);
    assert.deepEqual([voters[voter(2)].gold_answered, voters[voter(2)].votes], [0, 3], "a skip on gold is no answer");
    assert.deepEqual([voters[voter(5)].votes, voters[voter(5)].accuracy, voters[voter(5)].flagged], [1, null, false]);
    // "hit" (six funny) and "flop" (not funny, not funny, funny) have two labels or more.
    assert.equal(r.agreement.all.items, 2);
    assert.ok(r.agreement.all.value > 0 && r.agreement.all.value < 1, String(r.agreement.all.value));
    assert.equal(r.agreement.passing, null, "one voter passes gold: no pair to agree");

    // Leaving out voters below 50% gold accuracy takes voter 1's votes out of the counts.
    const strict = await call(worker.url, `/api/ballots/${id}/results?min_accuracy=0.5`, { token: created.admin_token });
    assert.equal(strict.status, 200, strict.text);
    assert.equal(strict.json.excluding, true);
    assert.deepEqual(strict.json.voters.filter((v) => v.excluded).map((v) => v.voter_id), [voter(1)]);
    const strictFlop = strict.json.jokes.find((j) => j.joke_id === "flop");
    assert.deepEqual([strictFlop.funny, strictFlop.not_funny, strictFlop.skip], [1, 1, 1]);
    const bad = await call(worker.url, `/api/ballots/${id}/results?min_accuracy=2`, { token: created.admin_token });
    assertError(bad, 400, "bad_request", /`min_accuracy` is "2"; it must be a share from 0 to 1/);
  });

  test("closing ends voting (410) but keeps the results; closing again keeps the first time", async () => {
    const created = await create({ title: "Cierre", jokes: jokes(2) });
    const id = created.ballot_id;
    await vote(worker.url, id, { voter_id: voter(1), joke_id: "j0", vote: "funny" });
    const closed = await call(worker.url, `/api/ballots/${id}/close`, { method: "POST", token: created.admin_token });
    assert.equal(closed.status, 200, closed.text);
    assert.equal(closed.json.ballot_id, id);
    assert.match(closed.json.closed_at, /^\d{4}-\d\d-\d\dT/);
    const again = await call(worker.url, `/api/ballots/${id}/close`, { method: "POST", token: created.admin_token });
    assert.deepEqual(again.json, closed.json);

    assertError(await call(worker.url, `/api/ballots/${id}`), 410, "gone", /closed/);
    assertError(await next(worker.url, id, { voter_id: voter(2) }), 410, "gone");
    assertError(await vote(worker.url, id, { voter_id: voter(2), joke_id: "j1", vote: "funny" }), 410, "gone");
    assertError(await vote(worker.url, id, { voter_id: voter(1), joke_id: "j0", vote: "funny" }), 410, "gone");
    const results = await call(worker.url, `/api/ballots/${id}/results`, { token: created.admin_token });
    assert.equal(results.status, 200);
    assert.equal(results.json.closed_at, closed.json.closed_at);
    assert.equal(results.json.jokes.find((j) => j.joke_id === "j0").funny, 1);
  });
});

describe("a target of votes and a closing time", () => {
  test("a joke leaves the ballot at its target of funny / not funny votes, split or not", async () => {
    const { ballot_id: id } = await create({ title: "Meta", jokes: jokes(2), target_votes: 2 });
    await vote(worker.url, id, { voter_id: voter(1), joke_id: "j0", vote: "funny" });
    await vote(worker.url, id, { voter_id: voter(2), joke_id: "j0", vote: "skip" });
    assert.deepEqual((await next(worker.url, id, { voter_id: voter(9) })).curator.sort(), ["j0", "j1"], "a skip is no vote toward it");
    await vote(worker.url, id, { voter_id: voter(3), joke_id: "j0", vote: "not_funny" });
    assert.deepEqual((await next(worker.url, id, { voter_id: voter(9) })).curator, ["j1"]);
    assertError(await call(worker.url, "/api/ballots", { method: "POST", token: CURATOR, body: { title: "t", jokes: jokes(1), target_votes: 0 } }), 400, "bad_request", /`target_votes` is 0/);
  });

  test("voting ends by itself at the closing time; a time past or unreadable is refused", async () => {
    const closesAt = new Date(Date.now() + 2500).toISOString();
    const created = await create({ title: "Con hora", jokes: jokes(2), closes_at: closesAt });
    const id = created.ballot_id;
    const open = await next(worker.url, id, { voter_id: voter(1) });
    assert.equal(open.json.closes_at, closesAt);
    assert.equal((await vote(worker.url, id, { voter_id: voter(1), joke_id: "j0", vote: "funny" })).json.recorded, true);
    await new Promise((r) => setTimeout(r, Date.parse(closesAt) - Date.now() + 200));
    assertError(await vote(worker.url, id, { voter_id: voter(1), joke_id: "j1", vote: "funny" }), 410, "gone", new RegExp(`closed at ${closesAt}`));
    assertError(await next(worker.url, id, { voter_id: voter(2) }), 410, "gone");
    const results = await call(worker.url, `/api/ballots/${id}/results`, { token: created.admin_token });
    assert.equal(results.json.closed_at, closesAt, "the closing time is when voting ended");
    assert.equal(results.json.jokes.find((j) => j.joke_id === "j0").funny, 1);
    for (const [closes_at, pattern] of [
      ["2020-01-01T00:00:00Z", /`closes_at` is in the past/],
      ["mañana a las 9", /`closes_at` is not a date and time/],
      [new Date(Date.now() + 400 * 86_400_000).toISOString(), /more than 366 days ahead/],
    ]) {
      const res = await call(worker.url, "/api/ballots", { method: "POST", token: CURATOR, body: { title: "t", jokes: jokes(1), closes_at } });
      assertError(res, 400, "bad_request", pattern);
    }
  });
});

describe("vote rate limit", () => {
  test("trips with 429 and Retry-After, per client, and recovers after the window", async () => {
    const { ballot_id: id } = await create({ title: "Límite", jokes: jokes(20) }, limited.url);
    let n = 0;
    const send = (headers) => vote(limited.url, id, { voter_id: voter(n), joke_id: `j${n++ % 20}`, vote: "funny" }, headers);
    // The limit is 3 per 2 s window; a window boundary may fall in between, so allow a few more.
    let refused = null;
    for (let i = 0; i < 10 && !refused; i++) {
      const res = await send();
      if (res.status === 429) refused = res;
      else assert.equal(res.status, 200, res.text);
    }
    assert.ok(refused, "the limit tripped");
    assertError(refused, 429, "rate_limited", /too many votes from your address: the limit is 3 per 2 s; try again in \d s/);
    const wait = Number(refused.headers.get("retry-after"));
    assert.ok(wait >= 1 && wait <= 2, `Retry-After ${wait}`);

    // Another client (another address, as Cloudflare reports it) has its own window.
    const other = await send({ "cf-connecting-ip": "203.0.113.50" });
    assert.equal(other.status, 200, other.text);

    await new Promise((r) => setTimeout(r, wait * 1000 + 100));
    const recovered = await send();
    assert.equal(recovered.status, 200, recovered.text);
  });
});

describe("vote rate limit with the rate-limiting binding", () => {
  test("the binding counts every vote of a client, malformed ones too, and refuses with 429 and Retry-After", async () => {
    const { ballot_id: id } = await create({ title: "Límite en el borde", jokes: jokes(20) }, edge.url);
    const client = { "cf-connecting-ip": "192.0.2.33" };
    const answers = [];
    for (let n = 0; n < 3; n++) {
      answers.push(await vote(edge.url, id, { voter_id: voter(900 + n), joke_id: `j${n}`, vote: "funny" }, client));
    }
    // The binding's window may roll over between sends; the first refusal comes within a few more.
    let refused = null;
    for (let n = 3; n < 12 && !refused; n++) {
      const res = await vote(edge.url, id, { voter_id: voter(900 + n), joke_id: `j${n}`, vote: "funny" }, client);
      if (res.status === 429) refused = res;
      else answers.push(res);
    }
    for (const res of answers) assert.equal(res.status, 200, res.text);
    assert.ok(refused, `no 429 after ${answers.length} votes: the D1 limit is 100,000, so only the binding can refuse`);
    assertError(refused, 429, "rate_limited", /too many votes from your address in the last 10 s; try again in 10 s/);
    assert.equal(refused.headers.get("retry-after"), "10");
    // A malformed vote is counted and refused the same way, before what is wrong with it.
    const malformed = await vote(edge.url, id, { voter_id: voter(999) }, client);
    assertError(malformed, 429, "rate_limited", /too many votes/);
    // Another address has its own count, and its vote is recorded (one batch without the D1 count).
    const other = await vote(edge.url, id, { voter_id: voter(950), joke_id: "j1", vote: "not_funny" }, { "cf-connecting-ip": "192.0.2.34" });
    assert.equal(other.status, 200, other.text);
    assert.deepEqual(other.json, { recorded: true });
  });
});

describe("vote rate limit under concurrent duplicates", () => {
  test("answers each send 200 or 429 with JSON, and counts only votes answered recorded", async () => {
    const created = await create({ title: "Límite concurrente", jokes: jokes(4) }, limited.url);
    const id = created.ballot_id;
    // Four votes sent four times each at once: sixteen requests against a limit of 3 per window.
    const sends = jokes(4).flatMap((j) => Array.from({ length: 4 }, () => ({ voter_id: voter(700), joke_id: j.id, vote: "funny" })));
    const answers = await Promise.all(sends.map((body) => vote(limited.url, id, body, { "cf-connecting-ip": "198.51.100.7" })));
    let recorded = 0;
    for (const res of answers) {
      assert.ok([200, 429].includes(res.status), res.text);
      if (res.status === 429) {
        assertError(res, 429, "rate_limited", /too many votes/);
        assert.ok(Number(res.headers.get("retry-after")) >= 1);
      } else if (res.json.recorded) {
        recorded++;
      }
    }
    // At most the limit got through in this window (a window boundary may let three more through).
    assert.ok(recorded >= 1 && recorded <= 4, `recorded ${recorded}`);
    assert.ok(answers.filter((r) => r.status === 429).length >= 16 - 6, answers.map((r) => r.status).join(","));
    const results = await call(limited.url, `/api/ballots/${id}/results`, { token: created.admin_token });
    const counted = results.json.jokes.reduce((sum, j) => sum + j.funny + j.not_funny + j.skip, 0);
    assert.equal(counted, recorded, "only votes answered `recorded: true` are counted");
  });
});

test("no public answer reveals a gold answer or a curator's joke id", () => {
  assert.ok(publicAnswers.length > 20);
  for (const answer of publicAnswers) {
    assert.ok(!/"expected"|gold_expected|"gold"/.test(answer), answer.slice(0, 300));
    // Answers to a vote for an unknown id quote it back; every other answer names items by position.
    if (!/no joke/.test(answer)) assert.ok(!/"id":"[^0-9"]/.test(answer), answer.slice(0, 300));
  }
});
