//! The playground's arena (`tallas_core::play::arena`): `POST /api/play/arena` (public: a keyword
//! in, a match out: two published models, picked and ordered by the worker, each telling a joke),
//! `POST /api/play/arena/:id/vote` (public: the player's verdict on a match served to them, once;
//! the answer reveals who wrote which), `GET /api/play/arena/votes` (curator: the votes,
//! counted) and `GET /api/play/arena/preferences` (curator: each vote with the two jokes its
//! player was shown, the training kit's preference data). Matches spend the playground's daily
//! budget like any answer; they are limited per player, and matches and votes together per address
//! by a ceiling a room full of players stays under (`limits`).

use futures_util::future::join;
use tallas_core::api::{ApiError, ErrorCode};
use tallas_core::play::ChosenModel;
use tallas_core::play::arena::{
    self, ArenaMatch, ArenaPreferences, ArenaRequest, ArenaReveal, ArenaVoteRequest, ArenaVotes,
};
use worker::{Request, Response, Result};

use crate::clock;
use crate::db_arena::{self, NewMatch};
use crate::limits::{self, Bucket};
use crate::outcome::Outcome;
use crate::play;
use crate::route::RouteContext;
use crate::{db, ids, upstream};

/// `POST /api/play/arena`.
pub async fn post_match(mut req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome = new_match(&mut req, &ctx).await;
    ctx.send(200, outcome)
}

async fn new_match(req: &mut Request, ctx: &RouteContext) -> Outcome<ArenaMatch> {
    // A room shares one address: its ceiling first, then each player's own limit.
    limits::enforce(req, &ctx.env, Bucket::ArenaRoom).await?;
    let request = ctx.json::<ArenaRequest>(req).await?.validate()?;
    limits::enforce_for(&ctx.env, Bucket::Arena, format!("player:{}", request.player_id)).await?;
    let database = db::database(&ctx.env)?;
    let settings = play::stored(&database).await?;
    let random = ids::random_bytes(8)?;
    let number = |at: usize| u32::from_le_bytes([random[at], random[at + 1], random[at + 2], random[at + 3]]);
    let (a, b) = arena::pick_pair(settings.models.len(), number(0), number(4)).ok_or_else(|| {
        ApiError::new(
            ErrorCode::NotConfigured,
            "the arena needs two published models; a curator publishes them with PUT /api/play/config",
        )
    })?;
    let chosen = |i: usize| {
        let model = &settings.models[i];
        ChosenModel { id: model.id().to_owned(), public_name: model.public_name().to_owned() }
    };
    let (a, b) = (chosen(a), chosen(b));
    for model in [&a, &b] {
        upstream::check_chat(&ctx.data, &model.id).map_err(|e| play::hidden(e, model))?;
    }
    let first = play::reserve(ctx, &database, &settings, &request.keyword, a, false).await?;
    let second = match play::reserve(ctx, &database, &settings, &request.keyword, b, false).await {
        Ok(second) => second,
        Err(failure) => {
            // Half a match is no match: give the first answer's tokens back.
            play::settle(&database, &first, Some(Default::default())).await;
            return Err(failure);
        }
    };
    let (joke_a, joke_b) = join(play::tell(ctx, &database, &first), play::tell(ctx, &database, &second)).await;
    let (joke_a, joke_b) = (joke_a?, joke_b?);
    let match_id = ids::random_hex(16)?;
    let now = clock::iso(clock::now_ms());
    let saved = NewMatch {
        id: &match_id,
        player_id: &request.player_id,
        keyword: &request.keyword,
        a: &first.model,
        b: &second.model,
        // The texts answered below, so a vote on them is a pair of exactly what the player saw.
        joke_a: &joke_a.joke,
        joke_b: &joke_b.joke,
        now: &now,
    };
    db_arena::save_match(&database, &saved).await?;
    Ok(ArenaMatch { match_id, keyword: request.keyword, a: joke_a.joke, b: joke_b.joke })
}

/// `POST /api/play/arena/:id/vote`.
pub async fn post_vote(mut req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome = vote(&mut req, &ctx).await;
    ctx.send(200, outcome)
}

async fn vote(req: &mut Request, ctx: &RouteContext) -> Outcome<ArenaReveal> {
    // One vote per match, and matches are limited per player: the room's ceiling is enough here.
    limits::enforce(req, &ctx.env, Bucket::ArenaRoom).await?;
    let match_id = ctx.param("id").cloned().unwrap_or_default();
    let vote = ctx.json::<ArenaVoteRequest>(req).await?.validate()?;
    if match_id.is_empty() || match_id.len() > 64 {
        return Err(unserved(&match_id).into());
    }
    let database = db::database(&ctx.env)?;
    let now = clock::iso(clock::now_ms());
    let cast = db_arena::vote(&database, &match_id, &vote.player_id, vote.choice, &now).await?;
    let (a, b) = cast.names.ok_or_else(|| unserved(&match_id))?;
    Ok(ArenaReveal { recorded: cast.inserted, a, b })
}

/// `404` for a match that does not exist or was served to another player: the same answer, so a
/// client cannot probe other players' matches.
fn unserved(id: &str) -> ApiError {
    let shown: String = id.chars().take(64).collect();
    ApiError::new(
        ErrorCode::NotFound,
        format!("no match {shown:?} was served to this player; ask for a match with POST /api/play/arena"),
    )
}

/// `GET /api/play/arena/votes` (curator).
pub async fn get_votes(_req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome: Outcome<ArenaVotes> = async {
        let database = db::database(&ctx.env)?;
        let (tallies, names) = db_arena::tallies(&database).await?;
        Ok(ArenaVotes { tallies, names: names.into_iter().collect() })
    }
    .await;
    ctx.send(200, outcome)
}

/// `GET /api/play/arena/preferences` (curator).
pub async fn get_preferences(_req: Request, ctx: RouteContext) -> Result<Response> {
    let outcome: Outcome<ArenaPreferences> = async {
        let database = db::database(&ctx.env)?;
        Ok(db_arena::preferences(&database).await?)
    }
    .await;
    ctx.send(200, outcome)
}
