//! Per-client request limits of the public endpoints: a fixed window per client and action,
//! counted in D1 (table `rate_limits`). The client is its `CF-Connecting-IP` (an IPv6 client by
//! its /64), falling back to 127.0.0.1 locally; the rules are in `tallas_core::limits`.
//!
//! Vars, each with a default: `RATE_LIMIT_PLAY_PER_MINUTE` (10), `RATE_LIMIT_VOTES_PER_MINUTE`
//! (120), and for the arena `RATE_LIMIT_ARENA_PER_MINUTE` (10 matches per player, counted by the
//! player's id, so a room of players behind one address each get their own) under
//! `RATE_LIMIT_ARENA_ROOM_PER_MINUTE` (1,200 matches and votes per address: 200 players at a match
//! and a vote every 20 s); `RATE_LIMIT_WINDOW_SECONDS` (60) is the window they all count over.
//!
//! Where the deployment has the Workers rate-limiting binding for a bucket (`[[ratelimits]]`
//! named `RATE_LIMITER_VOTES` or `RATE_LIMITER_PLAY`, see wrangler.toml), that binding counts
//! instead: its counters live at the edge, so a request costs no D1 write, but they are per
//! location and eventually consistent, and the limit and period are the binding's own
//! (`RATE_LIMIT_WINDOW_SECONDS` should equal its period: it is the `Retry-After` of a refusal).
//! Without one, the D1 window counts: exact, and what runs locally by default.

use serde::Deserialize;
use tallas_core::api::ApiError;
use tallas_core::limits::{check, client_key, refused_at_edge, window_start};
use wasm_bindgen::{JsCast, JsValue};
use worker::{D1Database, D1PreparedStatement, Env, RateLimiter, Request, console_error};

use crate::clock;
use crate::config::number;
use crate::db::{self, int, statement, text};
use crate::outcome::ErrorAnswer;

pub const DEFAULT_PLAY_PER_MINUTE: u64 = 10;
pub const DEFAULT_VOTES_PER_MINUTE: u64 = 120;
pub const DEFAULT_ARENA_PER_MINUTE: u64 = 10;
pub const DEFAULT_ARENA_ROOM_PER_MINUTE: u64 = 1_200;
pub const DEFAULT_WINDOW_SECONDS: u64 = 60;

/// A limited action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// `POST /api/play`.
    Play,
    /// `POST /api/ballots/:id/votes`.
    Votes,
    /// `POST /api/play/arena`, per player (by id, not address).
    Arena,
    /// The arena's matches and votes from one address together: the room's ceiling.
    ArenaRoom,
}

impl Bucket {
    fn name(self) -> &'static str {
        match self {
            Bucket::Play => "play",
            Bucket::Votes => "votes",
            Bucket::Arena => "arena",
            Bucket::ArenaRoom => "arena-room",
        }
    }

    /// How the action is named in the 429 message.
    fn what(self) -> &'static str {
        match self {
            Bucket::Play => "playground requests",
            Bucket::Votes => "votes",
            Bucket::Arena => "arena matches",
            Bucket::ArenaRoom => "arena matches and votes",
        }
    }

    /// The rate-limiting binding that limits this bucket, when the deployment has one.
    fn binding(self) -> &'static str {
        match self {
            Bucket::Play => "RATE_LIMITER_PLAY",
            Bucket::Votes => "RATE_LIMITER_VOTES",
            Bucket::Arena => "RATE_LIMITER_ARENA",
            Bucket::ArenaRoom => "RATE_LIMITER_ARENA_ROOM",
        }
    }

    fn limit(self, env: &Env) -> u64 {
        match self {
            Bucket::Play => number(env, "RATE_LIMIT_PLAY_PER_MINUTE", DEFAULT_PLAY_PER_MINUTE),
            Bucket::Votes => number(env, "RATE_LIMIT_VOTES_PER_MINUTE", DEFAULT_VOTES_PER_MINUTE),
            Bucket::Arena => number(env, "RATE_LIMIT_ARENA_PER_MINUTE", DEFAULT_ARENA_PER_MINUTE),
            Bucket::ArenaRoom => number(env, "RATE_LIMIT_ARENA_ROOM_PER_MINUTE", DEFAULT_ARENA_ROOM_PER_MINUTE),
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
pub struct Counted {
    count: u64,
    window_start: u64,
}

/// This request's place in its client's window for one bucket: what to count and how to judge
/// the count. `enforce` counts in a statement of its own; a handler with D1 work of its own puts
/// `count` (and `sweep`) in the same batch instead, saving a round trip. There a D1 failure fails
/// the request: the count and the write it guards succeed or fail together.
pub struct Window {
    bucket: Bucket,
    client: String,
    /// The current window's start, Unix seconds.
    start: u64,
    now: u64,
    seconds: u64,
    limit: u64,
    /// The deployment's rate-limiting binding for the bucket; `None`: the D1 window counts.
    edge: Option<RateLimiter>,
}

/// The bucket's rate-limiting binding, if the deployment has one. Looked up once per isolate (its
/// bindings are fixed for its life): the lookup checks the binding's class by name, a measurable
/// share of a vote's time (docs/BENCHMARKS.md, "Worker vote path").
fn edge_binding(env: &Env, bucket: Bucket) -> Option<RateLimiter> {
    thread_local! {
        static FOUND: std::cell::RefCell<std::collections::HashMap<&'static str, Option<JsValue>>> = Default::default();
    }
    let name = bucket.binding();
    let found = FOUND.with(|found| {
        found.borrow_mut().entry(name).or_insert_with(|| env.rate_limiter(name).ok().map(JsValue::from)).clone()
    });
    found.map(RateLimiter::unchecked_from_js)
}

impl Window {
    /// The window of the request's client, its address.
    pub fn of(req: &Request, env: &Env, bucket: Bucket) -> Self {
        let connecting_ip = req.headers().get("cf-connecting-ip").ok().flatten();
        Self::of_client(env, bucket, client_key(connecting_ip.as_deref()))
    }

    /// The window of `client`, any key (a player's id).
    pub fn of_client(env: &Env, bucket: Bucket, client: String) -> Self {
        let seconds = number(env, "RATE_LIMIT_WINDOW_SECONDS", DEFAULT_WINDOW_SECONDS);
        let now = clock::now_ms() / 1000;
        Self {
            bucket,
            client,
            start: window_start(now, seconds),
            now,
            seconds,
            limit: bucket.limit(env),
            edge: edge_binding(env, bucket),
        }
    }

    /// With a rate-limiting binding, counts this request there: `Counting::Done` within the
    /// limit, `429` over it. Without one, `Counting::InD1`: the caller counts it in D1 (`count`,
    /// `within_sql`, `judge`). A binding that fails lets the request through, logged, as a D1
    /// failure does in `enforce`.
    pub async fn count_at_edge(&self) -> Result<Counting<'_>, ErrorAnswer> {
        let Some(edge) = &self.edge else {
            return Ok(Counting::InD1(self));
        };
        match edge.limit(self.client.clone()).await {
            Ok(outcome) if !outcome.success => {
                let (error, wait) = refused_at_edge(self.seconds, self.bucket.what());
                Err(ErrorAnswer::retry_after(error, wait))
            }
            Ok(_) => Ok(Counting::Done),
            Err(e) => {
                console_error!(
                    "rate limit {} not checked by its binding, request let through: {e}",
                    self.bucket.name()
                );
                Ok(Counting::Done)
            }
        }
    }

    /// The statement that counts this request and returns the window's count (a `Counted` row).
    pub fn count(&self, db: &D1Database) -> Result<D1PreparedStatement, ApiError> {
        statement(db, COUNT, &[text(self.bucket.name()), text(&self.client), int(self.start)])
    }

    /// The counters of earlier windows to delete, for one request in `SWEEP_ONE_IN`.
    pub fn sweep(&self, db: &D1Database) -> Result<Option<D1PreparedStatement>, ApiError> {
        if js_sys::Math::random() * SWEEP_ONE_IN >= 1.0 {
            return Ok(None);
        }
        statement(db, SWEEP, &[int(self.start)]).map(Some)
    }

    /// A SQL condition, true while this client is within its limit once `count` has run in the
    /// same transaction; it binds `?{first}` to `?{first + 2}`. The write a limited request
    /// guards goes in the batch after `count`, under this condition.
    pub fn within_sql(first: usize) -> String {
        let (bucket, client, limit) = (first, first + 1, first + 2);
        format!("(SELECT count FROM rate_limits WHERE bucket = ?{bucket} AND client = ?{client}) <= ?{limit}")
    }

    /// The arguments of `within_sql`, in order.
    pub fn within_args(&self) -> [JsValue; 3] {
        [text(self.bucket.name()), text(&self.client), int(self.limit)]
    }

    /// `Ok` while `counted` (the row `count` returned) is within the limit, otherwise `429
    /// rate_limited` with `Retry-After`. Agrees with `within_sql`: both compare the same count.
    pub fn judge(&self, counted: &Counted) -> Result<(), ErrorAnswer> {
        check(
            counted.count,
            self.limit,
            self.now,
            counted.window_start.max(self.start),
            self.seconds,
            self.bucket.what(),
        )
        .map_err(|(error, wait)| ErrorAnswer::retry_after(error, wait))
    }
}

/// What `Window::count_at_edge` did with a request.
#[derive(Clone, Copy)]
pub enum Counting<'a> {
    /// The rate-limiting binding counted it, and it is within the limit.
    Done,
    /// There is no binding: the caller counts it in D1, in this window.
    InD1(&'a Window),
}

impl<'a> Counting<'a> {
    /// The window to count the request in, when that is still to do.
    pub fn in_d1(self) -> Option<&'a Window> {
        match self {
            Counting::Done => None,
            Counting::InD1(window) => Some(window),
        }
    }
}

/// `Ok` while the client is within its limit for `bucket` (counted by its binding or in D1),
/// otherwise `429 rate_limited` with `Retry-After`. Should D1 fail, the request is let through and
/// the failure logged: the limits protect against abuse, and the playground's spend has its own
/// budget.
pub async fn enforce(req: &Request, env: &Env, bucket: Bucket) -> Result<(), ErrorAnswer> {
    enforce_window(env, Window::of(req, env, bucket)).await
}

/// As [`enforce`], for `client` (a player's id) rather than the request's address.
pub async fn enforce_for(env: &Env, bucket: Bucket, client: String) -> Result<(), ErrorAnswer> {
    enforce_window(env, Window::of_client(env, bucket, client)).await
}

async fn enforce_window(env: &Env, window: Window) -> Result<(), ErrorAnswer> {
    let bucket = window.bucket;
    let Counting::InD1(window) = window.count_at_edge().await? else {
        return Ok(());
    };
    let counted = match count(env, window).await {
        Ok(counted) => counted,
        Err(e) => {
            console_error!("rate limit {} not checked, request let through: {e}", bucket.name());
            return Ok(());
        }
    };
    sweep(env, window).await;
    window.judge(&counted)
}

async fn count(env: &Env, window: &Window) -> Result<Counted, ApiError> {
    let db = db::database(env)?;
    let row = db::first::<Counted>(window.count(&db)?).await?;
    row.ok_or_else(|| db::failed(worker::Error::RustError("the rate-limit counter returned no row".into())))
}

async fn sweep(env: &Env, window: &Window) {
    let result = match db::database(env).and_then(|db| window.sweep(&db)) {
        Ok(Some(sweep)) => sweep.run().await.map(drop).map_err(db::failed),
        Ok(None) => Ok(()),
        Err(e) => Err(e),
    };
    if let Err(e) = result {
        console_error!("could not sweep old rate-limit counters: {e}");
    }
}
