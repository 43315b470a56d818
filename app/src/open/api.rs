//! The public endpoints as the open pages call them (a voter's ballot, the playground's config;
//! the playground's streamed answer is `play::stream`), with the failures a page acts on told
//! apart: a retry helps (no connection, the worker failing, a rate limit) or it does not.

use gloo_net::http::{Request, Response};
use serde::de::DeserializeOwned;
use tallas_core::ballot::{NextJokes, VoteRecorded, VoteRequest};
use tallas_core::play::PublicPlayConfig;
use tallas_core::play::arena::{ArenaMatch, ArenaRequest, ArenaReveal, ArenaVoteRequest};

use crate::js::{field, from_js, parse_json, to_json};

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// No ballot (404), or no such joke on it: the worker's message.
    #[error("{0}")]
    NotFound(String),
    /// The ballot is closed (410).
    #[error("{0}")]
    Gone(String),
    /// Too many requests from this network: again after this many seconds (429, `Retry-After`).
    #[error("rate limited for {0} s")]
    RateLimited(u32),
    /// The playground spent today's budget: back after this many seconds (429 `budget_exhausted`).
    #[error("budget spent for {0} s")]
    BudgetSpent(u64),
    /// The worker lacks what the route needs (503 `not_configured`): the playground is closed.
    #[error("{0}")]
    NotConfigured(String),
    /// No answer at all: offline, or the worker unreachable.
    #[error("no connection")]
    Unreachable,
    /// The worker or the network in front of it failed (5xx): worth trying again later.
    #[error("{0}")]
    Failing(String),
    /// The request itself was refused (400, 413): sending it again would not help.
    #[error("{0}")]
    Refused(String),
}

impl OpenError {
    /// Whether the same request may succeed later.
    pub fn is_transient(&self) -> bool {
        matches!(self, OpenError::RateLimited(_) | OpenError::Unreachable | OpenError::Failing(_))
    }
}

/// How long a request may go unanswered before it counts as lost: on a flaky mobile link a
/// request sent as the connection drops or comes back can stall with no error at all, and a
/// voter's outbox must not wait on it forever. Sending again is safe (a vote counts once).
const UNANSWERED_MS: u32 = 15_000;

/// `request` sent, or [`OpenError::Unreachable`] if no answer starts within [`UNANSWERED_MS`].
async fn sent(request: Request) -> Result<Response, OpenError> {
    use futures_util::future::{Either, select};
    let send = std::pin::pin!(request.send());
    let wait = std::pin::pin!(crate::browser::sleep(UNANSWERED_MS));
    match select(send, wait).await {
        Either::Left((Ok(response), _)) => Ok(response),
        Either::Left((Err(_), _)) | Either::Right(_) => Err(OpenError::Unreachable),
    }
}

/// `GET /api/ballots/:id/next`.
pub async fn next(ballot_id: &str, voter_id: &str, limit: usize) -> Result<NextJokes, OpenError> {
    let url = format!("/api/ballots/{ballot_id}/next?voter_id={voter_id}&limit={limit}");
    read(sent(Request::get(&url).build().map_err(|e| OpenError::Refused(e.to_string()))?).await?).await
}

/// `GET /api/play/config`: the published models' public names.
pub async fn play_config() -> Result<PublicPlayConfig, OpenError> {
    read(sent(Request::get("/api/play/config").build().map_err(|e| OpenError::Refused(e.to_string()))?).await?).await
}

/// `POST /api/play/arena`: a match, two unnamed jokes.
pub async fn arena_match(request: &ArenaRequest) -> Result<ArenaMatch, OpenError> {
    post("/api/play/arena", request).await
}

/// `POST /api/play/arena/:id/vote`: the verdict, answered with who wrote which.
pub async fn arena_vote(match_id: &str, vote: &ArenaVoteRequest) -> Result<ArenaReveal, OpenError> {
    post(&format!("/api/play/arena/{match_id}/vote"), vote).await
}

async fn post<B: serde::Serialize, T: DeserializeOwned>(path: &str, body: &B) -> Result<T, OpenError> {
    let body = to_json(body).map_err(OpenError::Refused)?;
    let request = Request::post(path)
        .header("content-type", "application/json")
        .body(body)
        .map_err(|e| OpenError::Refused(e.to_string()))?;
    read(sent(request).await?).await
}

/// `POST /api/ballots/:id/votes`.
pub async fn vote(ballot_id: &str, vote: &VoteRequest) -> Result<VoteRecorded, OpenError> {
    post(&format!("/api/ballots/{ballot_id}/votes"), vote).await
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<T, OpenError> {
    if !response.ok() {
        return Err(failure(response).await);
    }
    // A body cut off mid-answer is a lost connection.
    let text = response.text().await.map_err(|_| OpenError::Unreachable)?;
    let body = parse_json(&text).map_err(|_| OpenError::Failing("the answer is not JSON".into()))?;
    from_js(body).map_err(OpenError::Failing)
}

/// What a response that is not a success means to a page.
pub async fn failure(response: Response) -> OpenError {
    let status = response.status();
    let retry_after = response.headers().get("retry-after").and_then(|s| s.trim().parse::<u64>().ok());
    let Ok(text) = response.text().await else { return OpenError::Unreachable };
    let body = parse_json(&text).ok();
    let code = body.as_ref().and_then(|b| field(b, &["error", "code"]).as_string()).unwrap_or_default();
    let message =
        body.and_then(|b| field(&b, &["error", "message"]).as_string()).unwrap_or_else(|| format!("HTTP {status}"));
    match (status, code.as_str()) {
        (404, _) => OpenError::NotFound(message),
        (410, _) => OpenError::Gone(message),
        (429, "budget_exhausted") => OpenError::BudgetSpent(retry_after.unwrap_or(3600).max(1)),
        // Without the header, a pause long enough for a per-minute window to turn.
        (429, _) => OpenError::RateLimited(retry_after.map_or(30, |s| s.min(3600) as u32).max(1)),
        (503, "not_configured") => OpenError::NotConfigured(message),
        (400..=499, _) => OpenError::Refused(message),
        _ => OpenError::Failing(message),
    }
}
