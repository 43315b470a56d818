//! Sizes of a dataset, for the cost estimate and Mistral's file limits.

use serde::{Deserialize, Serialize};

use super::Example;

/// Size of one side of the split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitTotals {
    pub examples: usize,
    /// Bytes of its JSONL file, newlines included.
    pub bytes: usize,
    /// Estimated tokens of every message's content. Chat control tokens (a few per message) are
    /// not counted.
    pub tokens: usize,
    /// Estimated tokens of the assistant's answers alone: the part the model learns from.
    pub answer_tokens: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub train: SplitTotals,
    pub validation: SplitTotals,
}

/// A tokenizer-free token estimate: one token per four characters, rounded up. Mistral's
/// tokenizers average 3.5–4.5 characters per token on Spanish prose; callers with a real
/// tokenizer pass it to [`super::build`] instead.
pub fn estimate_tokens(text: &str) -> usize {
    text.chars().count().div_ceil(4)
}

impl SplitTotals {
    pub(crate) fn of(examples: &[Example], estimate: &dyn Fn(&str) -> usize) -> Self {
        let mut totals = Self { examples: examples.len(), ..Self::default() };
        for example in examples {
            totals.bytes += example.to_json_line().len() + 1;
            for message in &example.messages {
                let tokens = estimate(&message.content);
                totals.tokens += tokens;
                if message.role == crate::mistral::Role::Assistant {
                    totals.answer_tokens += tokens;
                }
            }
        }
        totals
    }
}
