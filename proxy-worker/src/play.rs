//! The public playground: `GET /api/play/config` (public: the offered models),
//! `PUT /api/play/config` (curator: models and answer length) and `POST /api/play` (public: a
//! keyword in, a joke out, from an offered model only). Each player is rate-limited (`limits`), the
//! answer length is capped by the curator's `max_output_tokens`, and all players together spend at
//! most `PLAY_DAILY_TOKEN_BUDGET` tokens per UTC day (default 200,000), after which the playground
//! answers `429 budget_exhausted` until midnight UTC. Same prompt and upstream client as
//! `POST /api/generate`.

use tallas_core::api::{ApiError, ErrorCode, GenerateRequest, GenerateResponse};
use tallas_core::mistral::ChatRequest;
use tallas_core::play::{self, PlayConfig, PublicPlayConfig};
use tallas_core::prompts::generate;
use worker::{Request, Response, Result, RouteContext, console_error};

use crate::auth::require_curator;
use crate::config::{Config, number};
use crate::limits::{self, Bucket};
use crate::outcome::{Failure, Outcome, send};
use crate::{body, db, db_play, upstream};

/// The route's name in the usage ledger.
const ROUTE: &str = "play";
pub const DEFAULT_DAILY_TOKEN_BUDGET: u64 = 200_000;
/// Same as `POST /api/generate`: jokes need variety more than precision.
const TEMPERATURE: f32 = 0.9;
/// A keyword and a model id; the config is a short list of model ids.
const MAX_BODY_BYTES: usize = 8192;

/// `GET /api/play/config`: the models a player may choose from, nothing else.
pub async fn get_config(_req: Request, ctx: RouteContext<Config>) -> Result<Response> {
    let outcome: Outcome<PublicPlayConfig> = async {
        let database = db::database(&ctx.env)?;
        Ok(stored(&database).await?.public())
    }
    .await;
    send("GET /api/play/config", 200, outcome)
}

/// `PUT /api/play/config` (curator): replaces the settings and answers them as stored.
pub async fn put_config(mut req: Request, ctx: RouteContext<Config>) -> Result<Response> {
    let outcome: Outcome<PlayConfig> = async {
        require_curator(&req, &ctx.data.curator_token)?;
        let config = parsed::<PlayConfig>(&mut req).await?.validate()?;
        let database = db::database(&ctx.env)?;
        db_play::save_config(&database, &config, &db::iso(db::now_ms())).await?;
        Ok(config)
    }
    .await;
    send("PUT /api/play/config", 200, outcome)
}

/// `POST /api/play`.
pub async fn post(mut req: Request, ctx: RouteContext<Config>) -> Result<Response> {
    let outcome = joke(&mut req, &ctx).await;
    send("POST /api/play", 200, outcome)
}

async fn joke(req: &mut Request, ctx: &RouteContext<Config>) -> Outcome<GenerateResponse> {
    limits::enforce(req, &ctx.env, Bucket::Play).await?;
    let request = parsed::<GenerateRequest>(req).await?.validate()?;
    let database = db::database(&ctx.env)?;
    let settings = stored(&database).await?;
    let model = settings.choose_model(request.model.as_deref())?;
    let config = &ctx.data;
    let key = config.api_key.as_ref().ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotConfigured,
            "the playground is not available: the worker has no Mistral API key (MISTRAL_API_KEY)",
        )
    })?;
    let messages = generate::messages(&request.keyword);
    let prompt_chars = messages.iter().map(|m| m.content.chars().count()).sum();
    let reserved = play::reservation(prompt_chars, settings.max_output_tokens);
    let budget = number(&ctx.env, "PLAY_DAILY_TOKEN_BUDGET", DEFAULT_DAILY_TOKEN_BUDGET);
    let now = db::now_ms();
    let day = day_of(&db::iso(now));
    if !db_play::reserve(&database, &day, reserved, budget).await? {
        let wait = play::seconds_until_next_utc_day(now);
        return Err(Failure::retry_after(play::budget_exhausted(budget, now), wait));
    }
    let chat = ChatRequest {
        model,
        messages,
        temperature: Some(TEMPERATURE),
        max_tokens: Some(settings.max_output_tokens),
        stream: None,
        response_format: None,
    };
    let answer = upstream::chat(config, key, &chat).await;
    let used = answer.as_ref().map_or(0, |r| u64::from(r.usage.prompt_tokens) + u64::from(r.usage.completion_tokens));
    // Bookkeeping after the fact is logged, not shown: the player's answer is already decided.
    if let Err(e) = db_play::settle(&database, &day, reserved, used).await {
        console_error!("could not settle the playground budget of {day}: {e}");
    }
    Ok(crate::generate::answer(config, &ctx.env, ROUTE, answer?).await)
}

/// The stored settings; before a curator saved any, no models (the playground is closed).
async fn stored(database: &worker::D1Database) -> std::result::Result<PlayConfig, ApiError> {
    Ok(db_play::config(database)
        .await?
        .unwrap_or(PlayConfig { models: Vec::new(), max_output_tokens: play::DEFAULT_MAX_OUTPUT_TOKENS }))
}

async fn parsed<T: serde::de::DeserializeOwned>(req: &mut Request) -> std::result::Result<T, ApiError> {
    body::json::<T>(req, MAX_BODY_BYTES).await.map_err(|e| match e.code {
        ErrorCode::PayloadTooLarge => ApiError::new(
            ErrorCode::PayloadTooLarge,
            format!("the request body is larger than {MAX_BODY_BYTES} bytes, the limit of the playground routes"),
        ),
        _ => e,
    })
}

/// The UTC date of an ISO timestamp, the budget's key.
fn day_of(iso: &str) -> String {
    iso.split('T').next().unwrap_or(iso).to_owned()
}
