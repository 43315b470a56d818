//! The playground's settings and daily token budget in D1 (tables `play_config`, `play_budget`).
//!
//! The budget is reserved before an upstream call and settled after it, each in one statement, so
//! concurrent players can never together spend past it: a call goes ahead only if its whole
//! reservation still fits under today's budget.

use serde::Deserialize;
use tallas_core::api::ApiError;
use tallas_core::play::PlayConfig;
use worker::D1Database;

use crate::db::{self, failed, int, statement, text};

#[derive(Deserialize)]
struct ConfigRow {
    models: String,
    max_output_tokens: u32,
    suggestions: String,
}

/// The stored settings, `None` until a curator first saved some.
pub async fn config(db: &D1Database) -> Result<Option<PlayConfig>, ApiError> {
    let row: Option<ConfigRow> =
        db::first(statement(db, "SELECT models, max_output_tokens, suggestions FROM play_config WHERE id = 1", &[])?)
            .await?;
    row.map(|row| {
        Ok(PlayConfig {
            models: list("models", &row.models)?,
            max_output_tokens: row.max_output_tokens,
            suggestions: list("suggestions", &row.suggestions)?,
        })
    })
    .transpose()
}

/// A JSON list column read back.
fn list<T: serde::de::DeserializeOwned>(column: &str, text: &str) -> Result<Vec<T>, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| failed(worker::Error::RustError(format!("play_config.{column} is not a JSON list: {e}"))))
}

pub async fn save_config(db: &D1Database, config: &PlayConfig, now: &str) -> Result<(), ApiError> {
    let json =
        |written: serde_json::Result<String>| written.map_err(|e| failed(worker::Error::RustError(e.to_string())));
    let models = json(serde_json::to_string(&config.models))?;
    let suggestions = json(serde_json::to_string(&config.suggestions))?;
    statement(
        db,
        "INSERT INTO play_config (id, models, max_output_tokens, suggestions, updated_at) VALUES (1, ?1, ?2, ?3, ?4) \
         ON CONFLICT (id) DO UPDATE SET models = excluded.models, max_output_tokens = excluded.max_output_tokens, \
         suggestions = excluded.suggestions, updated_at = excluded.updated_at",
        &[text(&models), int(u64::from(config.max_output_tokens)), text(&suggestions), text(now)],
    )?
    .run()
    .await
    .map(drop)
    .map_err(failed)
}

/// Sets `tokens` aside from `day`'s budget if they fit under `budget`; `false` when they do not.
pub async fn reserve(db: &D1Database, day: &str, tokens: u64, budget: u64) -> Result<bool, ApiError> {
    let reserved: Vec<serde_json::Value> = db::all(statement(
        db,
        "INSERT INTO play_budget (day, tokens) SELECT ?1, ?2 WHERE ?2 <= ?3 \
         ON CONFLICT (day) DO UPDATE SET tokens = play_budget.tokens + excluded.tokens \
         WHERE play_budget.tokens + excluded.tokens <= ?3 \
         RETURNING tokens",
        &[text(day), int(tokens), int(budget)],
    )?)
    .await?;
    Ok(!reserved.is_empty())
}

/// Replaces a reservation of `reserved` tokens by what the call really used (`0` if it failed).
pub async fn settle(db: &D1Database, day: &str, reserved: u64, used: u64) -> Result<(), ApiError> {
    statement(
        db,
        "UPDATE play_budget SET tokens = MAX(0, tokens - ?2 + ?3) WHERE day = ?1",
        &[text(day), int(reserved), int(used)],
    )?
    .run()
    .await
    .map(drop)
    .map_err(failed)
}
