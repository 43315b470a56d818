//! `POST /api/ballots/:id/votes`: one vote per voter and joke. The first vote is recorded and
//! counted (`{"recorded": true}`); any repeat, even one sent at the same moment, changes nothing
//! (`{"recorded": false}`): the database enforces it, see `db_ballots`.

use tallas_core::api::{ApiError, ErrorCode};
use tallas_core::ballot::{VoteRecorded, VoteRequest};
use worker::{Request, Response, Result, RouteContext};

use crate::ballots::{ballot_id, gone, unknown};
use crate::config::Config;
use crate::db_ballots::{self, NotInserted};
use crate::limits::{self, Bucket};
use crate::outcome::{Outcome, send};
use crate::{body, db};

/// A vote is a few short fields.
const MAX_VOTE_BODY_BYTES: usize = 4096;

pub async fn post(mut req: Request, ctx: RouteContext<Config>) -> Result<Response> {
    let outcome = vote(&mut req, &ctx).await;
    send("POST /api/ballots/:id/votes", 200, outcome)
}

async fn vote(req: &mut Request, ctx: &RouteContext<Config>) -> Outcome<VoteRecorded> {
    limits::enforce(req, &ctx.env, Bucket::Votes).await?;
    let id = ballot_id(ctx)?;
    let vote = body::json::<VoteRequest>(req, MAX_VOTE_BODY_BYTES)
        .await
        .map_err(|e| match e.code {
            ErrorCode::PayloadTooLarge => ApiError::new(
                ErrorCode::PayloadTooLarge,
                format!("a vote is at most {MAX_VOTE_BODY_BYTES} bytes; send only voter_id, joke_id and vote"),
            ),
            _ => e,
        })?
        .validate()?;
    let database = db::database(&ctx.env)?;
    let now = db::iso(db::now_ms());
    if db_ballots::vote(&database, &id, &vote.joke_id, &vote.voter_id, vote.vote, &now).await? {
        return Ok(VoteRecorded { recorded: true });
    }
    match db_ballots::why_not_inserted(&database, &id, &vote.joke_id).await? {
        NotInserted::Repeat => Ok(VoteRecorded { recorded: false }),
        NotInserted::NoBallot => Err(unknown(&id).into()),
        NotInserted::Closed(closed_at) => Err(gone(&closed_at).into()),
        NotInserted::NoJoke => Err(ApiError::new(
            ErrorCode::NotFound,
            format!(
                "the ballot has no joke {:?}; vote on the ids GET /api/ballots/{id}/next returns",
                vote.joke_id.chars().take(100).collect::<String>()
            ),
        )
        .into()),
    }
}
