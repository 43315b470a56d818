//! Generation: a keyword in, a joke out, as plain text. The fine-tuned model was trained to
//! answer with the bare joke, so no schema is sent; the parser only strips the wrapping a model
//! may still add (a code fence, quotes around the whole joke).

use serde::{Deserialize, Serialize};

use super::report::{Problem, ProblemKind, ValidationReport};
use super::{MAX_JOKE_CHARS, Task, TaskSpec};
use crate::mistral::ChatMessage;
use crate::prompts;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeywordInput {
    /// Already validated and trimmed (see `api::GenerateRequest::validate`).
    pub keyword: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedJoke {
    pub text: String,
}

pub struct GenerateTask;

impl TaskSpec for GenerateTask {
    const TASK: Task = Task::Generate;
    type Input = KeywordInput;
    type Output = GeneratedJoke;

    fn build_messages(input: &KeywordInput) -> Vec<ChatMessage> {
        prompts::generate::messages(&input.keyword)
    }

    fn parse(reply: &str) -> Result<GeneratedJoke, ValidationReport> {
        let text = unwrap_quotes(unfence(reply.trim()).trim()).trim();
        let chars = text.chars().count();
        let kind = if chars == 0 {
            ProblemKind::Empty
        } else if chars > MAX_JOKE_CHARS {
            ProblemKind::TooManyChars { max: MAX_JOKE_CHARS, found: chars }
        } else {
            return Ok(GeneratedJoke { text: text.to_owned() });
        };
        Err(ValidationReport { task: Task::Generate, problems: vec![Problem { path: "$".into(), kind }] })
    }
}

/// The inside of a reply that is one code fence (```` ```text … ``` ````), else the reply.
fn unfence(reply: &str) -> &str {
    let Some(inner) = reply.strip_prefix("```").and_then(|rest| rest.strip_suffix("```")) else {
        return reply;
    };
    // The fence's first line may name a language.
    match inner.split_once('\n') {
        Some((first, body)) if !first.trim().contains(' ') => body,
        _ => inner,
    }
}

/// The text inside one pair of quotes that wraps all of it, else the text.
fn unwrap_quotes(text: &str) -> &str {
    const PAIRS: [(char, char); 4] = [('"', '"'), ('“', '”'), ('«', '»'), ('\'', '\'')];
    for (open, close) in PAIRS {
        if let Some(inner) = text.strip_prefix(open).and_then(|rest| rest.strip_suffix(close))
            && !inner.contains(open)
            && !inner.contains(close)
        {
            return inner;
        }
    }
    text
}
