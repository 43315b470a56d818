//! The Tallas worker: holds the Mistral key and answers `/api/*`; everything else is the app's
//! static files. See `router` for the routes.

mod arena;
mod auth;
mod ballots;
mod body;
mod clock;
mod config;
mod cors;
mod db;
mod db_arena;
mod db_ballots;
mod db_play;
mod files;
mod fine_tunes;
mod generate;
mod health;
mod ids;
mod limits;
mod models;
mod outcome;
mod play;
mod respond;
mod route;
mod router;
mod stream;
mod tasks;
mod upstream;
mod usage;
mod votes;

use tallas_core::api::{ApiError, ErrorCode};
use worker::{Context, Env, Request, Response, Result, console_error, event};

#[event(fetch)]
async fn fetch(req: Request, env: Env, ctx: Context) -> Result<Response> {
    // A panic (a bug) then shows its message in the worker log instead of "unreachable".
    console_error_panic_hook::set_once();
    // CORS wraps the whole API, errors included; see cors.rs. Static files are not its concern.
    let cors = if router::is_api(&req.path()) { Some(cors::Cors::new(&req, &env)?) } else { None };
    if let Some(answer) = cors.as_ref().map(|cors| cors.preflight(&req)).transpose()?.flatten() {
        return Ok(answer);
    }
    let response = match router::handle(req, env, ctx).await {
        Ok(response) => response,
        // Handlers answer their own errors; this is a fault in the worker itself (a binding, a
        // response that could not be built). It still gets the JSON error shape.
        Err(e) => {
            console_error!("unhandled worker error: {e}");
            respond::error(ApiError::new(ErrorCode::Internal, format!("the worker failed: {e}; see the worker log")))?
        }
    };
    match cors {
        Some(cors) => cors.decorate(response),
        None => Ok(response),
    }
}
