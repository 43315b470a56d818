//! Paths to handlers. Each API path is registered for every method and checks the method itself:
//! `worker::Router`'s own 404 and 405 answers are plain text without `Allow`, and every error
//! here must be the JSON error body.

use std::future::Future;
use std::rc::Rc;

use worker::{Context, Env, Request, Response, Result, RouteContext, Router};

use crate::config::Config;
use crate::{arena, ballots, play, votes};
use crate::{files, fine_tunes, models, tasks};
use crate::{generate, health, respond};

pub async fn handle(req: Request, env: Env, event: Context) -> Result<Response> {
    if !is_api(&req.path()) {
        return asset(req, &env).await;
    }
    let config = Config { event: Some(Rc::new(event)), ..Config::of_isolate(&env) };
    let router = Router::with_data(config);
    let router = route(router, "/api/health", "GET", health::get);
    let router = route(router, "/api/generate", "POST", generate::post);
    // Public endpoints with per-client limits (ballots, votes, playground); see each module.
    let router = route(router, "/api/ballots", "POST", ballots::create);
    let router = route(router, "/api/ballots/:id", "GET", ballots::get);
    let router = route(router, "/api/ballots/:id/next", "GET", ballots::next);
    let router = route(router, "/api/ballots/:id/votes", "POST", votes::post);
    let router = route(router, "/api/ballots/:id/results", "GET", ballots::results);
    let router = route(router, "/api/ballots/:id/close", "POST", ballots::close);
    let router = route_two(router, "/api/play/config", ("GET", play::get_config), ("PUT", play::put_config));
    let router = route(router, "/api/play", "POST", play::post);
    let router = route(router, "/api/play/arena", "POST", arena::post_match);
    let router = route(router, "/api/play/arena/:id/vote", "POST", arena::post_vote);
    let router = route(router, "/api/play/arena/votes", "GET", arena::get_votes);
    // Curator endpoints (`Authorization: Bearer <CURATOR_TOKEN>`, see auth.rs): LLM tasks, models, fine-tuning.
    let router = route(router, "/api/extract", "POST", tasks::extract);
    let router = route(router, "/api/refine", "POST", tasks::refine);
    let router = route(router, "/api/keywords", "POST", tasks::keywords);
    let router = route(router, "/api/graph", "POST", tasks::graph);
    let router = route(router, "/api/rewrite", "POST", tasks::rewrite);
    let router = route(router, "/api/judge", "POST", tasks::judge);
    let router = route(router, "/api/models", "GET", models::get);
    let router = route(router, "/api/files", "POST", files::post);
    let router = route_two(router, "/api/fine-tunes", ("GET", fine_tunes::list), ("POST", fine_tunes::create));
    let router = route(router, "/api/fine-tunes/:id", "GET", fine_tunes::get);
    let router = route(router, "/api/fine-tunes/:id/start", "POST", fine_tunes::start);
    let router = route(router, "/api/fine-tunes/:id/cancel", "POST", fine_tunes::cancel);
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

/// Like `route`, for a path that serves two methods (e.g. GET and PUT).
fn route_two<'a, H1, F1, H2, F2>(
    router: Router<'a, Config>,
    path: &str,
    (first, first_handler): (&'static str, H1),
    (second, second_handler): (&'static str, H2),
) -> Router<'a, Config>
where
    H1: Fn(Request, RouteContext<Config>) -> F1 + Copy + 'a,
    F1: Future<Output = Result<Response>> + 'a,
    H2: Fn(Request, RouteContext<Config>) -> F2 + Copy + 'a,
    F2: Future<Output = Result<Response>> + 'a,
{
    router
        .or_else_any_method_async(path, move |req, ctx| async move {
            let sent = method(&req);
            if sent == first {
                first_handler(req, ctx).await
            } else if sent == second {
                second_handler(req, ctx).await
            } else {
                wrong_method(&req, &format!("{first}, {second}"))
            }
        })
        .or_else_any_method_async(&format!("{path}/"), not_found)
}

pub fn is_api(path: &str) -> bool {
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

/// The page binary other than the curator's workspace that answers `path`, as the folder of its
/// built HTML. The open pages (app/src/open): a shared link opens that small app and never the
/// curator's; a voter's `/vote/<id>` (the curator's own `/vote` has no slash after it) and the
/// public `/play` (not the curator's `/playground`). And the experiment's areas (`tallas_app::Lab`).
fn open_page(path: &str) -> Option<&'static str> {
    let area = |name: &str| path == name || path.strip_prefix(name).is_some_and(|rest| rest.starts_with('/'));
    if path.starts_with("/vote/") {
        Some("/open/")
    } else if area("/play") {
        Some("/play-app/")
    } else if area("/dataset") || area("/fine-tune") || area("/evaluate") {
        Some("/lab/")
    } else {
        None
    }
}

/// Static files. With `run_worker_first` (wrangler.toml) only the open pages' paths come here; any
/// other path that reaches the worker anyway is still answered by the assets.
async fn asset(req: Request, env: &Env) -> Result<Response> {
    let Ok(assets) = env.assets("ASSETS") else { return respond::not_found(&req.path()) };
    if let Some(folder) = open_page(&req.path()) {
        let mut url = req.url()?;
        // The folder, not `index.html`, which the assets would redirect to it.
        url.set_path(folder);
        url.set_query(None);
        return assets.fetch(url.to_string(), None).await;
    }
    assets.fetch_request(req).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn open_pages_are_the_voters_and_the_public_playground() {
        for (path, folder) in [
            ("/vote/abc", "/open/"),
            ("/vote/abc/", "/open/"),
            ("/play", "/play-app/"),
            ("/play/", "/play-app/"),
            ("/dataset", "/lab/"),
            ("/fine-tune/", "/lab/"),
            ("/evaluate", "/lab/"),
        ] {
            assert_eq!(super::open_page(path), Some(folder), "{path}");
        }
        for curator in [
            "/vote",
            "/playground",
            "/playground/x",
            "/player",
            "/",
            "/jokes",
            "/play-app/x.wasm",
            "/datasets",
            "/lab/x.wasm",
        ] {
            assert_eq!(super::open_page(curator), None, "{curator}");
        }
    }
}
