//! Whether people have decided a joke is funny or not: the curator, or else the crowd by the
//! Wilson bound the dataset's rules use. The LLM judge's label never decides here: the kit's
//! preference data is people's.

use serde::{Deserialize, Serialize};

use super::input::LabelledJoke;
use crate::dataset::{CrowdRule, SelectionRules};
use crate::scores::crowd::Label;

/// The crowd rule of a dataset built without one: a lower bound of 0.5 on the winning share
/// (the crowd is surer than a coin that the joke is funny, or that it is not) from at least five
/// votes, the votes a ballot asks before it stops showing a joke
/// ([`crate::scores::crowd::CrowdRule`]'s `min_votes_to_retire`).
pub const DEFAULT_CROWD_RULE: CrowdRule = CrowdRule { min_lower_bound: 0.5, min_votes: 5, require_votes: false };

/// Who decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecidedBy {
    Curator,
    Crowd,
}

/// The crowd rule a kit decides by: the dataset's own, or [`DEFAULT_CROWD_RULE`].
pub fn crowd_rule(rules: &SelectionRules) -> CrowdRule {
    rules.crowd.unwrap_or(DEFAULT_CROWD_RULE)
}

/// The joke's verdict and who gave it; `None` while undecided. The curator's label wins over the
/// crowd's, as it does in the dataset's rules.
pub(super) fn decide(joke: &LabelledJoke, rule: &CrowdRule) -> Option<(Label, DecidedBy)> {
    match joke.curator {
        Some(label) => Some((label, DecidedBy::Curator)),
        None => rule.verdict(joke.crowd).map(|label| (label, DecidedBy::Crowd)),
    }
}
