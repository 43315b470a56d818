//! `POST /api/play` with `"stream": true`, read as it arrives: each piece of the joke is handed to
//! the page the moment its event is complete (`tallas_core::play::events::Decoder`), so the first
//! words show while the model is still writing the rest.

use gloo_net::http::Request;
use js_sys::{Reflect, Uint8Array};
use tallas_core::api::{ApiError, ErrorCode, GenerateRequest};
use tallas_core::play::events::{Decoder, PlayEvent, ReadJson};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::ReadableStreamDefaultReader;

use crate::js::{from_js, parse_json, to_json};
use crate::open::api::{OpenError, failure};

/// How a streamed answer ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// Whole, told by this model (its public name).
    Done { model: String },
    /// Cut: the worker's error event, or a lost connection.
    Cut(ApiError),
}

/// Asks for a joke and hands each piece of it to `piece` as it arrives. A refusal before the
/// first byte (a limit, a closed playground) is the `Err`; an answer cut mid-way is
/// [`Ending::Cut`], after the pieces that did arrive.
pub async fn tell(request: &GenerateRequest, mut piece: impl FnMut(&str)) -> Result<Ending, OpenError> {
    let body = to_json(request).map_err(OpenError::Refused)?;
    let response = Request::post("/api/play")
        .header("content-type", "application/json")
        .body(body)
        .map_err(|e| OpenError::Refused(e.to_string()))?
        .send()
        .await
        .map_err(|_| OpenError::Unreachable)?;
    if !response.ok() {
        return Err(failure(response).await);
    }
    let reader = response
        .body()
        .and_then(|body| body.get_reader().dyn_into::<ReadableStreamDefaultReader>().ok())
        .ok_or(OpenError::Unreachable)?;
    let mut decoder = Decoder::new(BrowserJson);
    // Until the body ends or breaks; without `done` or `error` first, the connection was lost.
    while let Some(bytes) = next_chunk(&reader).await {
        for event in decoder.feed(&bytes) {
            match event {
                PlayEvent::Text(text) => piece(&text),
                PlayEvent::Done { model, .. } => return Ok(Ending::Done { model }),
                PlayEvent::Error(error) => return Ok(Ending::Cut(error)),
            }
        }
    }
    let lost = decoder.finish().unwrap_or_else(|| ApiError::new(ErrorCode::UpstreamError, "the answer ended early"));
    Ok(Ending::Cut(lost))
}

/// Events' JSON read by the browser's `JSON.parse`: serde_json would weigh this page's WASM.
struct BrowserJson;

impl ReadJson for BrowserJson {
    fn read<T: serde::de::DeserializeOwned>(&self, json: &str) -> Option<T> {
        from_js(parse_json(json).ok()?).ok()
    }
}

/// The next bytes of the body; `None` once it is over or reading failed.
async fn next_chunk(reader: &ReadableStreamDefaultReader) -> Option<Vec<u8>> {
    let result = JsFuture::from(reader.read()).await.ok()?;
    if Reflect::get(&result, &JsValue::from_str("done")).ok()?.is_truthy() {
        return None;
    }
    let value = Reflect::get(&result, &JsValue::from_str("value")).ok()?;
    Some(value.dyn_into::<Uint8Array>().ok()?.to_vec())
}
