//! Secrets the public endpoints hand out: ballot ids and admin tokens from
//! `crypto.getRandomValues`, admin tokens kept only as their SHA-256 and compared in constant time.

use js_sys::{Function, Reflect, Uint8Array};
use sha2::{Digest, Sha256};
use tallas_core::api::{ApiError, ErrorCode};
use wasm_bindgen::{JsCast, JsValue};

/// Bytes of a ballot id: 128 random bits, 32 hex characters.
pub const BALLOT_ID_BYTES: usize = 16;
/// Bytes of an admin token: 256 random bits, 64 hex characters.
pub const ADMIN_TOKEN_BYTES: usize = 32;

/// `n` bytes from the runtime's cryptographic generator (`crypto.getRandomValues`, at most 65,536
/// bytes a call). Reached through `Reflect` so no `web-sys` feature or class binding is needed.
pub fn random_bytes(n: usize) -> Result<Vec<u8>, ApiError> {
    let failed = |e: JsValue| {
        let reason = e.as_string().or_else(|| js_sys::JSON::stringify(&e).ok().map(String::from));
        ApiError::new(
            ErrorCode::Internal,
            format!("crypto.getRandomValues is unavailable: {}", reason.unwrap_or_default()),
        )
    };
    let crypto = Reflect::get(&js_sys::global(), &JsValue::from_str("crypto")).map_err(failed)?;
    let fill: Function =
        Reflect::get(&crypto, &JsValue::from_str("getRandomValues")).map_err(failed)?.dyn_into().map_err(failed)?;
    let mut bytes = Vec::with_capacity(n);
    while bytes.len() < n {
        let chunk = Uint8Array::new_with_length((n - bytes.len()).min(65_536) as u32);
        fill.call1(&crypto, &chunk).map_err(failed)?;
        bytes.extend(chunk.to_vec());
    }
    Ok(bytes)
}

/// `n` random bytes as lowercase hex.
pub fn random_hex(n: usize) -> Result<String, ApiError> {
    random_bytes(n).map(|bytes| hex(&bytes))
}

/// The stored form of an admin token.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whether `presented` is the token whose hash is `stored`, comparing every byte of the two hashes
/// whatever differs, so the time taken says nothing about the token.
pub fn token_matches(presented: &str, stored: &str) -> bool {
    let computed = token_hash(presented);
    if computed.len() != stored.len() {
        return false;
    }
    let difference = computed.bytes().zip(stored.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    std::hint::black_box(difference) == 0
}

/// The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive.
pub fn bearer(header: Option<&str>) -> Option<&str> {
    let (scheme, token) = header?.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(DIGITS[usize::from(byte >> 4)] as char);
        out.push(DIGITS[usize::from(byte & 0xf)] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stored_as_sha256_hex_and_compared_by_hash() {
        let stored = token_hash("abc");
        assert_eq!(stored, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert!(token_matches("abc", &stored));
        assert!(!token_matches("abd", &stored));
        assert!(!token_matches("abc", "short"));
    }

    #[test]
    fn bearer_tokens_are_read_case_insensitively() {
        assert_eq!(bearer(Some("Bearer  t0k ")), Some("t0k"));
        assert_eq!(bearer(Some("bearer t0k")), Some("t0k"));
        assert_eq!(bearer(Some("Basic t0k")), None);
        assert_eq!(bearer(Some("Bearer ")), None);
        assert_eq!(bearer(None), None);
    }
}
