//! `POST /api/files` (curator): a JSONL fine-tuning file, sent to the provider the way its
//! fine-tuning dialect uploads (`tallas_core::fine_tuning::Upload`). Mistral's and OpenAI's shape:
//! streamed through to `/v1/files` as `multipart/form-data` with `purpose=fine-tune`, never held
//! whole; Together's: read whole (within the limit) because its SDK names the file's SHA-256
//! before the bytes, then sent in its three steps. Either way the body is checked as it comes:
//! each chunk is counted against `MAX_FILE_BODY_BYTES` (default 10 MB → `413`) and its lines are
//! checked as JSON training examples (`tallas_core::fine_tuning::JsonlCheck` → `400`) on the way.
//! The first chunks (up to [`READ_AHEAD_BYTES`]) are read and checked before the upstream call, so
//! a small file that is not JSONL never reaches Mistral; a problem found later aborts the upload.
//!
//! The request body is the file itself (any content type); `?filename=name.jsonl` names it, and
//! `&provider=name` sends it to that provider of `UPSTREAMS` instead (one whose entry names a
//! `fine_tuning` dialect). The answer is `201` with the stored file's id, to name in
//! `POST /api/fine-tunes`: a provider's as `provider:id`.

use std::cell::RefCell;
use std::rc::Rc;

use futures_util::{StreamExt, stream};
use sha2::{Digest, Sha256};
use tallas_core::api::{ApiError, ErrorCode, UploadedFile, ValidationError, issued_id};
use tallas_core::fine_tuning::{self, JsonlCheck, Multipart, Upload, together};
use tallas_core::providers::qualify;
use wasm_bindgen::JsValue;
use worker::{ByteStream, FixedLengthStream, Method, Request, Response, ResponseBody, Result};

use crate::body;
use crate::config::Config;
use crate::outcome::Outcome;
use crate::route::{Route, RouteContext};
use crate::upstream::{self, Call, CallError, Retry, Target, UPSTREAM};

/// Read and checked before the upstream call is made.
const READ_AHEAD_BYTES: usize = 256 * 1024;
/// An oversized or invalid body is still read to its end, up to this many bytes, before the
/// error goes out (as in `body.rs`: answering mid-upload breaks the connection under wrangler dev).
const DRAIN_LIMIT_BYTES: usize = 16 * 1024 * 1024;

pub async fn post(mut req: Request, ctx: RouteContext) -> Result<Response> {
    ctx.send(201, upload(&mut req, &ctx).await)
}

async fn upload(req: &mut Request, ctx: &RouteContext) -> Outcome<UploadedFile> {
    let config = &ctx.data;
    let (filename, provider) = query(req)?;
    let limit = ctx.route.body.bytes(config);
    let declared = req.headers().get("content-length").ok().flatten().and_then(|v| v.trim().parse::<u64>().ok());
    if let Some(length) = declared {
        if length > limit as u64 {
            return Err(too_large(ctx.route, limit).into());
        }
        if length == 0 {
            return Err(empty().into());
        }
    }
    let target = Target::of(config, provider.as_deref())?;
    let dialect = target.fine_tuning()?;
    let body = req.stream().map_err(|_| empty())?;
    let mut check = Checked { body, total: 0, limit, route: ctx.route, jsonl: JsonlCheck::default(), ended: false };
    let stored = match dialect.upload() {
        Upload::Multipart => streamed(config, target, check, &filename, declared).await?,
        Upload::Presigned => {
            let mut file = Vec::new();
            while let Some(chunk) = check.next_chunk().await? {
                file.extend_from_slice(&chunk);
            }
            presigned(config, target, file, &filename).await?
        }
    };
    let id = issued_id("id", target.provider_name(), &stored.id).map_err(|e| {
        target.named(ApiError::new(
            ErrorCode::UpstreamError,
            format!("{UPSTREAM} stored the file under an id the worker cannot pass on ({}); report it", e.message),
        ))
    })?;
    Ok(UploadedFile { id: qualify(target.provider_name(), &id), ..stored })
}

/// Mistral's and OpenAI's upload: the file streamed through inside one multipart body.
async fn streamed(
    config: &Config,
    target: Target<'_>,
    mut check: Checked,
    filename: &str,
    declared: Option<u64>,
) -> std::result::Result<UploadedFile, ApiError> {
    // Read ahead: a small file is checked whole before anything goes upstream.
    let mut ahead: Vec<Vec<u8>> = Vec::new();
    let mut ahead_bytes = 0;
    while ahead_bytes < READ_AHEAD_BYTES {
        match check.next_chunk().await? {
            Some(chunk) => {
                ahead_bytes += chunk.len();
                ahead.push(chunk);
            }
            None => break,
        }
    }

    let multipart = Multipart::new(random_u128());
    let failed: Rc<RefCell<Option<ApiError>>> = Rc::default();
    let rest = stream::unfold((check, failed.clone()), |(mut check, failed)| async move {
        match check.next_chunk().await {
            Ok(Some(chunk)) => Some((Ok(chunk), (check, failed))),
            Ok(None) => None,
            Err(error) => {
                let message = error.message.clone();
                *failed.borrow_mut() = Some(error);
                // An error ends the upload: the upstream sees a broken body, never a short file.
                Some((Err(worker::Error::RustError(message)), (check, failed)))
            }
        }
    });
    let (head, tail) = (multipart.head(filename).into_bytes(), multipart.tail().into_bytes());
    let framing = (head.len() + tail.len()) as u64;
    let parts = stream::iter([head])
        .chain(stream::iter(ahead))
        .map(Ok::<Vec<u8>, worker::Error>)
        .chain(rest)
        .chain(stream::iter([Ok(tail)]));
    // A file whose size the client said is sent with the whole body's Content-Length (a
    // fixed-length stream), as an upstream may require; otherwise chunked.
    let body = match declared {
        Some(file) => {
            let fixed: worker::worker_sys::FixedLengthStream = FixedLengthStream::wrap(parts, framing + file).into();
            JsValue::from(fixed.readable())
        }
        None => js_stream(parts)?,
    };
    let call = Call {
        method: Method::Post,
        path: "/v1/files".to_owned(),
        content_type: Some(multipart.content_type()),
        body: Some(body),
        retry: Retry::Never,
        redirect_is_answer: false,
    };
    let answer = upstream::send_to(config, target, &call).await;
    // Our own refusal explains a broken upload better than the network error it caused.
    if let Some(error) = failed.borrow_mut().take() {
        return Err(error);
    }
    stored(target, &answer.map_err(|f| target.named(f.into_client_error()))?)
}

/// Together's upload, as its SDK does it: the file's name and SHA-256 asked for a place, the bytes
/// put there (without the provider's key), then the stored file checked by the provider. The
/// digest comes before the bytes, so the file (within the route's limit) is read whole first.
async fn presigned(
    config: &Config,
    target: Target<'_>,
    file: Vec<u8>,
    filename: &str,
) -> std::result::Result<UploadedFile, ApiError> {
    let digest: String = Sha256::digest(&file).iter().map(|b| format!("{b:02x}")).collect();
    let multipart = Multipart::new(random_u128());
    let ask = Call {
        method: Method::Post,
        path: "/v1/files".to_owned(),
        content_type: Some(multipart.content_type()),
        body: Some(JsValue::from_str(&multipart.fields(&together::upload_fields(filename, &digest)))),
        retry: Retry::RateLimitOnly,
        redirect_is_answer: true,
    };
    let named = |f: CallError| target.named(f.into_client_error());
    let (place, headers) = upstream::send_for_redirect(config, target, &ask).await.map_err(named)?;
    let given = headers.get("x-together-file-id").ok().flatten().unwrap_or_default();
    let id = issued_id("id", target.provider_name(), &given).map_err(|e| {
        target.named(ApiError::new(
            ErrorCode::UpstreamError,
            format!("{UPSTREAM} gave the upload no usable file id ({}); try again later", e.message),
        ))
    })?;
    let put = Call {
        method: Method::Put,
        path: String::new(),
        content_type: None,
        body: Some(js_sys::Uint8Array::from(file.as_slice()).into()),
        retry: Retry::Policy,
        redirect_is_answer: false,
    };
    upstream::send_to(config, target.elsewhere(&place), &put).await.map_err(named)?;
    let checked = Call::post_json(together::preprocess_path(&id), None);
    stored(target, &upstream::send_to(config, target, &checked).await.map_err(named)?)
}

fn stored(target: Target<'_>, body: &str) -> std::result::Result<UploadedFile, ApiError> {
    serde_json::from_str(body).map_err(|e| {
        target.named(ApiError::new(
            ErrorCode::UpstreamError,
            format!("{UPSTREAM} answered the upload with JSON of an unexpected shape ({e}); try again later"),
        ))
    })
}

/// The request body, counted and checked chunk by chunk.
struct Checked {
    body: ByteStream,
    total: usize,
    limit: usize,
    route: &'static Route,
    jsonl: JsonlCheck,
    ended: bool,
}

impl Checked {
    /// The next chunk once it passed the checks; `None` at the end of a valid file.
    async fn next_chunk(&mut self) -> std::result::Result<Option<Vec<u8>>, ApiError> {
        if self.ended {
            return Ok(None);
        }
        let chunk = match self.body.next().await {
            None => {
                self.ended = true;
                self.jsonl.finish().map_err(|e| invalid(&e))?;
                return Ok(None);
            }
            Some(Err(e)) => {
                self.ended = true;
                return Err(ApiError::new(ErrorCode::BadRequest, format!("the request body could not be read: {e}")));
            }
            Some(Ok(chunk)) => chunk,
        };
        self.total = self.total.saturating_add(chunk.len());
        let problem = if self.total > self.limit {
            Some(too_large(self.route, self.limit))
        } else {
            self.jsonl.feed(&chunk).err().map(|e| invalid(&e))
        };
        match problem {
            None => Ok(Some(chunk)),
            Some(error) => {
                self.ended = true;
                self.drain().await;
                Err(error)
            }
        }
    }

    async fn drain(&mut self) {
        while self.total <= DRAIN_LIMIT_BYTES {
            match self.body.next().await {
                Some(Ok(chunk)) => self.total = self.total.saturating_add(chunk.len()),
                _ => break,
            }
        }
    }
}

/// The file's name and the provider it goes to (`None`: Mistral).
fn query(req: &Request) -> std::result::Result<(String, Option<String>), ApiError> {
    let url = req.url().map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("the URL is not valid: {e}")))?;
    let (mut name, mut provider) = (None, None);
    for (key, value) in url.query_pairs() {
        match key.as_ref() {
            "filename" => name = Some(value.into_owned()),
            "provider" => provider = Some(value.trim().to_owned()).filter(|p| !p.is_empty()),
            other => {
                let other: String = other.chars().take(60).collect();
                return Err(ValidationError::new(
                    "query",
                    format!("has the unknown parameter {other:?}; use filename and provider"),
                )
                .into());
            }
        }
    }
    Ok((fine_tuning::filename(name.as_deref())?, provider))
}

/// A stream of byte chunks as a JS `ReadableStream`, to send as a fetch body without buffering.
fn js_stream<S>(chunks: S) -> std::result::Result<JsValue, ApiError>
where
    S: futures_util::Stream<Item = Result<Vec<u8>>> + 'static,
{
    let internal = |e: worker::Error| ApiError::new(ErrorCode::Internal, format!("could not stream the upload: {e}"));
    match Response::from_stream(chunks).map_err(internal)?.into_parts().1 {
        ResponseBody::Stream(stream) => Ok(stream.into()),
        _ => Err(ApiError::new(ErrorCode::Internal, "could not stream the upload")),
    }
}

/// A multipart boundary needs to be unlikely, not secret (see `fine_tuning::Multipart`).
fn random_u128() -> u128 {
    let part = || (js_sys::Math::random() * 9_007_199_254_740_992.0) as u128;
    (part() << 64) | part()
}

fn too_large(route: &Route, limit: usize) -> ApiError {
    body::too_large(route.label, limit, route.body.advice())
}

fn empty() -> ApiError {
    ApiError::new(ErrorCode::BadRequest, "the request body is empty; send the JSONL file as the body")
}

fn invalid(problem: &str) -> ApiError {
    ApiError::new(ErrorCode::BadRequest, format!("the file is not a JSONL training file: {problem}"))
}
