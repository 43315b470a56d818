//! The Mistral chat-completions client: one call, bounded by the configured timeout, retried by
//! `tallas_core::retry::RetryPolicy`, and turned into an `ApiError` by `tallas_core::upstream`
//! when it finally fails. The key only ever goes into the `Authorization` header.

use std::pin::pin;
use std::time::Duration;

use futures_util::future::{Either, select};
use tallas_core::api::{ApiError, ErrorCode, TokenUsage};
use tallas_core::mistral::{ChatRequest, ChatResponse};
use tallas_core::retry::Attempt;
use tallas_core::upstream::{UpstreamFailure, error_kind};
use wasm_bindgen::JsValue;
use worker::{AbortController, AbortSignal, Delay, Fetch, Headers, Method, Request, RequestInit, Url, console_warn};

use crate::config::{ApiKey, Config};

/// How the upstream is named in error messages.
const UPSTREAM: &str = "Mistral";

/// A usable answer.
pub struct Reply {
    pub text: String,
    /// The model that answered, as the upstream reports it.
    pub model: String,
    pub usage: TokenUsage,
}

/// What one attempt got back before the deadline.
struct Answer {
    status: u16,
    retry_after: Option<String>,
    body: String,
}

/// Sends `request` to `{base}/v1/chat/completions`. `UPSTREAM_TIMEOUT_MS` bounds the whole call,
/// retries and their waits included, so the client's request is never held open longer.
pub async fn chat(config: &Config, key: &ApiKey, request: &ChatRequest) -> Result<Reply, ApiError> {
    let url = endpoint(&config.base_url)?;
    let headers = headers(key)?;
    let body = serde_json::to_string(request)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("could not encode the upstream request: {e}")))?;
    call(config, key, &url, &headers, &body).await.map_err(|failure| failure.to_api_error(UPSTREAM))
}

fn endpoint(base_url: &str) -> Result<String, ApiError> {
    let url = format!("{base_url}/v1/chat/completions");
    match Url::parse(&url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(url),
        _ => Err(ApiError::new(
            ErrorCode::NotConfigured,
            format!("MISTRAL_BASE_URL {base_url:?} is not an http(s) URL; fix it in the worker's vars"),
        )),
    }
}

fn headers(key: &ApiKey) -> Result<Headers, ApiError> {
    let headers = Headers::new();
    // The runtime's error would quote the header value, that is the key: it is not passed on.
    headers.set("authorization", &key.authorization()).map_err(|_| {
        ApiError::new(
            ErrorCode::NotConfigured,
            "MISTRAL_API_KEY contains characters that cannot be sent in an HTTP header; set it again",
        )
    })?;
    let fixed =
        headers.set("content-type", "application/json").and_then(|()| headers.set("accept", "application/json"));
    fixed.map_err(|e| ApiError::new(ErrorCode::Internal, format!("could not build the upstream headers: {e}")))?;
    Ok(headers)
}

async fn call(
    config: &Config,
    key: &ApiKey,
    url: &str,
    headers: &Headers,
    body: &str,
) -> Result<Reply, UpstreamFailure> {
    let started = now_ms();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let remaining = config.upstream_timeout_ms.saturating_sub(now_ms().saturating_sub(started));
        let (failure, retry_after) = match attempt(url, headers, body, remaining).await {
            // The configured limit, not the measured time, which overshoots it by a few ms.
            None => return Err(UpstreamFailure::Timeout { after_ms: config.upstream_timeout_ms }),
            Some(Ok(answer)) if (200..300).contains(&answer.status) => return reply(&answer.body),
            Some(Ok(answer)) => {
                let kind = error_kind(&answer.body);
                (UpstreamFailure::Status { status: answer.status, kind, attempts }, answer.retry_after)
            }
            Some(Err(e)) => {
                // Runtime error texts are not ours; scrub the key out of them all the same.
                console_warn!("{UPSTREAM} attempt {attempts} failed before an answer: {}", key.redact(&e.to_string()));
                (UpstreamFailure::Network { attempts }, None)
            }
        };
        let outcome = match &failure {
            UpstreamFailure::Status { status, .. } => {
                Attempt::Status { status: *status, retry_after: retry_after.as_deref() }
            }
            _ => Attempt::Network,
        };
        let Some(wait) = config.retry.delay_before_retry(attempts, &outcome, js_sys::Math::random()) else {
            return Err(failure);
        };
        // A retry that could not finish before the deadline is not worth waiting for: report
        // what actually went wrong instead of a timeout.
        if now_ms().saturating_sub(started).saturating_add(wait) >= config.upstream_timeout_ms {
            return Err(failure);
        }
        console_warn!("{UPSTREAM} attempt {attempts} failed ({failure:?}); retrying in {wait} ms");
        Delay::from(Duration::from_millis(wait)).await;
    }
}

/// One request and its whole body within `limit_ms`. `None` when the time ran out: the request
/// is then aborted so the runtime stops waiting for it.
async fn attempt(url: &str, headers: &Headers, body: &str, limit_ms: u64) -> Option<worker::Result<Answer>> {
    let controller = AbortController::default();
    let exchange = pin!(exchange(url, headers, body, controller.signal()));
    let deadline = pin!(Delay::from(Duration::from_millis(limit_ms)));
    match select(exchange, deadline).await {
        Either::Left((answer, _)) => Some(answer),
        Either::Right(((), _)) => {
            controller.abort();
            None
        }
    }
}

async fn exchange(url: &str, headers: &Headers, body: &str, signal: AbortSignal) -> worker::Result<Answer> {
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_headers(headers.clone()).with_body(Some(JsValue::from_str(body)));
    // A request body can be sent once, so every attempt builds its own request.
    let request = Request::new_with_init(url, &init)?;
    let mut response = Fetch::Request(request).send_with_signal(&signal).await?;
    let status = response.status_code();
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let body = response.text().await?;
    Ok(Answer { status, retry_after, body })
}

fn reply(body: &str) -> Result<Reply, UpstreamFailure> {
    let (response, text) = ChatResponse::parse(body).map_err(UpstreamFailure::BadReply)?;
    Ok(Reply { text, model: response.model, usage: response.usage.map(TokenUsage::from).unwrap_or_default() })
}

/// Wall-clock milliseconds. In a worker the clock only advances across I/O, which is exactly
/// what the deadline has to measure.
fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}
