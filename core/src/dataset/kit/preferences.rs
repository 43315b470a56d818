//! `data/preferences.jsonl`: DPO pairs, one per arena vote for A or B (the winner chosen) and one
//! per judge's both-orders win the curator accepts. Ties and "neither" prefer nothing and are
//! only counted. A pair is refused, and counted by reason, when its keyword could never be asked,
//! is a validation keyword, a joke is empty, both jokes are the same text, or one is a validation
//! joke; so every row written is a valid TRL preference row by construction.
//!
//! Rows are sorted (arena first, then evaluations; each by keyword, chosen, rejected), so the file
//! does not depend on the order the app reads its store in.

use serde::{Deserialize, Serialize};

use super::held_out::{HeldOut, text_key};
use super::input::{ArenaVote, EvaluationPair};
use super::rows::PreferenceRow;
use crate::dataset::keywords;
use crate::play::arena::ArenaChoice;

/// What became of the arena's votes and the evaluations' pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreferenceCounts {
    /// Rows written, from both sources.
    pub rows: usize,
    pub arena_votes: usize,
    pub arena_rows: usize,
    pub ties: usize,
    /// Votes for "neither" (both bad): no preference between the two.
    pub neither: usize,
    /// Matches served and never voted on.
    #[serde(default)]
    pub unvoted: usize,
    pub evaluation_pairs: usize,
    pub evaluation_rows: usize,
    pub refused: Refused,
}

/// Pairs (A/B votes or evaluation wins) that could not become a row, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refused {
    /// Empty, too long or with line breaks: the generate API would never ask it.
    pub unusable_keyword: usize,
    /// A keyword of the validation split, which the evaluation asks.
    pub validation_keyword: usize,
    pub empty_joke: usize,
    /// Both jokes the same text: no preference to learn.
    pub same_joke: usize,
    /// A joke that is a validation example's text.
    pub validation_joke: usize,
}

impl Refused {
    pub fn total(&self) -> usize {
        self.unusable_keyword + self.validation_keyword + self.empty_joke + self.same_joke + self.validation_joke
    }
}

/// The pairs' rows, in file order, and their counts.
pub(super) fn preferences(
    arena: &[ArenaVote],
    unvoted: usize,
    evaluation: &[EvaluationPair],
    held_out: &HeldOut,
) -> (Vec<PreferenceRow>, PreferenceCounts) {
    let mut counts = PreferenceCounts {
        arena_votes: arena.len(),
        unvoted,
        evaluation_pairs: evaluation.len(),
        ..PreferenceCounts::default()
    };
    let mut arena_pairs = Vec::new();
    for vote in arena {
        match vote.choice {
            ArenaChoice::A => arena_pairs.push((vote.keyword.as_str(), vote.a.as_str(), vote.b.as_str())),
            ArenaChoice::B => arena_pairs.push((vote.keyword.as_str(), vote.b.as_str(), vote.a.as_str())),
            ArenaChoice::Tie => counts.ties += 1,
            ArenaChoice::Neither => counts.neither += 1,
        }
    }
    let evaluation_pairs = evaluation.iter().map(|p| (p.keyword.as_str(), p.chosen.as_str(), p.rejected.as_str()));
    let arena_rows = sorted_rows(arena_pairs, held_out, &mut counts.refused);
    let evaluation_rows = sorted_rows(evaluation_pairs, held_out, &mut counts.refused);
    counts.arena_rows = arena_rows.len();
    counts.evaluation_rows = evaluation_rows.len();
    counts.rows = counts.arena_rows + counts.evaluation_rows;
    (arena_rows.into_iter().chain(evaluation_rows).collect(), counts)
}

/// The usable pairs of one source as rows, sorted; the others counted in `refused`.
fn sorted_rows<'a>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str, &'a str)>,
    held_out: &HeldOut,
    refused: &mut Refused,
) -> Vec<PreferenceRow> {
    let mut keyed: Vec<((String, String, String), PreferenceRow)> = Vec::new();
    for (keyword, chosen, rejected) in pairs {
        match pair(keyword, chosen, rejected, held_out) {
            Ok((keyword, chosen, rejected)) => {
                let row = PreferenceRow::new(&keyword, &chosen, &rejected);
                keyed.push(((keywords::key(&keyword), chosen, rejected), row));
            }
            Err(reason) => refused.add(reason),
        }
    }
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.into_iter().map(|(_, row)| row).collect()
}

/// Why a pair is refused: one count of [`Refused`] each.
enum Reason {
    UnusableKeyword,
    ValidationKeyword,
    EmptyJoke,
    SameJoke,
    ValidationJoke,
}

impl Refused {
    fn add(&mut self, reason: Reason) {
        let count = match reason {
            Reason::UnusableKeyword => &mut self.unusable_keyword,
            Reason::ValidationKeyword => &mut self.validation_keyword,
            Reason::EmptyJoke => &mut self.empty_joke,
            Reason::SameJoke => &mut self.same_joke,
            Reason::ValidationJoke => &mut self.validation_joke,
        };
        *count += 1;
    }
}

/// The pair's keyword (usable) and texts (trimmed, NFC), or why it is refused.
fn pair(keyword: &str, chosen: &str, rejected: &str, held_out: &HeldOut) -> Result<(String, String, String), Reason> {
    let keyword = keywords::usable(keyword).ok_or(Reason::UnusableKeyword)?;
    if held_out.is_validation_keyword(&keyword) {
        return Err(Reason::ValidationKeyword);
    }
    let (chosen, rejected) = (text_key(chosen), text_key(rejected));
    if chosen.is_empty() || rejected.is_empty() {
        return Err(Reason::EmptyJoke);
    }
    if chosen == rejected {
        return Err(Reason::SameJoke);
    }
    if held_out.is_validation_text(&chosen) || held_out.is_validation_text(&rejected) {
        return Err(Reason::ValidationJoke);
    }
    Ok((keyword, chosen, rejected))
}
