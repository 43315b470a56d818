//! `GET /api/health`: what the worker is configured with, so the app and operators can tell a
//! missing key from a broken upstream. Never the key itself.

use tallas_core::api::{ConfiguredModels, Health};
use tallas_core::tasks::Task;
use worker::{Request, Response, Result};

use crate::config::Config;
use crate::respond;
use crate::route::RouteContext;

pub async fn get(_req: Request, ctx: RouteContext) -> Result<Response> {
    respond::json(&health(&ctx.data))
}

fn health(config: &Config) -> Health {
    Health {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        key_configured: config.api_key.is_some(),
        curator_token_configured: config.curator_token.is_configured(),
        upstream_base_url: config.base_url.clone(),
        models: ConfiguredModels {
            generate: config.model_generate.clone(),
            extract: config.tasks.get(Task::Extract).model,
            refine: config.tasks.get(Task::Refine).model,
            keywords: config.tasks.get(Task::Keywords).model,
            graph: config.tasks.get(Task::Graph).model,
            rewrite: config.tasks.get(Task::Rewrite).model,
            judge: config.tasks.get(Task::Judge).model,
        },
    }
}
