//! What a kit is built from: the frozen dataset and the workspace's preference data, as the app
//! (or the `training-kit` example) hands them over.

use serde::{Deserialize, Serialize};

use crate::dataset::{BuildConfig, Example};
use crate::evaluation::{Judged, PairOutcome};
use crate::play::arena::ArenaChoice;
use crate::scores::crowd::{Label, VoteCounts};

/// Everything one kit is made of. Built twice from the same input, a kit is byte-identical.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KitInput {
    pub dataset: KitDataset,
    /// The workspace's jokes (all of them, decided or not: a validation example's near-duplicates
    /// are found through its own joke here).
    #[serde(default)]
    pub labelled: Vec<LabelledJoke>,
    /// The arena's votes, each on one match.
    #[serde(default)]
    pub arena: Vec<ArenaVote>,
    /// Arena matches served and never voted on (unresolved): counted, never rows.
    #[serde(default)]
    pub arena_unvoted: usize,
    /// The judge's both-orders wins of evaluations the curator accepts as a source
    /// ([`EvaluationPair::from_judged`]).
    #[serde(default)]
    pub evaluation_pairs: Vec<EvaluationPair>,
}

/// The frozen dataset: the fields of the app's `Snapshot` the kit reads, under the same names, so
/// a snapshot's JSON reads as one (its other fields ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KitDataset {
    /// `ds-<created_at_ms>` in the app.
    pub id: String,
    pub name: String,
    /// When the dataset was frozen: the kit's only clock (its zip entries' times, its card's date).
    pub created_at_ms: u64,
    pub config: BuildConfig,
    pub prompt_version: String,
    pub train: Vec<Example>,
    pub validation: Vec<Example>,
}

/// One workspace joke with what people said of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelledJoke {
    pub id: String,
    pub text: String,
    /// Best first.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Near-duplicate cluster, numbered among these jokes (the workspace's clusters now, which
    /// need not be the numbers the frozen dataset's examples carry).
    #[serde(default)]
    pub cluster: Option<usize>,
    /// The curator's label, which decides when there is one.
    #[serde(default)]
    pub curator: Option<Label>,
    /// The crowd's votes over every ballot.
    #[serde(default)]
    pub crowd: Option<VoteCounts>,
}

/// A player's vote on one arena match: two jokes for one keyword.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArenaVote {
    pub keyword: String,
    /// The joke shown in slot A.
    pub a: String,
    pub b: String,
    pub choice: ArenaChoice,
}

/// A judge's preference that held in both orders: `chosen` won from either slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationPair {
    pub keyword: String,
    pub chosen: String,
    pub rejected: String,
}

impl EvaluationPair {
    /// The pair `judged` makes, given the jokes X and Y answered: X's joke chosen on a win, Y's on
    /// a loss (Y won from both slots). Ties, "neither", errors and unparseable verdicts carry no
    /// preference and make none; so does a pair missing a joke.
    pub fn from_judged(judged: &Judged, x_joke: Option<&str>, y_joke: Option<&str>) -> Option<EvaluationPair> {
        let (x, y) = (x_joke?, y_joke?);
        let (chosen, rejected) = match judged.outcome() {
            PairOutcome::Win => (x, y),
            PairOutcome::Loss => (y, x),
            PairOutcome::Tie | PairOutcome::BothBad | PairOutcome::Error | PairOutcome::Unparseable => return None,
        };
        Some(EvaluationPair {
            keyword: judged.keyword.clone(),
            chosen: chosen.to_owned(),
            rejected: rejected.to_owned(),
        })
    }
}
