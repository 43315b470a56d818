//! Per-client request limits of the public endpoints: a fixed window per client and action,
//! counted in D1 (table `rate_limits`). The client is its `CF-Connecting-IP` (an IPv6 client by
//! its /64), falling back to 127.0.0.1 locally; the rules are in `tallas_core::limits`.
//!
//! Vars, each with a default: `RATE_LIMIT_PLAY_PER_MINUTE` (10), `RATE_LIMIT_VOTES_PER_MINUTE`
//! (120) and `RATE_LIMIT_WINDOW_SECONDS` (60, the window the two limits count over).
//!
//! In production the Workers rate-limiting binding (`[[unsafe.bindings]] type = "ratelimit"`) is
//! the cheaper alternative: its counters live at the edge, with no D1 write per request, but they
//! are per location and eventually consistent, and `wrangler dev` does not enforce them. The D1
//! window is exact and is what runs here.

use serde::Deserialize;
use tallas_core::limits::{check, client_key, window_start};
use worker::{Env, Request, console_error};

use crate::config::number;
use crate::db::{self, int, statement, text};
use crate::outcome::Failure;

pub const DEFAULT_PLAY_PER_MINUTE: u64 = 10;
pub const DEFAULT_VOTES_PER_MINUTE: u64 = 120;
pub const DEFAULT_WINDOW_SECONDS: u64 = 60;

/// A limited action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// `POST /api/play`.
    Play,
    /// `POST /api/ballots/:id/votes`.
    Votes,
}

impl Bucket {
    fn name(self) -> &'static str {
        match self {
            Bucket::Play => "play",
            Bucket::Votes => "votes",
        }
    }

    /// How the action is named in the 429 message.
    fn what(self) -> &'static str {
        match self {
            Bucket::Play => "playground requests",
            Bucket::Votes => "votes",
        }
    }

    fn limit(self, env: &Env) -> u64 {
        match self {
            Bucket::Play => number(env, "RATE_LIMIT_PLAY_PER_MINUTE", DEFAULT_PLAY_PER_MINUTE),
            Bucket::Votes => number(env, "RATE_LIMIT_VOTES_PER_MINUTE", DEFAULT_VOTES_PER_MINUTE),
        }
    }
}

/// Counts this request against the client's window: the counter resets when a new window starts
/// and grows by one otherwise, in one statement, so concurrent requests are all counted.
const COUNT: &str = "INSERT INTO rate_limits (bucket, client, window_start, count) VALUES (?1, ?2, ?3, 1) \
    ON CONFLICT (bucket, client) DO UPDATE SET \
    count = CASE WHEN excluded.window_start > rate_limits.window_start THEN 1 ELSE rate_limits.count + 1 END, \
    window_start = MAX(rate_limits.window_start, excluded.window_start) \
    RETURNING count, window_start";

/// Counters of earlier windows mean nothing any more.
const SWEEP: &str = "DELETE FROM rate_limits WHERE window_start < ?1";
/// One request in this many sweeps the table, so it holds little more than the active clients.
const SWEEP_ONE_IN: f64 = 100.0;

#[derive(Deserialize)]
struct Counted {
    count: u64,
    window_start: u64,
}

/// `Ok` while the client is within its limit for `bucket`, otherwise `429 rate_limited` with
/// `Retry-After`. Should D1 fail, the request is let through and the failure logged: the limits
/// protect against abuse, and the playground's spend has its own budget.
pub async fn enforce(req: &Request, env: &Env, bucket: Bucket) -> Result<(), Failure> {
    let connecting_ip = req.headers().get("cf-connecting-ip").ok().flatten();
    let client = client_key(connecting_ip.as_deref());
    let window = number(env, "RATE_LIMIT_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS);
    let now = db::now_ms() / 1000;
    let start = window_start(now, window);
    let counted = match count(env, bucket, &client, start).await {
        Ok(counted) => counted,
        Err(e) => {
            console_error!("rate limit {} not checked, request let through: {e}", bucket.name());
            return Ok(());
        }
    };
    if js_sys::Math::random() * SWEEP_ONE_IN < 1.0 {
        sweep(env, start).await;
    }
    check(counted.count, bucket.limit(env), now, counted.window_start.max(start), window, bucket.what())
        .map_err(|(error, wait)| Failure::retry_after(error, wait))
}

async fn count(env: &Env, bucket: Bucket, client: &str, start: u64) -> Result<Counted, tallas_core::api::ApiError> {
    let db = db::database(env)?;
    let row = db::first::<Counted>(statement(&db, COUNT, &[text(bucket.name()), text(client), int(start)])?).await?;
    row.ok_or_else(|| db::failed(worker::Error::RustError("the rate-limit counter returned no row".into())))
}

async fn sweep(env: &Env, start: u64) {
    let result = match db::database(env) {
        Ok(db) => match statement(&db, SWEEP, &[int(start)]) {
            Ok(sweep) => sweep.run().await.map(drop).map_err(db::failed),
            Err(e) => Err(e),
        },
        Err(e) => Err(e),
    };
    if let Err(e) = result {
        console_error!("could not sweep old rate-limit counters: {e}");
    }
}
