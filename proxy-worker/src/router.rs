//! Paths to handlers: one table of the API's routes, matched once per isolate (`matchit`, the
//! matcher `worker::Router` uses, without rebuilding its tree on every request). Every error here is
//! the JSON error body: a path no route has is `404`, a method its route does not serve is `405`
//! with `Allow`.

use std::cell::OnceCell;
use std::rc::Rc;

use worker::{Context, Env, Request, Response, Result};

use crate::config::Config;
use crate::route_context::RouteContext;
use crate::{arena, ballots, play, votes};
use crate::{files, fine_tunes, models, tasks};
use crate::{generate, health, respond};

/// Every endpoint, by what it does; `ROUTES` gives each its path and method.
#[derive(Clone, Copy)]
enum Endpoint {
    Health,
    Generate,
    CreateBallot,
    Ballot,
    BallotNext,
    Vote,
    BallotResults,
    CloseBallot,
    PlayConfig,
    SetPlayConfig,
    Play,
    ArenaMatch,
    ArenaVote,
    ArenaVotes,
    Extract,
    Refine,
    Keywords,
    Graph,
    Rewrite,
    Judge,
    Models,
    Files,
    FineTunes,
    CreateFineTune,
    FineTune,
    StartFineTune,
    CancelFineTune,
}

/// Each path and the methods it serves.
const ROUTES: &[(&str, &[(&str, Endpoint)])] = &[
    ("/api/health", &[("GET", Endpoint::Health)]),
    ("/api/generate", &[("POST", Endpoint::Generate)]),
    // Public endpoints with per-client limits (ballots, votes, playground); see each module.
    ("/api/ballots", &[("POST", Endpoint::CreateBallot)]),
    ("/api/ballots/:id", &[("GET", Endpoint::Ballot)]),
    ("/api/ballots/:id/next", &[("GET", Endpoint::BallotNext)]),
    ("/api/ballots/:id/votes", &[("POST", Endpoint::Vote)]),
    ("/api/ballots/:id/results", &[("GET", Endpoint::BallotResults)]),
    ("/api/ballots/:id/close", &[("POST", Endpoint::CloseBallot)]),
    ("/api/play/config", &[("GET", Endpoint::PlayConfig), ("PUT", Endpoint::SetPlayConfig)]),
    ("/api/play", &[("POST", Endpoint::Play)]),
    ("/api/play/arena", &[("POST", Endpoint::ArenaMatch)]),
    ("/api/play/arena/:id/vote", &[("POST", Endpoint::ArenaVote)]),
    ("/api/play/arena/votes", &[("GET", Endpoint::ArenaVotes)]),
    // Curator endpoints (`Authorization: Bearer <CURATOR_TOKEN>`, see auth.rs): LLM tasks, models, fine-tuning.
    ("/api/extract", &[("POST", Endpoint::Extract)]),
    ("/api/refine", &[("POST", Endpoint::Refine)]),
    ("/api/keywords", &[("POST", Endpoint::Keywords)]),
    ("/api/graph", &[("POST", Endpoint::Graph)]),
    ("/api/rewrite", &[("POST", Endpoint::Rewrite)]),
    ("/api/judge", &[("POST", Endpoint::Judge)]),
    ("/api/models", &[("GET", Endpoint::Models)]),
    ("/api/files", &[("POST", Endpoint::Files)]),
    ("/api/fine-tunes", &[("GET", Endpoint::FineTunes), ("POST", Endpoint::CreateFineTune)]),
    ("/api/fine-tunes/:id", &[("GET", Endpoint::FineTune)]),
    ("/api/fine-tunes/:id/start", &[("POST", Endpoint::StartFineTune)]),
    ("/api/fine-tunes/:id/cancel", &[("POST", Endpoint::CancelFineTune)]),
];

thread_local! {
    /// `ROUTES` as a tree of paths to their index, built by the isolate's first API request.
    static TABLE: OnceCell<matchit::Router<usize>> = const { OnceCell::new() };
}

fn table() -> matchit::Router<usize> {
    let mut table = matchit::Router::new();
    for (index, (path, _)) in ROUTES.iter().enumerate() {
        // The paths above are fixed and distinct (the unit test below finds each one); a
        // conflict would be a bug in this file.
        if let Err(e) = table.insert(*path, index) {
            worker::console_error!("route {path} not registered: {e}");
        }
    }
    table
}

/// The route `path` names, with its parameters, or `None`.
fn find(path: &str) -> Option<(usize, Vec<(String, String)>)> {
    TABLE.with(|cell| {
        let found = cell.get_or_init(table).at(path).ok()?;
        let params = found.params.iter().map(|(key, value)| (key.to_owned(), value.to_owned())).collect();
        Some((*found.value, params))
    })
}

pub async fn handle(req: Request, env: Env, event: Context) -> Result<Response> {
    let path = req.path();
    if !is_api(&path) {
        return asset(req, &env).await;
    }
    let Some((index, params)) = find(&path) else { return respond::not_found(&path) };
    let (_, methods) = ROUTES[index];
    let sent = method(&req);
    let Some(&(_, endpoint)) = methods.iter().find(|(allowed, _)| *allowed == sent) else {
        let allow: Vec<&str> = methods.iter().map(|(allowed, _)| *allowed).collect();
        return respond::method_not_allowed(&sent, &path, &allow.join(", "));
    };
    let data = Config { event: Some(Rc::new(event)), ..Config::of_isolate(&env) };
    let ctx = RouteContext { data, env, params };
    match endpoint {
        Endpoint::Health => health::get(req, ctx).await,
        Endpoint::Generate => generate::post(req, ctx).await,
        Endpoint::CreateBallot => ballots::create(req, ctx).await,
        Endpoint::Ballot => ballots::get(req, ctx).await,
        Endpoint::BallotNext => ballots::next(req, ctx).await,
        Endpoint::Vote => votes::post(req, ctx).await,
        Endpoint::BallotResults => ballots::results(req, ctx).await,
        Endpoint::CloseBallot => ballots::close(req, ctx).await,
        Endpoint::PlayConfig => play::get_config(req, ctx).await,
        Endpoint::SetPlayConfig => play::put_config(req, ctx).await,
        Endpoint::Play => play::post(req, ctx).await,
        Endpoint::ArenaMatch => arena::post_match(req, ctx).await,
        Endpoint::ArenaVote => arena::post_vote(req, ctx).await,
        Endpoint::ArenaVotes => arena::get_votes(req, ctx).await,
        Endpoint::Extract => tasks::extract(req, ctx).await,
        Endpoint::Refine => tasks::refine(req, ctx).await,
        Endpoint::Keywords => tasks::keywords(req, ctx).await,
        Endpoint::Graph => tasks::graph(req, ctx).await,
        Endpoint::Rewrite => tasks::rewrite(req, ctx).await,
        Endpoint::Judge => tasks::judge(req, ctx).await,
        Endpoint::Models => models::get(req, ctx).await,
        Endpoint::Files => files::post(req, ctx).await,
        Endpoint::FineTunes => fine_tunes::list(req, ctx).await,
        Endpoint::CreateFineTune => fine_tunes::create(req, ctx).await,
        Endpoint::FineTune => fine_tunes::get(req, ctx).await,
        Endpoint::StartFineTune => fine_tunes::start(req, ctx).await,
        Endpoint::CancelFineTune => fine_tunes::cancel(req, ctx).await,
    }
}

pub fn is_api(path: &str) -> bool {
    path == "/api" || path.starts_with("/api/")
}

/// The method as sent. `Request::method` maps methods it does not know to GET, which would let
/// e.g. `FOO /api/health` through.
fn method(req: &Request) -> String {
    req.inner().method()
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
    use super::{ROUTES, find};

    #[test]
    fn every_route_is_found_by_its_own_path_and_nothing_else_is() {
        for (index, (path, _)) in ROUTES.iter().enumerate() {
            let sent = path.replace(":id", "0123abcd");
            assert_eq!(find(&sent).map(|(found, _)| found), Some(index), "{path}");
        }
        let (_, params) = find("/api/ballots/b%20c/votes").expect("the votes route");
        assert_eq!(params, vec![("id".to_owned(), "b%20c".to_owned())]);
        for unknown in ["/api", "/api/", "/api/health/", "/api/nope", "/api/ballots/x/votes/y"] {
            assert!(find(unknown).is_none(), "{unknown}");
        }
    }

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
