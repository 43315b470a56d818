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

    #[test]
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

    #[test]
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
