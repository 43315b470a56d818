//! `POST /api/generate` (curator): a keyword in, a joke out; with `"stream": true` the upstream's
//! server-sent events are passed through as they arrive (see `stream`). The public playground
//! has its own route (`play`).

use tallas_core::api::{ApiError, ErrorCode, GenerateRequest, GenerateResponse};
use tallas_core::mistral::ChatRequest;
use tallas_core::prompts::generate;
use worker::{Env, Request, Response, Result};

use crate::config::Config;
use crate::outcome::Outcome;
use crate::route::RouteContext;
use crate::{stream, upstream, usage};

/// The route's name in the usage ledger.
const ROUTE: &str = "generate";
/// Jokes need variety more than precision.
const TEMPERATURE: f32 = 0.9;
/// A short joke fits easily; the cap bounds the cost of a runaway answer.
const MAX_TOKENS: u32 = 300;
/// Names the prompt version of a streamed answer, whose body is the upstream's events.
pub const PROMPT_VERSION_HEADER: &str = "x-tallas-prompt-version";

pub async fn post(mut req: Request, ctx: RouteContext) -> Result<Response> {
    let (config, env) = (&ctx.data, &ctx.env);
    let request = match checked(&mut req, &ctx).await {
        Ok(request) => request,
        Err(error) => return ctx.send::<()>(200, Err(error.into())),
    };
    let chat = ChatRequest {
        model: request.model.clone().unwrap_or_else(|| config.model_generate.clone()),
        messages: generate::messages(&request.keyword),
        temperature: Some(TEMPERATURE),
        max_tokens: Some(MAX_TOKENS),
        stream: request.stream.then_some(true),
        response_format: None,
    };
    if request.stream {
        // An upstream error before the first byte is still a JSON error with its status.
        return match streamed(config, env, &chat).await {
            Ok(response) => Ok(response),
            Err(error) => ctx.send::<()>(200, Err(error.into())),
        };
    }
    ctx.send(200, joke(config, env, &chat).await)
}

/// The request, validated, before any upstream call.
async fn checked(req: &mut Request, ctx: &RouteContext) -> std::result::Result<GenerateRequest, ApiError> {
    let config = &ctx.data;
    let request = ctx.json::<GenerateRequest>(req).await?.validate()?;
    upstream::check_chat(config, request.model.as_deref().unwrap_or(&config.model_generate))?;
    Ok(request)
}

async fn joke(config: &Config, env: &Env, chat: &ChatRequest) -> Outcome<GenerateResponse> {
    let reply = upstream::chat(config, chat).await?;
    Ok(answer(config, env, ROUTE, reply).await)
}

/// A joke the upstream told, entered in the usage ledger under `route` and shaped as the answer of
/// `/api/generate` (which `/api/play` shares). The ledger is written after the response.
pub(crate) async fn answer(config: &Config, env: &Env, route: &str, reply: upstream::Reply) -> GenerateResponse {
    usage::record_after_response(config, env, route, reply.usage).await;
    GenerateResponse {
        joke: reply.text,
        model: reply.model,
        prompt_version: generate::PROMPT_VERSION.to_owned(),
        usage: reply.usage,
    }
}

async fn streamed(config: &Config, env: &Env, chat: &ChatRequest) -> std::result::Result<Response, ApiError> {
    let upstream = upstream::chat_stream(config, chat).await?;
    let internal = |e: worker::Error| ApiError::new(ErrorCode::Internal, format!("could not start the stream: {e}"));
    let on_end = usage::on_stream_end(env, ROUTE);
    let watch = stream::Passthrough::default();
    let response = stream::relay(upstream, config.upstream_timeout_ms, watch, ROUTE, on_end).map_err(internal)?;
    // The events are the upstream's own; the prompt version travels in a header instead.
    response.headers().set(PROMPT_VERSION_HEADER, generate::PROMPT_VERSION).map_err(internal)?;
    Ok(response)
}
