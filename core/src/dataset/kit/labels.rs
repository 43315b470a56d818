//! `data/labels.jsonl`: KTO rows, one per joke people decided is funny (`true`) or not (`false`),
//! never one of the validation split's jokes, their near-duplicates or their texts.
//!
//! The keyword each joke is asked with: a joke of the frozen training split keeps the keyword it
//! has there, so its KTO row asks exactly as its SFT row; any other joke takes its first keyword
//! (best first) that the generate API accepts and the validation split does not use. Unlike the
//! SFT files, a keyword may come back: KTO learns from each row's label on its own (the rows are
//! unpaired), so one keyword with a funny and a not-funny joke is a contrast it learns from, not
//! the conflict two answers to one SFT prompt are; and the dataset's matching (`keywords::assign`,
//! no keyword twice) would drop every joke whose keywords another took, and let not-funny jokes
//! take keywords from funny ones.
//!
//! Rows are sorted by joke id, so the file does not depend on the order the app reads its store in.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::decide::{DecidedBy, decide};
use super::held_out::{HeldOut, Leak, text_key};
use super::input::{KitDataset, LabelledJoke};
use super::rows::LabelRow;
use crate::dataset::{CrowdRule, keywords};
use crate::scores::crowd::Label;

/// What became of the workspace's jokes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelCounts {
    /// Jokes given.
    pub jokes: usize,
    /// Neither the curator nor the crowd decided them.
    pub undecided: usize,
    /// Rows written, and of those:
    pub rows: usize,
    pub funny: usize,
    pub not_funny: usize,
    pub by_curator: usize,
    pub by_crowd: usize,
    pub left_out: LeftOut,
}

/// Decided jokes without a row, by reason.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// Another joke given earlier has its id.
    pub duplicate_id: usize,
    pub empty_joke: usize,
    /// A validation example.
    pub in_validation: usize,
    /// A near-duplicate of a validation example.
    pub validation_cluster: usize,
    /// The text of a validation example.
    pub validation_text: usize,
    /// None of its keywords can be asked, or each is a validation keyword.
    pub no_keyword: usize,
}

impl LeftOut {
    pub fn total(&self) -> usize {
        self.duplicate_id
            + self.empty_joke
            + self.in_validation
            + self.validation_cluster
            + self.validation_text
            + self.no_keyword
    }
}

/// The rows, in file order, and their counts.
pub(super) fn labels(
    jokes: &[LabelledJoke],
    dataset: &KitDataset,
    rule: &CrowdRule,
    held_out: &HeldOut,
) -> (Vec<LabelRow>, LabelCounts) {
    let trained: HashMap<&str, &str> = dataset.train.iter().map(|e| (e.id.as_str(), e.keyword.as_str())).collect();
    let mut counts = LabelCounts { jokes: jokes.len(), ..LabelCounts::default() };
    let mut seen = HashSet::new();
    let mut rows: Vec<(&str, LabelRow)> = Vec::new();
    for joke in jokes {
        let Some((label, by)) = decide(joke, rule) else {
            counts.undecided += 1;
            continue;
        };
        let keyword = trained.get(joke.id.as_str()).map(|k| (*k).to_owned());
        match row(joke, label, keyword, held_out, &mut seen) {
            Err(count) => *count.of(&mut counts.left_out) += 1,
            Ok(row) => {
                counts.rows += 1;
                match label {
                    Label::Funny => counts.funny += 1,
                    Label::NotFunny => counts.not_funny += 1,
                }
                match by {
                    DecidedBy::Curator => counts.by_curator += 1,
                    DecidedBy::Crowd => counts.by_crowd += 1,
                }
                rows.push((&joke.id, row));
            }
        }
    }
    rows.sort_by(|a, b| a.0.cmp(b.0));
    (rows.into_iter().map(|(_, row)| row).collect(), counts)
}

/// Which count of [`LeftOut`] a decided joke without a row adds to.
enum Why {
    DuplicateId,
    Empty,
    Leak(Leak),
    NoKeyword,
}

impl Why {
    fn of(self, left_out: &mut LeftOut) -> &mut usize {
        match self {
            Why::DuplicateId => &mut left_out.duplicate_id,
            Why::Empty => &mut left_out.empty_joke,
            Why::Leak(Leak::InValidation) => &mut left_out.in_validation,
            Why::Leak(Leak::SharesCluster) => &mut left_out.validation_cluster,
            Why::Leak(Leak::SameText) => &mut left_out.validation_text,
            Why::NoKeyword => &mut left_out.no_keyword,
        }
    }
}

/// The decided joke's row, or why it has none. `trained_keyword`: its keyword in the training split.
fn row<'a>(
    joke: &'a LabelledJoke,
    label: Label,
    trained_keyword: Option<String>,
    held_out: &HeldOut,
    seen: &mut HashSet<&'a str>,
) -> Result<LabelRow, Why> {
    if !seen.insert(&joke.id) {
        return Err(Why::DuplicateId);
    }
    let text = text_key(&joke.text);
    if text.is_empty() {
        return Err(Why::Empty);
    }
    if let Some(leak) = held_out.leak(joke) {
        return Err(Why::Leak(leak));
    }
    // The training keyword passes the same checks: a dataset handed over by hand may break them.
    let keyword = trained_keyword
        .into_iter()
        .chain(joke.keywords.iter().cloned())
        .filter_map(|k| keywords::usable(&k))
        .find(|k| !held_out.is_validation_keyword(k))
        .ok_or(Why::NoKeyword)?;
    Ok(LabelRow::new(&keyword, &text, label == Label::Funny))
}
