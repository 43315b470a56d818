//! CORS for the configured app origins only (`ALLOWED_ORIGINS`, comma-separated; empty means
//! same-origin only, which is how the app runs in dev behind Trunk's proxy and in production from
//! this same Worker).
//!
//! - A request whose `Origin` is listed gets `Access-Control-Allow-Origin: <origin>` on its answer.
//! - A preflight (`OPTIONS` with an `Origin`) on any /api path answers `204` with the allowed
//!   methods and headers when the origin is listed, and `403 forbidden` otherwise.
//! - Any other cross-origin request gets no CORS headers, so the browser withholds the answer.
//!
//! `Vary: Origin` is set on every API answer once any origin is configured, since they differ by it.

use tallas_core::api::{ApiError, ErrorCode};
use worker::{Env, Request, Response, Result};

use crate::{config, respond};

const ALLOW_METHODS: &str = "GET, POST, PUT, OPTIONS";
const ALLOW_HEADERS: &str = "authorization, content-type";
/// Seconds a browser may reuse a preflight answer (Chromium caps this at 7200).
const MAX_AGE: &str = "600";
/// Response headers a page may read beyond the CORS-safelisted ones.
const EXPOSE_HEADERS: &str = "retry-after, allow, www-authenticate";

/// What the request's `Origin` means for its answer.
pub struct Cors {
    /// The request's `Origin`, when it sent one.
    origin: Option<String>,
    /// Whether that origin is listed in `ALLOWED_ORIGINS`.
    allowed: bool,
    /// Whether any origin is listed at all.
    configured: bool,
}

impl Cors {
    pub fn new(req: &Request, env: &Env) -> Result<Self> {
        let origins = parse_origins(&config::allowed_origins(env));
        let origin = req.headers().get("origin")?;
        let allowed = origin.as_deref().is_some_and(|o| is_allowed(&origins, o));
        Ok(Self { origin, allowed, configured: !origins.is_empty() })
    }

    /// The answer to a preflight, or `None` when `req` is not one.
    pub fn preflight(&self, req: &Request) -> Result<Option<Response>> {
        let Some(origin) = self.origin.as_deref() else { return Ok(None) };
        if !req.inner().method().eq_ignore_ascii_case("OPTIONS") {
            return Ok(None);
        }
        if !self.allowed {
            return respond::error(ApiError::new(
                ErrorCode::Forbidden,
                format!(
                    "the origin {} may not call this API; serve the app from the worker's own origin, or add \
                     the origin to the worker's ALLOWED_ORIGINS var (comma-separated)",
                    respond::clip(origin)
                ),
            ))
            .map(Some);
        }
        let response = self.decorate(respond::no_content()?)?;
        let headers = response.headers();
        headers.set("access-control-allow-methods", ALLOW_METHODS)?;
        headers.set("access-control-allow-headers", ALLOW_HEADERS)?;
        headers.set("access-control-max-age", MAX_AGE)?;
        Ok(Some(response))
    }

    /// `response` with the CORS headers its request's origin is entitled to.
    pub fn decorate(&self, response: Response) -> Result<Response> {
        if self.configured {
            response.headers().append("vary", "Origin")?;
        }
        if let (true, Some(origin)) = (self.allowed, self.origin.as_deref()) {
            response.headers().set("access-control-allow-origin", origin)?;
            response.headers().set("access-control-expose-headers", EXPOSE_HEADERS)?;
        }
        Ok(response)
    }
}

/// The listed origins, trimmed and without trailing slashes; blank entries dropped.
fn parse_origins(raw: &str) -> Vec<String> {
    raw.split(',').map(|o| o.trim().trim_end_matches('/').to_owned()).filter(|o| !o.is_empty()).collect()
}

/// Exact match, ignoring ASCII case (scheme and host are case-insensitive). `null` (sandboxed
/// frames, `file:` pages) is never allowed, even if listed.
fn is_allowed(origins: &[String], origin: &str) -> bool {
    origin != "null" && origins.iter().any(|o| o.eq_ignore_ascii_case(origin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_trimmed_and_matched_exactly() {
        let origins = parse_origins(" https://app.example/ ,, http://127.0.0.1:8080");
        assert_eq!(origins, ["https://app.example", "http://127.0.0.1:8080"]);
        assert!(is_allowed(&origins, "https://APP.example"));
        assert!(!is_allowed(&origins, "https://app.example.evil"));
        assert!(!is_allowed(&origins, "http://127.0.0.1:8081"));
        assert!(parse_origins("  ").is_empty());
        assert!(!is_allowed(&parse_origins("null"), "null"));
    }
}
