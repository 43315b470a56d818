//! `POST /api/generate`: a keyword in, a joke out.

use tallas_core::api::{ApiError, ErrorCode, GenerateRequest, GenerateResponse};
use tallas_core::mistral::ChatRequest;
use tallas_core::prompts::generate;
use worker::{Env, Request, Response, Result, RouteContext, console_error};

use crate::config::Config;
use crate::{body, respond, upstream, usage};

/// The route's name in the usage ledger.
const ROUTE: &str = "generate";
/// Jokes need variety more than precision.
const TEMPERATURE: f32 = 0.9;
/// A short joke fits easily; the cap bounds the cost of a runaway answer.
const MAX_TOKENS: u32 = 300;

pub async fn post(mut req: Request, ctx: RouteContext<Config>) -> Result<Response> {
    match joke(&mut req, &ctx.data, &ctx.env).await {
        Ok(answer) => respond::json(&answer),
        Err(error) => {
            if error.status() >= 500 {
                console_error!("POST /api/generate: {error}");
            }
            respond::error(error)
        }
    }
}

async fn joke(req: &mut Request, config: &Config, env: &Env) -> std::result::Result<GenerateResponse, ApiError> {
    let request = body::json::<GenerateRequest>(req, config.max_task_body_bytes).await?.validate()?;
    let key = config.api_key.as_ref().ok_or_else(not_configured)?;
    let chat = ChatRequest {
        model: request.model.unwrap_or_else(|| config.model_generate.clone()),
        messages: generate::messages(&request.keyword),
        temperature: Some(TEMPERATURE),
        max_tokens: Some(MAX_TOKENS),
        stream: None,
        response_format: None,
    };
    let reply = upstream::chat(config, key, &chat).await?;
    // The joke is already paid for: a ledger failure is logged, not shown to the user.
    if let Err(e) = usage::record(env, ROUTE, reply.usage).await {
        console_error!("could not record usage of {ROUTE} in D1: {e}");
    }
    Ok(GenerateResponse {
        joke: reply.text,
        model: reply.model,
        prompt_version: generate::PROMPT_VERSION.to_owned(),
        usage: reply.usage,
    })
}

fn not_configured() -> ApiError {
    ApiError::new(
        ErrorCode::NotConfigured,
        "the worker has no Mistral API key; locally, put MISTRAL_API_KEY=... in proxy-worker/.dev.vars and \
         restart wrangler dev; when deployed, run `wrangler secret put MISTRAL_API_KEY`",
    )
}
