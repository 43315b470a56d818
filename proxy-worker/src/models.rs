//! `GET /api/models` (curator): the models the upstreams serve today, with what each can do
//! (chat completion, fine-tuning), so the app offers only what exists: Mistral's, then each
//! provider's of `UPSTREAMS` as `provider:model`, with the provider named. Mistral retires models
//! (and has deprecated fine-tuning on some), so nothing here is a fixed list. A provider that does
//! not answer leaves its models out (logged), not the others.

use tallas_core::api::{ApiError, ErrorCode, ModelInfo};
use worker::{Request, Response, Result, console_warn};

use crate::auth;
use crate::config::Config;
use crate::outcome::{Outcome, send};
use crate::route_context::RouteContext;
use crate::upstream::{self, Call, Failure, UPSTREAM};

pub async fn get(req: Request, ctx: RouteContext) -> Result<Response> {
    send("GET /api/models", 200, models(&req, &ctx.data).await)
}

async fn models(req: &Request, config: &Config) -> Outcome<Vec<ModelInfo>> {
    auth::require_curator(req, &config.curator_token)?;
    let key = upstream::key(config)?;
    let body = upstream::send(config, key, &Call::get("/v1/models")).await.map_err(Failure::into_api_error)?;
    let mut models = ModelInfo::from_upstream(&body)
        .map_err(|e| ApiError::new(ErrorCode::UpstreamError, format!("{UPSTREAM}: {e}")))?;
    for provider in config.providers.as_deref().unwrap_or_default() {
        match upstream::provider_models(config, provider).await {
            Ok(listed) => models.extend(listed),
            Err(e) => console_warn!("the models of the provider {:?} are left out: {}", provider.name, e.message),
        }
    }
    Ok(models)
}
