//! The rows of the preference files in TRL's conversational formats
//! (<https://huggingface.co/docs/trl/dataset_formats>, "Preference" and "Unpaired preference",
//! conversational column): the prompt is a list of messages ending with the user's turn, and each
//! completion a list of one assistant message. The prompt is the app's own for the keyword
//! ([`generate::messages`]: the system prompt, then `Palabra clave: <keyword>`), so DPO and KTO
//! ask exactly as SFT and the playground do.

use serde::Serialize;

use crate::mistral::{ChatMessage, Role};
use crate::prompts::generate;

/// `{"prompt": [...], "chosen": [assistant], "rejected": [assistant]}`: DPO's paired preference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct PreferenceRow {
    pub prompt: Vec<ChatMessage>,
    pub chosen: Vec<ChatMessage>,
    pub rejected: Vec<ChatMessage>,
}

/// `{"prompt": [...], "completion": [assistant], "label": true|false}`: KTO's unpaired preference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct LabelRow {
    pub prompt: Vec<ChatMessage>,
    pub completion: Vec<ChatMessage>,
    pub label: bool,
}

impl PreferenceRow {
    /// `keyword` usable and both texts trimmed, non-empty and different (the caller checks).
    pub(super) fn new(keyword: &str, chosen: &str, rejected: &str) -> Self {
        Self { prompt: generate::messages(keyword), chosen: answer(chosen), rejected: answer(rejected) }
    }
}

impl LabelRow {
    pub(super) fn new(keyword: &str, joke: &str, funny: bool) -> Self {
        Self { prompt: generate::messages(keyword), completion: answer(joke), label: funny }
    }
}

fn answer(text: &str) -> Vec<ChatMessage> {
    vec![ChatMessage::new(Role::Assistant, text)]
}

/// One JSON line per row, each ending in a newline.
pub(super) fn jsonl<T: Serialize>(rows: &[T]) -> String {
    let mut out = String::new();
    for row in rows {
        // Strings, bools and enums only: serialising cannot fail; a failure would drop the row,
        // and the validator, which counts rows against the counts, would say so.
        if let Ok(line) = serde_json::to_string(row) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
