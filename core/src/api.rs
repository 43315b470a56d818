//! Wire types of the Tallas HTTP API, shared by the worker (which serves them) and the app
//! (which calls them), so the two cannot drift apart.

use std::fmt;

use serde::{Deserialize, Serialize};

// The curator's endpoints, one file each as the worker has one module each: the LLM tasks, the
// upstreams' models, fine-tuning (files and jobs). Re-exported here.
mod fine_tunes;
mod models;
mod routed;
mod tasks;
pub use fine_tunes::*;
pub use models::*;
pub use routed::*;
pub use tasks::*;

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// The worker's crate version.
    pub version: String,
    /// Whether `MISTRAL_API_KEY` is set. The key itself never leaves the worker.
    pub key_configured: bool,
    /// Whether `CURATOR_TOKEN` is set (and long enough), so the curator endpoints can be used.
    #[serde(default)]
    pub curator_token_configured: bool,
    /// The chat-completions server the worker talks to (Mistral, or any compatible server).
    pub upstream_base_url: String,
    /// The model each task uses unless the request names another.
    pub models: ConfiguredModels,
}

/// The default model of each task, from the worker's vars.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfiguredModels {
    pub generate: String,
    #[serde(default)]
    pub extract: String,
    #[serde(default)]
    pub refine: String,
    #[serde(default)]
    pub keywords: String,
    #[serde(default)]
    pub graph: String,
    #[serde(default)]
    pub rewrite: String,
    #[serde(default)]
    pub judge: String,
}

/// `POST /api/generate`: a keyword in, a joke out. Clients never send prompts; the worker builds
/// them from [`crate::prompts`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenerateRequest {
    pub keyword: String,
    /// A model id as `/v1/models` lists it; the worker's default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Pass the upstream's server-sent events through as they arrive (`text/event-stream`)
    /// instead of answering one JSON object at the end.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stream: bool,
}

/// Longest keyword accepted, in characters. A keyword is a word or a short phrase.
pub const MAX_KEYWORD_CHARS: usize = 60;
/// Longest model id accepted, in characters.
pub const MAX_MODEL_CHARS: usize = 120;

impl GenerateRequest {
    /// Checks the request before any upstream call and returns it with the keyword trimmed.
    pub fn validate(self) -> Result<Self, ValidationError> {
        let keyword = self.keyword.trim().to_owned();
        if keyword.is_empty() {
            return Err(ValidationError::new("keyword", "is empty; type a word or a short phrase"));
        }
        let chars = keyword.chars().count();
        if chars > MAX_KEYWORD_CHARS {
            return Err(ValidationError::new(
                "keyword",
                format!("has {chars} characters; the limit is {MAX_KEYWORD_CHARS}"),
            ));
        }
        if keyword.chars().any(char::is_control) {
            return Err(ValidationError::new("keyword", "contains control characters such as line breaks"));
        }
        let model = match self.model.map(|m| m.trim().to_owned()) {
            None => None,
            Some(m) if m.is_empty() => None,
            Some(m) => Some(validate_model_id(m)?),
        };
        Ok(Self { keyword, model, stream: self.stream })
    }
}

/// A model id as `/v1/models` lists it: at most [`MAX_MODEL_CHARS`] of letters, digits and `- _ . : /`.
pub fn validate_model_id(model: String) -> Result<String, ValidationError> {
    let chars = model.chars().count();
    if chars > MAX_MODEL_CHARS {
        return Err(ValidationError::new("model", format!("has {chars} characters; the limit is {MAX_MODEL_CHARS}")));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/');
    if let Some(bad) = model.chars().find(|&c| !allowed(c)) {
        return Err(ValidationError::new(
            "model",
            format!("contains {bad:?}; model ids use letters, digits and - _ . : / only"),
        ));
    }
    Ok(model)
}

/// The answer of `POST /api/generate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GenerateResponse {
    pub joke: String,
    /// The model that actually answered, as the upstream reports it.
    pub model: String,
    /// The version of the prompt template the worker used, stored with every result.
    pub prompt_version: String,
    pub usage: TokenUsage,
}

/// Tokens an upstream call consumed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenUsage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
}

/// A request field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{field}` {message}")]
pub struct ValidationError {
    pub field: &'static str,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self { field, message: message.into() }
    }
}

/// Every error the API returns has this body: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ApiError,
}

/// A machine-readable code plus a sentence a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message} ({code})")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    pub fn status(&self) -> u16 {
        self.code.status()
    }

    pub fn into_body(self) -> ErrorBody {
        ErrorBody { error: self }
    }
}

impl From<ValidationError> for ApiError {
    fn from(e: ValidationError) -> Self {
        ApiError::new(ErrorCode::BadRequest, e.to_string())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not the JSON the route expects, or a field is out of range.
    BadRequest,
    /// The body is larger than the route accepts.
    PayloadTooLarge,
    NotFound,
    MethodNotAllowed,
    /// The worker has no Mistral key (or no other setting the route needs).
    NotConfigured,
    /// The upstream answered with an error, or with something that is not a usable answer.
    UpstreamError,
    /// The model answered, but its reply stayed invalid for the task after a corrective retry
    /// (for the judge: no verdict, which an evaluation counts as unparseable, not as a failure).
    InvalidReply,
    /// The upstream kept answering 429 after every retry.
    UpstreamRateLimited,
    /// The upstream did not answer in time.
    UpstreamTimeout,
    /// A fault inside the worker (storage, a bug); the message says what failed.
    Internal,
    /// Missing or wrong credentials (curator token, ballot admin token).
    Unauthorized,
    /// The request is understood but refused (e.g. a CORS preflight from an origin not allowed).
    Forbidden,
    /// The resource existed but is no longer available (e.g. a closed ballot).
    Gone,
    /// This client sent too many requests in the current window; `Retry-After` says when to retry.
    RateLimited,
    /// The public playground used up today's token budget; it resets at 00:00 UTC.
    BudgetExhausted,
    /// The request contradicts the state of what it names (e.g. starting a fine-tuning job that
    /// already runs).
    Conflict,
    /// The model named is not one its upstream serves (any more): an id mistyped, or a tuned model
    /// its provider deleted or stopped serving.
    ModelNotServed,
}

impl ErrorCode {
    pub fn status(self) -> u16 {
        match self {
            ErrorCode::BadRequest | ErrorCode::ModelNotServed => 400,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::Gone => 410,
            ErrorCode::RateLimited | ErrorCode::BudgetExhausted => 429,
            ErrorCode::NotFound => 404,
            ErrorCode::Conflict => 409,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::PayloadTooLarge => 413,
            ErrorCode::Internal => 500,
            ErrorCode::UpstreamError | ErrorCode::UpstreamRateLimited | ErrorCode::InvalidReply => 502,
            ErrorCode::NotConfigured => 503,
            ErrorCode::UpstreamTimeout => 504,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The wire name, so logs and messages match what clients see.
        let name = serde_json::to_value(self).ok();
        let name = name.as_ref().and_then(|v| v.as_str()).unwrap_or("unknown");
        f.write_str(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn request(keyword: &str, model: Option<&str>) -> GenerateRequest {
        GenerateRequest { keyword: keyword.into(), model: model.map(Into::into), stream: false }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn keyword_is_trimmed_and_blank_model_means_default() {
        let ok = request("  completo  ", Some("  ")).validate().unwrap();
        assert_eq!(ok, request("completo", None));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn rejects_what_a_user_can_fix() {
        let cases = [
            (request("   ", None), "`keyword` is empty; type a word or a short phrase"),
            (request(&"a".repeat(61), None), "`keyword` has 61 characters; the limit is 60"),
            (request("hola\nchao", None), "`keyword` contains control characters such as line breaks"),
            (
                request("once", Some("mistral small")),
                "`model` contains ' '; model ids use letters, digits and - _ . : / only",
            ),
        ];
        for (req, expected) in cases {
            assert_eq!(req.validate().unwrap_err().to_string(), expected);
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn counts_characters_not_bytes() {
        // 60 "ñ" are 120 bytes but a keyword a person can type.
        assert!(request(&"ñ".repeat(60), None).validate().is_ok());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_fields_are_refused() {
        let err = serde_json::from_str::<GenerateRequest>(r#"{"keyword":"a","prompt":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `prompt`"), "{err}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn error_body_has_the_documented_shape() {
        let body = ApiError::new(ErrorCode::NotConfigured, "no key").into_body();
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            serde_json::json!({"error": {"code": "not_configured", "message": "no key"}})
        );
        assert_eq!(ErrorCode::UpstreamTimeout.to_string(), "upstream_timeout");
        assert_eq!(ErrorCode::Forbidden.to_string(), "forbidden");
        assert_eq!(ErrorCode::Forbidden.status(), 403);
    }
}
