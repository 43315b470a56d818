//! What the validation split holds, so no training row of the kit touches it: its jokes (by id,
//! by near-duplicate cluster, by text) and its keywords.
//!
//! The evaluation asks every model for a joke on each validation keyword and judges the answers;
//! a preference or label row on one of those keywords would train the model on the evaluation's
//! own prompts (the SFT files already never share one: each keyword goes to one example).

use std::collections::HashSet;

use super::input::{KitDataset, LabelledJoke};
use crate::dataset::keywords;
use crate::mistral::Role;

/// The validation split, ready to be asked about.
pub(super) struct HeldOut {
    ids: HashSet<String>,
    clusters: HashSet<usize>,
    texts: HashSet<String>,
    keywords: HashSet<String>,
}

/// Why a joke may not be trained on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Leak {
    /// It is a validation example.
    InValidation,
    /// It shares a near-duplicate cluster with a validation example.
    SharesCluster,
    /// Its text is a validation example's.
    SameText,
}

impl HeldOut {
    /// The split of `dataset`. Clusters are read from `labelled` (the validation examples' own
    /// jokes there), whose numbering is the one the other jokes' clusters use.
    pub(super) fn of(dataset: &KitDataset, labelled: &[LabelledJoke]) -> HeldOut {
        let ids: HashSet<String> = dataset.validation.iter().map(|e| e.id.clone()).collect();
        let clusters = labelled.iter().filter(|joke| ids.contains(&joke.id)).filter_map(|joke| joke.cluster).collect();
        let texts = dataset
            .validation
            .iter()
            .flat_map(|e| e.messages.iter().filter(|m| m.role == Role::Assistant))
            .map(|m| text_key(&m.content))
            .collect();
        let keywords = dataset.validation.iter().map(|e| keywords::key(&e.keyword)).collect();
        HeldOut { ids, clusters, texts, keywords }
    }

    /// Why `joke` must stay out of training, if it must.
    pub(super) fn leak(&self, joke: &LabelledJoke) -> Option<Leak> {
        if self.ids.contains(&joke.id) {
            Some(Leak::InValidation)
        } else if joke.cluster.is_some_and(|cluster| self.clusters.contains(&cluster)) {
            Some(Leak::SharesCluster)
        } else {
            self.is_validation_text(&joke.text).then_some(Leak::SameText)
        }
    }

    /// Whether `text` is a validation joke's (trimmed, in NFC).
    pub(super) fn is_validation_text(&self, text: &str) -> bool {
        self.texts.contains(&text_key(text))
    }

    /// Whether `keyword` (a usable one, see `keywords::usable`) is a validation example's.
    pub(super) fn is_validation_keyword(&self, keyword: &str) -> bool {
        self.keywords.contains(&keywords::key(keyword))
    }
}

/// A joke's text as compared: trimmed and in NFC, so one text typed two ways is one text.
pub(super) fn text_key(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.trim().nfc().collect()
}
