//! `GET /api/health`: what the worker is configured with, so the app and operators can tell a
//! missing key from a broken upstream. Never the key itself.

use tallas_core::api::{ConfiguredModels, Health};
use worker::{Request, Response, Result, RouteContext};

use crate::config::Config;
use crate::respond;

pub async fn get(_req: Request, ctx: RouteContext<Config>) -> Result<Response> {
    respond::json(&health(&ctx.data))
}

fn health(config: &Config) -> Health {
    Health {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        key_configured: config.api_key.is_some(),
        upstream_base_url: config.base_url.clone(),
        models: ConfiguredModels { generate: config.model_generate.clone() },
    }
}
