//! What tests ask the test double about itself: which calls reached it, and whether it is up.
//! Also the one-line-per-request log on stderr.

use std::collections::{BTreeMap, VecDeque};
use std::time::Instant;

use axum::Json;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;
use serde_json::{Value, json};

use crate::auth;
use crate::state::AppState;

/// Calls kept for `GET /_fake/calls`; older ones only count in the totals.
const KEPT_CALLS: usize = 200;

/// What a handler learnt about its request, passed to [`observe`] as a response extension
/// because only the handler parses the body.
#[derive(Debug, Clone, Default)]
pub struct CallNote {
    pub model: Option<String>,
    pub last_user_message: Option<String>,
    pub fault: Option<String>,
    pub fault_source: Option<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CallRecord {
    pub route: String,
    pub path: String,
    pub status: u16,
    pub authorized: bool,
    pub model: Option<String>,
    pub last_user_message: Option<String>,
    pub fault: Option<String>,
    pub fault_source: Option<&'static str>,
}

/// When one streamed event left the double, for a benchmark that times its way to a page.
#[derive(Debug, Clone, Serialize)]
pub struct StreamSend {
    /// The completion's id (`fake-cmpl-…`).
    pub id: String,
    /// The event's place in its stream, from 0.
    pub index: usize,
    /// Wall-clock Unix time in milliseconds (fractional), as a browser's `Date.now()` counts it.
    pub sent_at_ms: f64,
}

#[derive(Debug, Default)]
pub struct CallLog {
    total: u64,
    by_route: BTreeMap<String, u64>,
    recent: VecDeque<CallRecord>,
    sends: VecDeque<StreamSend>,
}

impl CallLog {
    pub fn record(&mut self, record: CallRecord) {
        self.total += 1;
        *self.by_route.entry(record.route.clone()).or_default() += 1;
        if self.recent.len() == KEPT_CALLS {
            self.recent.pop_front();
        }
        self.recent.push_back(record);
    }

    pub fn record_send(&mut self, send: StreamSend) {
        if self.sends.len() == KEPT_CALLS {
            self.sends.pop_front();
        }
        self.sends.push_back(send);
    }

    fn to_json(&self) -> Value {
        json!({ "total": self.total, "by_route": self.by_route, "requests": self.recent, "stream_sends": self.sends })
    }
}

/// Logs every request and records the `/v1/*` ones. The route is the matched pattern
/// (`GET /v1/files/{file_id}`) so counts do not depend on generated ids.
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let pattern = request.extensions().get::<MatchedPath>().map_or(path.as_str(), MatchedPath::as_str);
    let route = format!("{method} {pattern}");
    let authorized = auth::is_authorized(request.headers(), &state.config.key);

    let mut response = next.run(request).await;

    let note = response.extensions_mut().remove::<CallNote>().unwrap_or_default();
    let status = response.status().as_u16();
    // Only the method, path, status and fault: never headers, which carry the key.
    eprintln!(
        "fake-mistral: {method} {path} {status} fault={} {}ms",
        note.fault.as_deref().unwrap_or("-"),
        started.elapsed().as_millis()
    );
    if path.starts_with("/v1/") || path.starts_with("/v0/") {
        let CallNote { model, last_user_message, fault, fault_source } = note;
        let record = CallRecord { route, path, status, authorized, model, last_user_message, fault, fault_source };
        state.store().calls.record(record);
    }
    response
}

/// `GET /_fake/calls`.
pub async fn calls(State(state): State<AppState>) -> Json<Value> {
    Json(state.store().calls.to_json())
}

/// `DELETE /_fake/calls`.
pub async fn reset_calls(State(state): State<AppState>) -> Json<Value> {
    let mut store = state.store();
    let cleared = store.calls.total;
    store.calls = CallLog::default();
    Json(json!({ "cleared": cleared }))
}

/// `GET /_fake/health`: lets a test wait for startup without a key.
pub async fn health() -> &'static str {
    "ok"
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(route: &str) -> CallRecord {
        CallRecord {
            route: route.into(),
            path: "/v1/models".into(),
            status: 200,
            authorized: true,
            model: None,
            last_user_message: None,
            fault: None,
            fault_source: None,
        }
    }

    #[test]
    fn keeps_the_last_calls_and_counts_them_all() {
        let mut log = CallLog::default();
        for _ in 0..KEPT_CALLS + 5 {
            log.record(record("GET /v1/models"));
        }
        log.record(record("POST /v1/chat/completions"));
        let json = log.to_json();
        assert_eq!(json["total"], KEPT_CALLS as u64 + 6);
        assert_eq!(json["by_route"]["GET /v1/models"], KEPT_CALLS as u64 + 5);
        assert_eq!(json["requests"].as_array().map(Vec::len), Some(KEPT_CALLS));
        assert_eq!(json["requests"][KEPT_CALLS - 1]["route"], "POST /v1/chat/completions");
    }
}
