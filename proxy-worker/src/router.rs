//! Paths to handlers: one table of the API's routes, matched once per isolate (`matchit`, the
//! matcher `worker::Router` uses, without rebuilding its tree on every request). Every error here is
//! the JSON error body: a path no route has is `404`, a method its route does not serve is `405`
//! with `Allow`.

use std::cell::OnceCell;
use std::rc::Rc;

use worker::{Context, Env, Request, Response, Result};

use crate::config::Config;
use crate::outcome::send;
use crate::route::{Access, BodyLimit, Route, RouteContext};
use crate::{arena, ballots, play, votes};
use crate::{auth, respond};
use crate::{files, fine_tunes, models, tasks};
use crate::{generate, health};

/// One row of `ROUTES`: `route!(METHOD "/path", access, body limit, handler)`.
macro_rules! route {
    ($method:literal $path:literal, $access:ident, $body:ident, $handler:path) => {
        Route {
            method: $method,
            path: $path,
            label: concat!($method, " ", $path),
            access: Access::$access,
            body: BodyLimit::$body,
            handler: |req, ctx| Box::pin($handler(req, ctx)),
        }
    };
}

/// Every endpoint of the API: the one list. `openapi.yaml` declares exactly these routes, with the
/// curator's security on exactly the `Curator` ones (tests/worker/contract.test.mjs checks both,
/// and that the app calls no path missing here).
pub static ROUTES: &[Route] = &[
    route!("GET" "/api/health", Public, None, health::get),
    route!("POST" "/api/generate", Curator, Task, generate::post),
    // Ballots and votes: public, with per-client limits; a ballot's results and closing need its
    // admin token (ballots.rs).
    route!("POST" "/api/ballots", Curator, Ballot, ballots::create),
    route!("GET" "/api/ballots/:id", Public, None, ballots::get),
    route!("GET" "/api/ballots/:id/next", Public, None, ballots::next),
    route!("POST" "/api/ballots/:id/votes", Public, Vote, votes::post),
    route!("GET" "/api/ballots/:id/results", Public, None, ballots::results),
    route!("POST" "/api/ballots/:id/close", Public, None, ballots::close),
    // The playground and its arena: public, with per-player limits; the curator publishes.
    route!("GET" "/api/play/config", Public, None, play::get_config),
    route!("PUT" "/api/play/config", Curator, Play, play::put_config),
    route!("POST" "/api/play", Public, Play, play::post),
    route!("POST" "/api/play/arena", Public, Play, arena::post_match),
    route!("POST" "/api/play/arena/:id/vote", Public, Vote, arena::post_vote),
    route!("GET" "/api/play/arena/votes", Curator, None, arena::get_votes),
    route!("GET" "/api/play/arena/preferences", Curator, None, arena::get_preferences),
    // The curator's LLM tasks, models and fine-tuning.
    route!("POST" "/api/extract", Curator, Task, tasks::extract),
    route!("POST" "/api/refine", Curator, Task, tasks::refine),
    route!("POST" "/api/keywords", Curator, Task, tasks::keywords),
    route!("POST" "/api/graph", Curator, Task, tasks::graph),
    route!("POST" "/api/rewrite", Curator, Task, tasks::rewrite),
    route!("POST" "/api/judge", Curator, Task, tasks::judge),
    route!("GET" "/api/models", Curator, None, models::get),
    route!("POST" "/api/files", Curator, File, files::post),
    route!("GET" "/api/fine-tunes", Curator, None, fine_tunes::list),
    route!("POST" "/api/fine-tunes", Curator, Task, fine_tunes::create),
    route!("GET" "/api/fine-tunes/:id", Curator, None, fine_tunes::get),
    route!("POST" "/api/fine-tunes/:id/start", Curator, None, fine_tunes::start),
    route!("POST" "/api/fine-tunes/:id/cancel", Curator, None, fine_tunes::cancel),
];

/// `ROUTES` by path: a tree of the distinct paths, each to the rows that serve it.
struct Table {
    paths: matchit::Router<usize>,
    rows: Vec<Vec<&'static Route>>,
}

thread_local! {
    /// Built by the isolate's first API request and kept for the isolate's life.
    static TABLE: OnceCell<&'static Table> = const { OnceCell::new() };
}

fn table() -> &'static Table {
    let mut paths = matchit::Router::new();
    let mut rows: Vec<Vec<&'static Route>> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for route in ROUTES {
        if let Some(index) = seen.iter().position(|path| *path == route.path) {
            rows[index].push(route);
            continue;
        }
        // The paths above are fixed and distinct (the unit test below finds each one); a
        // conflict would be a bug in this file.
        if let Err(e) = paths.insert(route.path, seen.len()) {
            worker::console_error!("route {} not registered: {e}", route.path);
        }
        seen.push(route.path);
        rows.push(vec![route]);
    }
    Box::leak(Box::new(Table { paths, rows }))
}

/// The values of a path's `:name` segments, by name.
type Params = Vec<(String, String)>;

/// The rows serving `path`, with its parameters, or `None`.
fn find(path: &str) -> Option<(&'static [&'static Route], Params)> {
    let table: &'static Table = TABLE.with(|cell| *cell.get_or_init(table));
    let found = table.paths.at(path).ok()?;
    let params = found.params.iter().map(|(key, value)| (key.to_owned(), value.to_owned())).collect();
    Some((&table.rows[*found.value], params))
}

pub async fn handle(req: Request, env: Env, event: Context) -> Result<Response> {
    let path = req.path();
    if !is_api(&path) {
        return asset(req, &env).await;
    }
    let Some((rows, params)) = find(&path) else { return respond::not_found(&path) };
    let sent = method(&req);
    let Some(route) = rows.iter().find(|route| route.method == sent) else {
        let allow: Vec<&str> = rows.iter().map(|route| route.method).collect();
        return respond::method_not_allowed(&sent, &path, &allow.join(", "));
    };
    let data = Config { event: Some(Rc::new(event)), ..Config::of_isolate(&env) };
    if route.access == Access::Curator
        && let Err(refused) = auth::require_curator(&req, &data.curator_token)
    {
        return send::<()>(route.label, 200, Err(refused.into()));
    }
    (route.handler)(req, RouteContext { data, env, route, params }).await
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
    use crate::route::BodyLimit;

    #[test]
    fn every_route_is_found_by_its_own_path_and_nothing_else_is() {
        for route in ROUTES {
            let sent = route.path.replace(":id", "0123abcd");
            let (rows, _) = find(&sent).unwrap_or_else(|| panic!("{} not found", route.label));
            assert!(rows.iter().any(|row| std::ptr::eq(*row, route)), "{}", route.label);
            assert!(rows.iter().all(|row| row.path == route.path), "{}", route.label);
        }
        let (_, params) = find("/api/ballots/b%20c/votes").expect("the votes route");
        assert_eq!(params, vec![("id".to_owned(), "b%20c".to_owned())]);
        for unknown in ["/api", "/api/", "/api/health/", "/api/nope", "/api/ballots/x/votes/y"] {
            assert!(find(unknown).is_none(), "{unknown}");
        }
    }

    #[test]
    fn each_method_of_a_path_is_one_row_and_every_label_names_its_row() {
        for (index, route) in ROUTES.iter().enumerate() {
            assert_eq!(route.label, format!("{} {}", route.method, route.path));
            let twins = ROUTES[index + 1..].iter().filter(|r| r.path == route.path && r.method == route.method);
            assert_eq!(twins.count(), 0, "{} twice", route.label);
        }
    }

    #[test]
    fn a_get_reads_no_body() {
        for route in ROUTES.iter().filter(|route| route.method == "GET") {
            assert_eq!(route.body, BodyLimit::None, "{}", route.label);
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
