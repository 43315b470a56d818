//! Curator authentication: every curator endpoint requires `Authorization: Bearer <CURATOR_TOKEN>`
//! (a worker secret). The token is kept only as its SHA-256 digest and a presented token is
//! hashed too, so the comparison runs over two 32-byte arrays in constant time, whatever their
//! lengths; neither token is ever logged or echoed.

use std::fmt;

use sha2::{Digest, Sha256};
use tallas_core::api::{ApiError, ErrorCode};
use worker::Request;

/// Shortest token accepted: a curator token guards paid upstream calls, so a guessable one is
/// treated as no token at all.
pub const MIN_TOKEN_CHARS: usize = 16;

/// `CURATOR_TOKEN` as configured.
#[derive(Clone, PartialEq, Eq)]
pub enum CuratorToken {
    Missing,
    TooShort,
    /// The SHA-256 of the token.
    Set([u8; 32]),
}

impl CuratorToken {
    /// An empty (or blank) value counts as no token, as with the key.
    pub fn new(raw: Option<&str>) -> Self {
        match raw.map(str::trim).filter(|token| !token.is_empty()) {
            None => CuratorToken::Missing,
            Some(token) if token.chars().count() < MIN_TOKEN_CHARS => CuratorToken::TooShort,
            Some(token) => CuratorToken::Set(digest(token)),
        }
    }

    pub fn is_configured(&self) -> bool {
        matches!(self, CuratorToken::Set(_))
    }
}

impl fmt::Debug for CuratorToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CuratorToken::Missing => "CuratorToken(missing)",
            CuratorToken::TooShort => "CuratorToken(too short)",
            CuratorToken::Set(_) => "CuratorToken([redacted])",
        })
    }
}

/// `Ok` when the request carries the curator token; otherwise `401 unauthorized`, or
/// `503 not_configured` when the worker has no usable token to compare with.
pub fn require_curator(req: &Request, token: &CuratorToken) -> Result<(), ApiError> {
    let header = req.headers().get("authorization").ok().flatten();
    check(token, header.as_deref())
}

fn check(token: &CuratorToken, header: Option<&str>) -> Result<(), ApiError> {
    let expected = match token {
        CuratorToken::Set(digest) => digest,
        CuratorToken::Missing => return Err(not_configured("the worker has no CURATOR_TOKEN")),
        CuratorToken::TooShort => {
            return Err(not_configured(&format!("CURATOR_TOKEN is shorter than {MIN_TOKEN_CHARS} characters")));
        }
    };
    let Some(presented) = header.and_then(bearer) else {
        return Err(ApiError::new(
            ErrorCode::Unauthorized,
            "this is a curator endpoint; send the curator token as `Authorization: Bearer <CURATOR_TOKEN>`",
        ));
    };
    if same(&digest(presented), expected) {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::Unauthorized,
            "the curator token is not the one this worker is configured with; check CURATOR_TOKEN",
        ))
    }
}

fn not_configured(what: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotConfigured,
        format!(
            "{what}, so the curator endpoints are closed; locally, put CURATOR_TOKEN=<at least \
             {MIN_TOKEN_CHARS} random characters> in proxy-worker/.dev.vars and restart wrangler dev; when \
             deployed, run `wrangler secret put CURATOR_TOKEN`"
        ),
    )
}

/// The token of a `Bearer` authorization; the scheme name is case-insensitive (RFC 9110 §11.1).
fn bearer(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

/// Equality that looks at every byte whatever differs, so its time says nothing about the token.
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    let difference = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    std::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "curator-token-0123456789";

    fn code(token: &CuratorToken, header: Option<&str>) -> Option<ErrorCode> {
        check(token, header).err().map(|e| e.code)
    }

    #[test]
    fn accepts_only_the_configured_bearer_token() {
        let token = CuratorToken::new(Some(TOKEN));
        assert_eq!(code(&token, Some(&format!("Bearer {TOKEN}"))), None);
        assert_eq!(code(&token, Some(&format!("bearer   {TOKEN} "))), None);
        for wrong in [format!("Bearer {TOKEN}x"), format!("Basic {TOKEN}"), TOKEN.to_owned(), "Bearer ".to_owned()] {
            assert_eq!(code(&token, Some(&wrong)), Some(ErrorCode::Unauthorized), "{wrong}");
        }
        assert_eq!(code(&token, None), Some(ErrorCode::Unauthorized));
    }

    #[test]
    fn no_token_or_a_short_one_closes_the_endpoints() {
        assert_eq!(CuratorToken::new(Some("  ")), CuratorToken::Missing);
        let short = CuratorToken::new(Some("abc"));
        assert_eq!(short, CuratorToken::TooShort);
        let error = check(&short, Some("Bearer abc")).unwrap_err();
        assert_eq!(error.code, ErrorCode::NotConfigured);
        assert!(error.message.contains("wrangler secret put CURATOR_TOKEN"), "{}", error.message);
        assert_eq!(code(&CuratorToken::Missing, Some("Bearer x")), Some(ErrorCode::NotConfigured));
    }

    #[test]
    fn the_token_never_prints() {
        let token = CuratorToken::new(Some(TOKEN));
        assert!(token.is_configured());
        assert_eq!(format!("{token:?}"), "CuratorToken([redacted])");
        let error = check(&token, Some("Bearer wrong-token-wrong-token")).unwrap_err();
        assert!(!error.message.contains("wrong-token") && !error.message.contains(TOKEN));
    }
}
