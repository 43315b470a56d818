//! The keyword → joke fine-tuning dataset, in Mistral's chat JSONL format.
//!
//! [`build`] turns labelled [`Candidate`] jokes into a [`Dataset`]:
//! 1. Candidates that break the [`SelectionRules`] (labels, crowd, length, mentalization) are excluded, then
//!    near-duplicates beyond [`SelectionRules::max_per_cluster`].
//! 2. Each remaining joke gets one of its keywords, no keyword twice, as many jokes as possible
//!    (a maximum matching, see `keywords.rs`).
//! 3. Each joke becomes an [`Example`]: the app's own prompt for that keyword
//!    ([`crate::prompts::generate::messages`]) answered by the joke, so the tuned model is asked
//!    exactly as it was trained.
//! 4. A seeded split sends whole near-duplicate clusters to training or validation, within
//!    Mistral's size rule for validation files.
//! 5. Both files are checked by the same validator users get for their own files
//!    ([`validate_jsonl`], [`validate_files`]), and sized ([`Totals`]).
//!
//! Every candidate that does not become an example is in [`Dataset::excluded`] with the reason;
//! none is dropped silently. The same candidates, rules and seed always give the same dataset.

mod candidate;
mod example;
mod keywords;
pub mod kit;
mod report;
mod rules;
mod split;
mod totals;
mod validate;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

pub use candidate::{Candidate, GraphMeasures};
pub use example::{Example, to_jsonl};
pub use report::{DataFile, Issue, Rule, Severity, ValidatorReport};
pub use rules::{CrowdRule, Exclusion, Judge, LabelPolicy, MentalizationRule, SelectionRules};
pub use split::{MAX_VALIDATION_BYTES, MAX_VALIDATION_SHARE};
pub use totals::{SplitTotals, Totals, estimate_tokens};
pub use validate::{validate_files, validate_jsonl};

use crate::prompts::generate;

/// How to build: the rules, the split's seed and the validation share.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BuildConfig {
    pub rules: SelectionRules,
    pub seed: u64,
    /// Share of examples for validation, before Mistral's size rule (see [`MAX_VALIDATION_SHARE`]).
    pub validation_fraction: f64,
}

impl Default for BuildConfig {
    fn default() -> Self {
        Self { rules: SelectionRules::default(), seed: 0, validation_fraction: 0.05 }
    }
}

/// A candidate left out, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Excluded {
    pub id: String,
    /// Position in the candidates given to [`build`] (ids may repeat, which is one reason).
    pub index: usize,
    pub reason: Exclusion,
    /// `reason` in words, for the UI.
    pub message: String,
}

impl Excluded {
    fn new(id: &str, index: usize, reason: Exclusion) -> Self {
        Self { id: id.to_owned(), index, message: reason.to_string(), reason }
    }
}

/// A built dataset: the two files' examples, what was left out, the validator's verdict, sizes,
/// and everything needed to rebuild it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub rules: SelectionRules,
    pub seed: u64,
    pub validation_fraction: f64,
    /// The version of the prompt every example uses ([`generate::PROMPT_VERSION`]).
    pub prompt_version: String,
    /// In candidate order.
    pub train: Vec<Example>,
    /// In candidate order.
    pub validation: Vec<Example>,
    /// In candidate order.
    pub excluded: Vec<Excluded>,
    pub report: ValidatorReport,
    pub totals: Totals,
}

impl Dataset {
    /// The training file, ready to upload.
    pub fn train_jsonl(&self) -> String {
        to_jsonl(&self.train)
    }

    /// The validation file, ready to upload.
    pub fn validation_jsonl(&self) -> String {
        to_jsonl(&self.validation)
    }
}

/// Builds the dataset. `estimate_tokens` counts the tokens of one message's text; pass
/// [`estimate_tokens`] when no tokenizer is at hand.
pub fn build(candidates: &[Candidate], config: &BuildConfig, estimate_tokens: &dyn Fn(&str) -> usize) -> Dataset {
    let rules = &config.rules;
    let mut reasons: Vec<Option<Exclusion>> = vec![None; candidates.len()];

    // Step 1: ids, rules, then clusters (in input order: the first members of a cluster stay).
    let mut ids = HashSet::new();
    let mut kept_in_cluster: HashMap<usize, Vec<&str>> = HashMap::new();
    for (candidate, reason) in candidates.iter().zip(&mut reasons) {
        if !ids.insert(candidate.id.as_str()) {
            *reason = Some(Exclusion::DuplicateId);
        } else if let Err(exclusion) = rules::check(candidate, rules) {
            *reason = Some(exclusion);
        } else if let (Some(cluster), Some(max)) = (candidate.cluster, rules.max_per_cluster) {
            let kept = kept_in_cluster.entry(cluster).or_default();
            if kept.len() >= max {
                let first = kept.first().map_or_else(String::new, |id| (*id).to_owned());
                *reason = Some(Exclusion::ClusterFull { cluster, kept: first, max });
            } else {
                kept.push(&candidate.id);
            }
        }
    }

    // Steps 2 and 3.
    let selected: Vec<usize> = (0..candidates.len()).filter(|&i| reasons[i].is_none()).collect();
    let lists: Vec<&[String]> = selected.iter().map(|&i| candidates[i].keywords.as_slice()).collect();
    let mut examples = Vec::with_capacity(selected.len());
    for (&i, assigned) in selected.iter().zip(keywords::assign(&lists)) {
        let candidate = &candidates[i];
        match assigned {
            Ok(keyword) => examples.push(Example::new(&candidate.id, keyword, &candidate.text, candidate.cluster)),
            Err(exclusion) => reasons[i] = Some(exclusion),
        }
    }

    // Step 4.
    let line_bytes: Vec<usize> = examples.iter().map(|e| e.to_json_line().len() + 1).collect();
    let clusters: Vec<Option<usize>> = examples.iter().map(|e| e.cluster).collect();
    let to_validation = split::split(&line_bytes, &clusters, config.validation_fraction, config.seed);
    let (mut train, mut validation) = (Vec::new(), Vec::new());
    for (example, is_validation) in examples.into_iter().zip(to_validation) {
        if is_validation { validation.push(example) } else { train.push(example) }
    }

    // Step 5.
    let (train_jsonl, validation_jsonl) = (to_jsonl(&train), to_jsonl(&validation));
    let report = validate_files(&train_jsonl, (!validation.is_empty()).then_some(validation_jsonl.as_str()));
    let totals = Totals {
        train: SplitTotals::of(&train, estimate_tokens),
        validation: SplitTotals::of(&validation, estimate_tokens),
    };
    let excluded = candidates
        .iter()
        .zip(reasons)
        .enumerate()
        .filter_map(|(index, (candidate, reason))| reason.map(|r| Excluded::new(&candidate.id, index, r)))
        .collect();
    Dataset {
        rules: *rules,
        seed: config.seed,
        validation_fraction: config.validation_fraction,
        prompt_version: generate::PROMPT_VERSION.to_owned(),
        train,
        validation,
        excluded,
        report,
        totals,
    }
}
