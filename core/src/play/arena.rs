//! The arena: two published models answer the same keyword side by side, shuffled and unnamed; the
//! player picks the better one (or a tie, or neither) and only then learns which model wrote which.
//! Its votes rank the models by preference, as Chatbot Arena ranks chat models: Bradley–Terry
//! strengths with bootstrap intervals ([`results`]).
//!
//! The worker picks the pair ([`pick_pair`]) and remembers the match with the player it served it
//! to; a vote is accepted once per match, and only from that player. So a client can neither choose
//! the models it faces nor learn them before voting, and repeating a vote changes nothing.

use serde::{Deserialize, Serialize};

use crate::api::{GenerateRequest, ValidationError};
use crate::ballot::validate_voter_id;
use crate::dataset::kit::ArenaVote;
use crate::scores::bootstrap;
pub use crate::scores::bootstrap::RankedModel;
use crate::scores::bradley_terry::Comparison;
use crate::scores::pairwise::Outcome;

/// `POST /api/play/arena`: a keyword for two models, from this player.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArenaRequest {
    pub keyword: String,
    /// The player's anonymous id, made by the page and kept in the browser (as a voter's is).
    pub player_id: String,
}

impl ArenaRequest {
    /// The keyword by the playground's rules (trimmed), the player id by the voters'.
    pub fn validate(self) -> Result<Self, ValidationError> {
        let keyword = GenerateRequest { keyword: self.keyword, model: None, stream: false }.validate()?.keyword;
        validate_voter_id(&self.player_id).map_err(|e| ValidationError::new("player_id", e.message))?;
        Ok(Self { keyword, player_id: self.player_id })
    }
}

/// The answer: a match, its two jokes in the order shown, and nothing about who wrote them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArenaMatch {
    pub match_id: String,
    pub keyword: String,
    pub a: String,
    pub b: String,
}

/// A player's verdict on a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ArenaChoice {
    A,
    B,
    Tie,
    /// Both bad: no preference between them.
    Neither,
}

impl ArenaChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            ArenaChoice::A => "a",
            ArenaChoice::B => "b",
            ArenaChoice::Tie => "tie",
            ArenaChoice::Neither => "neither",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "a" => ArenaChoice::A,
            "b" => ArenaChoice::B,
            "tie" => ArenaChoice::Tie,
            "neither" => ArenaChoice::Neither,
            _ => return None,
        })
    }

    /// Slot A's outcome. Neither is a tie for the ranking: it prefers neither model.
    fn outcome_for_a(self) -> Outcome {
        match self {
            ArenaChoice::A => Outcome::Win,
            ArenaChoice::B => Outcome::Loss,
            ArenaChoice::Tie | ArenaChoice::Neither => Outcome::Tie,
        }
    }
}

/// `POST /api/play/arena/:match_id/vote`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArenaVoteRequest {
    pub player_id: String,
    pub choice: ArenaChoice,
}

impl ArenaVoteRequest {
    pub fn validate(self) -> Result<Self, ValidationError> {
        validate_voter_id(&self.player_id).map_err(|e| ValidationError::new("player_id", e.message))?;
        Ok(self)
    }
}

/// The answer to a vote: whether it counted now (a repeat does not), and who wrote which joke, by
/// public name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArenaReveal {
    pub recorded: bool,
    pub a: String,
    pub b: String,
}

/// Slots A and B for a match among `models` published models, from two random numbers: two
/// different models, each pair and each order equally likely. `None` with fewer than two.
pub fn pick_pair(models: usize, first: u32, second: u32) -> Option<(usize, usize)> {
    if models < 2 {
        return None;
    }
    let a = first as usize % models;
    // One of the others, so the two always differ.
    let b = (a + 1 + second as usize % (models - 1)) % models;
    Some((a, b))
}

/// Votes of one kind as stored: the models in slots A and B, by id, and how many times players
/// chose `choice`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArenaTally {
    pub model_a: String,
    pub model_b: String,
    pub choice: ArenaChoice,
    pub votes: u32,
}

/// `GET /api/play/arena/votes` (curator): every vote, counted, and each model's public name. The
/// worker only counts; the curator's app computes [`results`] (the bootstrap is work for the
/// browser, not for a request's CPU budget).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArenaVotes {
    pub tallies: Vec<ArenaTally>,
    /// Model id → the public name it was last shown under.
    pub names: std::collections::BTreeMap<String, String>,
}

/// `GET /api/play/arena/preferences` (curator): the arena's votes as preference data, each with the
/// two jokes its player was shown, for the training kit's DPO pairs (`dataset::kit`). Ties and
/// "neither" are listed too: the kit counts them.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArenaPreferences {
    /// Every voted match whose two jokes are known, oldest first (then by match id, so the order
    /// never depends on how the database returns ties).
    pub votes: Vec<ArenaVote>,
    /// Matches served and never voted on.
    pub unvoted: usize,
    /// Voted matches served before matches kept their jokes: their votes rank the models but can
    /// make no pair.
    pub without_jokes: usize,
}

/// One stored match as the worker reads it for [`ArenaPreferences`], in the order it is to be
/// listed: its keyword, its jokes (`None` for a match served before they were kept) and its vote,
/// if any. Field names are the query's columns, so a D1 row reads as one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMatch {
    pub keyword: String,
    pub joke_a: Option<String>,
    pub joke_b: Option<String>,
    pub choice: Option<ArenaChoice>,
}

impl ArenaPreferences {
    /// Sorts `matches` (already in listing order) into votes with their jokes, unvoted matches
    /// and votes without jokes.
    pub fn from_matches(matches: impl IntoIterator<Item = StoredMatch>) -> Self {
        let mut preferences = ArenaPreferences::default();
        for stored in matches {
            match (stored.choice, stored.joke_a, stored.joke_b) {
                (None, _, _) => preferences.unvoted += 1,
                (Some(choice), Some(a), Some(b)) => {
                    preferences.votes.push(ArenaVote { keyword: stored.keyword, a, b, choice })
                }
                (Some(_), _, _) => preferences.without_jokes += 1,
            }
        }
        preferences
    }
}

/// The arena's results, from [`ArenaVotes::tallies`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArenaResults {
    pub votes: u32,
    /// Each pair of models that met, `x` before `y` in id order.
    pub pairs: Vec<PairResult>,
    /// Strongest first.
    pub ranking: Vec<RankedModel>,
    /// Bootstrap resamples behind the intervals.
    pub replicates: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairResult {
    pub x: String,
    pub y: String,
    pub x_wins: u32,
    pub y_wins: u32,
    pub ties: u32,
    pub neither: u32,
}

/// Resamples for the intervals; enough for stable 2.5% / 97.5% percentiles at arena sizes.
pub const REPLICATES: u32 = 500;

/// The arena's results from its tallies: per pair counts, and the strengths fitted on every vote
/// (ties and "neither" as half a win each) with percentile intervals from `replicates` resamples
/// of the votes drawn with a fixed `seed`, so the same votes always give the same intervals.
pub fn results(tallies: &[ArenaTally], replicates: u32, seed: u64) -> ArenaResults {
    let mut pairs: Vec<PairResult> = Vec::new();
    let mut votes: Vec<Comparison<String>> = Vec::new();
    for tally in tallies.iter().filter(|t| t.model_a != t.model_b) {
        let (x, y, a_is_x) = if tally.model_a <= tally.model_b {
            (&tally.model_a, &tally.model_b, true)
        } else {
            (&tally.model_b, &tally.model_a, false)
        };
        let index = match pairs.iter().position(|p| &p.x == x && &p.y == y) {
            Some(index) => index,
            None => {
                let pair = PairResult { x: x.clone(), y: y.clone(), x_wins: 0, y_wins: 0, ties: 0, neither: 0 };
                pairs.push(pair);
                pairs.len() - 1
            }
        };
        let pair = &mut pairs[index];
        match (tally.choice, a_is_x) {
            (ArenaChoice::A, true) | (ArenaChoice::B, false) => pair.x_wins += tally.votes,
            (ArenaChoice::A, false) | (ArenaChoice::B, true) => pair.y_wins += tally.votes,
            (ArenaChoice::Tie, _) => pair.ties += tally.votes,
            (ArenaChoice::Neither, _) => pair.neither += tally.votes,
        }
        let comparison =
            Comparison { x: tally.model_a.clone(), y: tally.model_b.clone(), outcome: tally.choice.outcome_for_a() };
        votes.extend(std::iter::repeat_n(comparison, tally.votes as usize));
    }
    pairs.sort_by(|p, q| (&p.x, &p.y).cmp(&(&q.x, &q.y)));
    // Votes are independent: each is its own unit of the bootstrap.
    let units: Vec<Vec<Comparison<String>>> = votes.iter().map(|vote| vec![vote.clone()]).collect();
    let ranking = bootstrap::ranking(&units, replicates, seed);
    ArenaResults { votes: votes.len() as u32, pairs, ranking, replicates }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn tally(a: &str, b: &str, choice: ArenaChoice, votes: u32) -> ArenaTally {
        ArenaTally { model_a: a.into(), model_b: b.into(), choice, votes }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_pair_is_two_different_models_and_every_ordered_pair_can_come() {
        assert_eq!(pick_pair(1, 5, 7), None);
        let mut seen = std::collections::BTreeSet::new();
        for first in 0..12 {
            for second in 0..12 {
                let (a, b) = pick_pair(3, first, second).unwrap();
                assert!(a != b && a < 3 && b < 3);
                seen.insert((a, b));
            }
        }
        assert_eq!(seen.len(), 6, "all six ordered pairs of three models");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn requests_follow_the_keyword_and_voter_id_rules() {
        let ok = ArenaRequest { keyword: " suegra ".into(), player_id: "p".repeat(32) }.validate().unwrap();
        assert_eq!(ok.keyword, "suegra");
        let long = ArenaRequest { keyword: "k".repeat(61), player_id: "p".repeat(32) }.validate().unwrap_err();
        assert_eq!(long.to_string(), "`keyword` has 61 characters; the limit is 60");
        let bad = ArenaRequest { keyword: "x".into(), player_id: "a b".into() }.validate().unwrap_err();
        assert!(bad.to_string().starts_with("`player_id` "), "{bad}");
        let vote: ArenaVoteRequest =
            serde_json::from_str(r#"{"player_id":"pppppppppppppppppppppppppppppppp","choice":"neither"}"#).unwrap();
        assert_eq!(vote.choice, ArenaChoice::Neither);
        assert!(serde_json::from_str::<ArenaVoteRequest>(r#"{"player_id":"p","choice":"c"}"#).is_err());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn votes_are_counted_per_pair_whichever_slot_each_model_had() {
        let tallies = [
            tally("m1", "m2", ArenaChoice::A, 6),
            tally("m2", "m1", ArenaChoice::A, 2),
            tally("m2", "m1", ArenaChoice::B, 3),
            tally("m1", "m2", ArenaChoice::Tie, 1),
            tally("m2", "m1", ArenaChoice::Neither, 2),
        ];
        let results = results(&tallies, 100, 7);
        assert_eq!(results.votes, 14);
        assert_eq!(
            results.pairs,
            [PairResult { x: "m1".into(), y: "m2".into(), x_wins: 9, y_wins: 2, ties: 1, neither: 2 }]
        );
        assert_eq!(results.ranking[0].model, "m1");
        assert_eq!(results.ranking[0].games, 14);
    }

    /// Known answer: m1 beats m2 in 9 of 11 decided games, with 3 ties (half a win each): the
    /// maximum-likelihood ratio is p1/p2 = 10.5 / 3.5 = 3, so with the geometric mean fixed at 1
    /// p1 = √3 = 1.732 and p2 = 1/√3 = 0.577; the 0.1-game prior pulls both slightly towards 1.
    /// The intervals hold the fit, are reproducible from the seed, and narrow with more votes.
    #[wasm_bindgen_test(unsupported = test)]
    fn strengths_come_with_reproducible_bootstrap_intervals() {
        let tallies = [
            tally("m1", "m2", ArenaChoice::A, 9),
            tally("m1", "m2", ArenaChoice::B, 2),
            tally("m1", "m2", ArenaChoice::Tie, 3),
        ];
        let first = results(&tallies, 300, 42);
        let top = &first.ranking[0];
        assert_eq!(top.model, "m1");
        assert!((top.strength - 3f64.sqrt()).abs() < 0.03, "{}", top.strength);
        assert!(top.low < top.strength && top.strength < top.high, "{top:?}");
        assert_eq!(first, results(&tallies, 300, 42), "same seed, same intervals");
        let more: Vec<ArenaTally> = tallies.iter().map(|t| ArenaTally { votes: t.votes * 20, ..t.clone() }).collect();
        let wide = top.high - top.low;
        let narrow = &results(&more, 300, 42).ranking[0];
        assert!(narrow.high - narrow.low < wide / 2.0, "{narrow:?} vs {top:?}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn preferences_keep_every_voted_match_with_its_jokes_and_count_the_rest() {
        let stored = |keyword: &str, jokes: Option<(&str, &str)>, choice: Option<ArenaChoice>| StoredMatch {
            keyword: keyword.into(),
            joke_a: jokes.map(|j| j.0.into()),
            joke_b: jokes.map(|j| j.1.into()),
            choice,
        };
        let half = StoredMatch { joke_b: None, ..stored("medio", Some(("x", "y")), Some(ArenaChoice::A)) };
        let matches = vec![
            stored("viejo", None, Some(ArenaChoice::A)),
            stored("suegra", Some(("a1", "b1")), Some(ArenaChoice::B)),
            stored("nadie", Some(("a2", "b2")), None),
            stored("viejo sin voto", None, None),
            half,
            stored("micro", Some(("a3", "b3")), Some(ArenaChoice::Tie)),
            stored("lunes", Some(("a4", "b4")), Some(ArenaChoice::Neither)),
        ];
        let preferences = ArenaPreferences::from_matches(matches);
        let vote = |keyword: &str, a: &str, b: &str, choice| ArenaVote {
            keyword: keyword.into(),
            a: a.into(),
            b: b.into(),
            choice,
        };
        assert_eq!(
            preferences.votes,
            [
                vote("suegra", "a1", "b1", ArenaChoice::B),
                vote("micro", "a3", "b3", ArenaChoice::Tie),
                vote("lunes", "a4", "b4", ArenaChoice::Neither),
            ],
            "in the order read, ties and neither included"
        );
        assert_eq!((preferences.unvoted, preferences.without_jokes), (2, 2));
        let wire = serde_json::to_value(&preferences).unwrap();
        assert_eq!(
            wire["votes"][0],
            serde_json::json!({"keyword": "suegra", "a": "a1", "b": "b1", "choice": "b"}),
            "the kit's own ArenaVote, as its input reads it"
        );
        assert_eq!(ArenaPreferences::from_matches([]), ArenaPreferences::default());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn no_votes_no_ranking() {
        let empty = results(&[], 100, 1);
        assert_eq!((empty.votes, empty.pairs.len(), empty.ranking.len()), (0, 0, 0));
    }
}
