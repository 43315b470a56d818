//! The curator's fine-tuning jobs, proxied to the base model's upstream in its fine-tuning dialect
//! (`tallas_core::fine_tuning`: Mistral's, OpenAI's shape, Together's; a provider of `UPSTREAMS`
//! names its own, and its jobs, files and tuned models are named `provider:id`, see
//! `tallas_core::api::routed_id`). The handlers hold no provider's paths or words: the dialect
//! says where each call goes and reads each answer into one job type with one lifecycle.
//! `POST /api/fine-tunes` (create, or with `dry_run` only estimate cost and tokens, in a way that
//! cannot start a job; Together's limits are asked first, as its SDK does),
//! `GET /api/fine-tunes` (Mistral's list, with `page`, `page_size`, `model` and `status` filters),
//! `GET /api/fine-tunes/:id` (with the job's events, read apart where the dialect keeps them
//! apart, and for a provider that deploys its adapters, the deployment: `deploying` until active),
//! `POST /api/fine-tunes/:id/start` (409 where creating is starting) and `POST
//! /api/fine-tunes/:id/cancel`.
//!
//! Ids, filters and bodies are checked before any upstream call; answers are the upstream's JSON
//! read into `tallas_core::api` types, so only known fields are passed on. Calls that change
//! something are retried only on 429, so a job is never created twice. A refusal the curator can
//! fix (400/422, 404, 409) keeps its status class and the upstream's explanation.

use serde::de::DeserializeOwned;
use tallas_core::api::{
    ApiError, CreateFineTune, ErrorCode, FineTuneEstimate, FineTuneJob, FineTuneList, FineTuneQuery, UpstreamList,
    issued_id, routed_id, split_routed,
};
use tallas_core::fine_tuning::lifecycle::{Dialect, Stage};
use tallas_core::fine_tuning::{self, Creation, deploy, mistral, openai, together};
use tallas_core::upstream::UpstreamFailure;
use worker::{Request, Response, Result, console_warn};

use crate::config::Config;
use crate::outcome::Outcome;
use crate::route::RouteContext;
use crate::upstream::{self, Call, CallError, Target, UPSTREAM};

/// `POST /api/fine-tunes`: `201` with the job, or `200` with the estimate of a dry run.
pub async fn create(mut req: Request, ctx: RouteContext) -> Result<Response> {
    match created(&mut req, &ctx).await {
        Ok(Created::Job(job)) => ctx.send(201, Ok(job)),
        Ok(Created::Estimate(estimate)) => ctx.send(200, Ok(estimate)),
        Err(failure) => ctx.send::<()>(200, Err(failure)),
    }
}

enum Created {
    Job(Box<FineTuneJob>),
    Estimate(FineTuneEstimate),
}

async fn created(req: &mut Request, ctx: &RouteContext) -> Outcome<Created> {
    let config = &ctx.data;
    let request = ctx.json::<CreateFineTune>(req).await?.validate()?;
    let (target, base) = upstream::target_of(config, &request.model)?;
    let dialect = target.fine_tuning()?;
    let model = request.model.as_str();
    let tunable = target.tunable();
    if !tunable.is_empty() && !tunable.iter().any(|t| t == base) {
        return Err(target
            .named(ApiError::new(
                ErrorCode::BadRequest,
                format!(
                    "{model} is not among the base models {UPSTREAM} tunes ({}); choose one of those, or add it to the \
                     provider's tunable list in UPSTREAMS if its fine-tuning page lists it",
                    tunable.join(", ")
                ),
            ))
            .into());
    }
    let asked = request.clone().for_upstream(target.provider_name(), base)?;
    let body = match dialect {
        Dialect::Mistral if request.dry_run => {
            return Ok(Created::Estimate(estimate(config, target, asked, model).await?));
        }
        Dialect::Mistral => mistral::job_body(&asked)?,
        // No estimate endpoint: the page prices the dataset's tokens itself.
        Dialect::OpenAi if request.dry_run => {
            openai::job_body(&asked)?;
            return Ok(Created::Estimate(FineTuneEstimate::default()));
        }
        Dialect::OpenAi => openai::job_body(&asked)?,
        Dialect::Together => {
            let limits = together_limits(config, target, &asked.model, model).await?;
            if request.dry_run {
                return Ok(Created::Estimate(together_estimate(config, target, &asked, &limits, model).await?));
            }
            together::job_body(&asked, &limits)?
        }
    };
    if dialect.creation() == Creation::Started && !request.auto_start {
        return Err(target
            .named(ApiError::new(
                ErrorCode::BadRequest,
                format!(
                    "{UPSTREAM} starts a job when it is created, so it cannot hold one for a later start; ask for \
                     its estimate (dry_run), then create it with auto_start: true"
                ),
            ))
            .into());
    }
    let call = Call::post_json(dialect.jobs_path(), Some(body.to_string()));
    let answer = upstream::send_to(config, target, &call).await.map_err(|f| refused(target, f, model))?;
    let job = read_job(target, dialect, &answer)?;
    Ok(Created::Job(Box::new(job.qualified(target.provider_name()))))
}

/// What Together lets `base` be tuned with; a model it does not tune is refused here, before
/// anything is spent.
async fn together_limits(
    config: &Config,
    target: Target<'_>,
    base: &str,
    model: &str,
) -> std::result::Result<together::Limits, ApiError> {
    let call = Call::get(together::limits_path(base));
    let answer = upstream::send_to(config, target, &call).await.map_err(|failure| match &failure {
        CallError::Upstream { failure: UpstreamFailure::Status { status: 400 | 404 | 422, .. }, summary } => {
            let said = summary.as_deref().map(|s| format!(" (it answered: {s})")).unwrap_or_default();
            target.named(ApiError::new(
                ErrorCode::BadRequest,
                format!("{UPSTREAM} does not fine-tune {model}{said}; choose a base model its fine-tuning page lists"),
            ))
        }
        _ => target.named(failure.into_client_error()),
    })?;
    together::read_limits(&answer).map_err(|e| unexpected(target, &e.to_string()))
}

async fn together_estimate(
    config: &Config,
    target: Target<'_>,
    asked: &CreateFineTune,
    limits: &together::Limits,
    model: &str,
) -> std::result::Result<FineTuneEstimate, ApiError> {
    let body = together::estimate_body(asked, limits)?;
    let call = Call::post_json("/v1/fine-tunes/estimate-price", Some(body.to_string()));
    let answer = upstream::send_to(config, target, &call).await.map_err(|f| refused(target, f, model))?;
    let estimate = together::read_estimate(&answer).map_err(|e| unexpected(target, &e.to_string()))?;
    estimate.map_err(|reason| {
        target.named(ApiError::new(
            ErrorCode::Conflict,
            format!(
                "{UPSTREAM} gives no estimate yet ({reason}): it checks an uploaded file first; ask again in a \
                 minute, or re-upload the file if it says the file is invalid"
            ),
        ))
    })
}

/// A dry run that cannot spend, whatever the upstream makes of `dry_run` (a parameter Mistral's
/// SDK dropped in 2024): asked with `auto_start: false`, so a job created instead never trains;
/// and an answer that is a job is cancelled at once and reported as what it is, never as an
/// estimate.
async fn estimate(
    config: &Config,
    target: Target<'_>,
    request: CreateFineTune,
    model: &str,
) -> Outcome<FineTuneEstimate> {
    let jobs = Dialect::Mistral.jobs_path();
    let body = mistral::job_body(&CreateFineTune { auto_start: false, ..request })?;
    let call = Call::post_json(format!("{jobs}?dry_run=true"), Some(body.to_string()));
    let answer = upstream::send_to(config, target, &call).await.map_err(|f| refused(target, f, model))?;
    let value: serde_json::Value = read(target, &answer)?;
    let Some(job_id) = fine_tuning::job_instead_of_estimate(&value) else { return Ok(read(target, &answer)?) };
    let cancel =
        Call::post_json(Dialect::Mistral.cancel_path(&issued_id("id", target.provider_name(), &job_id)?), None);
    let cancelled = upstream::send_to(config, target, &cancel).await.is_ok();
    console_warn!("a dry run created fine-tuning job {job_id} upstream (cancelled: {cancelled})");
    let fate = if cancelled { "it was not started and is cancelled" } else { "it was not started; cancel it in Jobs" };
    Err(target
        .named(ApiError::new(
            ErrorCode::UpstreamError,
            format!(
                "{UPSTREAM} ignored the dry run and created job {job_id} instead: {fate}, so nothing was spent. \
                 It gives no estimates: estimate from the dataset's token totals instead"
            ),
        ))
        .into())
}

/// An upstream refusal of a fine-tune of `model`: "no longer fine-tunes" said so, with what to do
/// instead; others as the curator's fine-tuning routes pass refusals on.
fn refused(target: Target<'_>, failure: CallError, model: &str) -> ApiError {
    if let CallError::Upstream { failure: UpstreamFailure::Status { status, .. }, summary } = &failure
        && fine_tuning::no_longer_fine_tunes(*status, summary.as_deref())
    {
        return target.named(fine_tuning::fine_tuning_unavailable(model, UPSTREAM, summary.as_deref()));
    }
    target.named(failure.into_client_error())
}

/// `GET /api/fine-tunes`.
pub async fn list(req: Request, ctx: RouteContext) -> Result<Response> {
    ctx.send(200, listed(&req, &ctx.data).await)
}

async fn listed(req: &Request, config: &Config) -> Outcome<FineTuneList> {
    let url = req.url().map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("the URL is not valid: {e}")))?;
    let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let query = FineTuneQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let mistral = Target::mistral(config)?;
    let call = Call::get(format!("{}{}", Dialect::Mistral.jobs_path(), query.to_query_string()));
    let body = upstream::send_to(config, mistral, &call).await.map_err(CallError::into_client_error)?;
    let list: UpstreamList<FineTuneJob> = read(mistral, &body)?;
    let total = list.total.unwrap_or(list.data.len() as u64);
    let jobs = list.data.into_iter().map(|job| FineTuneJob { stage: Dialect::Mistral.stage(&job.status), ..job });
    Ok(FineTuneList { jobs: jobs.collect(), total })
}

/// `GET /api/fine-tunes/:id`.
pub async fn get(_req: Request, ctx: RouteContext) -> Result<Response> {
    ctx.send(200, job(&ctx, Action::Get).await)
}

/// `POST /api/fine-tunes/:id/start`: starts a job created without `auto_start`.
pub async fn start(_req: Request, ctx: RouteContext) -> Result<Response> {
    ctx.send(200, job(&ctx, Action::Start).await)
}

/// `POST /api/fine-tunes/:id/cancel`.
pub async fn cancel(_req: Request, ctx: RouteContext) -> Result<Response> {
    ctx.send(200, job(&ctx, Action::Cancel).await)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Get,
    Start,
    Cancel,
}

async fn job(ctx: &RouteContext, action: Action) -> Outcome<FineTuneJob> {
    let config = &ctx.data;
    // A provider's job id comes as `provider:id`, its colon percent-encoded or not.
    let raw = ctx.param("id").map(String::as_str).unwrap_or_default();
    let decoded = js_sys::decode_uri_component(raw).map(String::from).unwrap_or_else(|_| raw.to_owned());
    let id = routed_id("id", &decoded)?;
    let (provider, issued) = split_routed(&id);
    let target = Target::of(config, provider)?;
    let dialect = target.fine_tuning()?;
    let call = match action {
        Action::Get => Call::get(dialect.job_path(issued)),
        Action::Start => match dialect.start_path(issued) {
            Some(path) => Call::post_json(path, None),
            None => {
                return Err(target
                    .named(ApiError::new(
                        ErrorCode::Conflict,
                        format!("{UPSTREAM} started job {id} when it was created; there is nothing to start"),
                    ))
                    .into());
            }
        },
        Action::Cancel => Call::post_json(dialect.cancel_path(issued), None),
    };
    let named = |f: CallError| target.named(f.into_client_error());
    let body = upstream::send_to(config, target, &call).await.map_err(named)?;
    let mut job = read_job(target, dialect, &body)?;
    if let (Action::Get, Some(path)) = (action, dialect.events_path(issued)) {
        let events = upstream::send_to(config, target, &Call::get(path)).await.map_err(named)?;
        job = dialect.read_events(job, &events).map_err(|e| unexpected(target, &e.to_string()))?;
    }
    if action == Action::Get && target.deploys_lora() && job.stage == Some(Stage::Succeeded) {
        job = deployed(config, target, issued, job).await?;
    }
    Ok(job.qualified(target.provider_name()))
}

/// A trained job of a provider whose adapters are deployed before they chat, with its deployment:
/// found among the provider's models (made of this job), or made now from its last checkpoint.
/// Looking first means following the job, across reloads, deploys it once.
async fn deployed(
    config: &Config,
    target: Target<'_>,
    issued: &str,
    job: FineTuneJob,
) -> std::result::Result<FineTuneJob, ApiError> {
    let named = |f: CallError| target.named(f.into_client_error());
    let shape = |e: serde_json::Error| unexpected(target, &e.to_string());
    let listed = upstream::send_to(config, target, &Call::get(deploy::MODELS_PATH)).await.map_err(named)?;
    let deployment = match deploy::find_deployment(&listed, issued).map_err(shape)? {
        Some(deployment) => deployment,
        None => {
            let checkpoints = Call::get(deploy::checkpoints_path(issued));
            let answer = upstream::send_to(config, target, &checkpoints).await.map_err(named)?;
            let (_, last) = deploy::read_checkpoints(&answer).map_err(shape)?;
            let Some(last) = last else {
                return Err(target.named(ApiError::new(
                    ErrorCode::UpstreamError,
                    format!(
                        "{UPSTREAM} reports job {issued} trained but lists no checkpoint to deploy; try again later"
                    ),
                )));
            };
            let body = deploy::deploy_body(issued, &last, &job.model);
            let made = Call::post_json(deploy::MODELS_PATH, Some(body.to_string()));
            let answer = upstream::send_to(config, target, &made).await.map_err(named)?;
            deploy::read_deployment(&answer).map_err(shape)?
        }
    };
    Ok(deploy::deployed(job, &deployment))
}

fn read_job(target: Target<'_>, dialect: Dialect, body: &str) -> std::result::Result<FineTuneJob, ApiError> {
    dialect.read_job(body).map_err(|e| unexpected(target, &e.to_string()))
}

fn unexpected(target: Target<'_>, problem: &str) -> ApiError {
    target.named(ApiError::new(
        ErrorCode::UpstreamError,
        format!("{UPSTREAM} answered a fine-tuning call with JSON of an unexpected shape ({problem}); try again later"),
    ))
}

/// An upstream 2xx body as `T`; anything else is a 502 that names the mismatch, not the body.
fn read<T: DeserializeOwned>(target: Target<'_>, body: &str) -> std::result::Result<T, ApiError> {
    serde_json::from_str(body).map_err(|e| {
        target.named(ApiError::new(
            ErrorCode::UpstreamError,
            format!("{UPSTREAM} answered a fine-tuning call with JSON of an unexpected shape ({e}); try again later"),
        ))
    })
}
