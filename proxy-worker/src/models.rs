//! `GET /api/models` (curator): the models the upstream serves today, with what each can do
//! (chat completion, fine-tuning), so the app offers only what exists. Mistral retires models
//! (and has deprecated fine-tuning on some), so nothing here is a fixed list.

use tallas_core::api::{ApiError, ErrorCode, ModelInfo};
use worker::{Request, Response, Result, RouteContext};

use crate::auth;
use crate::config::Config;
use crate::outcome::{Outcome, send};
use crate::upstream::{self, Call, Failure, UPSTREAM};

pub async fn get(req: Request, ctx: RouteContext<Config>) -> Result<Response> {
    send("GET /api/models", 200, models(&req, &ctx.data).await)
}

async fn models(req: &Request, config: &Config) -> Outcome<Vec<ModelInfo>> {
    auth::require_curator(req, &config.curator_token)?;
    let key = upstream::key(config)?;
    let body = upstream::send(config, key, &Call::get("/v1/models")).await.map_err(Failure::into_api_error)?;
    Ok(ModelInfo::from_upstream(&body)
        .map_err(|e| ApiError::new(ErrorCode::UpstreamError, format!("{UPSTREAM}: {e}")))?)
}
