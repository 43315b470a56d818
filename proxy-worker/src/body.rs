//! Request bodies: size-limited before anything is parsed, then JSON with errors that say what
//! was wrong.

use js_sys::Uint8Array;
use serde::de::DeserializeOwned;
use tallas_core::api::{ApiError, ErrorCode};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::ReadableStreamDefaultReader;
use worker::Request;

/// Reads the body, refusing more than `limit` bytes with `too_large`'s error, and parses it as `T`.
pub async fn json<T: DeserializeOwned>(
    req: &mut Request,
    limit: usize,
    too_large: &dyn Fn(usize) -> ApiError,
) -> Result<T, ApiError> {
    let bytes = read_limited(req, limit).await.map_err(|e| match e {
        Unread::TooLarge => too_large(limit),
        Unread::Refused(error) => error,
    })?;
    parse(&bytes)
}

/// Why a body was not read.
enum Unread {
    TooLarge,
    Refused(ApiError),
}

impl From<ApiError> for Unread {
    fn from(error: ApiError) -> Self {
        Unread::Refused(error)
    }
}

/// An oversized chunked body is still read to its end, up to this many bytes, before the 413
/// goes out: answering while the client is still uploading breaks the connection under
/// `wrangler dev`, and the client's next request then fails with "Your worker restarted
/// mid-request". Past this, the rest is left unread.
const DRAIN_LIMIT_BYTES: usize = 16 * 1024 * 1024;

/// The body, or `413` when it exceeds `limit`. A declared `Content-Length` is refused before
/// reading, and a body within it is read at once (the runtime holds a body to its declared
/// length); a body without one (chunked) is read chunk by chunk and only the first `limit` bytes
/// are kept, so an oversized body is never held in memory.
async fn read_limited(req: &mut Request, limit: usize) -> Result<Vec<u8>, Unread> {
    let declared = req.headers().get("content-length").ok().flatten().and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|length| length > limit as u64) {
        return Err(Unread::TooLarge);
    }
    // No body at all (e.g. a POST without one) reads as empty; `parse` explains that.
    let Some(stream) = req.inner().body() else { return Ok(Vec::new()) };
    if declared.is_some() {
        // One read instead of a reader's two, and no lock to release: most of a vote's parsing.
        let buffer = req.inner().array_buffer().map_err(unreadable)?;
        let bytes = JsFuture::from(buffer).await.map_err(unreadable)?;
        return Ok(Uint8Array::new(&bytes).to_vec());
    }
    // A plain reader rather than `Request::stream`, whose stream cancels the body when dropped:
    // releasing the lock instead leaves whatever is unread as it is for any route that ignores
    // its body.
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let result = read_chunks(&reader, limit).await;
    reader.release_lock();
    result
}

async fn read_chunks(reader: &ReadableStreamDefaultReader, limit: usize) -> Result<Vec<u8>, Unread> {
    let mut body = Vec::new();
    let mut total = 0usize;
    while let Some(chunk) = next_chunk(reader).await? {
        total = total.saturating_add(chunk.length() as usize);
        if total <= limit {
            body.extend_from_slice(&chunk.to_vec());
        } else if total > DRAIN_LIMIT_BYTES {
            break;
        }
    }
    if total > limit { Err(Unread::TooLarge) } else { Ok(body) }
}

/// The next chunk of the body, still in JS memory, or `None` at its end.
async fn next_chunk(reader: &ReadableStreamDefaultReader) -> Result<Option<Uint8Array>, ApiError> {
    let step = JsFuture::from(reader.read()).await.map_err(unreadable)?;
    let done = js_sys::Reflect::get(&step, &JsValue::from_str("done")).map_err(unreadable)?;
    if done.as_bool().unwrap_or(true) {
        return Ok(None);
    }
    let value = js_sys::Reflect::get(&step, &JsValue::from_str("value")).map_err(unreadable)?;
    value.dyn_into::<Uint8Array>().map(Some).map_err(unreadable)
}

/// A body the runtime could not deliver, with the runtime's reason.
fn unreadable(e: JsValue) -> ApiError {
    let reason = e.as_string().or_else(|| js_sys::JSON::stringify(&e).ok().map(String::from));
    ApiError::new(ErrorCode::BadRequest, format!("the request body could not be read: {}", reason.unwrap_or_default()))
}

/// `413`: the body of `route` is over `limit` bytes; `advice` says where the limit comes from and
/// what to send instead.
pub fn too_large(route: &str, limit: usize, advice: &str) -> ApiError {
    ApiError::new(
        ErrorCode::PayloadTooLarge,
        format!("the request body is larger than {limit} bytes, the limit of {route} ({advice})"),
    )
}

/// Parses a body that must be one JSON object. serde would also read a struct from a JSON array
/// of its fields in order (`["completo"]` as `{"keyword": "completo"}`), which no route's contract
/// allows, so anything but an object is refused first.
fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let bad = |message: String| ApiError::new(ErrorCode::BadRequest, message);
    let syntax = |e: serde_json::Error| {
        // serde_json names the problem and its position, e.g. "missing field `keyword` at line 1 column 2".
        let what = if e.is_data() { "does not have the expected fields" } else { "is not valid JSON" };
        bad(format!("the request body {what}: {e}"))
    };
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        None => return Err(bad("the request body is empty; send a JSON object".into())),
        Some(b'{') => {}
        Some(_) => {
            let value: serde_json::Value = serde_json::from_slice(bytes).map_err(syntax)?;
            let kind = match value {
                serde_json::Value::Array(_) => "an array",
                serde_json::Value::String(_) => "a string",
                serde_json::Value::Number(_) => "a number",
                serde_json::Value::Bool(_) => "a boolean",
                serde_json::Value::Null | serde_json::Value::Object(_) => "null",
            };
            return Err(bad(format!(
                "the request body is {kind}; send a JSON object with this route's fields (see openapi.yaml)"
            )));
        }
    }
    serde_json::from_slice(bytes).map_err(syntax)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tallas_core::api::GenerateRequest;

    fn message(body: &str) -> String {
        parse::<GenerateRequest>(body.as_bytes()).unwrap_err().message
    }

    #[test]
    fn says_what_is_wrong_with_the_body() {
        assert_eq!(message(" \n"), "the request body is empty; send a JSON object");
        assert!(message("{\"keyword\":").starts_with("the request body is not valid JSON: EOF"));
        assert!(message("{}").contains("missing field `keyword`"));
        assert!(message(r#"{"keyword":"a","prompt":"x"}"#).contains("unknown field `prompt`"));
        assert!(message(r#"{"keyword":1}"#).starts_with("the request body does not have the expected fields"));
    }

    #[test]
    fn only_an_object_is_a_body() {
        // serde alone would read this array as `{"keyword": "completo"}`.
        let array = message(r#" ["completo"]"#);
        assert_eq!(
            array,
            "the request body is an array; send a JSON object with this route's fields (see openapi.yaml)"
        );
        assert!(message(r#""completo""#).starts_with("the request body is a string;"));
        assert!(message("12").starts_with("the request body is a number;"));
        assert!(message("true").starts_with("the request body is a boolean;"));
        assert!(message("null").starts_with("the request body is null;"));
        assert!(message("[1,").starts_with("the request body is not valid JSON"));
    }

    #[test]
    fn parses_a_valid_body() {
        let req: GenerateRequest = parse(br#"{"keyword":"suegra"}"#).unwrap();
        assert_eq!(req.keyword, "suegra");
    }
}
