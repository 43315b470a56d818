//! `POST /v1/chat/completions`: the deterministic answer of [`crate::answer`], delivered as JSON
//! or as a stream, and bent by the fault plan the request draws.

use std::time::Duration;

use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde_json::{Value, json};
use tallas_core::mistral::{ChatRequest, ChatUsage};

use crate::answer::{self, Reply};
use crate::error::ApiError;
use crate::faults::{self, FaultPlan, Outcome};
use crate::introspect::CallNote;
use crate::models::{self, FAKE_CREATED};
use crate::state::{AppState, Dialect};
use crate::{replies, streaming};

/// The content a `schema-violation` fault answers with: JSON, but matching no useful schema.
pub const SCHEMA_VIOLATION: &str = r#"{"unexpected": true}"#;
/// The body a `malformed` fault answers with: what a misbehaving proxy in front of the API sends.
pub const MALFORMED_BODY: &str = "<html><body><h1>502 Bad Gateway</h1>fake-mistral malformed fault</body></html>";
/// The reasoning a `content-chunks` answer starts with, which is not part of the answer.
pub const THINKING: &str = "Pensemos en algo chileno...";

/// How a message's `content` is written. The real API gives a string, a list of chunks (reasoning
/// models: thinking first, then text) or `null`; a product that only reads strings passes against
/// a double that only sends strings, so the other two are on request (`content-chunks`,
/// `null-content`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Text,
    Chunks,
    Null,
}

impl Shape {
    fn of(outcome: Option<&Outcome>) -> Self {
        match outcome {
            Some(Outcome::ContentChunks) => Shape::Chunks,
            Some(Outcome::NullContent) => Shape::Null,
            _ => Shape::Text,
        }
    }

    /// The whole message's content: for chunks, the thinking and then the text in two text chunks
    /// whose concatenation is exactly `text`, so a reader that joins text chunks gets the answer.
    pub fn content(self, text: &str) -> Value {
        match self {
            Shape::Text => json!(text),
            Shape::Null => Value::Null,
            Shape::Chunks => {
                let first = first_half(text);
                json!([thinking_chunk(), text_chunk(first), text_chunk(&text[first.len()..])])
            }
        }
    }
}

pub fn thinking_chunk() -> Value {
    json!({"type": "thinking", "thinking": [{"type": "text", "text": THINKING}]})
}

pub fn text_chunk(text: &str) -> Value {
    json!({"type": "text", "text": text})
}

/// The parts of an answer every chunk repeats.
#[derive(Debug, Clone)]
pub struct Meta {
    pub id: String,
    pub model: String,
}

impl Meta {
    pub fn completion(&self, reply: &Reply, shape: Shape) -> Value {
        json!({
            "id": self.id,
            "object": "chat.completion",
            "created": FAKE_CREATED,
            "model": self.model,
            "choices": [{
                "index": 0,
                "message": {"role": "assistant", "content": shape.content(&reply.content), "tool_calls": null},
                "finish_reason": reply.finish_reason,
            }],
            "usage": reply.usage,
        })
    }

    pub fn chunk(&self, delta: Value, finish_reason: Option<&str>, usage: Option<&ChatUsage>) -> Value {
        let mut chunk = json!({
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": FAKE_CREATED,
            "model": self.model,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
        });
        if let Some(usage) = usage {
            chunk["usage"] = json!(usage);
        }
        chunk
    }
}

/// Takes the body as bytes rather than `Json` so that a fault is drawn (and a queued one
/// consumed) even for a body that does not parse, and the parse error keeps the API's shape.
pub async fn completions(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let parsed = serde_json::from_slice::<ChatRequest>(&body).map_err(|e| ApiError::from_json("the request body", &e));
    let mut note = CallNote::default();
    if let Ok(request) = &parsed {
        note.model = Some(request.model.clone());
        note.last_user_message = answer::last_user_message(request).map(str::to_owned);
    }
    let response = match faults::select(&state, &headers) {
        Ok((plan, source)) => {
            note.fault = Some(plan.to_string());
            note.fault_source = Some(source.as_str());
            respond(&state, parsed, plan).await.unwrap_or_else(IntoResponse::into_response)
        }
        Err(error) => error.into_response(),
    };
    (Extension(note), response).into_response()
}

async fn respond(
    state: &AppState,
    parsed: Result<ChatRequest, ApiError>,
    plan: FaultPlan,
) -> Result<Response, ApiError> {
    if plan.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(plan.latency_ms)).await;
    }
    // Rate limiting and outages come before any validation, as they do upstream.
    if let Some(response) = plan.outcome.as_ref().and_then(status_fault) {
        return Ok(response);
    }
    let request = parsed?;
    if !models::accepts_chat(state, &request.model) {
        // OpenAI and Together answer 404 `model_not_found`; Mistral 400 `invalid_model`.
        if state.config.dialect != Dialect::Mistral {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "invalid_request_error",
                format!("The model `{}` does not exist or you do not have access to it.", request.model),
            )
            .with_code("model_not_found"));
        }
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_model",
            format!("Invalid model: {}", request.model),
        ));
    }
    if request.messages.is_empty() {
        return Err(ApiError::bad_request("messages must not be empty"));
    }
    let format = answer::format(request.response_format.as_ref())?;
    let mut reply = answer::reply(&request, &format)?;
    if plan.outcome == Some(Outcome::SchemaViolation) {
        reply = reply.with_content(SCHEMA_VIOLATION.to_owned());
    } else if let Some(content) = replies::next(state, answer::schema_name(request.response_format.as_ref())) {
        reply = reply.with_content(content);
    }
    let meta = Meta { id: format!("fake-cmpl-{:06}", state.store().next_sequence()), model: request.model };
    // Shapes apply to whatever the answer became (computed, scripted or standing); the delivery
    // faults then bend how it arrives.
    let shape = Shape::of(plan.outcome.as_ref());
    let delivery_fault =
        plan.outcome.filter(|o| matches!(o, Outcome::Truncated | Outcome::Malformed | Outcome::StreamCut));
    Ok(if request.stream == Some(true) {
        streaming::respond(state.clone(), meta, reply, shape, delivery_fault, state.config.chunk_delay)
    } else {
        plain(&meta, &reply, shape, delivery_fault)
    })
}

fn status_fault(outcome: &Outcome) -> Option<Response> {
    let error = |status, kind, message| ApiError::new(status, kind, message).into_response();
    Some(match outcome {
        Outcome::RateLimited { retry_after } => (
            [(header::RETRY_AFTER, retry_after.clone())],
            error(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "Requests rate limit exceeded"),
        )
            .into_response(),
        Outcome::ServerError => {
            error(StatusCode::INTERNAL_SERVER_ERROR, "internal_server_error", "Internal server error")
        }
        Outcome::Unavailable => error(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable", "Service unavailable"),
        _ => return None,
    })
}

/// The first half of `text`, never splitting a character.
pub fn first_half(text: &str) -> &str {
    &text[..text.floor_char_boundary(text.len() / 2)]
}

fn plain(meta: &Meta, reply: &Reply, shape: Shape, fault: Option<Outcome>) -> Response {
    let body = meta.completion(reply, shape).to_string();
    let json = [(header::CONTENT_TYPE, "application/json")];
    match fault {
        // A complete HTTP message whose JSON stops half-way: a parse error, not a network one.
        Some(Outcome::Truncated) => (json, first_half(&body).to_owned()).into_response(),
        Some(Outcome::Malformed) => (json, MALFORMED_BODY).into_response(),
        // Half the body, then the connection drops: a network error mid-read.
        Some(Outcome::StreamCut) => {
            let parts: [Result<Bytes, std::io::Error>; 2] =
                [Ok(Bytes::from(first_half(&body).to_owned())), Err(std::io::Error::other("stream-cut fault"))];
            (json, Body::from_stream(stream::iter(parts))).into_response()
        }
        _ => (json, body).into_response(),
    }
}
