//! Voter quality from gold (control) jokes: jokes whose expected answer the curator fixed, mixed
//! into ballots to spot voters who click at random. Gold answers stay in the worker, which is the
//! caller here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::crowd::{Label, Vote};

/// When a voter is flagged.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct QualityRule {
    /// Accuracy strictly below this flags the voter.
    pub min_accuracy: f64,
    /// No flag before this many gold jokes were answered: two misses out of three says little.
    pub min_gold_answered: u32,
}

impl Default for QualityRule {
    /// Gold jokes are chosen to be obvious, so a careful voter is right nearly always; below 60%
    /// over at least 5 answers a voter is little better than a coin.
    fn default() -> Self {
        Self { min_accuracy: 0.6, min_gold_answered: 5 }
    }
}

/// One voter's record on gold jokes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VoterQuality<V> {
    pub voter: V,
    /// Gold jokes this voter answered funny or not funny (skips are not answers).
    pub gold_answered: u32,
    pub correct: u32,
    /// `correct / gold_answered`; `None` before any gold answer.
    pub accuracy: Option<f64>,
    /// Answered at least `min_gold_answered` gold jokes with accuracy below `min_accuracy`.
    pub flagged: bool,
}

/// Scores every voter seen in `answers` (voter, joke, vote) against `gold` (joke → expected label).
///
/// Votes on non-gold jokes are ignored, but their voters are still listed (with no gold answered),
/// so the UI can show who has not been checked yet. A skip on a gold joke is neither right nor
/// wrong: skipping is allowed, and counting it as a miss would flag honest "no opinion" voters.
/// Voting is exactly-once per voter and joke upstream, so every answer given here is counted.
/// The result is ordered by voter.
pub fn voter_quality<V: Ord, I: Ord>(
    gold: &BTreeMap<I, Label>,
    answers: impl IntoIterator<Item = (V, I, Vote)>,
    rule: &QualityRule,
) -> Vec<VoterQuality<V>> {
    let mut tallies: BTreeMap<V, (u32, u32)> = BTreeMap::new();
    for (voter, joke, vote) in answers {
        let tally = tallies.entry(voter).or_default();
        let (Some(expected), Some(given)) = (gold.get(&joke), vote.label()) else { continue };
        tally.0 = tally.0.saturating_add(1);
        if *expected == given {
            tally.1 = tally.1.saturating_add(1);
        }
    }
    tallies
        .into_iter()
        .map(|(voter, (gold_answered, correct))| {
            let accuracy = (gold_answered > 0).then(|| f64::from(correct) / f64::from(gold_answered));
            let flagged = gold_answered >= rule.min_gold_answered
                && accuracy.is_some_and(|accuracy| accuracy < rule.min_accuracy);
            VoterQuality { voter, gold_answered, correct, accuracy, flagged }
        })
        .collect()
}
