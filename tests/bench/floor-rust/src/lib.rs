//! The worker benchmark's floor for a worker written in Rust (`BENCH_RUNTIME=floor-rust make
//! bench-worker`, docs/BENCHMARKS.md): `floor-worker.js`'s calls and tables, written with
//! workers-rs as the project's worker is, and nothing else (no auth, validation, limits, retries or
//! ledger). Between the JavaScript floor and this lies what workers-rs itself costs per request
//! (its request conversion, the bridge between Rust futures and JS promises, serde at the
//! boundary); between this and the worker, what the project's code costs.

use serde::Deserialize;
use serde_json::json;
use wasm_bindgen::JsValue;
use worker::{Env, Fetch, Method, Request, RequestInit, Response, Result, event};

#[derive(Deserialize)]
struct NewBallot {
    jokes: Vec<NewJoke>,
}

#[derive(Deserialize)]
struct NewJoke {
    id: String,
}

#[derive(Deserialize)]
struct Vote {
    voter_id: String,
    joke_id: String,
    vote: String,
}

#[event(fetch)]
async fn fetch(mut req: Request, env: Env, _ctx: worker::Context) -> Result<Response> {
    let path = req.path();
    let post = req.method() == Method::Post;
    if post && path == "/api/rewrite" {
        let _: serde_json::Value = req.json().await?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post).with_body(Some(JsValue::from_str(&env.var("UPSTREAM_BODY")?.to_string())));
        let headers = worker::Headers::new();
        headers.set("authorization", &format!("Bearer {}", env.var("MISTRAL_API_KEY")?))?;
        headers.set("content-type", "application/json")?;
        init.with_headers(headers);
        let url = format!("{}/v1/chat/completions", env.var("MISTRAL_BASE_URL")?);
        let mut upstream = Fetch::Request(Request::new_with_init(&url, &init)?).send().await?;
        let reply: serde_json::Value = upstream.json().await?;
        let content = reply["choices"][0]["message"]["content"].as_str().unwrap_or("null");
        let result: serde_json::Value = serde_json::from_str(content)?;
        return Response::from_json(&json!({ "result": result }));
    }
    let db = env.d1("DB")?;
    if post && path == "/api/ballots" {
        let ballot: NewBallot = req.json().await?;
        let id = format!("{:032x}", random_bits());
        let statements = ballot
            .jokes
            .iter()
            .map(|joke| {
                db.prepare("INSERT INTO floor_jokes (ballot, id) VALUES (?1, ?2)")
                    .bind(&[JsValue::from_str(&id), JsValue::from_str(&joke.id)])
            })
            .collect::<Result<Vec<_>>>()?;
        db.batch(statements).await?;
        return Ok(Response::from_json(&json!({ "ballot_id": id, "admin_token": "floor" }))?.with_status(201));
    }
    let ballot =
        |suffix: &str| path.strip_prefix("/api/ballots/").and_then(|rest| rest.strip_suffix(suffix)).map(str::to_owned);
    if let (true, Some(id)) = (post, ballot("/votes")) {
        let vote: Vote = req.json().await?;
        let inserted = db
            .prepare(
                "INSERT INTO floor_votes (ballot, voter, joke, vote) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT DO NOTHING RETURNING voter",
            )
            .bind(&[id.into(), vote.voter_id.into(), vote.joke_id.into(), vote.vote.into()])?
            .all()
            .await?;
        return Response::from_json(&json!({ "recorded": !inserted.results::<serde_json::Value>()?.is_empty() }));
    }
    if let (Method::Get, Some(id)) = (req.method(), ballot("/results")) {
        let jokes = db
            .prepare(
                "SELECT j.id AS joke_id, TOTAL(v.vote = 'funny') AS funny, TOTAL(v.vote = 'not_funny') AS not_funny, \
                 TOTAL(v.vote = 'skip') AS skip \
                 FROM floor_jokes j LEFT JOIN floor_votes v ON v.ballot = j.ballot AND v.joke = j.id \
                 WHERE j.ballot = ?1 GROUP BY j.id",
            )
            .bind(&[id.clone().into()])?
            .all()
            .await?;
        let voters = db
            .prepare("SELECT voter, COUNT(*) AS votes FROM floor_votes WHERE ballot = ?1 GROUP BY voter")
            .bind(&[id.into()])?
            .all()
            .await?;
        return Response::from_json(&json!({
            "jokes": jokes.results::<serde_json::Value>()?,
            "voters": voters.results::<serde_json::Value>()?,
        }));
    }
    Response::error("not found", 404)
}

/// 128 random bits for a ballot id (`Math.random` suffices for a benchmark's ids).
fn random_bits() -> u128 {
    (0..4).fold(0u128, |id, _| (id << 32) | (worker::js_sys::Math::random() * f64::from(u32::MAX)) as u128)
}
