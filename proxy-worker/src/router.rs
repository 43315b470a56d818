//! Paths to handlers. Each API path is registered for every method and checks the method itself:
//! `worker::Router`'s own 404 and 405 answers are plain text without `Allow`, and every error
//! here must be the JSON error body.

use std::future::Future;

use worker::{Env, Request, Response, Result, RouteContext, Router};

use crate::config::Config;
use crate::{generate, health, respond};

pub async fn handle(req: Request, env: Env) -> Result<Response> {
    if !is_api(&req.path()) {
        return asset(req, &env).await;
    }
    let router = Router::with_data(Config::from_env(&env));
    let router = route(router, "/api/health", "GET", health::get);
    let router = route(router, "/api/generate", "POST", generate::post);
    router
        // Static paths win over these; `/*rest` needs at least one character after the slash.
        .or_else_any_method_async("/api", not_found)
        .or_else_any_method_async("/api/", not_found)
        .or_else_any_method_async("/api/*rest", not_found)
        .run(req, env)
        .await
}

/// Registers `path` for the one method it serves; any other method gets a JSON 405.
fn route<'a, H, F>(router: Router<'a, Config>, path: &str, allow: &'static str, handler: H) -> Router<'a, Config>
where
    H: Fn(Request, RouteContext<Config>) -> F + Copy + 'a,
    F: Future<Output = Result<Response>> + 'a,
{
    router
        .or_else_any_method_async(path, move |req, ctx| async move {
            if method(&req) == allow { handler(req, ctx).await } else { wrong_method(&req, allow) }
        })
        // matchit 0.7 does not let `/api/*rest` catch `{path}/` (it reports a trailing-slash
        // mismatch), and worker::Router would then answer with its plain-text 404.
        .or_else_any_method_async(&format!("{path}/"), not_found)
}

fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The method as sent. `Request::method` maps methods it does not know to GET, which would let
/// e.g. `FOO /api/health` through.
fn method(req: &Request) -> String {
    req.inner().method()
}

fn wrong_method(req: &Request, allow: &str) -> Result<Response> {
    respond::method_not_allowed(&method(req), &req.path(), allow)
}

async fn not_found(req: Request, _ctx: RouteContext<Config>) -> Result<Response> {
    respond::not_found(&req.path())
}

/// With `run_worker_first = ["/api/*"]` other paths go to the assets directly; should one reach
/// the worker anyway, the assets still answer it.
async fn asset(req: Request, env: &Env) -> Result<Response> {
    match env.assets("ASSETS") {
        Ok(assets) => assets.fetch_request(req).await,
        Err(_) => respond::not_found(&req.path()),
    }
}
