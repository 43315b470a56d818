//! Fault injection: the failures a real upstream produces, on demand, so the product's retry,
//! timeout and parsing paths can be tested without the real Mistral API.
//!
//! Grammar (items joined by commas, at most one latency and one outcome):
//!
//! ```text
//! SPEC    := ITEM ("," ITEM)*
//! ITEM    := "none" | "latency=" MS | OUTCOME
//! OUTCOME := "429" [":retry-after=" SECONDS] | "500" | "503"
//!          | "truncated" | "malformed" | "schema-violation" | "stream-cut"
//!          | "content-chunks" | "null-content"
//! ```
//!
//! `content-chunks` and `null-content` are not failures but shapes the real API gives a message's
//! `content` (a list of chunks from reasoning models, `null`): the normal answer, written that way.

use std::fmt;
use std::str::FromStr;

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiJson};
use crate::state::AppState;

/// The per-request header that carries a SPEC.
pub const HEADER: &str = "x-fake-fault";

/// Longest latency accepted: longer ones are typos that would hang a test run.
const MAX_LATENCY_MS: u64 = 600_000;

/// What happens to one chat request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaultPlan {
    pub latency_ms: u64,
    pub outcome: Option<Outcome>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 429 with `Retry-After`; the value is kept as written so fractions survive unchanged.
    RateLimited {
        retry_after: String,
    },
    ServerError,
    Unavailable,
    /// A 200 whose JSON body stops half-way.
    Truncated,
    /// A 200 whose body is not JSON at all.
    Malformed,
    /// A 200 whose message content is JSON that does not match the requested schema.
    SchemaViolation,
    /// The connection closes mid-body: no `[DONE]`, no finish reason.
    StreamCut,
    /// The content as a list of chunks, a thinking chunk first, as reasoning models answer.
    ContentChunks,
    /// The content as `null`, which the real API sends for an answer without text.
    NullContent,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError(pub String);

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

const FORMS: &str = "none, latency=MS, 429, 429:retry-after=S, 500, 503, truncated, malformed, \
schema-violation, stream-cut, content-chunks, null-content (comma-separated)";

impl FromStr for FaultPlan {
    type Err = SpecError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        let mut plan = FaultPlan::default();
        let mut latency_seen = false;
        for raw in spec.split(',') {
            let item = raw.trim().to_ascii_lowercase();
            if item.is_empty() {
                return Err(SpecError(format!("fault spec {spec:?} has an empty item; valid items: {FORMS}")));
            }
            if item == "none" {
                continue;
            }
            if let Some(ms) = item.strip_prefix("latency=") {
                if latency_seen {
                    return Err(SpecError(format!("fault spec {spec:?} gives latency twice")));
                }
                latency_seen = true;
                plan.latency_ms =
                    ms.parse().ok().filter(|ms| *ms <= MAX_LATENCY_MS).ok_or_else(|| {
                        SpecError(format!("latency {ms:?} is not milliseconds in 0..={MAX_LATENCY_MS}"))
                    })?;
                continue;
            }
            let outcome = parse_outcome(&item)
                .ok_or_else(|| SpecError(format!("unknown fault {:?}; valid items: {FORMS}", raw.trim())))??;
            if let Some(previous) = &plan.outcome {
                return Err(SpecError(format!(
                    "faults {previous} and {outcome} cannot be combined: a request gets one outcome"
                )));
            }
            plan.outcome = Some(outcome);
        }
        Ok(plan)
    }
}

/// `None` when the item is not an outcome at all; `Some(Err)` when it is one with a bad argument.
fn parse_outcome(item: &str) -> Option<Result<Outcome, SpecError>> {
    let outcome = match item {
        "429" => Outcome::RateLimited { retry_after: "1".into() },
        "500" => Outcome::ServerError,
        "503" => Outcome::Unavailable,
        "truncated" => Outcome::Truncated,
        "malformed" => Outcome::Malformed,
        "schema-violation" => Outcome::SchemaViolation,
        "stream-cut" => Outcome::StreamCut,
        "content-chunks" => Outcome::ContentChunks,
        "null-content" => Outcome::NullContent,
        _ => {
            let seconds = item.strip_prefix("429:retry-after=")?;
            return Some(parse_seconds(seconds).map(|retry_after| Outcome::RateLimited { retry_after }));
        }
    };
    Some(Ok(outcome))
}

/// Delay-seconds as RFC 9110 allows plus fractions (which the product accepts), nothing else.
fn parse_seconds(text: &str) -> Result<String, SpecError> {
    let plain = !text.is_empty()
        && text.chars().all(|c| c.is_ascii_digit() || c == '.')
        && text.parse::<f64>().is_ok_and(f64::is_finite);
    if plain { Ok(text.to_owned()) } else { Err(SpecError(format!("retry-after {text:?} is not a number of seconds"))) }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::RateLimited { retry_after } => write!(f, "429:retry-after={retry_after}"),
            Outcome::ServerError => f.write_str("500"),
            Outcome::Unavailable => f.write_str("503"),
            Outcome::Truncated => f.write_str("truncated"),
            Outcome::Malformed => f.write_str("malformed"),
            Outcome::SchemaViolation => f.write_str("schema-violation"),
            Outcome::StreamCut => f.write_str("stream-cut"),
            Outcome::ContentChunks => f.write_str("content-chunks"),
            Outcome::NullContent => f.write_str("null-content"),
        }
    }
}

/// The canonical SPEC, which parses back to the same plan.
impl fmt::Display for FaultPlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.latency_ms, &self.outcome) {
            (0, None) => f.write_str("none"),
            (0, Some(outcome)) => write!(f, "{outcome}"),
            (ms, None) => write!(f, "latency={ms}"),
            (ms, Some(outcome)) => write!(f, "latency={ms},{outcome}"),
        }
    }
}

/// Where a request's plan came from, reported by `/_fake/calls`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Header,
    Queue,
    Run,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Header => "header",
            Source::Queue => "queue",
            Source::Run => "run",
        }
    }
}

/// The plan for one chat request. The header wins because it is the most specific; the queue
/// comes next and is consumed only by requests without the header, so a test that mixes both
/// still sees its queue drained in order; the `--fault` flags are the fallback.
pub fn select(state: &AppState, headers: &HeaderMap) -> Result<(FaultPlan, Source), ApiError> {
    if let Some(value) = headers.get(HEADER) {
        let spec = value.to_str().map_err(|_| ApiError::bad_request(format!("{HEADER} is not ASCII")))?;
        let plan = spec.parse().map_err(|e: SpecError| ApiError::bad_request(format!("{HEADER}: {e}")))?;
        return Ok((plan, Source::Header));
    }
    if let Some(plan) = state.store().fault_queue.pop_front() {
        return Ok((plan, Source::Queue));
    }
    Ok((state.config.run_faults.clone(), Source::Run))
}

#[derive(Debug, Deserialize)]
pub struct Enqueue {
    faults: Vec<String>,
}

/// `POST /_fake/faults`: all SPECs are checked before any is queued, so a typo queues nothing.
pub async fn enqueue(State(state): State<AppState>, ApiJson(body): ApiJson<Enqueue>) -> Result<Json<Value>, ApiError> {
    let plans = body
        .faults
        .iter()
        .map(|spec| spec.parse::<FaultPlan>().map_err(|e| ApiError::bad_request(e.0)))
        .collect::<Result<Vec<_>, _>>()?;
    let added = plans.len();
    let mut store = state.store();
    store.fault_queue.extend(plans);
    Ok(Json(json!({ "added": added, "queued": store.fault_queue.len() })))
}

/// `GET /_fake/faults`: what the next requests will get, for debugging a test.
pub async fn queued(State(state): State<AppState>) -> Json<Value> {
    let queue: Vec<String> = state.store().fault_queue.iter().map(ToString::to_string).collect();
    Json(json!({ "queue": queue, "run": state.config.run_faults.to_string() }))
}

/// `DELETE /_fake/faults`.
pub async fn clear(State(state): State<AppState>) -> Json<Value> {
    let mut store = state.store();
    let cleared = store.fault_queue.len();
    store.fault_queue.clear();
    Json(json!({ "cleared": cleared }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(spec: &str) -> FaultPlan {
        spec.parse().unwrap_or_else(|e| panic!("{spec}: {e}"))
    }

    fn error(spec: &str) -> String {
        spec.parse::<FaultPlan>().unwrap_err().0
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(plan("none"), FaultPlan::default());
        assert_eq!(plan("latency=500"), FaultPlan { latency_ms: 500, outcome: None });
        assert_eq!(plan("429").outcome, Some(Outcome::RateLimited { retry_after: "1".into() }));
        assert_eq!(plan("429:retry-after=0.25").outcome, Some(Outcome::RateLimited { retry_after: "0.25".into() }));
        assert_eq!(plan("500").outcome, Some(Outcome::ServerError));
        assert_eq!(plan("503").outcome, Some(Outcome::Unavailable));
        assert_eq!(plan("truncated").outcome, Some(Outcome::Truncated));
        assert_eq!(plan("malformed").outcome, Some(Outcome::Malformed));
        assert_eq!(plan("schema-violation").outcome, Some(Outcome::SchemaViolation));
        assert_eq!(plan("stream-cut").outcome, Some(Outcome::StreamCut));
        assert_eq!(plan("content-chunks").outcome, Some(Outcome::ContentChunks));
        assert_eq!(plan("Null-Content").outcome, Some(Outcome::NullContent));
    }

    #[test]
    fn combines_latency_with_an_outcome_in_any_order() {
        let expected = FaultPlan { latency_ms: 500, outcome: Some(Outcome::RateLimited { retry_after: "1".into() }) };
        assert_eq!(plan("latency=500,429"), expected);
        assert_eq!(plan(" 429 , LATENCY=500 ,none"), expected);
    }

    #[test]
    fn display_is_a_spec_that_parses_back() {
        let specs = ["none", "latency=7", "429:retry-after=2", "latency=1,stream-cut", "schema-violation"];
        for spec in specs.into_iter().chain(["content-chunks", "latency=3,null-content"]) {
            assert_eq!(plan(spec).to_string(), spec);
            assert_eq!(plan(&plan(spec).to_string()), plan(spec));
        }
    }

    #[test]
    fn refuses_what_would_be_a_silent_typo() {
        assert!(error("lag=5").contains("unknown fault \"lag=5\""), "{}", error("lag=5"));
        assert!(error("").contains("empty item"));
        assert!(error("500,").contains("empty item"));
        assert!(error("429,500").contains("cannot be combined"));
        assert!(error("content-chunks,stream-cut").contains("cannot be combined"));
        assert!(error("null").contains("unknown fault"));
        assert!(error("latency=1,latency=2").contains("twice"));
        assert!(error("latency=-1").contains("not milliseconds"));
        assert!(error("latency=600001").contains("not milliseconds"));
        for bad in ["429:retry-after=", "429:retry-after=-1", "429:retry-after=inf", "429:retry-after=1e3"] {
            assert!(error(bad).contains("not a number of seconds"), "{bad}: {}", error(bad));
        }
    }
}
