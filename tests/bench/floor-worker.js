// The floor for the worker benchmark (`BENCH_RUNTIME=floor make bench-worker`, docs/BENCHMARKS.md,
// "Worker (issue 4)"): the least any worker must do for the two measured calls, in plain JavaScript
// with none of this project's code. A task call forwards one fixed upstream request (the one the real
// worker sends, given as UPSTREAM_BODY) and returns the model's JSON; a vote is one idempotent D1
// insert. No auth, validation, limits, retries or usage ledger. Whatever this adds on workerd is the
// local runtime's cost, which no worker code can go below.
//
// With FLOOR_SQL = "product" (`BENCH_RUNTIME=floor-sql`) ballots and votes use the project's own D1
// schema (its migrations: the counters' trigger, the foreign key, the voter index) and the same
// vote statement as the worker (the item must exist and its ballot be open), still in plain
// JavaScript: what the data model costs, apart from the worker's code.
export default {
  async fetch(request, env) {
    const path = new URL(request.url).pathname;
    if (request.method === "POST" && path === "/api/rewrite") {
      await request.json();
      const upstream = await fetch(`${env.MISTRAL_BASE_URL}/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${env.MISTRAL_API_KEY}`, "content-type": "application/json" },
        body: env.UPSTREAM_BODY,
      });
      const reply = await upstream.json();
      return Response.json({ result: JSON.parse(reply.choices[0].message.content) });
    }
    const product = env.FLOOR_SQL === "product";
    if (request.method === "POST" && path === "/api/ballots" && product) {
      const { jokes } = await request.json();
      const id = crypto.randomUUID().replaceAll("-", "");
      const ballot = env.DB.prepare(
        "INSERT INTO ballots (id, admin_token_hash, title, created_at) VALUES (?1, 'floor', 'floor', ?2)",
      ).bind(id, new Date().toISOString());
      const item = env.DB.prepare("INSERT INTO ballot_items (ballot_id, joke_id, position, text) VALUES (?1, ?2, ?3, ?2)");
      await env.DB.batch([ballot, ...jokes.map((joke, position) => item.bind(id, joke.id, position))]);
      return Response.json({ ballot_id: id, admin_token: "floor" }, { status: 201 });
    }
    if (request.method === "POST" && path === "/api/ballots") {
      const { jokes } = await request.json();
      const id = crypto.randomUUID();
      const insert = env.DB.prepare("INSERT INTO floor_jokes (ballot, id) VALUES (?1, ?2)");
      await env.DB.batch(jokes.map((joke) => insert.bind(id, joke.id)));
      return Response.json({ ballot_id: id, admin_token: "floor" }, { status: 201 });
    }
    const votes = path.match(/^\/api\/ballots\/([^/]+)\/votes$/);
    if (request.method === "POST" && votes && product) {
      const { voter_id, joke_id, vote } = await request.json();
      const now = new Date().toISOString();
      const inserted = await env.DB.prepare(
        `INSERT INTO votes (ballot_id, joke_id, voter_id, vote, created_at)
         SELECT ?1, joke_id, ?3, ?4, ?5 FROM ballot_items WHERE ballot_id = ?1 AND joke_id = ?2
         AND EXISTS (SELECT 1 FROM ballots WHERE id = ?1 AND closed_at IS NULL AND (closes_at IS NULL OR closes_at > ?5))
         ON CONFLICT DO NOTHING RETURNING voter_id`,
      )
        .bind(votes[1], joke_id, voter_id, vote, now)
        .all();
      return Response.json({ recorded: inserted.results.length > 0 });
    }
    if (request.method === "POST" && votes) {
      const { voter_id, joke_id, vote } = await request.json();
      const inserted = await env.DB.prepare(
        "INSERT INTO floor_votes (ballot, voter, joke, vote) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING RETURNING voter",
      )
        .bind(votes[1], voter_id, joke_id, vote)
        .all();
      return Response.json({ recorded: inserted.results.length > 0 });
    }
    const results = path.match(/^\/api\/ballots\/([^/]+)\/results$/);
    if (request.method === "GET" && results && product) {
      const jokes = await env.DB.prepare("SELECT joke_id, funny, not_funny, skip FROM ballot_items WHERE ballot_id = ?1")
        .bind(results[1])
        .all();
      const voters = await env.DB.prepare("SELECT voter_id AS voter, COUNT(*) AS votes FROM votes WHERE ballot_id = ?1 GROUP BY voter_id")
        .bind(results[1])
        .all();
      return Response.json({ jokes: jokes.results, voters: voters.results });
    }
    if (request.method === "GET" && results) {
      const jokes = await env.DB.prepare(
        `SELECT j.id AS joke_id, TOTAL(v.vote = 'funny') AS funny, TOTAL(v.vote = 'not_funny') AS not_funny,
           TOTAL(v.vote = 'skip') AS skip
         FROM floor_jokes j LEFT JOIN floor_votes v ON v.ballot = j.ballot AND v.joke = j.id
         WHERE j.ballot = ?1 GROUP BY j.id`,
      )
        .bind(results[1])
        .all();
      const voters = await env.DB.prepare("SELECT voter, COUNT(*) AS votes FROM floor_votes WHERE ballot = ?1 GROUP BY voter")
        .bind(results[1])
        .all();
      return Response.json({ jokes: jokes.results, voters: voters.results });
    }
    return new Response("not found", { status: 404 });
  },
};

export const SCHEMA = [
  "CREATE TABLE floor_jokes (ballot TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (ballot, id)) WITHOUT ROWID",
  "CREATE TABLE floor_votes (ballot TEXT NOT NULL, voter TEXT NOT NULL, joke TEXT NOT NULL, vote TEXT NOT NULL, PRIMARY KEY (ballot, voter, joke)) WITHOUT ROWID",
];
