//! Crowd ballots: the wire types of `/api/ballots/*` and the rules the worker applies to them —
//! what a curator may put on a ballot (`create`), which jokes a voter sees next and when a joke or
//! the ballot stops taking votes (`voting`), and how the results are put together (`results`). The
//! worker stores and fetches; everything here is pure.
//!
//! Gold (control) jokes carry an expected answer that only the curator and the results ever see.
//! On the public side they are ordinary jokes: same shape, same selection rule, shuffled among the
//! others, so a voter cannot tell which ones check them. Voters never see the curator's joke ids
//! either: a public item id is the joke's place in the ballot's random order ([`public_id`]).

mod create;
mod results;
mod voting;

pub use create::{NewBallot, NewItem, closing_time, shuffle};
pub use results::{BallotInfo, ItemTally, results};
pub use voting::{
    Candidate, NextSelection, is_open, is_retired, next_jokes, parse_min_accuracy, parse_next_limit, position_of,
    public_id, validate_voter_id,
};

use serde::{Deserialize, Serialize};

use crate::scores::agreement::Agreement;
use crate::scores::crowd::{Label, Vote};

/// Longest ballot title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Most jokes on one ballot.
pub const MAX_JOKES: usize = 2_000;
/// Most gold jokes on one ballot. A handful per voter session is enough to judge a voter.
pub const MAX_GOLD: usize = 200;
/// Longest joke text, in characters.
pub const MAX_TEXT_CHARS: usize = 2_000;
/// Longest joke id, in characters.
pub const MAX_JOKE_ID_CHARS: usize = 100;
/// Shortest and longest voter id, in characters.
pub const MIN_VOTER_ID_CHARS: usize = 8;
pub const MAX_VOTER_ID_CHARS: usize = 64;
/// Jokes `GET /api/ballots/:id/next` returns when no `limit` is given, and the most it returns.
pub const DEFAULT_NEXT_LIMIT: usize = 10;
pub const MAX_NEXT_LIMIT: usize = 50;
/// The largest target of votes per joke a curator may set.
pub const MAX_TARGET_VOTES: u32 = 10_000;
/// How far ahead a closing time may be, in days.
pub const MAX_OPEN_DAYS: u64 = 366;

/// A joke as a ballot shows it. In `POST /api/ballots` `id` is the curator's; in every public
/// answer it is the ballot's opaque item id ([`public_id`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BallotJoke {
    pub id: String,
    pub text: String,
}

/// A gold joke in `POST /api/ballots`: a joke whose right answer the curator fixed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldJoke {
    pub id: String,
    pub text: String,
    pub expected: Label,
}

/// `POST /api/ballots` (curator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateBallotRequest {
    pub title: String,
    pub jokes: Vec<BallotJoke>,
    /// Optional; `null` and absent both mean none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gold: Option<Vec<GoldJoke>>,
    /// A joke leaves the ballot once it has this many funny / not funny votes (skips aside), even
    /// when the crowd is split. Optional: without it, a joke leaves only once its verdict is clear.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_votes: Option<u32>,
    /// When voting ends by itself, as an ISO 8601 date and time (`2026-12-24T23:00:00Z`).
    /// Optional: without it, the ballot is open until closed by hand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
}

/// `201` answer of `POST /api/ballots`. The admin token is shown once: only its hash is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateBallotResponse {
    pub ballot_id: String,
    /// `Authorization: Bearer <admin_token>` opens the results and closes the ballot.
    pub admin_token: String,
    /// The voting page, `<origin>/vote/<ballot_id>`.
    pub url: String,
}

/// `GET /api/ballots/:id`: what anyone with the link sees. Gold jokes are among `jokes`, unmarked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicBallot {
    pub ballot_id: String,
    pub title: String,
    pub created_at: String,
    /// When voting ends by itself, if the curator set a time.
    pub closes_at: Option<String>,
    pub jokes: Vec<BallotJoke>,
}

/// `GET /api/ballots/:id/next`: everything a voter's page needs, in one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextJokes {
    pub ballot_id: String,
    pub title: String,
    pub closes_at: Option<String>,
    /// Up to `limit` jokes, in the order to show them; empty once this voter is done.
    pub jokes: Vec<BallotJoke>,
    /// Jokes still open to this voter, those in `jokes` included.
    pub remaining: u32,
}

/// `POST /api/ballots/:id/votes`. `joke_id` is the item id the ballot's public answers gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoteRequest {
    pub voter_id: String,
    pub joke_id: String,
    pub vote: Vote,
}

/// The answer to a vote: `recorded` is `false` when this voter had already voted on this joke
/// (the first vote stands; a repeat changes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRecorded {
    pub recorded: bool,
}

/// `POST /api/ballots/:id/close`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotClosed {
    pub ballot_id: String,
    pub closed_at: String,
}

/// `GET /api/ballots/:id/results` (admin token). Joke ids are the curator's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BallotResults {
    pub ballot_id: String,
    pub title: String,
    pub created_at: String,
    /// When voting ended: closed by hand, or the closing time once passed.
    pub closed_at: Option<String>,
    pub closes_at: Option<String>,
    pub target_votes: Option<u32>,
    /// Every vote cast, skips and gold jokes included.
    pub votes: u32,
    /// The non-gold jokes, best first (by `wilson_lower`), counting the votes of voters not excluded.
    pub jokes: Vec<JokeResult>,
    /// The gold jokes with their expected answer, in ballot order.
    pub gold: Vec<GoldResult>,
    /// Every voter, with their quality measured on the gold jokes, ordered by voter id.
    pub voters: Vec<VoterResult>,
    /// How far voters agree on the non-gold jokes.
    pub agreement: CrowdAgreement,
    /// Voters whose gold accuracy is below this pass no gold check (the `min_accuracy` asked for,
    /// else the default rule's).
    pub min_accuracy: f64,
    /// Whether voters below `min_accuracy` were left out of the jokes' counts (`?min_accuracy=`).
    pub excluding: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JokeResult {
    pub joke_id: String,
    pub funny: u32,
    pub not_funny: u32,
    pub skip: u32,
    /// Lower bound of the 95% Wilson interval of the funny share; 0 without non-skip votes.
    pub wilson_lower: f64,
    /// Upper bound of the same interval; 1 without non-skip votes.
    pub wilson_upper: f64,
    /// The label with more votes once [`CrowdRule::min_votes_for_majority`] non-skip votes exist.
    ///
    /// [`CrowdRule::min_votes_for_majority`]: crate::scores::crowd::CrowdRule
    pub majority: Option<Label>,
    /// The clear crowd verdict that retires a joke from the ballot, if reached.
    pub decided: Option<Label>,
    /// No longer shown to voters: its verdict is clear, or it reached the target of votes.
    pub retired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldResult {
    pub joke_id: String,
    pub expected: Label,
    pub funny: u32,
    pub not_funny: u32,
    pub skip: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoterResult {
    pub voter_id: String,
    /// All votes this voter cast on the ballot, skips included.
    pub votes: u32,
    pub gold_answered: u32,
    pub correct: u32,
    pub accuracy: Option<f64>,
    /// Too many wrong gold answers under the default rule (`QualityRule`).
    pub flagged: bool,
    /// Left out of the jokes' counts: accuracy below the `min_accuracy` asked for.
    pub excluded: bool,
}

/// Krippendorff's alpha (nominal: funny / not funny; skips are no label) over the non-gold jokes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CrowdAgreement {
    /// Every voter; `None` where undefined (no joke with two labels, or no variation).
    pub all: Option<Agreement>,
    /// Only voters who answered a gold joke and whose accuracy is at least `min_accuracy`.
    pub passing: Option<Agreement>,
}
