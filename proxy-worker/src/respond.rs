//! Every API response is built here, so each one carries the same security headers and every
//! error has the shape `{"error": {"code", "message"}}`.

use serde::Serialize;
use tallas_core::api::{ApiError, ErrorCode};
use worker::{Response, Result};

/// Headers on every API response: answers are never sniffed as another type, never cached (they
/// are per request and may describe the worker's setup), never leak the page URL onwards, and are
/// never framed or allowed to load anything. API responses only: the app's static files need a CSP
/// of their own.
const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-store"),
    ("x-frame-options", "DENY"),
    ("content-security-policy", "default-src 'none'; frame-ancestors 'none'"),
];

/// `200` with `value` as JSON.
pub fn json<T: Serialize>(value: &T) -> Result<Response> {
    secure(Response::from_json(value)?)
}

/// The error's status with its JSON body. A `401` also names the scheme to use (RFC 9110 §11.6.1).
pub fn error(error: ApiError) -> Result<Response> {
    let status = error.status();
    let response = secure(Response::from_json(&error.into_body())?.with_status(status))?;
    if status == 401 {
        response.headers().set("www-authenticate", "Bearer realm=\"tallas\"")?;
    }
    Ok(response)
}

/// `response` (a body stream of server-sent events) as `text/event-stream`, never transformed
/// or buffered on the way.
pub fn event_stream(response: Response) -> Result<Response> {
    let response = secure(response)?;
    response.headers().set("content-type", "text/event-stream; charset=utf-8")?;
    response.headers().set("x-accel-buffering", "no")?;
    Ok(response)
}

/// `404 not_found` for a path under /api/ that no route serves.
pub fn not_found(path: &str) -> Result<Response> {
    error(ApiError::new(
        ErrorCode::NotFound,
        format!(
            "there is no API route {}; check the path against the API's routes (proxy-worker/src/router.rs)",
            clip(path)
        ),
    ))
}

/// `405 method_not_allowed` with the `Allow` header RFC 9110 requires.
pub fn method_not_allowed(method: &str, path: &str, allow: &str) -> Result<Response> {
    let response = error(ApiError::new(
        ErrorCode::MethodNotAllowed,
        format!("{} is not allowed on {}; use {allow}", clip(method), clip(path)),
    ))?;
    response.headers().set("allow", allow)?;
    Ok(response)
}

/// `204` with no body (a CORS preflight's answer).
pub fn no_content() -> Result<Response> {
    secure(Response::empty()?.with_status(204))
}

fn secure(response: Response) -> Result<Response> {
    for (name, value) in SECURITY_HEADERS {
        response.headers().set(name, value)?;
    }
    Ok(response)
}

/// Request text echoed in a message, cut short so an error body stays small.
pub fn clip(text: &str) -> &str {
    const MAX: usize = 200;
    match text.char_indices().nth(MAX) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clips_on_character_boundaries() {
        assert_eq!(clip("/api/x"), "/api/x");
        assert_eq!(clip(&"ñ".repeat(300)).chars().count(), 200);
    }
}
