//! `GET /api/models` (curator): the models the upstreams serve today, with what each can do
//! (chat completion, fine-tuning), so the app offers only what exists: Mistral's, then each
//! provider's of `UPSTREAMS` as `provider:model`, with the provider named. Mistral retires models
//! (and has deprecated fine-tuning on some), so nothing here is a fixed list. A provider that does
//! not answer leaves its models out (logged), not the others.

use tallas_core::api::{ApiError, ErrorCode, ModelInfo};
use worker::{Request, Response, Result, console_warn};

use crate::config::Config;
use crate::outcome::Outcome;
use crate::route::RouteContext;
use crate::upstream::{self, Call, CallError, UPSTREAM};

pub async fn get(_req: Request, ctx: RouteContext) -> Result<Response> {
    ctx.send(200, models(&ctx.data).await)
}

async fn models(config: &Config) -> Outcome<Vec<ModelInfo>> {
    let key = upstream::key(config)?;
    let body = upstream::send(config, key, &Call::get("/v1/models")).await.map_err(CallError::into_api_error)?;
    let mut models = ModelInfo::from_upstream(&body)
        .map_err(|e| ApiError::new(ErrorCode::UpstreamError, format!("{UPSTREAM}: {e}")))?;
    for provider in config.providers.as_deref().unwrap_or_default() {
        match upstream::provider_models(config, provider).await {
            Ok(listed) => models.extend(listed),
            Err(e) => console_warn!("the models of the provider {:?} are left out: {}", provider.spec.name, e.message),
        }
    }
    Ok(models)
}
