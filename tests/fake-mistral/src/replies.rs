//! Scripted answers: message contents a test queues for the next chat requests, when it needs an
//! answer other than the double's default (a particular graph or verdict, a reply the product
//! must refuse); the defaults already meet the product's task rules (`task_answers`). A queued
//! content is used by the next chat request that gets an answer at all: status faults (429, 5xx)
//! and `schema-violation` leave it queued, so "fault, then a valid answer" is one queue of each.
//!
//! Standing answers (`by_schema`) are kept for every request whose `response_format` names that
//! JSON Schema, when nothing is queued: for runs that send many requests in an order no test
//! controls (the fuzz run over the API contract), each task then gets the answer the test chose.

use axum::Json;
use axum::extract::State;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiJson};
use crate::state::AppState;

/// Longest content accepted; more is a test mistake.
const MAX_REPLY_BYTES: usize = 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enqueue {
    #[serde(default)]
    replies: Vec<String>,
    /// Standing contents by `response_format.json_schema.name`, replacing any set before.
    #[serde(default)]
    by_schema: BTreeMap<String, String>,
}

/// The next scripted content, if any: a queued one first, then the standing one for `schema`.
pub fn next(state: &AppState, schema: Option<&str>) -> Option<String> {
    let mut store = state.store();
    store.reply_queue.pop_front().or_else(|| schema.and_then(|name| store.schema_replies.get(name).cloned()))
}

/// `POST /_fake/replies` with `{"replies": ["<content>", ...], "by_schema": {"<name>": "<content>"}}`.
pub async fn enqueue(State(state): State<AppState>, ApiJson(body): ApiJson<Enqueue>) -> Result<Json<Value>, ApiError> {
    if let Some(long) = body.replies.iter().chain(body.by_schema.values()).find(|r| r.len() > MAX_REPLY_BYTES) {
        return Err(ApiError::bad_request(format!("a reply of {} bytes is over {MAX_REPLY_BYTES}", long.len())));
    }
    let added = body.replies.len();
    let mut store = state.store();
    store.reply_queue.extend(body.replies);
    store.schema_replies.extend(body.by_schema);
    Ok(Json(json!({ "added": added, "queued": store.reply_queue.len(), "by_schema": store.schema_replies.len() })))
}

/// `GET /_fake/replies`.
pub async fn queued(State(state): State<AppState>) -> Json<Value> {
    let store = state.store();
    Json(json!({ "queue": store.reply_queue, "by_schema": store.schema_replies }))
}

/// `DELETE /_fake/replies`: the queue and the standing answers.
pub async fn clear(State(state): State<AppState>) -> Json<Value> {
    let mut store = state.store();
    let cleared = store.reply_queue.len() + store.schema_replies.len();
    store.reply_queue.clear();
    store.schema_replies.clear();
    Json(json!({ "cleared": cleared }))
}
