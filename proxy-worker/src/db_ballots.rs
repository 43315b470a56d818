//! Ballots, their jokes and votes in D1 (tables in `migrations/0002_ballots.sql`).
//!
//! Exactly-once voting lives in the database, not in the handlers: a vote is one
//! `INSERT … ON CONFLICT DO NOTHING` on the primary key (ballot, joke, voter), and the counters of
//! each joke are raised by a trigger on inserted rows only. A repeat, even a concurrent one, is a
//! conflict that inserts nothing and counts nothing. The vote, its rate-limit count and the reason
//! it was not inserted travel in one D1 batch: one round trip per vote.

use serde::Deserialize;
use tallas_core::api::ApiError;
use tallas_core::ballot::{BallotJoke, Candidate, ItemTally, NewItem};
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
    pub admin_token_hash: String,
}

const BALLOT: &str = "SELECT title, created_at, closed_at, admin_token_hash FROM ballots WHERE id = ?1";

/// Stores a new ballot and all its jokes in one transaction. `items` come with their position.
pub async fn create(
    db: &D1Database,
    id: &str,
    admin_token_hash: &str,
    title: &str,
    created_at: &str,
    items: &[(u32, NewItem)],
) -> Result<(), ApiError> {
    let mut statements = vec![statement(
        db,
        "INSERT INTO ballots (id, admin_token_hash, title, created_at) VALUES (?1, ?2, ?3, ?4)",
        &[text(id), text(admin_token_hash), text(title), text(created_at)],
    )?];
    for chunk in items.chunks(ITEMS_PER_STATEMENT) {
        let rows: Vec<serde_json::Value> = chunk
            .iter()
            .map(|(position, item)| serde_json::json!([item.id, position, item.text, item.gold.map(label_name)]))
            .collect();
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
                "SELECT joke_id AS id, text FROM ballot_items WHERE ballot_id = ?1 ORDER BY position",
                &[text(id)],
            )?,
        ],
    )
    .await?;
    let (Some(ballot), Some(jokes)) = (results.first(), results.get(1)) else { return Ok(None) };
    let Some(ballot) = db::rows::<BallotRow>(ballot)?.into_iter().next() else { return Ok(None) };
    Ok(Some((ballot, db::rows(jokes)?)))
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

/// The texts of `joke_ids`, in the order given.
pub async fn jokes(db: &D1Database, id: &str, joke_ids: &[String]) -> Result<Vec<BallotJoke>, ApiError> {
    if joke_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(joke_ids).map_err(|e| failed(worker::Error::RustError(e.to_string())))?;
    let found: Vec<BallotJoke> = db::all(statement(
        db,
        "SELECT joke_id AS id, text FROM ballot_items \
         WHERE ballot_id = ?1 AND joke_id IN (SELECT value FROM json_each(?2))",
        &[text(id), text(&ids)],
    )?)
    .await?;
    Ok(joke_ids.iter().filter_map(|wanted| found.iter().find(|j| &j.id == wanted).cloned()).collect())
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
/// was inserted (and so counted) or why not.
pub struct Cast {
    pub counted: Option<Counted>,
    pub outcome: Result<(), NotInserted>,
}

#[derive(Deserialize)]
struct VoteTarget {
    closed_at: Option<String>,
    known: u8,
}

/// Counts the request against the client's D1 `window` (none when a rate-limiting binding
/// counted it) and records the vote if the client is within its limit, the ballot is open, the
/// joke is on it and this voter has not voted on it; then reads why not, should nothing have been
/// inserted. One batch, so one round trip and one transaction:
/// nothing can happen between the checks and the insert, and the explanation sees the same state.
/// A repeat, even a concurrent one, conflicts on the primary key and inserts nothing.
pub async fn vote(
    db: &D1Database,
    window: Option<&Window>,
    id: &str,
    joke_id: &str,
    voter_id: &str,
    vote: Vote,
    created_at: &str,
) -> Result<Cast, ApiError> {
    let mut args = vec![text(id), text(joke_id), text(voter_id), text(vote_name(vote)), text(created_at)];
    let within = match window {
        Some(window) => {
            args.extend(window.within_args());
            format!("AND {}", Window::within_sql(6))
        }
        None => String::new(),
    };
    let insert = format!(
        "INSERT INTO votes (ballot_id, joke_id, voter_id, vote, created_at) \
         SELECT ?1, ?2, ?3, ?4, ?5 \
         WHERE EXISTS (SELECT 1 FROM ballots WHERE id = ?1 AND closed_at IS NULL) \
         AND EXISTS (SELECT 1 FROM ballot_items WHERE ballot_id = ?1 AND joke_id = ?2) \
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
    statements.push(statement(
        db,
        "SELECT closed_at, \
         EXISTS (SELECT 1 FROM ballot_items WHERE ballot_id = ?1 AND joke_id = ?2) AS known \
         FROM ballots WHERE id = ?1",
        &[text(id), text(joke_id)],
    )?);
    if let Some(window) = window {
        statements.extend(window.sweep(db)?);
    }
    let results = db::batch(db, statements).await?;
    let part = |i: usize| {
        results.get(i).ok_or_else(|| failed(worker::Error::RustError("D1 returned fewer results than asked".into())))
    };
    let counted = match window {
        Some(_) => Some(
            db::rows::<Counted>(part(0)?)?
                .into_iter()
                .next()
                .ok_or_else(|| failed(worker::Error::RustError("the rate-limit counter returned no row".into())))?,
        ),
        None => None,
    };
    if !db::rows::<serde_json::Value>(part(first)?)?.is_empty() {
        return Ok(Cast { counted, outcome: Ok(()) });
    }
    let why = match db::rows::<VoteTarget>(part(first + 1)?)?.into_iter().next() {
        None => NotInserted::NoBallot,
        Some(VoteTarget { closed_at: Some(at), .. }) => NotInserted::Closed(at),
        Some(VoteTarget { known: 0, .. }) => NotInserted::NoJoke,
        Some(_) => NotInserted::Repeat,
    };
    Ok(Cast { counted, outcome: Err(why) })
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
struct TallyRow {
    joke_id: String,
    position: u32,
    funny: u32,
    not_funny: u32,
    skip: u32,
    gold_expected: Option<Label>,
}

#[derive(Deserialize)]
struct GoldAnswerRow {
    voter_id: String,
    joke_id: String,
    vote: Vote,
}

#[derive(Deserialize)]
struct VoterRow {
    voter_id: String,
    votes: u32,
}

/// Everything the results need, read in one transaction so the parts agree: every joke's tally,
/// every vote on a gold joke, and every voter with their number of votes.
pub struct Tallies {
    pub items: Vec<ItemTally>,
    pub gold_answers: Vec<(String, String, Vote)>,
    pub voters: Vec<(String, u32)>,
}

pub async fn tallies(db: &D1Database, id: &str) -> Result<Tallies, ApiError> {
    let results = db::batch(
        db,
        vec![
            statement(
                db,
                "SELECT joke_id, position, funny, not_funny, skip, gold_expected FROM ballot_items \
                 WHERE ballot_id = ?1",
                &[text(id)],
            )?,
            statement(
                db,
                "SELECT v.voter_id, v.joke_id, v.vote FROM votes v JOIN ballot_items i \
                 ON i.ballot_id = v.ballot_id AND i.joke_id = v.joke_id \
                 WHERE v.ballot_id = ?1 AND i.gold_expected IS NOT NULL",
                &[text(id)],
            )?,
            statement(
                db,
                "SELECT voter_id, COUNT(*) AS votes FROM votes WHERE ballot_id = ?1 GROUP BY voter_id",
                &[text(id)],
            )?,
        ],
    )
    .await?;
    let part = |i: usize| {
        results.get(i).ok_or_else(|| failed(worker::Error::RustError("D1 returned fewer results than asked".into())))
    };
    let items = db::rows::<TallyRow>(part(0)?)?
        .into_iter()
        .map(|r| ItemTally {
            joke_id: r.joke_id,
            position: r.position,
            counts: VoteCounts { funny: r.funny, not_funny: r.not_funny, skip: r.skip },
            gold: r.gold_expected,
        })
        .collect();
    let gold_answers =
        db::rows::<GoldAnswerRow>(part(1)?)?.into_iter().map(|r| (r.voter_id, r.joke_id, r.vote)).collect();
    let voters = db::rows::<VoterRow>(part(2)?)?.into_iter().map(|r| (r.voter_id, r.votes)).collect();
    Ok(Tallies { items, gold_answers, voters })
}

fn vote_name(vote: Vote) -> &'static str {
    match vote {
        Vote::Funny => "funny",
        Vote::NotFunny => "not_funny",
        Vote::Skip => "skip",
    }
}

fn label_name(label: Label) -> &'static str {
    match label {
        Label::Funny => "funny",
        Label::NotFunny => "not_funny",
    }
}
