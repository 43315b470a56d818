//! What a route is and what its handler gets besides the request. The table itself is
//! `router::ROUTES`; these types live apart from it because every handler module names them and
//! the router names every handler module.

use std::future::Future;
use std::pin::Pin;

use serde::Serialize;
use serde::de::DeserializeOwned;
use tallas_core::api::ApiError;
use worker::{Env, Request, Response, Result};

use crate::body;
use crate::config::Config;
use crate::outcome::{self, Outcome};

/// An endpoint's handler: the request and its context in, the response out.
pub type Handler = fn(Request, RouteContext) -> Pin<Box<dyn Future<Output = Result<Response>>>>;

/// One endpoint: everything the worker knows of it, in one row of `router::ROUTES`.
pub struct Route {
    pub method: &'static str,
    /// As matched, with `:name` segments; `openapi.yaml` writes them `{name}`.
    pub path: &'static str,
    /// `METHOD /path`, how the worker's log names the route.
    pub label: &'static str,
    pub access: Access,
    pub body: BodyLimit,
    pub handler: Handler,
}

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone. A public route may still ask for a ballot's admin token, or show the curator more
    /// when the curator token comes along (`RouteContext::is_curator`).
    Public,
    /// Only with `Authorization: Bearer <CURATOR_TOKEN>`: checked by the router before the handler
    /// runs (`auth.rs`).
    Curator,
}

/// The largest body a route reads, and what the 413 tells its caller to do instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyLimit {
    /// The route reads no body.
    None,
    /// `MAX_TASK_BODY_BYTES`: a task's or a job's JSON.
    Task,
    /// `MAX_FILE_BODY_BYTES`: a training file, streamed through by its handler.
    File,
    /// `MAX_BALLOT_BODY_BYTES`: a ballot's jokes.
    Ballot,
    /// A vote is a few short fields.
    Vote,
    /// A keyword and a model id; the playground's settings are a short list of model ids.
    Play,
}

const VOTE_BYTES: usize = 4096;
const PLAY_BYTES: usize = 8192;

impl BodyLimit {
    /// The limit in bytes under `config`.
    pub fn bytes(self, config: &Config) -> usize {
        match self {
            BodyLimit::None => 0,
            BodyLimit::Task => config.max_task_body_bytes,
            BodyLimit::File => config.max_file_body_bytes,
            BodyLimit::Ballot => config.max_ballot_body_bytes,
            BodyLimit::Vote => VOTE_BYTES,
            BodyLimit::Play => PLAY_BYTES,
        }
    }

    /// Where the limit comes from and what a caller over it should do instead.
    pub fn advice(self) -> &'static str {
        match self {
            BodyLimit::None => "this route reads no body; send none",
            BodyLimit::Task => "MAX_TASK_BODY_BYTES; send a shorter request, or raise the limit",
            BodyLimit::File => "MAX_FILE_BODY_BYTES; split the file or raise the limit",
            BodyLimit::Ballot => "MAX_BALLOT_BODY_BYTES; split it into several ballots",
            BodyLimit::Vote => "a vote is a few short fields; send only the fields the route takes",
            BodyLimit::Play => "the limit of the playground routes; send a keyword and a model's name",
        }
    }
}

/// The worker's settings, its bindings, the route that matched, and the values of its `:name`
/// segments (as sent, still percent-encoded).
pub struct RouteContext {
    pub data: Config,
    pub env: Env,
    pub route: &'static Route,
    pub(crate) params: Vec<(String, String)>,
}

impl RouteContext {
    pub fn param(&self, name: &str) -> Option<&String> {
        self.params.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// The body as `T`, refused past the route's `BodyLimit`.
    pub async fn json<T: DeserializeOwned>(&self, req: &mut Request) -> std::result::Result<T, ApiError> {
        let limit = self.route.body;
        body::json(req, limit.bytes(&self.data), &|bytes| body::too_large(self.route.label, bytes, limit.advice()))
            .await
    }

    /// `status` with the outcome's value as JSON, or its error; a fault is logged under the route.
    pub fn send<T: Serialize>(&self, status: u16, outcome: Outcome<T>) -> Result<Response> {
        outcome::send(self.route.label, status, outcome)
    }

    /// Whether the request is the curator's, for a public route that shows the curator more: without
    /// an `Authorization` header it is the public's; with one, it must carry the curator token, so
    /// that a wrong token is refused (401) rather than answered in the public's shape.
    pub fn is_curator(&self, req: &Request) -> std::result::Result<bool, ApiError> {
        match req.headers().get("authorization").ok().flatten() {
            None => Ok(false),
            Some(_) => crate::auth::require_curator(req, &self.data.curator_token).map(|()| true),
        }
    }
}
