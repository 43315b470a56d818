//! What the public endpoints share about D1 (binding `DB`): opening it, binding arguments, reading
//! rows, and turning its failures into `500 internal` errors that say storage failed.

use serde::Serialize;
use serde::de::DeserializeOwned;
use tallas_core::api::{ApiError, ErrorCode};
use wasm_bindgen::JsValue;
use worker::{D1Database, D1PreparedStatement, D1Result, Env};

const BINDING: &str = "DB";

pub fn database(env: &Env) -> Result<D1Database, ApiError> {
    env.d1(BINDING).map_err(|e| {
        ApiError::new(ErrorCode::NotConfigured, format!("the D1 binding {BINDING} is missing ({e}); see wrangler.toml"))
    })
}

/// A D1 failure as the client sees it. D1's messages name tables and constraints, never data.
pub fn failed(e: worker::Error) -> ApiError {
    ApiError::new(ErrorCode::Internal, format!("the database (D1) failed: {e}; try again in a moment"))
}

/// `sql` with its `?1`, `?2`, … bound to `args`.
pub fn statement(db: &D1Database, sql: &str, args: &[JsValue]) -> Result<D1PreparedStatement, ApiError> {
    db.prepare(sql).bind(args).map_err(failed)
}

/// Every row of `statement`.
pub async fn all<T: DeserializeOwned>(statement: D1PreparedStatement) -> Result<Vec<T>, ApiError> {
    rows(&statement.all().await.map_err(failed)?)
}

/// The first row of `statement`, `None` without one.
pub async fn first<T: DeserializeOwned>(statement: D1PreparedStatement) -> Result<Option<T>, ApiError> {
    statement.first::<T>(None).await.map_err(failed)
}

/// Runs `statements` as one transaction: all of them or none. A lone statement, atomic by
/// itself, runs without the batch's extra work (a vote is one; docs/BENCHMARKS.md).
pub async fn batch(db: &D1Database, mut statements: Vec<D1PreparedStatement>) -> Result<Vec<D1Result>, ApiError> {
    if statements.len() == 1
        && let Some(only) = statements.pop()
    {
        return Ok(vec![only.all().await.map_err(failed)?]);
    }
    db.batch(statements).await.map_err(failed)
}

/// The `index`th result of a batch.
pub fn part(results: &[D1Result], index: usize) -> Result<&D1Result, ApiError> {
    results.get(index).ok_or_else(|| failed(worker::Error::RustError("D1 returned fewer results than asked".into())))
}

/// The rows of one result of a batch.
pub fn rows<T: DeserializeOwned>(result: &D1Result) -> Result<Vec<T>, ApiError> {
    result.results::<T>().map_err(failed)
}

/// A value as serde writes it (an enum by its wire name, `"not_funny"`), bound as text.
pub fn wire<T: Serialize>(value: &T) -> Result<JsValue, ApiError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => Ok(text(&name)),
        _ => Err(ApiError::new(ErrorCode::Internal, "a value meant for a text column is not text")),
    }
}

pub fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}

pub fn int(value: u64) -> JsValue {
    // D1 numbers are JS numbers; every count and timestamp here is far below 2^53.
    JsValue::from_f64(value as f64)
}
