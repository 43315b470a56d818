//! Turning a failed upstream call into the API error the client sees. The upstream's raw body is
//! never passed on: it could echo parts of the request, and the key travels in that request.

use crate::api::{ApiError, ErrorCode};
use crate::mistral::ReplyError;

/// How an upstream call finally failed, after retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpstreamFailure {
    /// The last attempt got this status; `kind` is the error type the upstream named, if it
    /// named one with a plain identifier (e.g. `invalid_model`).
    Status { status: u16, kind: Option<String>, attempts: u32 },
    /// No answer within the time limit.
    Timeout { after_ms: u64 },
    /// The connection failed (DNS, refused, reset).
    Network { attempts: u32 },
    /// A 2xx answer that is not a usable reply.
    BadReply(ReplyError),
}

/// Picks the upstream's error type out of an error body such as
/// `{"object":"error","message":"...","type":"invalid_model","code":"1500"}`, keeping it only
/// when it is a short identifier, so nothing free-form is echoed.
pub fn error_kind(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let object = value.get("error").filter(|e| e.is_object()).unwrap_or(&value);
    let kind = object.get("type").or_else(|| object.get("code"))?.as_str()?;
    let plain =
        !kind.is_empty() && kind.len() <= 40 && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    plain.then(|| kind.to_owned())
}

/// Longest upstream error message passed on, in characters.
const MAX_SUMMARY_CHARS: usize = 300;

/// The upstream's own explanation in an error body (`message`, `error.message`, or a
/// validation `detail`), on one line and cut to [`MAX_SUMMARY_CHARS`]: for the curator's
/// fine-tuning routes, where "file not found" or "model cannot be fine-tuned" is what the
/// curator needs to read. The caller still scrubs the key out of it, should it ever appear.
pub fn error_summary(body: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(body).ok()?;
    let object = value.get("error").filter(|e| e.is_object()).unwrap_or(&value);
    let text = match (object.get("message"), object.get("detail")) {
        (Some(serde_json::Value::String(message)), _) => message.clone(),
        (_, Some(serde_json::Value::String(detail))) => detail.clone(),
        // FastAPI-style `[{"loc": [...], "msg": "..."}]`.
        (_, Some(serde_json::Value::Array(items))) => {
            items.iter().filter_map(|item| item.get("msg")?.as_str()).collect::<Vec<_>>().join("; ")
        }
        _ => return None,
    };
    let line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).take(MAX_SUMMARY_CHARS).collect();
    let line = line.trim().to_owned();
    (!line.is_empty()).then_some(line)
}

/// A client error of the upstream that the curator can act on, passed on with its own status
/// class: `400`/`422` (the request was refused) as `400`, `404` as `404`, `409` as `409`.
/// `None` for every other failure, which [`UpstreamFailure::to_api_error`] maps.
pub fn refusal(status: u16, kind: Option<&str>, summary: Option<&str>, upstream: &str) -> Option<ApiError> {
    let code = match status {
        400 | 422 => ErrorCode::BadRequest,
        404 => ErrorCode::NotFound,
        409 => ErrorCode::Conflict,
        _ => return None,
    };
    let kind = kind.map(|k| format!(" {k}")).unwrap_or_default();
    let why = summary.map(|s| format!(": {s}")).unwrap_or_default();
    Some(ApiError::new(code, format!("{upstream} refused the request ({status}{kind}){why}")))
}

impl UpstreamFailure {
    pub fn to_api_error(&self, upstream: &str) -> ApiError {
        match self {
            UpstreamFailure::Status { status: 429, attempts, .. } => ApiError::new(
                ErrorCode::UpstreamRateLimited,
                format!(
                    "{upstream} is rate limiting this key (429{}); wait a minute and try again",
                    after_attempts(*attempts)
                ),
            ),
            UpstreamFailure::Status { status: status @ (401 | 403), .. } => ApiError::new(
                ErrorCode::UpstreamError,
                format!("{upstream} refused the API key ({status}); check MISTRAL_API_KEY in the worker's secrets"),
            ),
            UpstreamFailure::Status { status, kind, attempts } => {
                let kind = kind.as_deref().map(|k| format!(" ({k})")).unwrap_or_default();
                ApiError::new(
                    ErrorCode::UpstreamError,
                    format!(
                        "{upstream} answered {status}{kind}{}; try again later or choose another model",
                        after_attempts(*attempts)
                    ),
                )
            }
            UpstreamFailure::Timeout { after_ms } => ApiError::new(
                ErrorCode::UpstreamTimeout,
                format!("{upstream} did not answer within {} s; try again", after_ms.div_ceil(1000)),
            ),
            UpstreamFailure::Network { attempts } => ApiError::new(
                ErrorCode::UpstreamError,
                format!(
                    "could not reach {upstream}{}; check MISTRAL_BASE_URL and the network",
                    after_attempts(*attempts)
                ),
            ),
            UpstreamFailure::BadReply(reason) => {
                ApiError::new(ErrorCode::UpstreamError, format!("{upstream}: {reason}; try again"))
            }
        }
    }
}

/// " after N attempts" when there were retries; nothing for a single attempt.
fn after_attempts(attempts: u32) -> String {
    if attempts > 1 { format!(" after {attempts} attempts") } else { String::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn keeps_only_identifier_like_error_types() {
        assert_eq!(
            error_kind(r#"{"object":"error","message":"m","type":"invalid_model"}"#).as_deref(),
            Some("invalid_model")
        );
        assert_eq!(
            error_kind(r#"{"error":{"code":"rate_limited","message":"slow down"}}"#).as_deref(),
            Some("rate_limited")
        );
        assert_eq!(error_kind(r#"{"type":"key sk-123 is bad"}"#), None);
        assert_eq!(error_kind("<html>502</html>"), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn summarises_the_upstreams_explanation_on_one_line() {
        assert_eq!(
            error_summary(r#"{"object":"error","message":"Job not found: x","type":"not_found"}"#).as_deref(),
            Some("Job not found: x")
        );
        assert_eq!(error_summary(r#"{"error":{"message":"a\nb"}}"#).as_deref(), Some("a b"));
        let detail = r#"{"detail":[{"loc":["body","model"],"msg":"field required"},{"msg":"bad suffix"}]}"#;
        assert_eq!(error_summary(detail).as_deref(), Some("field required; bad suffix"));
        assert_eq!(error_summary(&format!(r#"{{"message":"{}"}}"#, "x".repeat(500))).map(|s| s.len()), Some(300));
        assert_eq!(error_summary("<html>"), None);
        assert_eq!(error_summary(r#"{"message":" "}"#), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn passes_on_refusals_the_curator_can_fix() {
        let error = refusal(422, Some("invalid_request_error"), Some("bad file"), "Mistral").unwrap();
        assert_eq!(
            (error.status(), error.message.as_str()),
            (400, "Mistral refused the request (422 invalid_request_error): bad file")
        );
        assert_eq!(refusal(404, None, None, "Mistral").map(|e| e.status()), Some(404));
        assert_eq!(refusal(409, None, Some("running"), "Mistral").map(|e| e.status()), Some(409));
        for status in [401, 429, 500, 503] {
            assert_eq!(refusal(status, None, None, "Mistral"), None, "{status}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn maps_each_failure_to_status_and_advice() {
        let cases = [
            (UpstreamFailure::Status { status: 429, kind: None, attempts: 3 }, 502, "(429 after 3 attempts)"),
            (UpstreamFailure::Status { status: 429, kind: None, attempts: 1 }, 502, "rate limiting this key (429);"),
            (UpstreamFailure::Status { status: 500, kind: None, attempts: 3 }, 502, "answered 500 after 3 attempts"),
            (UpstreamFailure::Status { status: 401, kind: None, attempts: 1 }, 502, "MISTRAL_API_KEY"),
            (
                UpstreamFailure::Status { status: 400, kind: Some("invalid_model".into()), attempts: 1 },
                502,
                "400 (invalid_model);",
            ),
            (UpstreamFailure::Timeout { after_ms: 29_500 }, 504, "within 30 s"),
            (UpstreamFailure::Network { attempts: 2 }, 502, "MISTRAL_BASE_URL"),
            (UpstreamFailure::BadReply(ReplyError::Empty), 502, "empty"),
        ];
        for (failure, status, needle) in cases {
            let error = failure.to_api_error("Mistral");
            assert_eq!(error.status(), status, "{failure:?}");
            let text = format!("{} {}", error.code, error.message);
            assert!(text.contains(needle), "{failure:?}: {text}");
        }
    }
}
