//! `/api/ballots`: a curator creates a ballot, anyone with its link reads it and asks for the next
//! jokes to vote on, and the holder of its admin token reads the results and closes it. Votes are
//! in `votes`; storage in `db_ballots`; the rules (validation, selection, results) in
//! `tallas_core::ballot`.

use tallas_core::api::{ApiError, ErrorCode};
use tallas_core::ballot::{
    self, BallotClosed, BallotInfo, BallotResults, CreateBallotRequest, CreateBallotResponse, NextJokes, PublicBallot,
};
use tallas_core::scores::crowd::CrowdRule;
use tallas_core::scores::voter_quality::QualityRule;
use worker::{D1Database, Request, Response, Result};

use crate::clock;
use crate::db;
use crate::db_ballots::{self, BallotRow};
use crate::ids::{self, ADMIN_TOKEN_BYTES, BALLOT_ID_BYTES};
use crate::outcome::Outcome;
use crate::route::RouteContext;

/// `POST /api/ballots` (curator) → `201`.
pub async fn create(mut req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome = created(&mut req, &ctx).await;
    ctx.send(201, outcome)
}

async fn created(req: &mut Request, ctx: &RouteContext) -> Outcome<CreateBallotResponse> {
    let mut new = ctx.json::<CreateBallotRequest>(req).await?.validate()?;
    let now_ms = clock::now_ms();
    let closes_at = new.closes_at.as_deref().map(|at| ballot::closing_time(at, now_ms)).transpose()?;
    let ballot_id = ids::random_hex(BALLOT_ID_BYTES)?;
    let admin_token = ids::random_hex(ADMIN_TOKEN_BYTES)?;
    // A random order, so gold jokes do not sit together at the end, and positions (the item ids
    // voters see) say nothing of the curator's order.
    let random = ids::random_bytes(4 * new.items.len())?;
    let mut draws = random.chunks_exact(4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    ballot::shuffle(&mut new.items, |n| draws.next().map_or(0, |r| r as usize % n));
    let database = db::database(&ctx.env)?;
    let hash = ids::token_hash(&admin_token);
    db_ballots::create(&database, &ballot_id, &hash, &new, closes_at.as_deref(), &clock::iso(now_ms)).await?;
    let origin = req.url().map(|u| u.origin().ascii_serialization()).unwrap_or_default();
    let url = format!("{origin}/vote/{ballot_id}");
    Ok(CreateBallotResponse { ballot_id, admin_token, url })
}

/// `GET /api/ballots/:id` (public).
pub async fn get(_req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome = public(&ctx).await;
    ctx.send(200, outcome)
}

async fn public(ctx: &RouteContext) -> Outcome<PublicBallot> {
    let id = ballot_id(ctx)?;
    let database = db::database(&ctx.env)?;
    let (row, jokes) = db_ballots::public(&database, &id).await?.ok_or_else(|| unknown(&id))?;
    open(&row)?;
    Ok(PublicBallot { ballot_id: id, title: row.title, created_at: row.created_at, closes_at: row.closes_at, jokes })
}

/// `GET /api/ballots/:id/next?voter_id=<id>&limit=N` (public).
pub async fn next(req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome = next_jokes(&req, &ctx).await;
    ctx.send(200, outcome)
}

async fn next_jokes(req: &Request, ctx: &RouteContext) -> Outcome<NextJokes> {
    let id = ballot_id(ctx)?;
    let url = req.url().map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("the URL is not valid: {e}")))?;
    let query = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    let voter_id = query("voter_id").ok_or_else(|| {
        ApiError::new(ErrorCode::BadRequest, "`voter_id` is missing; add ?voter_id=<this voter's id> to the URL")
    })?;
    ballot::validate_voter_id(&voter_id)?;
    let limit = ballot::parse_next_limit(query("limit").as_deref())?;
    let database = db::database(&ctx.env)?;
    let (row, candidates) = db_ballots::candidates(&database, &id, &voter_id).await?.ok_or_else(|| unknown(&id))?;
    open(&row)?;
    let selection = ballot::next_jokes(candidates, limit, &CrowdRule::default(), row.target_votes);
    let jokes = db_ballots::jokes(&database, &id, &selection.joke_ids).await?;
    Ok(NextJokes {
        ballot_id: id,
        title: row.title,
        closes_at: row.closes_at,
        jokes,
        remaining: u32::try_from(selection.remaining).unwrap_or(u32::MAX),
    })
}

/// `GET /api/ballots/:id/results?min_accuracy=0.8` (admin token): with `min_accuracy`, voters whose
/// gold accuracy is below it are left out of the jokes' counts.
pub async fn results(req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome = ballot_results(&req, &ctx).await;
    ctx.send(200, outcome)
}

async fn ballot_results(req: &Request, ctx: &RouteContext) -> Outcome<BallotResults> {
    let id = ballot_id(ctx)?;
    let url = req.url().map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("the URL is not valid: {e}")))?;
    let raw = url.query_pairs().find(|(k, _)| k == "min_accuracy").map(|(_, v)| v.into_owned());
    let min_accuracy = ballot::parse_min_accuracy(raw.as_deref())?;
    let database = db::database(&ctx.env)?;
    let row = admin(req, &database, &id).await?;
    let tallies = db_ballots::tallies(&database, &id).await?;
    let info = BallotInfo {
        ballot_id: id,
        title: row.title,
        created_at: row.created_at,
        closed_at: row.closed_at,
        closes_at: row.closes_at,
        target_votes: row.target_votes,
    };
    let now = clock::iso(clock::now_ms());
    Ok(ballot::results(
        info,
        tallies.items,
        tallies.votes,
        &now,
        &CrowdRule::default(),
        &QualityRule::default(),
        min_accuracy,
    ))
}

/// `POST /api/ballots/:id/close` (admin token). Closing a closed ballot keeps its first closing time.
pub async fn close(req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome = closed(&req, &ctx).await;
    ctx.send(200, outcome)
}

async fn closed(req: &Request, ctx: &RouteContext) -> Outcome<BallotClosed> {
    let id = ballot_id(ctx)?;
    let database = db::database(&ctx.env)?;
    admin(req, &database, &id).await?;
    let closed_at =
        db_ballots::close(&database, &id, &clock::iso(clock::now_ms())).await?.ok_or_else(|| unknown(&id))?;
    Ok(BallotClosed { ballot_id: id, closed_at })
}

/// The ballot, if the request carries its admin token: `404` for an unknown ballot, `401` without
/// the right token.
async fn admin(req: &Request, database: &D1Database, id: &str) -> Result<BallotRow, ApiError> {
    let row = db_ballots::ballot(database, id).await?.ok_or_else(|| unknown(id))?;
    let header = req.headers().get("authorization").ok().flatten();
    match ids::bearer(header.as_deref()) {
        Some(token) if ids::token_matches(token, &row.admin_token_hash) => Ok(row),
        Some(_) => Err(ApiError::new(
            ErrorCode::Unauthorized,
            "the admin token is not this ballot's; use the admin_token returned when the ballot was created",
        )),
        None => Err(ApiError::new(
            ErrorCode::Unauthorized,
            "send the ballot's admin token as `Authorization: Bearer <admin_token>` (returned when it was created)",
        )),
    }
}

/// The `:id` of the path. Ids are hex, but any text is looked up (and simply not found), so the
/// only check is a length bound that keeps silly input out of the database.
pub fn ballot_id(ctx: &RouteContext) -> Result<String, ApiError> {
    let id = ctx.param("id").cloned().unwrap_or_default();
    if id.is_empty() || id.len() > 64 {
        return Err(unknown(&id));
    }
    Ok(id)
}

/// `404` for a ballot id that does not exist.
pub fn unknown(id: &str) -> ApiError {
    let shown: String = id.chars().take(64).collect();
    ApiError::new(ErrorCode::NotFound, format!("there is no ballot {shown:?}; check the link you were given"))
}

/// `410` once the ballot is closed, by hand or by its closing time.
pub fn open(row: &BallotRow) -> Result<(), ApiError> {
    let now = clock::iso(clock::now_ms());
    if ballot::is_open(row.closed_at.as_deref(), row.closes_at.as_deref(), &now) {
        return Ok(());
    }
    let ended = row.closed_at.as_deref().or(row.closes_at.as_deref()).unwrap_or(&now);
    Err(gone(ended))
}

pub fn gone(closed_at: &str) -> ApiError {
    ApiError::new(ErrorCode::Gone, format!("this ballot was closed at {closed_at}; voting has ended. Thanks!"))
}
