//! The public playground: `GET /api/play/config` (public: the offered models; the curator: all of
//! the settings), `PUT /api/play/config` (curator: models, their public names and the answer
//! length) and `POST /api/play` (public: a keyword in, a joke out, from an offered model only;
//! whole, or streamed as the player's own events, `tallas_core::play::events`). Each player is
//! rate-limited (`limits`), the answer length is capped by the curator's `max_output_tokens`, and
//! all players together spend at
//! most `PLAY_DAILY_TOKEN_BUDGET` tokens per UTC day (default 200,000), after which the playground
//! answers `429 budget_exhausted` until midnight UTC. Same prompt and upstream client as
//! `POST /api/generate`.

use tallas_core::api::{ApiError, ErrorCode, GenerateRequest, GenerateResponse, TokenUsage};
use tallas_core::mistral::ChatRequest;
use tallas_core::play::events::{Encoder, PlayEvent};
use tallas_core::play::{self, ChosenModel, PlayConfig, PlayModel, PublicPlayConfig};
use tallas_core::prompts::generate;
use worker::{D1Database, Request, Response, Result, console_error};

use crate::clock;
use crate::config::number;
use crate::limits::{self, Bucket};
use crate::outcome::{ErrorAnswer, Outcome};
use crate::route::RouteContext;
use crate::stream::{self, OnEnd};
use crate::{db, db_play, upstream, usage};

/// The route's name in the usage ledger.
const ROUTE: &str = "play";
pub const DEFAULT_DAILY_TOKEN_BUDGET: u64 = 200_000;
/// Same as `POST /api/generate`: jokes need variety more than precision.
const TEMPERATURE: f32 = 0.9;

/// `GET /api/play/config`: the models a player may choose from, by their public names, nothing
/// else; with the curator token, the settings as stored (ids, names, answer length), for the
/// curator's form; with another token, 401.
pub async fn get_config(req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome: Outcome<Shown> = async {
        let curator = ctx.is_curator(&req)?;
        let database = db::database(&ctx.env)?;
        let settings = stored(&database).await?;
        Ok(if curator { Shown::Whole(settings) } else { Shown::Public(settings.public()) })
    }
    .await;
    ctx.send(200, outcome)
}

/// The config as one reader may see it.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Shown {
    Public(PublicPlayConfig),
    Whole(PlayConfig),
}

/// `PUT /api/play/config` (curator): replaces the settings and answers them as stored.
pub async fn put_config(mut req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome: Outcome<PlayConfig> = async {
        let config = ctx.json::<PlayConfig>(&mut req).await?.validate()?;
        let database = db::database(&ctx.env)?;
        db_play::save_config(&database, &config, &clock::iso(clock::now_ms())).await?;
        Ok(config)
    }
    .await;
    ctx.send(200, outcome)
}

/// `POST /api/play`.
pub async fn post(mut req: Request, ctx: RouteContext) -> Result<Response> {
    match answer(&mut req, &ctx).await {
        Ok(Answer::Whole(joke)) => ctx.send(200, Ok(joke)),
        Ok(Answer::Streamed(response)) => Ok(response),
        // Refusals and upstream failures before the first byte are JSON errors with their status.
        Err(failure) => ctx.send::<()>(200, Err(failure)),
    }
}

enum Answer {
    Whole(GenerateResponse),
    Streamed(Response),
}

/// A call to the upstream the budget has room for: the model, the request and the tokens set
/// aside for it on `day`.
pub(crate) struct Reserved {
    pub(crate) model: ChosenModel,
    chat: ChatRequest,
    max_output_tokens: u32,
    day: String,
    tokens: u64,
}

async fn answer(req: &mut Request, ctx: &RouteContext) -> Outcome<Answer> {
    limits::enforce(req, &ctx.env, Bucket::Play).await?;
    let request = ctx.json::<GenerateRequest>(req).await?.validate()?;
    let database = db::database(&ctx.env)?;
    let settings = stored(&database).await?;
    let model = settings.choose_model(request.model.as_deref())?;
    upstream::check_chat(&ctx.data, &model.id).map_err(|e| hidden(e, &model))?;
    let call = reserve(ctx, &database, &settings, &request.keyword, model, request.stream).await?;
    if request.stream {
        return streamed(ctx, database, call).await.map(Answer::Streamed);
    }
    let joke = tell(ctx, &database, &call).await?;
    Ok(Answer::Whole(joke))
}

/// Sets aside today's tokens for one answer of `model` about `keyword`, or refuses with `429
/// budget_exhausted` when they do not fit.
pub(crate) async fn reserve(
    ctx: &RouteContext,
    database: &D1Database,
    settings: &PlayConfig,
    keyword: &str,
    model: ChosenModel,
    stream: bool,
) -> Outcome<Reserved> {
    let messages = generate::messages(keyword);
    let prompt_chars = messages.iter().map(|m| m.content.chars().count()).sum();
    let tokens = play::reservation(prompt_chars, settings.max_output_tokens);
    let budget = number(&ctx.env, "PLAY_DAILY_TOKEN_BUDGET", DEFAULT_DAILY_TOKEN_BUDGET);
    let now = clock::now_ms();
    let day = day_of(&clock::iso(now));
    if !db_play::reserve(database, &day, tokens, budget).await? {
        let wait = play::seconds_until_next_utc_day(now);
        return Err(ErrorAnswer::retry_after(play::budget_exhausted(budget, now), wait));
    }
    let chat = ChatRequest {
        model: model.id.clone(),
        messages,
        temperature: Some(TEMPERATURE),
        max_tokens: Some(settings.max_output_tokens),
        stream: stream.then_some(true),
        response_format: None,
    };
    Ok(Reserved { model, chat, max_output_tokens: settings.max_output_tokens, day, tokens })
}

/// A reserved call made whole: the joke, its model by public name; the budget settled.
pub(crate) async fn tell(
    ctx: &RouteContext,
    database: &D1Database,
    call: &Reserved,
) -> std::result::Result<GenerateResponse, ApiError> {
    let reply = upstream::chat(&ctx.data, &call.chat).await;
    settle(database, call, reply.as_ref().ok().map(|r| r.usage)).await;
    let mut joke =
        crate::generate::answer(&ctx.data, &ctx.env, ROUTE, reply.map_err(|e| hidden(e, &call.model))?).await;
    joke.model = call.model.public_name.clone();
    Ok(joke)
}

/// The joke as the player's own events (`tallas_core::play::events`), cut with a final error if
/// the model runs past the tokens set aside for it; the budget is settled when the stream ends.
async fn streamed(
    ctx: &RouteContext,
    database: D1Database,
    call: Reserved,
) -> std::result::Result<Response, ErrorAnswer> {
    let upstream = match upstream::chat_stream(&ctx.data, &call.chat).await {
        Ok(upstream) => upstream,
        Err(error) => {
            settle(&database, &call, None).await;
            return Err(hidden(error, &call.model).into());
        }
    };
    let watch = PlayWatch {
        encoder: Encoder::new(play::answer_char_limit(call.max_output_tokens)),
        max_output_tokens: call.max_output_tokens,
        done: PlayEvent::Done {
            model: call.model.public_name.clone(),
            prompt_version: generate::PROMPT_VERSION.into(),
        },
    };
    let env = ctx.env.clone();
    let on_end: OnEnd = Box::new(move |used| {
        Box::pin(async move {
            settle(&database, &call, used).await;
            if let Some(used) = used {
                usage::record_or_log(&env, ROUTE, used).await;
            }
        })
    });
    stream::relay(upstream, ctx.data.upstream_timeout_ms, watch, ROUTE, on_end)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("could not start the stream: {e}")).into())
}

/// The playground's side of a relay: the player's events, and the length guard.
struct PlayWatch {
    encoder: Encoder,
    max_output_tokens: u32,
    done: PlayEvent,
}

impl stream::Watch for PlayWatch {
    fn relay(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.encoder.feed(bytes).into_bytes()
    }
    fn relay_end(&mut self) -> Vec<u8> {
        self.encoder.finish().into_bytes()
    }
    fn is_complete(&self) -> bool {
        self.encoder.is_complete()
    }
    fn usage(&self) -> Option<TokenUsage> {
        self.encoder.usage()
    }
    fn stop(&self) -> Option<ApiError> {
        self.encoder.over_limit().then(|| play::answer_too_long(self.max_output_tokens))
    }
    fn done(&self) -> Vec<u8> {
        self.done.encode().into_bytes()
    }
}

/// Gives back what a call set aside beyond what it used. Without a reported usage (a failed call
/// or a stream that did not say) the reservation stands: the budget errs on the side of spending
/// less. Bookkeeping after the fact is logged, not shown: the player's answer is already decided.
pub(crate) async fn settle(database: &D1Database, call: &Reserved, used: Option<TokenUsage>) {
    let used = used.map_or(call.tokens, |u| u64::from(u.prompt_tokens) + u64::from(u.completion_tokens));
    if let Err(e) = db_play::settle(database, &call.day, call.tokens, used).await {
        console_error!("could not settle the playground budget of {}: {e}", call.day);
    }
}

/// An upstream error as a player may read it: a model published under a public name is called by
/// that name, never by its id.
pub(crate) fn hidden(mut error: ApiError, model: &ChosenModel) -> ApiError {
    if model.id != model.public_name {
        error.message = error.message.replace(&model.id, &model.public_name);
    }
    error
}

/// The stored settings; before a curator saved any, no models (the playground is closed).
pub(crate) async fn stored(database: &worker::D1Database) -> std::result::Result<PlayConfig, ApiError> {
    Ok(db_play::config(database).await?.unwrap_or(PlayConfig {
        models: Vec::<PlayModel>::new(),
        max_output_tokens: play::DEFAULT_MAX_OUTPUT_TOKENS,
        suggestions: Vec::new(),
    }))
}

/// The UTC date of an ISO timestamp, the budget's key.
fn day_of(iso: &str) -> String {
    iso.split('T').next().unwrap_or(iso).to_owned()
}
