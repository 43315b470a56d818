//! The Mistral client: one call, bounded by the configured timeout, retried by
//! `tallas_core::retry::RetryPolicy`, and turned into an `ApiError` by `tallas_core::upstream`
//! when it finally fails. The key only ever goes into the `Authorization` header.
//!
//! Three shapes of call: [`chat`] (a whole chat completion), [`chat_stream`] (a chat completion
//! whose body is handed over as it arrives) and [`send`] (any other JSON endpoint: models,
//! fine-tuning, file uploads).

use std::pin::pin;
use std::time::Duration;

use futures_util::future::{Either, select};
use tallas_core::api::{ApiError, ErrorCode, TokenUsage};
use tallas_core::fine_tuning::lifecycle::Dialect;
use tallas_core::mistral::{ChatRequest, ChatResponse};
use tallas_core::retry::Attempt;
use tallas_core::upstream::{UpstreamFailure, error_kind, error_summary, refusal};
use wasm_bindgen::JsValue;
use worker::{
    AbortController, AbortSignal, Delay, Fetch, Headers, Method, Request, RequestInit, RequestRedirect, Response, Url,
    console_warn,
};

use crate::clock;
use crate::config::{ApiKey, Config, Provider};
use tallas_core::providers::ProviderConfig;

/// How the upstream is named in error messages.
pub const UPSTREAM: &str = "Mistral";

/// A usable answer.
pub struct Reply {
    pub text: String,
    /// The model that answered, as the upstream reports it.
    pub model: String,
    pub usage: TokenUsage,
}

/// Which failed attempts are worth another one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// 429, 5xx and network errors, as `RetryPolicy` says: for calls that change nothing upstream.
    Policy,
    /// Only 429, which the upstream refused before doing anything: for calls that create or change
    /// something (a 5xx may have done it already, and a second job would cost twice).
    RateLimitOnly,
    /// One attempt: the body can only be sent once (a streamed upload).
    Never,
}

/// One request to the upstream.
pub struct Call {
    pub method: Method,
    /// Path and query under the base URL, e.g. `/v1/models`.
    pub path: String,
    pub content_type: Option<String>,
    /// A string (sent again on a retry) or a `ReadableStream` (with [`Retry::Never`]).
    pub body: Option<JsValue>,
    pub retry: Retry,
    /// A redirect is the answer (read with [`send_for_redirect`]), not followed.
    pub redirect_is_answer: bool,
}

impl Call {
    pub fn get(path: impl Into<String>) -> Self {
        Self {
            method: Method::Get,
            path: path.into(),
            content_type: None,
            body: None,
            retry: Retry::Policy,
            redirect_is_answer: false,
        }
    }

    /// A POST that changes something upstream, so only a 429 is retried.
    pub fn post_json(path: impl Into<String>, body: Option<String>) -> Self {
        Self {
            method: Method::Post,
            path: path.into(),
            content_type: body.is_some().then(|| "application/json".to_owned()),
            body: body.map(|b| JsValue::from_str(&b)),
            retry: Retry::RateLimitOnly,
            redirect_is_answer: false,
        }
    }
}

/// A call that failed for good.
#[derive(Debug)]
pub enum CallError {
    /// The upstream failed, with its own explanation when it gave one (key scrubbed, see
    /// `tallas_core::upstream::error_summary`).
    Upstream { failure: UpstreamFailure, summary: Option<String> },
    /// The call could not be made (the worker's settings, a bug).
    Local(ApiError),
}

impl CallError {
    fn upstream(failure: UpstreamFailure) -> Self {
        CallError::Upstream { failure, summary: None }
    }

    /// For routes whose client cannot fix the upstream's refusals (the LLM tasks): every upstream
    /// failure is a 502/504.
    pub fn into_api_error(self) -> ApiError {
        match self {
            CallError::Upstream { failure, .. } => failure.to_api_error(UPSTREAM),
            CallError::Local(error) => error,
        }
    }

    /// For the curator's fine-tuning routes: a refusal the curator can fix (400/422, 404, 409) is
    /// passed on with the upstream's explanation; the rest is a 502/504.
    pub fn into_client_error(self) -> ApiError {
        if let CallError::Upstream { failure: UpstreamFailure::Status { status, kind, .. }, summary } = &self
            && let Some(error) = refusal(*status, kind.as_deref(), summary.as_deref(), UPSTREAM)
        {
            return error;
        }
        self.into_api_error()
    }
}

/// The key, or `503 not_configured` saying how to set one.
pub fn key(config: &Config) -> Result<&ApiKey, ApiError> {
    config.api_key.as_ref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotConfigured,
            "the worker has no Mistral API key; locally, put MISTRAL_API_KEY=... in proxy-worker/.dev.vars and \
             restart wrangler dev; when deployed, run `wrangler secret put MISTRAL_API_KEY`",
        )
    })
}

/// Where a call goes: Mistral (`base_url` and `key` of the config), or a provider of `UPSTREAMS`
/// (`tallas_core::providers`), which may have no key (a local server).
#[derive(Clone, Copy)]
pub struct Target<'a> {
    /// The provider's entry; `None` for Mistral.
    spec: Option<&'a ProviderConfig>,
    base_url: &'a str,
    key: Option<&'a ApiKey>,
    /// How it fine-tunes, if it does.
    fine_tuning: Option<Dialect>,
}

impl<'a> Target<'a> {
    /// Mistral, with its key: without one, `503 not_configured` saying how to set it.
    pub fn mistral(config: &'a Config) -> Result<Self, ApiError> {
        Ok(Target {
            spec: None,
            base_url: &config.base_url,
            key: Some(key(config)?),
            fine_tuning: Some(Dialect::Mistral),
        })
    }

    /// The provider `name` of `UPSTREAMS`, with its key if it has one named: an unknown name is a
    /// `400` naming the providers there are; a named secret not set, `503 not_configured`.
    pub fn provider(config: &'a Config, name: &str) -> Result<Self, ApiError> {
        let providers = config.providers.as_ref().map_err(|problem| {
            ApiError::new(ErrorCode::NotConfigured, format!("{problem}; fix it in the worker's vars"))
        })?;
        let Some(provider) = providers.iter().find(|p| p.spec.name == name) else {
            let known: Vec<&str> = providers.iter().map(|p| p.spec.name.as_str()).collect();
            let there = match known.is_empty() {
                true => "it names none; add one to use it".to_owned(),
                false => format!("it has: {}", known.join(", ")),
            };
            return Err(ApiError::new(
                ErrorCode::BadRequest,
                format!("no provider is named {name:?} in the worker's UPSTREAMS ({there})"),
            ));
        };
        if let (Some(secret), None) = (&provider.spec.key_secret, &provider.key) {
            return Err(ApiError::new(
                ErrorCode::NotConfigured,
                format!(
                    "the worker has no secret {secret} with the key of the provider {:?}; set it with `wrangler secret put {secret}`",
                    provider.spec.name
                ),
            ));
        }
        Ok(Target::of_provider(provider))
    }

    fn of_provider(provider: &'a Provider) -> Self {
        Target {
            spec: Some(&provider.spec),
            base_url: &provider.spec.base_url,
            key: provider.key.as_ref(),
            fine_tuning: provider.spec.fine_tuning,
        }
    }

    /// How it fine-tunes; a provider that does not is a `400` saying how to make it.
    pub fn fine_tuning(&self) -> Result<Dialect, ApiError> {
        self.fine_tuning.ok_or_else(|| {
            let name = self.provider_name().unwrap_or_default();
            ApiError::new(
                ErrorCode::BadRequest,
                format!(
                    "the provider {name:?} does not fine-tune: its UPSTREAMS entry has no fine_tuning; add \
                     \"fine_tuning\": \"openai\" or \"together\" if its API tunes models, or tune where one does"
                ),
            )
        })
    }

    /// Whether its tuned adapters must be deployed before they chat.
    pub fn deploys_lora(&self) -> bool {
        self.spec.is_some_and(|s| s.deploy_lora)
    }

    /// The base models its entry lists as tunable; empty for Mistral, which lists its own.
    pub fn tunable(&self) -> &'a [String] {
        self.spec.map_or(&[], |s| s.tunable.as_slice())
    }

    /// Somewhere an upstream sent the worker (an upload's redirect): no key goes there.
    pub fn elsewhere(&self, url: &'a str) -> Self {
        Target { base_url: url, key: None, ..*self }
    }

    /// Mistral (`provider` `None`) or the provider named.
    pub fn of(config: &'a Config, provider: Option<&str>) -> Result<Self, ApiError> {
        match provider {
            Some(name) => Self::provider(config, name),
            None => Self::mistral(config),
        }
    }

    /// The provider's name, `None` for Mistral.
    pub fn provider_name(&self) -> Option<&'a str> {
        self.spec.map(|s| s.name.as_str())
    }

    /// An error as the client reads it: a provider's failure names that provider, not Mistral.
    pub fn named(&self, mut error: ApiError) -> ApiError {
        if let Some(name) = self.provider_name() {
            error.message = error.message.replace(UPSTREAM, &format!("the provider {name:?}"));
        }
        error
    }

    fn redact(&self, text: &str) -> String {
        self.key.map_or_else(|| text.to_owned(), |key| key.redact(text))
    }
}

/// The target of `model` (or of a file or job id named the same way) and the id that target
/// knows it by: `provider:id` goes to that provider as `id`; any other to Mistral. Each needs its
/// key, if it has one named: without it, `503 not_configured` saying which secret to set.
pub fn target_of<'a, 'm>(config: &'a Config, model: &'m str) -> Result<(Target<'a>, &'m str), ApiError> {
    let providers = match &config.providers {
        Ok(providers) => providers,
        // Only a model that may name a provider needs them.
        Err(problem) if model.contains(':') && !model.starts_with("ft:") => {
            return Err(ApiError::new(ErrorCode::NotConfigured, format!("{problem}; fix it in the worker's vars")));
        }
        Err(_) => return Ok((Target::mistral(config)?, model)),
    };
    match tallas_core::providers::route(model, providers.iter().map(|p| p.spec.name.as_str())) {
        Some((name, id)) => Ok((Target::provider(config, name)?, id)),
        None => Ok((Target::mistral(config)?, model)),
    }
}

/// `Ok` when a chat with `model` can be sent (its upstream is configured, with its key): for the
/// routes that refuse before building anything.
pub fn check_chat(config: &Config, model: &str) -> Result<(), ApiError> {
    target_of(config, model).map(drop)
}

/// Sends `request` to `{base}/v1/chat/completions` of its model's provider and reads the whole
/// answer. `UPSTREAM_TIMEOUT_MS` bounds the whole call, retries and their waits included, so the
/// client's request is never held open longer.
pub async fn chat(config: &Config, request: &ChatRequest) -> Result<Reply, ApiError> {
    let (target, id) = target_of(config, &request.model)?;
    let asked = ChatRequest { model: id.to_owned(), ..request.clone() };
    let (answer, _) = call_upstream(config, target, &chat_call(&asked)?, false)
        .await
        .map_err(|f| target.named(chat_error(f, &request.model)))?;
    let Body::Text(body) = answer.body else {
        return Err(ApiError::new(ErrorCode::Internal, "an upstream answer was not read"));
    };
    reply(&body).map_err(|failure| target.named(failure.to_api_error(UPSTREAM)))
}

/// A chat completion whose 2xx body is handed over unread, as it arrives.
pub struct Stream {
    pub response: Response,
    /// Aborts the upstream request, e.g. when it stalls mid-stream.
    pub controller: AbortController,
}

/// Sends `request` (which should ask for `stream: true`) and returns as soon as the upstream's
/// headers are in. Failures before that (statuses, the timeout) are retried and mapped as
/// [`chat`] does; what happens after is the caller's to watch.
pub async fn chat_stream(config: &Config, request: &ChatRequest) -> Result<Stream, ApiError> {
    let (target, id) = target_of(config, &request.model)?;
    let asked = ChatRequest { model: id.to_owned(), ..request.clone() };
    let call = chat_call(&asked)?;
    let (answer, controller) =
        call_upstream(config, target, &call, true).await.map_err(|f| target.named(chat_error(f, &request.model)))?;
    match answer.body {
        Body::Stream(response) => Ok(Stream { response, controller }),
        // A 2xx is always handed over as a stream when one was asked for.
        Body::Text(_) => Err(ApiError::new(ErrorCode::Internal, "the upstream stream was read as text")),
    }
}

/// How a failed chat call reaches the client: as [`CallError::into_api_error`], except that a model
/// the upstream does not serve is a `400`. The client named that model (or the curator published
/// it), so choosing another is the fix, and a 502 would say "try again later" instead.
fn chat_error(failure: CallError, model: &str) -> ApiError {
    if let CallError::Upstream { failure: UpstreamFailure::Status { status, kind, .. }, summary } = &failure
        && is_unknown_model(*status, kind.as_deref(), summary.as_deref())
    {
        let said = summary.as_deref().map(|s| format!(" (it answered: {s})")).unwrap_or_default();
        return ApiError::new(
            ErrorCode::ModelNotServed,
            format!(
                "{UPSTREAM} does not serve the model {model:?}{said}; choose one that GET /api/models lists, or, for a \
                 model tuned there, tune it again: the provider no longer has it"
            ),
        );
    }
    failure.into_api_error()
}

/// An upstream's answer to a chat request for a model it does not have: Mistral's `400` (or
/// `404`/`422`) with the error type `invalid_model`; OpenAI's and Together's `404` whose message
/// names the model (`model_not_found`, "Unable to access model …").
fn is_unknown_model(status: u16, kind: Option<&str>, summary: Option<&str>) -> bool {
    let names_model = summary.is_some_and(|s| s.to_ascii_lowercase().contains("model"));
    (matches!(status, 400 | 404 | 422) && kind == Some("invalid_model")) || (status == 404 && names_model)
}

/// Any call; the 2xx body as text.
pub async fn send(config: &Config, key: &ApiKey, call: &Call) -> Result<String, CallError> {
    let mistral = Target { spec: None, base_url: &config.base_url, key: Some(key), fine_tuning: None };
    send_to(config, mistral, call).await
}

/// [`send`] to `target`, Mistral or a provider.
pub async fn send_to(config: &Config, target: Target<'_>, call: &Call) -> Result<String, CallError> {
    let (answer, _) = call_upstream(config, target, call, false).await?;
    match answer.body {
        Body::Text(text) => Ok(text),
        Body::Stream(_) => Err(CallError::Local(ApiError::new(ErrorCode::Internal, "an upstream answer was not read"))),
    }
}

/// A call answered with a redirect (`redirect_is_answer`): the absolute URL it points to, and
/// the answer's headers.
pub async fn send_for_redirect(
    config: &Config,
    target: Target<'_>,
    call: &Call,
) -> Result<(String, Headers), CallError> {
    let (answer, _) = call_upstream(config, target, call, false).await?;
    let location = answer.headers.get("location").ok().flatten().filter(|_| (300..400).contains(&answer.status));
    let location = location.and_then(|to| {
        let from = Url::parse(&format!("{}{}", target.base_url, call.path)).ok()?;
        from.join(&to).ok().filter(|url| matches!(url.scheme(), "http" | "https")).map(String::from)
    });
    let Some(location) = location else {
        return Err(CallError::Local(target.named(ApiError::new(
            ErrorCode::UpstreamError,
            format!(
                "{UPSTREAM} answered the upload's first step with {} instead of a redirect to where the file goes; \
                 try again later",
                answer.status
            ),
        ))));
    };
    Ok((location, answer.headers))
}

/// A provider's `GET /v1/models`, as `provider:model` ids.
pub async fn provider_models(
    config: &Config,
    provider: &Provider,
) -> Result<Vec<tallas_core::api::ModelInfo>, ApiError> {
    let target = Target::of_provider(provider);
    let (answer, _) = call_upstream(config, target, &Call::get("/v1/models"), false)
        .await
        .map_err(|f| target.named(f.into_api_error()))?;
    let Body::Text(body) = answer.body else {
        return Err(ApiError::new(ErrorCode::Internal, "an upstream answer was not read"));
    };
    tallas_core::api::ModelInfo::from_provider(&body, &provider.spec)
        .map_err(|e| ApiError::new(ErrorCode::UpstreamError, format!("the provider {:?}: {e}", provider.spec.name)))
}

fn chat_call(request: &ChatRequest) -> Result<Call, ApiError> {
    let body = serde_json::to_string(request)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("could not encode the upstream request: {e}")))?;
    Ok(Call { retry: Retry::Policy, ..Call::post_json("/v1/chat/completions", Some(body)) })
}

fn endpoint(base_url: &str, path: &str) -> Result<String, ApiError> {
    let url = format!("{base_url}{path}");
    match Url::parse(&url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => Ok(url),
        _ => Err(ApiError::new(
            ErrorCode::NotConfigured,
            format!(
                "the upstream base URL {base_url:?} (MISTRAL_BASE_URL or UPSTREAMS) is not an http(s) URL; fix it in the worker's vars"
            ),
        )),
    }
}

fn headers(key: Option<&ApiKey>, content_type: Option<&str>, stream: bool) -> Result<Headers, ApiError> {
    let headers = Headers::new();
    // The runtime's error would quote the header value, that is the key: it is not passed on.
    if let Some(key) = key {
        headers.set("authorization", &key.authorization()).map_err(|_| {
            ApiError::new(
                ErrorCode::NotConfigured,
                "the API key contains characters that cannot be sent in an HTTP header; set it again",
            )
        })?;
    }
    let accept = if stream { "text/event-stream" } else { "application/json" };
    let fixed = headers
        .set("accept", accept)
        .and_then(|()| content_type.map_or(Ok(()), |value| headers.set("content-type", value)));
    fixed.map_err(|e| ApiError::new(ErrorCode::Internal, format!("could not build the upstream headers: {e}")))?;
    Ok(headers)
}

/// What one attempt got back before the deadline.
struct Answer {
    status: u16,
    retry_after: Option<String>,
    headers: Headers,
    body: Body,
}

enum Body {
    Text(String),
    /// A 2xx body left unread for the caller (streamed calls only).
    Stream(Response),
}

async fn call_upstream(
    config: &Config,
    target: Target<'_>,
    call: &Call,
    stream: bool,
) -> Result<(Answer, AbortController), CallError> {
    let url = endpoint(target.base_url, &call.path).map_err(CallError::Local)?;
    let headers = headers(target.key, call.content_type.as_deref(), stream).map_err(CallError::Local)?;
    let started = clock::now_ms();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let remaining = config.upstream_timeout_ms.saturating_sub(clock::now_ms().saturating_sub(started));
        let (failure, summary, retry_after) = match attempt(&url, &headers, call, stream, remaining).await {
            // The configured limit, not the measured time, which overshoots it by a few ms.
            None => return Err(CallError::upstream(UpstreamFailure::Timeout { after_ms: config.upstream_timeout_ms })),
            Some(Ok((answer, controller)))
                if (200..300).contains(&answer.status)
                    || (call.redirect_is_answer && (300..400).contains(&answer.status)) =>
            {
                return Ok((answer, controller));
            }
            Some(Ok((answer, _))) => {
                let text = match &answer.body {
                    Body::Text(text) => text.as_str(),
                    Body::Stream(_) => "",
                };
                let kind = error_kind(text);
                let summary = error_summary(text).map(|s| target.redact(&s));
                (UpstreamFailure::Status { status: answer.status, kind, attempts }, summary, answer.retry_after)
            }
            Some(Err(e)) => {
                // Runtime error texts are not ours; scrub the key out of them all the same.
                console_warn!(
                    "{UPSTREAM} attempt {attempts} failed before an answer: {}",
                    target.redact(&e.to_string())
                );
                (UpstreamFailure::Network { attempts }, None, None)
            }
        };
        let outcome = match &failure {
            UpstreamFailure::Status { status, .. } => {
                Attempt::Status { status: *status, retry_after: retry_after.as_deref() }
            }
            _ => Attempt::Network,
        };
        let retryable = match call.retry {
            Retry::Policy => true,
            Retry::RateLimitOnly => matches!(outcome, Attempt::Status { status: 429, .. }),
            Retry::Never => false,
        };
        let wait =
            if retryable { config.retry.delay_before_retry(attempts, &outcome, js_sys::Math::random()) } else { None };
        let Some(wait) = wait else {
            return Err(CallError::Upstream { failure, summary });
        };
        // A retry that could not finish before the deadline is not worth waiting for: report
        // what actually went wrong instead of a timeout.
        if clock::now_ms().saturating_sub(started).saturating_add(wait) >= config.upstream_timeout_ms {
            return Err(CallError::Upstream { failure, summary });
        }
        console_warn!("{UPSTREAM} attempt {attempts} failed ({failure:?}); retrying in {wait} ms");
        Delay::from(Duration::from_millis(wait)).await;
    }
}

/// One request within `limit_ms`: its whole body, or for a streamed 2xx its headers. `None`
/// when the time ran out: the request is then aborted so the runtime stops waiting for it.
async fn attempt(
    url: &str,
    headers: &Headers,
    call: &Call,
    stream: bool,
    limit_ms: u64,
) -> Option<worker::Result<(Answer, AbortController)>> {
    let controller = AbortController::default();
    let exchange = pin!(exchange(url, headers, call, stream, controller.signal()));
    let deadline = pin!(Delay::from(Duration::from_millis(limit_ms)));
    match select(exchange, deadline).await {
        Either::Left((answer, _)) => Some(answer.map(|answer| (answer, controller))),
        Either::Right(((), _)) => {
            controller.abort();
            None
        }
    }
}

async fn exchange(
    url: &str,
    headers: &Headers,
    call: &Call,
    stream: bool,
    signal: AbortSignal,
) -> worker::Result<Answer> {
    let mut init = RequestInit::new();
    init.with_method(call.method.clone()).with_headers(headers.clone()).with_body(call.body.clone());
    if call.redirect_is_answer {
        init.with_redirect(RequestRedirect::Manual);
    }
    // A request body can be sent once, so every attempt builds its own request.
    let request = Request::new_with_init(url, &init)?;
    let mut response = Fetch::Request(request).send_with_signal(&signal).await?;
    let status = response.status_code();
    let retry_after = response.headers().get("retry-after").ok().flatten();
    let response_headers = response.headers().clone();
    let body = if stream && (200..300).contains(&status) {
        Body::Stream(response)
    } else {
        Body::Text(response.text().await?)
    };
    Ok(Answer { status, retry_after, headers: response_headers, body })
}

fn reply(body: &str) -> Result<Reply, UpstreamFailure> {
    let (response, text) = ChatResponse::parse(body).map_err(UpstreamFailure::BadReply)?;
    Ok(Reply { text, model: response.model, usage: response.usage.map(TokenUsage::from).unwrap_or_default() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_unknown_model_is_the_clients_to_fix() {
        assert!(is_unknown_model(400, Some("invalid_model"), None));
        assert!(is_unknown_model(404, Some("invalid_model"), None));
        assert!(!is_unknown_model(400, Some("invalid_request_error"), Some("model is required")));
        assert!(!is_unknown_model(500, Some("invalid_model"), None));
        let gone = Some("The model `ft:x` does not exist or you do not have access to it.");
        assert!(is_unknown_model(404, Some("invalid_request_error"), gone));
        assert!(!is_unknown_model(404, None, Some("Not found: POST /v1/chat/completions")));
    }
}
