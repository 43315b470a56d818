//! Scripted answers: message contents a test queues for the next chat requests, for the tasks
//! whose product-side rules (e.g. a knowledge graph must have a comedian and an audience node) no
//! minimal schema instance can meet. A queued content is used by the next chat request that gets
//! an answer at all: status faults (429, 5xx) and `schema-violation` leave it queued, so
//! "fault, then a valid answer" is one queue of each.

use axum::Json;
use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiJson};
use crate::state::AppState;

/// Longest content accepted; more is a test mistake.
const MAX_REPLY_BYTES: usize = 1024 * 1024;

#[derive(Debug, Deserialize)]
pub struct Enqueue {
    replies: Vec<String>,
}

/// The next scripted content, if any.
pub fn next(state: &AppState) -> Option<String> {
    state.store().reply_queue.pop_front()
}

/// `POST /_fake/replies` with `{"replies": ["<content>", ...]}`.
pub async fn enqueue(State(state): State<AppState>, ApiJson(body): ApiJson<Enqueue>) -> Result<Json<Value>, ApiError> {
    if let Some(long) = body.replies.iter().find(|r| r.len() > MAX_REPLY_BYTES) {
        return Err(ApiError::bad_request(format!("a reply of {} bytes is over {MAX_REPLY_BYTES}", long.len())));
    }
    let added = body.replies.len();
    let mut store = state.store();
    store.reply_queue.extend(body.replies);
    Ok(Json(json!({ "added": added, "queued": store.reply_queue.len() })))
}

/// `GET /_fake/replies`.
pub async fn queued(State(state): State<AppState>) -> Json<Value> {
    Json(json!({ "queue": state.store().reply_queue }))
}

/// `DELETE /_fake/replies`.
pub async fn clear(State(state): State<AppState>) -> Json<Value> {
    let mut store = state.store();
    let cleared = store.reply_queue.len();
    store.reply_queue.clear();
    Json(json!({ "cleared": cleared }))
}
