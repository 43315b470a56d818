//! Ballots, their jokes and votes in D1 (tables in `migrations/0002_ballots.sql` and
//! `0003_ballot_options.sql`). Public answers name jokes by their position (`ballot::public_id`),
//! never by the curator's id.
//!
//! Exactly-once voting lives in the database, not in the handlers: a vote is one
//! `INSERT … ON CONFLICT DO NOTHING` on the primary key (ballot, joke, voter), and the counters of
//! each joke are raised by a trigger on inserted rows only. A repeat, even a concurrent one, is a
//! conflict that inserts nothing and counts nothing. The vote and its rate-limit count travel in
//! one D1 batch: one round trip per recorded vote.

use serde::Deserialize;
use tallas_core::api::ApiError;
use tallas_core::ballot::{BallotJoke, Candidate, ItemTally, NewBallot, public_id};
use tallas_core::scores::crowd::{Label, Vote, VoteCounts};
use worker::D1Database;

use crate::db::{self, failed, statement, text};
use crate::limits::{Counted, Window};

/// Jokes per insert statement: each statement carries its jokes as one JSON argument, which D1
/// caps at 2 MB; 100 jokes of at most 2,000 characters (8,000 bytes) stay well below.
const ITEMS_PER_STATEMENT: usize = 100;

/// A ballot's own row.
#[derive(Debug, Clone, Deserialize)]
pub struct BallotRow {
    pub title: String,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub closes_at: Option<String>,
    pub target_votes: Option<u32>,
    pub admin_token_hash: String,
}

const BALLOT: &str =
    "SELECT title, created_at, closed_at, closes_at, target_votes, admin_token_hash FROM ballots WHERE id = ?1";

/// A joke as voters see it: its position is its item id.
#[derive(Deserialize)]
struct PublicRow {
    position: u32,
    text: String,
}

impl From<PublicRow> for BallotJoke {
    fn from(row: PublicRow) -> Self {
        BallotJoke { id: public_id(row.position), text: row.text }
    }
}

/// Stores a new ballot and all its jokes in one transaction. `ballot.items` are in the ballot's
/// random order (their positions); `closes_at` is the checked closing time, as ISO 8601.
pub async fn create(
    db: &D1Database,
    id: &str,
    admin_token_hash: &str,
    ballot: &NewBallot,
    closes_at: Option<&str>,
    created_at: &str,
) -> Result<(), ApiError> {
    let target = ballot.target_votes.map_or(wasm_bindgen::JsValue::NULL, |n| db::int(n.into()));
    let closes = closes_at.map_or(wasm_bindgen::JsValue::NULL, text);
    let mut statements = vec![statement(
        db,
        "INSERT INTO ballots (id, admin_token_hash, title, created_at, target_votes, closes_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        &[text(id), text(admin_token_hash), text(&ballot.title), text(created_at), target, closes],
    )?];
    let items: Vec<(usize, &tallas_core::ballot::NewItem)> = ballot.items.iter().enumerate().collect();
    for chunk in items.chunks(ITEMS_PER_STATEMENT) {
        let rows: Vec<serde_json::Value> =
            chunk.iter().map(|(position, item)| serde_json::json!([item.id, position, item.text, item.gold])).collect();
        statements.push(statement(
            db,
            "INSERT INTO ballot_items (ballot_id, joke_id, position, text, gold_expected) \
             SELECT ?1, json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), \
             json_extract(value, '$[3]') FROM json_each(?2)",
            &[text(id), text(&serde_json::Value::Array(rows).to_string())],
        )?);
    }
    db::batch(db, statements).await.map(drop)
}

pub async fn ballot(db: &D1Database, id: &str) -> Result<Option<BallotRow>, ApiError> {
    db::first(statement(db, BALLOT, &[text(id)])?).await
}

/// The ballot and its jokes in ballot order (gold included, unmarked), read together.
pub async fn public(db: &D1Database, id: &str) -> Result<Option<(BallotRow, Vec<BallotJoke>)>, ApiError> {
    let results = db::batch(
        db,
        vec![
            statement(db, BALLOT, &[text(id)])?,
            statement(
                db,
                "SELECT position, text FROM ballot_items WHERE ballot_id = ?1 ORDER BY position",
                &[text(id)],
            )?,
        ],
    )
    .await?;
    let (Some(ballot), Some(jokes)) = (results.first(), results.get(1)) else { return Ok(None) };
    let Some(ballot) = db::rows::<BallotRow>(ballot)?.into_iter().next() else { return Ok(None) };
    Ok(Some((ballot, db::rows::<PublicRow>(jokes)?.into_iter().map(BallotJoke::from).collect())))
}

#[derive(Deserialize)]
struct CandidateRow {
    joke_id: String,
    position: u32,
    funny: u32,
    not_funny: u32,
    skip: u32,
    gold: u8,
}

/// The ballot and the jokes `voter_id` has not voted on yet, with their counts, read together.
pub async fn candidates(
    db: &D1Database,
    id: &str,
    voter_id: &str,
) -> Result<Option<(BallotRow, Vec<Candidate>)>, ApiError> {
    let results = db::batch(
        db,
        vec![
            statement(db, BALLOT, &[text(id)])?,
            statement(
                db,
                "SELECT joke_id, position, funny, not_funny, skip, gold_expected IS NOT NULL AS gold \
                 FROM ballot_items WHERE ballot_id = ?1 \
                 AND joke_id NOT IN (SELECT joke_id FROM votes WHERE ballot_id = ?1 AND voter_id = ?2)",
                &[text(id), text(voter_id)],
            )?,
        ],
    )
    .await?;
    let (Some(ballot), Some(rows)) = (results.first(), results.get(1)) else { return Ok(None) };
    let Some(ballot) = db::rows::<BallotRow>(ballot)?.into_iter().next() else { return Ok(None) };
    let candidates = db::rows::<CandidateRow>(rows)?
        .into_iter()
        .map(|r| Candidate {
            joke_id: r.joke_id,
            position: r.position,
            counts: VoteCounts { funny: r.funny, not_funny: r.not_funny, skip: r.skip },
            gold: r.gold != 0,
        })
        .collect();
    Ok(Some((ballot, candidates)))
}

/// The jokes the curator's `joke_ids` name, as voters see them, in the order given.
pub async fn jokes(db: &D1Database, id: &str, joke_ids: &[String]) -> Result<Vec<BallotJoke>, ApiError> {
    #[derive(Deserialize)]
    struct Row {
        joke_id: String,
        position: u32,
        text: String,
    }
    if joke_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(joke_ids).map_err(|e| failed(worker::Error::RustError(e.to_string())))?;
    let mut found: Vec<Row> = db::all(statement(
        db,
        "SELECT joke_id, position, text FROM ballot_items \
         WHERE ballot_id = ?1 AND joke_id IN (SELECT value FROM json_each(?2))",
        &[text(id), text(&ids)],
    )?)
    .await?;
    Ok(joke_ids
        .iter()
        .filter_map(|wanted| {
            let at = found.iter().position(|row| &row.joke_id == wanted)?;
            let row = found.swap_remove(at);
            Some(BallotJoke::from(PublicRow { position: row.position, text: row.text }))
        })
        .collect())
}

/// Why a vote was not inserted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotInserted {
    NoBallot,
    /// Closed at this time.
    Closed(String),
    NoJoke,
    /// The voter had already voted on this joke.
    Repeat,
}

/// What one vote did: the client's rate-limit count (when counted in D1), and whether the vote
/// was inserted (and so counted); [`why_not`] says why not.
pub struct Cast {
    pub counted: Option<Counted>,
    pub inserted: bool,
}

#[derive(Deserialize)]
struct VoteTarget {
    closed_at: Option<String>,
    closes_at: Option<String>,
    known: u8,
}

/// Counts the request against the client's D1 `window` (none when a rate-limiting binding
/// counted it) and records the vote if the client is within its limit, the ballot is open at
/// `created_at` (not closed, its closing time not reached), it has a joke at `position` (the item
/// id the voter saw) and this voter has not voted on it. One batch, so one round trip and one
/// transaction: nothing can happen between the checks and the insert. Only when nothing was
/// inserted (a repeat, a closed ballot, an unknown joke: the rare case) does a second read say
/// why. A repeat, even a concurrent one, conflicts on the primary key and inserts nothing.
pub async fn vote(
    db: &D1Database,
    window: Option<&Window>,
    id: &str,
    position: u32,
    voter_id: &str,
    vote: Vote,
    created_at: &str,
) -> Result<Cast, ApiError> {
    let mut args = vec![text(id), db::int(position.into()), text(voter_id), db::wire(&vote)?, text(created_at)];
    let within = match window {
        Some(window) => {
            args.extend(window.within_args());
            format!("AND {}", Window::within_sql(6))
        }
        None => String::new(),
    };
    let insert = format!(
        "INSERT INTO votes (ballot_id, joke_id, voter_id, vote, created_at) \
         SELECT ?1, joke_id, ?3, ?4, ?5 FROM ballot_items WHERE ballot_id = ?1 AND position = ?2 \
         AND EXISTS (SELECT 1 FROM ballots WHERE id = ?1 AND closed_at IS NULL \
                     AND (closes_at IS NULL OR closes_at > ?5)) \
         {within} \
         ON CONFLICT DO NOTHING RETURNING voter_id"
    );
    let mut statements = Vec::new();
    if let Some(window) = window {
        statements.push(window.count(db)?);
    }
    // Where the insert and the explanation are in the batch's results.
    let first = statements.len();
    statements.push(statement(db, &insert, &args)?);
    if let Some(window) = window {
        statements.extend(window.sweep(db)?);
    }
    let results = db::batch(db, statements).await?;
    let counted = match window {
        Some(_) => Some(
            db::rows::<Counted>(db::part(&results, 0)?)?
                .into_iter()
                .next()
                .ok_or_else(|| failed(worker::Error::RustError("the rate-limit counter returned no row".into())))?,
        ),
        None => None,
    };
    let inserted = !db::rows::<serde_json::Value>(db::part(&results, first)?)?.is_empty();
    Ok(Cast { counted, inserted })
}

/// Why a vote at `position` of ballot `id`, cast at `now`, was not inserted (the rare case: read
/// only then, after the vote's batch).
pub async fn why_not(db: &D1Database, id: &str, position: u32, now: &str) -> Result<NotInserted, ApiError> {
    let target = db::first::<VoteTarget>(statement(
        db,
        "SELECT closed_at, closes_at, \
         EXISTS (SELECT 1 FROM ballot_items WHERE ballot_id = ?1 AND position = ?2) AS known \
         FROM ballots WHERE id = ?1",
        &[text(id), db::int(position.into())],
    )?)
    .await?;
    Ok(match target {
        None => NotInserted::NoBallot,
        Some(VoteTarget { closed_at: Some(at), .. }) => NotInserted::Closed(at),
        Some(VoteTarget { closes_at: Some(at), .. }) if at.as_str() <= now => NotInserted::Closed(at),
        Some(VoteTarget { known: 0, .. }) => NotInserted::NoJoke,
        Some(_) => NotInserted::Repeat,
    })
}

/// Closes the ballot (once: closing again keeps the first time) and returns when it was closed;
/// `None` for an unknown ballot.
pub async fn close(db: &D1Database, id: &str, now: &str) -> Result<Option<String>, ApiError> {
    #[derive(Deserialize)]
    struct Closed {
        closed_at: String,
    }
    let closed: Option<Closed> = db::first(statement(
        db,
        "UPDATE ballots SET closed_at = COALESCE(closed_at, ?2) WHERE id = ?1 RETURNING closed_at",
        &[text(id), text(now)],
    )?)
    .await?;
    Ok(closed.map(|c| c.closed_at))
}

#[derive(Deserialize)]
struct ItemRow {
    joke_id: String,
    position: u32,
    gold_expected: Option<Label>,
}

#[derive(Deserialize)]
struct VoteRow {
    voter_id: String,
    joke_id: String,
    vote: Vote,
}

/// Everything the results need, read in one transaction so the parts agree: every joke of the
/// ballot and every vote cast on it (voter, curator's joke id, vote).
pub struct Tallies {
    pub items: Vec<ItemTally>,
    pub votes: Vec<(String, String, Vote)>,
}

pub async fn tallies(db: &D1Database, id: &str) -> Result<Tallies, ApiError> {
    let results = db::batch(
        db,
        vec![
            statement(
                db,
                "SELECT joke_id, position, gold_expected FROM ballot_items WHERE ballot_id = ?1",
                &[text(id)],
            )?,
            statement(db, "SELECT voter_id, joke_id, vote FROM votes WHERE ballot_id = ?1", &[text(id)])?,
        ],
    )
    .await?;
    let items = db::rows::<ItemRow>(db::part(&results, 0)?)?
        .into_iter()
        .map(|r| ItemTally { joke_id: r.joke_id, position: r.position, gold: r.gold_expected })
        .collect();
    let votes =
        db::rows::<VoteRow>(db::part(&results, 1)?)?.into_iter().map(|r| (r.voter_id, r.joke_id, r.vote)).collect();
    Ok(Tallies { items, votes })
}
