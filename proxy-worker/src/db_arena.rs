//! The arena's matches and votes in D1 (tables `arena_matches`, `arena_votes`).

use serde::Deserialize;
use tallas_core::api::ApiError;
use tallas_core::play::ChosenModel;
use tallas_core::play::arena::{ArenaChoice, ArenaPreferences, ArenaTally, StoredMatch};
use worker::D1Database;

use crate::db::{self, failed, statement, text};

/// A match the worker served: who it was for, the keyword, the two models in their slots and the
/// jokes they told there, as the player receives them.
pub struct NewMatch<'a> {
    pub id: &'a str,
    pub player_id: &'a str,
    pub keyword: &'a str,
    pub a: &'a ChosenModel,
    pub b: &'a ChosenModel,
    pub joke_a: &'a str,
    pub joke_b: &'a str,
    pub now: &'a str,
}

pub async fn save_match(db: &D1Database, m: &NewMatch<'_>) -> Result<(), ApiError> {
    statement(
        db,
        "INSERT INTO arena_matches \
         (id, player_id, keyword, model_a, name_a, model_b, name_b, created_at, joke_a, joke_b) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        &[
            text(m.id),
            text(m.player_id),
            text(m.keyword),
            text(&m.a.id),
            text(&m.a.public_name),
            text(&m.b.id),
            text(&m.b.public_name),
            text(m.now),
            text(m.joke_a),
            text(m.joke_b),
        ],
    )?
    .run()
    .await
    .map(drop)
    .map_err(failed)
}

#[derive(Deserialize)]
struct Names {
    name_a: String,
    name_b: String,
}

/// What a vote did: whether it counted now, and the match's public names; `None` when no such
/// match was served to this player.
pub struct Cast {
    pub inserted: bool,
    pub names: Option<(String, String)>,
}

/// Records `player_id`'s `choice` on the match, if that match was served to that player and has no
/// vote yet, and reads the match's names back: one batch, one round trip.
pub async fn vote(
    db: &D1Database,
    match_id: &str,
    player_id: &str,
    choice: ArenaChoice,
    now: &str,
) -> Result<Cast, ApiError> {
    let insert = statement(
        db,
        "INSERT INTO arena_votes (match_id, choice, created_at) \
         SELECT id, ?3, ?4 FROM arena_matches WHERE id = ?1 AND player_id = ?2 \
         ON CONFLICT (match_id) DO NOTHING RETURNING match_id",
        &[text(match_id), text(player_id), text(choice.as_str()), text(now)],
    )?;
    let names = statement(
        db,
        "SELECT name_a, name_b FROM arena_matches WHERE id = ?1 AND player_id = ?2",
        &[text(match_id), text(player_id)],
    )?;
    let results = db::batch(db, vec![insert, names]).await?;
    let inserted = results.first().map(db::rows::<serde_json::Value>).transpose()?.is_some_and(|rows| !rows.is_empty());
    let names = results.get(1).map(db::rows::<Names>).transpose()?.and_then(|rows| rows.into_iter().next());
    Ok(Cast { inserted, names: names.map(|n| (n.name_a, n.name_b)) })
}

#[derive(Deserialize)]
struct TallyRow {
    model_a: String,
    model_b: String,
    choice: String,
    votes: u32,
}

#[derive(Deserialize)]
struct NameRow {
    model: String,
    name: String,
}

/// Every vote, counted by the models in each slot and the choice; and each model's public name
/// (the latest it was shown under).
pub async fn tallies(db: &D1Database) -> Result<(Vec<ArenaTally>, Vec<(String, String)>), ApiError> {
    let rows: Vec<TallyRow> = db::all(statement(
        db,
        "SELECT m.model_a, m.model_b, v.choice, COUNT(*) AS votes FROM arena_votes v \
         JOIN arena_matches m ON m.id = v.match_id GROUP BY m.model_a, m.model_b, v.choice \
         ORDER BY m.model_a, m.model_b, v.choice",
        &[],
    )?)
    .await?;
    let tallies = rows
        .into_iter()
        .filter_map(|r| {
            let choice = ArenaChoice::parse(&r.choice)?;
            Some(ArenaTally { model_a: r.model_a, model_b: r.model_b, choice, votes: r.votes })
        })
        .collect();
    let names: Vec<NameRow> = db::all(statement(
        db,
        // SQLite takes a bare column from the row that holds the MAX.
        "SELECT model, name, MAX(created_at) AS latest FROM (SELECT model_a AS model, name_a AS name, created_at \
         FROM arena_matches UNION ALL SELECT model_b, name_b, created_at FROM arena_matches) \
         GROUP BY model ORDER BY model",
        &[],
    )?)
    .await?;
    Ok((tallies, names.into_iter().map(|n| (n.model, n.name)).collect()))
}

/// Every match with its vote, if any, oldest first: one read for the arena's preference data. An
/// unvoted match's jokes are left out of the answer (`CASE`): they are only counted, and unvoted
/// matches may be most of them.
pub async fn preferences(db: &D1Database) -> Result<ArenaPreferences, ApiError> {
    let rows: Vec<StoredMatch> = db::all(statement(
        db,
        "SELECT m.keyword, v.choice, \
         CASE WHEN v.choice IS NULL THEN NULL ELSE m.joke_a END AS joke_a, \
         CASE WHEN v.choice IS NULL THEN NULL ELSE m.joke_b END AS joke_b \
         FROM arena_matches m LEFT JOIN arena_votes v ON v.match_id = m.id ORDER BY m.created_at, m.id",
        &[],
    )?)
    .await?;
    Ok(ArenaPreferences::from_matches(rows))
}
