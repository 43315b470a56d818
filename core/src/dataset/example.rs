//! One training example in Mistral's chat fine-tuning format, and the JSONL file of many.

use serde::{Deserialize, Serialize};

use crate::mistral::{ChatMessage, Role};
use crate::prompts::generate;

/// A keyword → joke conversation: exactly the messages the app sends for that keyword
/// ([`generate::messages`]), answered with the joke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    /// The candidate's id, to trace the example back to its joke.
    pub id: String,
    pub keyword: String,
    #[serde(default)]
    pub cluster: Option<usize>,
    pub messages: Vec<ChatMessage>,
}

impl Example {
    /// The example for `joke` under `keyword` (already validated and trimmed).
    pub fn new(id: impl Into<String>, keyword: impl Into<String>, joke: &str, cluster: Option<usize>) -> Self {
        let keyword = keyword.into();
        let mut messages = generate::messages(&keyword);
        messages.push(ChatMessage::new(Role::Assistant, joke.trim()));
        Self { id: id.into(), keyword, cluster, messages }
    }

    /// The example's line in the fine-tuning file: `{"messages":[...]}`, without the newline and
    /// without the id, keyword and cluster, which Mistral does not expect.
    pub fn to_json_line(&self) -> String {
        #[derive(Serialize)]
        struct Line<'a> {
            messages: &'a [ChatMessage],
        }
        serde_json::to_string(&Line { messages: &self.messages }).expect("strings and enums always serialise")
    }
}

/// The JSONL file of `examples`: one line each, every line ending in a newline.
pub fn to_jsonl(examples: &[Example]) -> String {
    let mut out = String::new();
    for example in examples {
        out.push_str(&example.to_json_line());
        out.push('\n');
    }
    out
}
