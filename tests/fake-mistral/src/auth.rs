//! The bearer-key check every `/v1/*` route of the real API makes, so tests can prove the
//! product sends its key (and sends the right one).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::AppState;

pub fn is_authorized(headers: &HeaderMap, key: &str) -> bool {
    let Some(value) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    // The scheme name is case-insensitive (RFC 9110 §11.1); the token is not.
    value
        .trim()
        .split_once(' ')
        .is_some_and(|(scheme, token)| scheme.eq_ignore_ascii_case("bearer") && token.trim() == key)
}

/// Route layer: runs only for matched routes, so an unknown path stays a 404.
pub async fn require_key(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if is_authorized(request.headers(), &state.config.key) {
        next.run(request).await
    } else {
        ApiError::new(StatusCode::UNAUTHORIZED, "invalid_api_key", "Unauthorized").into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn accepts_only_the_configured_bearer_key() {
        assert!(is_authorized(&with("Bearer k1"), "k1"));
        assert!(is_authorized(&with("bearer  k1"), "k1"));
        assert!(!is_authorized(&with("Bearer k2"), "k1"));
        assert!(!is_authorized(&with("Basic k1"), "k1"));
        assert!(!is_authorized(&with("k1"), "k1"));
        assert!(!is_authorized(&HeaderMap::new(), "k1"));
    }
}
