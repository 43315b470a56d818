//! The curator's fine-tuning jobs, proxied to `/v1/fine_tuning/jobs` of the base model's
//! upstream (Mistral, or a provider of `UPSTREAMS` with a fine-tuning API of the same shape, whose
//! jobs, files and tuned models are named `provider:id`, see `tallas_core::api::routed_id`):
//! `POST /api/fine-tunes` (create, or with `dry_run` only estimate cost and tokens, in a way that
//! cannot start a job),
//! `GET /api/fine-tunes` (list, with `page`, `page_size`, `model` and `status` filters),
//! `GET /api/fine-tunes/:id`, `POST /api/fine-tunes/:id/start` and `POST /api/fine-tunes/:id/cancel`.
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
use tallas_core::fine_tuning;
use tallas_core::upstream::UpstreamFailure;
use worker::{Request, Response, Result, console_warn};

use crate::config::Config;
use crate::outcome::Outcome;
use crate::route::RouteContext;
use crate::upstream::{self, Call, CallError, Target, UPSTREAM};

const JOBS: &str = "/v1/fine_tuning/jobs";

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
    let asked = request.clone().for_upstream(target.provider_name(), base)?;
    if request.dry_run {
        return Ok(Created::Estimate(estimate(config, target, asked, &request.model).await?));
    }
    let call = Call::post_json(JOBS, Some(asked.upstream_body().to_string()));
    let body = upstream::send_to(config, target, &call).await.map_err(|f| refused(target, f, &request.model))?;
    let job: FineTuneJob = read(target, &body)?;
    Ok(Created::Job(Box::new(job.qualified(target.provider_name()))))
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
    let body = CreateFineTune { auto_start: false, ..request }.upstream_body();
    let call = Call::post_json(format!("{JOBS}?dry_run=true"), Some(body.to_string()));
    let answer = upstream::send_to(config, target, &call).await.map_err(|f| refused(target, f, model))?;
    let value: serde_json::Value = read(target, &answer)?;
    let Some(job_id) = fine_tuning::job_instead_of_estimate(&value) else { return Ok(read(target, &answer)?) };
    let cancel = Call::post_json(format!("{JOBS}/{}/cancel", issued_id("id", target.provider_name(), &job_id)?), None);
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
    let call = Call::get(format!("{JOBS}{}", query.to_query_string()));
    let body = upstream::send_to(config, mistral, &call).await.map_err(CallError::into_client_error)?;
    let list: UpstreamList<FineTuneJob> = read(mistral, &body)?;
    let total = list.total.unwrap_or(list.data.len() as u64);
    Ok(FineTuneList { jobs: list.data, total })
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

#[derive(Clone, Copy)]
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
    let call = match action {
        Action::Get => Call::get(format!("{JOBS}/{issued}")),
        Action::Start => Call::post_json(format!("{JOBS}/{issued}/start"), None),
        Action::Cancel => Call::post_json(format!("{JOBS}/{issued}/cancel"), None),
    };
    let body = upstream::send_to(config, target, &call).await.map_err(|f| target.named(f.into_client_error()))?;
    let job: FineTuneJob = read(target, &body)?;
    Ok(job.qualified(target.provider_name()))
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
