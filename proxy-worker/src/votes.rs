//! `POST /api/ballots/:id/votes`: one vote per voter and joke. The first vote is recorded and
//! counted (`{"recorded": true}`); any repeat, even one sent at the same moment, changes nothing
//! (`{"recorded": false}`): the database enforces it, see `db_ballots`. A recorded vote costs one
//! D1 round trip: the per-client count and the insert are one batch (the count is left out where a
//! rate-limiting binding counts instead, see `limits`); a vote not recorded costs a second, a read
//! of why.

use tallas_core::api::{ApiError, ErrorCode};
use tallas_core::ballot::{self, VoteRecorded, VoteRequest};
use worker::{Request, Response, Result};

use crate::ballots::{ballot_id, gone, unknown};
use crate::clock;
use crate::db;
use crate::db_ballots::{self, NotInserted};
use crate::limits::{self, Bucket, Window};
use crate::outcome::Outcome;
use crate::route::RouteContext;

pub async fn post(mut req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome = vote(&mut req, &ctx).await;
    ctx.send(200, outcome)
}

async fn vote(req: &mut Request, ctx: &RouteContext) -> Outcome<VoteRecorded> {
    let window = Window::of(req, &ctx.env, Bucket::Votes);
    let parsed = match parse(req, ctx).await {
        Ok(parsed) => parsed,
        Err(e) => {
            // A malformed vote still counts against the client's limit, and a client over it
            // hears 429 rather than what was wrong.
            limits::enforce(req, &ctx.env, Bucket::Votes).await?;
            return Err(e.into());
        }
    };
    let (id, position, vote) = parsed;
    // Counted by the rate-limiting binding, if the deployment has one; else in the vote's batch.
    let in_d1 = window.count_at_edge().await?.in_d1();
    let database = db::database(&ctx.env)?;
    let now = clock::iso(clock::now_ms());
    let cast = db_ballots::vote(&database, in_d1, &id, position, &vote.voter_id, vote.vote, &now).await?;
    if let (Some(window), Some(counted)) = (in_d1, &cast.counted) {
        window.judge(counted)?;
    }
    if cast.inserted {
        return Ok(VoteRecorded { recorded: true });
    }
    match db_ballots::why_not(&database, &id, position, &now).await? {
        NotInserted::Repeat => Ok(VoteRecorded { recorded: false }),
        NotInserted::NoBallot => Err(unknown(&id).into()),
        NotInserted::Closed(closed_at) => Err(gone(&closed_at).into()),
        NotInserted::NoJoke => Err(no_joke(&id, &vote.joke_id).into()),
    }
}

fn no_joke(id: &str, joke_id: &str) -> ApiError {
    ApiError::new(
        ErrorCode::NotFound,
        format!(
            "the ballot has no joke {:?}; vote on the ids GET /api/ballots/{id}/next returns",
            joke_id.chars().take(100).collect::<String>()
        ),
    )
}

/// The ballot id, the position the vote's item id names and the vote, checked; no D1 yet.
async fn parse(req: &mut Request, ctx: &RouteContext) -> Result<(String, u32, VoteRequest), ApiError> {
    let id = ballot_id(ctx)?;
    let vote = ctx.json::<VoteRequest>(req).await?.validate()?;
    let position = ballot::position_of(&vote.joke_id).ok_or_else(|| no_joke(&id, &vote.joke_id))?;
    Ok((id, position, vote))
}
