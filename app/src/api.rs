//! The client of the Tallas worker, served on the same origin under `/api`.
//!
//! Every failure becomes a [`ClientError`] whose message tells the person what to do next, in their
//! language: each code of the worker's `{"error": {"code", "message"}}` bodies has its words, with the
//! worker's message as detail.

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tallas_core::api::{
    ApiError, CreateFineTune, ErrorBody, ErrorCode, FineTuneEstimate, FineTuneJob, GenerateRequest, GenerateResponse,
    Health, Tuning, UploadedFile,
};
use tallas_core::ballot::{BallotClosed, BallotResults, CreateBallotRequest, CreateBallotResponse};
use tallas_core::play::arena::ArenaVotes;
use tallas_core::play::{PlayConfig, PlayModel};
use wasm_bindgen::JsValue;

/// Why a call to the worker failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// The worker answered with a documented API error; its message says what to fix, worded in
    /// the reader's language where the code has words.
    #[error("{}", worded(.0))]
    Api(ApiError),
    /// Nothing answered on `/api`: the request never got a response, or a proxy in front of
    /// the worker (Trunk's in development) answered for it.
    #[error("{}", crate::i18n::t().API_WORKER_DOWN)]
    WorkerDown,
    /// An error body with a code this build does not know yet (a newer worker): the message
    /// is still worth showing, as detail.
    #[error("{}", crate::i18n::fill(crate::i18n::t().API_UNKNOWN, &[status, message]))]
    UnknownApi { status: u16, message: String },
    #[error("{}", crate::i18n::fill(crate::i18n::t().API_UNEXPECTED_STATUS, &[status]))]
    UnexpectedStatus { status: u16 },
    #[error("{}", crate::i18n::fill(crate::i18n::t().API_BAD_RESPONSE, &[.0]))]
    BadResponse(String),
    #[error("{}", crate::i18n::fill(crate::i18n::t().API_REQUEST, &[.0]))]
    Request(String),
}

/// An API error as the reader reads it: the words for its code, with the worker's message as
/// detail.
fn worded(error: &ApiError) -> String {
    let w = crate::i18n::t();
    let words = match error.code {
        // Says all there is: where the token is and where to paste it.
        ErrorCode::Unauthorized => return w.API_UNAUTHORIZED.to_owned(),
        ErrorCode::ModelNotServed => w.API_MODEL_NOT_SERVED,
        ErrorCode::BadRequest => w.API_BAD_REQUEST,
        ErrorCode::PayloadTooLarge => w.API_PAYLOAD_TOO_LARGE,
        ErrorCode::NotFound => w.API_NOT_FOUND,
        ErrorCode::MethodNotAllowed => w.API_METHOD_NOT_ALLOWED,
        ErrorCode::NotConfigured => w.API_NOT_CONFIGURED,
        ErrorCode::UpstreamError => w.API_UPSTREAM_ERROR,
        ErrorCode::InvalidReply => w.API_INVALID_REPLY,
        ErrorCode::UpstreamRateLimited => w.API_UPSTREAM_RATE_LIMITED,
        ErrorCode::UpstreamTimeout => w.API_UPSTREAM_TIMEOUT,
        ErrorCode::Internal => w.API_INTERNAL,
        ErrorCode::Forbidden => w.API_FORBIDDEN,
        ErrorCode::Gone => w.API_GONE,
        ErrorCode::RateLimited => w.API_RATE_LIMITED,
        ErrorCode::BudgetExhausted => w.API_BUDGET_EXHAUSTED,
        ErrorCode::Conflict => w.API_CONFLICT,
    };
    crate::i18n::fill(words, &[&error.message])
}

impl ClientError {
    /// The API's error code, when the worker sent one.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ClientError::Api(error) => Some(error.code),
            _ => None,
        }
    }
}

/// `GET /api/health`.
pub async fn health() -> Result<Health, ClientError> {
    let response = Request::get("/api/health").send().await.map_err(|_| ClientError::WorkerDown)?;
    read(response).await
}

/// Where the app finds the curator token it sends to curator endpoints (`/api/generate`, …).
pub const CURATOR_TOKEN_KEY: &str = "tallas.curator_token";

/// The curator token from `localStorage`, if one was saved there. Only the page has
/// `localStorage`: it hands the token to the background worker with each command.
pub fn curator_token() -> Option<String> {
    let token = crate::local_storage::read(CURATOR_TOKEN_KEY)?;
    let token = token.trim();
    (!token.is_empty()).then(|| token.to_owned())
}

/// Saves the curator token in `localStorage`, where [`curator_token`] finds it; an empty token
/// removes it. It never goes into a URL.
pub fn save_curator_token(token: &str) -> Result<(), ClientError> {
    let unavailable = || ClientError::Request(crate::i18n::t().BROWSER_NO_STORAGE.into());
    let token = token.trim();
    let saved = if token.is_empty() {
        crate::local_storage::forget(CURATOR_TOKEN_KEY)
    } else {
        crate::local_storage::write(CURATOR_TOKEN_KEY, token)
    };
    saved.then_some(()).ok_or_else(unavailable)
}

/// `POST /api/generate` (a curator endpoint: sends the token from [`CURATOR_TOKEN_KEY`] when
/// there is one). Callers validate the request first (`GenerateRequest::validate`), so that a
/// person sees a mistake they can fix without a round trip.
pub async fn generate(request: &GenerateRequest) -> Result<GenerateResponse, ClientError> {
    post_curator("/api/generate", request, curator_token().as_deref()).await
}

/// `POST /api/ballots` (curator): the new ballot's id, its admin token (shown once) and its link.
pub async fn create_ballot(request: &CreateBallotRequest) -> Result<CreateBallotResponse, ClientError> {
    post_curator("/api/ballots", request, curator_token().as_deref()).await
}

/// `GET /api/ballots/:id/results` with the ballot's admin token; with `min_accuracy_percent`,
/// voters below that gold accuracy are left out of the jokes' counts.
pub async fn ballot_results(
    ballot_id: &str,
    admin_token: &str,
    min_accuracy_percent: Option<u8>,
) -> Result<BallotResults, ClientError> {
    // As a share with two decimals, written with integers (no float formatting in the page).
    let query = min_accuracy_percent
        .map(|p| format!("?min_accuracy={}.{:02}", p.min(100) / 100, p.min(100) % 100))
        .unwrap_or_default();
    let request = authorized(Request::get(&format!("/api/ballots/{ballot_id}/results{query}")), Some(admin_token));
    read(request.send().await.map_err(|_| ClientError::WorkerDown)?).await
}

/// `POST /api/ballots/:id/close` with the ballot's admin token.
pub async fn close_ballot(ballot_id: &str, admin_token: &str) -> Result<BallotClosed, ClientError> {
    let request = authorized(Request::post(&format!("/api/ballots/{ballot_id}/close")), Some(admin_token));
    read(request.send().await.map_err(|_| ClientError::WorkerDown)?).await
}

/// What the app reads of a `GET /api/models` entry (`tallas_core::api::ModelInfo`): only what it
/// offers, so the page carries a deserializer for two fields, not for the whole card.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct ModelChoice {
    pub id: String,
    capabilities: Capabilities,
    /// The provider of the worker's `UPSTREAMS` serving it; `None` for Mistral's.
    #[serde(default)]
    pub provider: Option<String>,
    /// How it is tuned, for a base model that can be.
    #[serde(default)]
    pub tuning: Option<Tuning>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
struct Capabilities {
    completion: bool,
    #[serde(default)]
    fine_tuning: bool,
}

/// `GET /api/models` (curator): the models the upstream serves today; the app offers only those
/// that can chat (the task endpoints' `model`).
pub async fn models() -> Result<Vec<ModelChoice>, ClientError> {
    let models: Vec<ModelChoice> = decode(get_curator("/api/models").await?)?;
    Ok(models.into_iter().filter(|m| m.capabilities.completion).collect())
}

/// `GET /api/models`, the models that can be fine-tuned: Mistral's that say so (none today: its
/// fine-tuning API is deprecated), and the bases each tuning provider's `UPSTREAMS` entry lists.
pub async fn fine_tunable() -> Result<Vec<ModelChoice>, ClientError> {
    let models: Vec<ModelChoice> = decode(get_curator("/api/models").await?)?;
    Ok(models.into_iter().filter(|m| m.capabilities.fine_tuning).collect())
}

/// `POST /api/files?filename=…` (curator): a JSONL file, stored for fine-tuning by `provider`
/// (`None`: Mistral), whose models' jobs can then name it.
pub async fn upload_file(filename: &str, text: &str, provider: Option<&str>) -> Result<UploadedFile, ClientError> {
    let mut path = format!("/api/files?filename={}", js_sys::encode_uri_component(filename));
    if let Some(name) = provider {
        path.push_str(&format!("&provider={}", js_sys::encode_uri_component(name)));
    }
    let request = authorized(Request::post(&path), curator_token().as_deref())
        .header("content-type", "application/jsonl")
        .body(text.to_owned());
    decode(send_curator(request).await?)
}

/// `POST /api/fine-tunes` with `dry_run`: what the job would cost; nothing is created.
pub async fn estimate_fine_tune(request: &CreateFineTune) -> Result<FineTuneEstimate, ClientError> {
    let request = CreateFineTune { dry_run: true, ..request.clone() };
    post_curator("/api/fine-tunes", &request, curator_token().as_deref()).await
}

/// `POST /api/fine-tunes`: the job, created as `request.auto_start` says (held for Mistral's,
/// started where creating is starting).
pub async fn create_fine_tune(request: &CreateFineTune) -> Result<FineTuneJob, ClientError> {
    let request = CreateFineTune { dry_run: false, ..request.clone() };
    post_curator("/api/fine-tunes", &request, curator_token().as_deref()).await
}

/// `GET /api/fine-tunes/:id`: the job with its events and checkpoints.
pub async fn fine_tune(id: &str) -> Result<FineTuneJob, ClientError> {
    decode(get_curator(&format!("/api/fine-tunes/{}", js_sys::encode_uri_component(id))).await?)
}

/// `POST /api/fine-tunes/:id/start` or `…/cancel`.
pub async fn steer_fine_tune(id: &str, start: bool) -> Result<FineTuneJob, ClientError> {
    let action = if start { "start" } else { "cancel" };
    let path = format!("/api/fine-tunes/{}/{action}", js_sys::encode_uri_component(id));
    post_curator(&path, &serde_json::Map::new(), curator_token().as_deref()).await
}

/// The public playground's settings as the curator's form holds them: each model's id and public
/// name (empty: shown by its id), and the answer length. Walked from the JSON rather than
/// deserialized into core's `PlayConfig`, whose untagged `PlayModel` would bring a buffering
/// deserializer into the page (size ledger, docs/BENCHMARKS.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaySettings {
    pub models: Vec<(String, String)>,
    pub max_output_tokens: u32,
    /// Keywords suggested to players.
    pub suggestions: Vec<String>,
}

impl PlaySettings {
    /// The settings in `value`, a `PlayConfig` as the worker writes it.
    fn read(value: &JsValue) -> Option<Self> {
        use crate::js::field;
        let models = field(value, &["models"]);
        if !js_sys::Array::is_array(&models) {
            return None;
        }
        let models = js_sys::Array::from(&models)
            .iter()
            .map(|model| match model.as_string() {
                Some(id) => Some((id, String::new())),
                None => Some((field(&model, &["id"]).as_string()?, field(&model, &["name"]).as_string()?)),
            })
            .collect::<Option<Vec<_>>>()?;
        let max_output_tokens = field(value, &["max_output_tokens"]).as_f64()? as u32;
        // Absent when there are none (`Array.from` would throw on `undefined`).
        let listed = field(value, &["suggestions"]);
        let suggestions = match js_sys::Array::is_array(&listed) {
            true => js_sys::Array::from(&listed).iter().filter_map(|s| s.as_string()).collect(),
            false => Vec::new(),
        };
        Some(Self { models, max_output_tokens, suggestions })
    }

    /// As `PUT /api/play/config` takes them: a model without a name by its id alone.
    fn to_config(&self) -> PlayConfig {
        let models = self
            .models
            .iter()
            .map(|(id, name)| match name.trim().is_empty() {
                true => PlayModel::Id(id.clone()),
                false => PlayModel::Named { id: id.clone(), name: name.clone() },
            })
            .collect();
        PlayConfig { models, max_output_tokens: self.max_output_tokens, suggestions: self.suggestions.clone() }
    }
}

/// `GET /api/play/config` with the curator token: the public playground's settings as stored.
/// Without a token the route answers its public shape, which is not these settings: that is said
/// as the missing token it is, not as a worker of another version.
pub async fn play_settings() -> Result<PlaySettings, ClientError> {
    if curator_token().is_none() {
        return Err(ClientError::Api(ApiError::new(ErrorCode::Unauthorized, "no curator token in this browser")));
    }
    settings_of(get_curator("/api/play/config").await?)
}

/// `GET /api/play/config` as the public reads it: how many models players can use on `/play`.
pub async fn published_models() -> Result<usize, ClientError> {
    let response = Request::get("/api/play/config").send().await.map_err(|_| ClientError::WorkerDown)?;
    let models = crate::js::field(&read_value(response).await?, &["models"]);
    match js_sys::Array::is_array(&models) {
        true => Ok(js_sys::Array::from(&models).length() as usize),
        false => Err(ClientError::BadResponse("the playground's public settings list no models".into())),
    }
}

/// `PUT /api/play/config` (curator): publishes the playground's models; answers them as stored.
pub async fn publish_play(settings: &PlaySettings) -> Result<PlaySettings, ClientError> {
    let request = authorized(Request::put("/api/play/config"), curator_token().as_deref())
        .header("content-type", "application/json")
        .body(to_json(&settings.to_config())?);
    settings_of(send_curator(request).await?)
}

fn settings_of(value: JsValue) -> Result<PlaySettings, ClientError> {
    PlaySettings::read(&value)
        .ok_or_else(|| ClientError::BadResponse("the playground's settings are not a PlayConfig".into()))
}

/// `GET /api/play/arena/votes` (curator): the arena's votes, counted, and the models' public names.
pub async fn arena_votes() -> Result<ArenaVotes, ClientError> {
    decode(get_curator("/api/play/arena/votes").await?)
}

/// `GET /api/play/arena/preferences` (curator): the arena's votes with the jokes they compared, as
/// the worker answers them (read by the background worker that builds the training kit).
pub async fn arena_preferences() -> Result<JsValue, ClientError> {
    get_curator("/api/play/arena/preferences").await
}

/// `POST` to a curator endpoint with `token` as the bearer (none: the worker answers 401 with a
/// message that says to set it).
pub async fn post_curator<B: Serialize, T: DeserializeOwned>(
    path: &str,
    body: &B,
    token: Option<&str>,
) -> Result<T, ClientError> {
    let request =
        authorized(Request::post(path), token).header("content-type", "application/json").body(to_json(body)?);
    decode(send_curator(request).await?)
}

/// `GET path` with the curator token: the answer's JSON, or the error it is.
async fn get_curator(path: &str) -> Result<JsValue, ClientError> {
    send_curator(authorized(Request::get(path), curator_token().as_deref()).build()).await
}

/// Sends a curator call: the answer's JSON, or the error it is. A refusal of the token makes the
/// header ask for one (`access`).
async fn send_curator(request: Result<Request, gloo_net::Error>) -> Result<JsValue, ClientError> {
    let request = request.map_err(|error| ClientError::Request(error.to_string()))?;
    let response = request.send().await.map_err(|_| ClientError::WorkerDown)?;
    let value = read_value(response).await;
    if matches!(&value, Err(error) if error.code() == Some(ErrorCode::Unauthorized)) {
        crate::access::refused();
    }
    value
}

/// The request with the curator token as its bearer, when there is one.
fn authorized(builder: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    match token {
        Some(token) => builder.header("authorization", &format!("Bearer {token}")),
        None => builder,
    }
}

// JSON through `crate::js` (the browser's own `JSON` and serde-wasm-bindgen), as everywhere in the app.

fn to_json(body: &impl Serialize) -> Result<String, ClientError> {
    crate::js::to_json(body).map_err(ClientError::Request)
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, ClientError> {
    decode(read_value(response).await?)
}

fn decode<T: DeserializeOwned>(value: JsValue) -> Result<T, ClientError> {
    crate::js::from_js(value).map_err(ClientError::BadResponse)
}

/// A success's body as a JSON value, or the error it is.
async fn read_value(response: Response) -> Result<JsValue, ClientError> {
    use crate::js::{field, from_js, parse_json};
    let status = response.status();
    // A body that cannot be read means the connection broke mid-answer.
    let body = response.text().await.map_err(|_| ClientError::WorkerDown)?;
    let parsed = parse_json(&body).ok();
    if response.ok() {
        return parsed.ok_or_else(|| ClientError::BadResponse("the body is not JSON".into()));
    }
    let api = parsed.as_ref().and_then(|v| from_js::<ErrorBody>(v.clone()).ok());
    let message = parsed.and_then(|v| field(&v, &["error", "message"]).as_string());
    Err(error_from(status, api.map(|body| body.error), message))
}

/// Classifies a non-2xx answer from what its body held: the API's error, or at least an
/// `error.message` (a newer worker's code).
fn error_from(status: u16, api: Option<ApiError>, message: Option<String>) -> ClientError {
    if let Some(error) = api {
        return ClientError::Api(error);
    }
    match message {
        Some(message) => ClientError::UnknownApi { status, message },
        // Bad gateway or gateway timeout without the API's body: a proxy answered, not the worker.
        None if matches!(status, 502 | 504) => ClientError::WorkerDown,
        None => ClientError::UnexpectedStatus { status },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_errors_are_worded_with_the_workers_message_as_detail() {
        let api = ApiError::new(ErrorCode::NotConfigured, "set MISTRAL_API_KEY");
        let error = error_from(503, Some(api), Some("set MISTRAL_API_KEY".into()));
        assert_eq!(error.code(), Some(ErrorCode::NotConfigured));
        // Worded in the reader's language, the worker's message as detail.
        assert!(error.to_string().starts_with("Al worker le falta un ajuste"), "{error}");
        assert!(error.to_string().ends_with("(Detalle: set MISTRAL_API_KEY)"), "{error}");
    }

    #[test]
    fn a_proxy_error_page_means_the_worker_is_down() {
        // An HTML page or an empty body: no API error, no message.
        assert_eq!(error_from(502, None, None), ClientError::WorkerDown);
        assert_eq!(error_from(504, None, None), ClientError::WorkerDown);
        assert_eq!(error_from(500, None, None), ClientError::UnexpectedStatus { status: 500 });
        // A code from a newer worker (not an `ApiError` here) still shows its message.
        assert_eq!(
            error_from(400, None, Some("m".into())),
            ClientError::UnknownApi { status: 400, message: "m".into() }
        );
    }
}
