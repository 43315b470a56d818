//! The LLM task layer: for every task the pipeline asks a model to do, its typed input, the chat
//! messages that ask for it (from [`crate::prompts`]), the JSON Schema its reply must follow
//! (sent as Mistral's `response_format`), and a tolerant parser that turns the reply into a typed
//! value or a [`ValidationReport`] the model can be asked to fix.
//!
//! Two entry points:
//! - [`TaskSpec`], implemented by one unit type per task ([`ExtractTask`], …): typed input and
//!   output, for the code that runs one task.
//! - [`Task`], the enum: the metadata stored with every result (prompt version, schema name),
//!   the request knobs, and [`Task::parse_value`] for code that handles any task alike.
//!
//! A reply is parsed in two steps. [`reply`] finds the JSON in it (fences, prose, trailing commas,
//! typographic quotes); each task then reads that JSON field by field against its own rules,
//! collecting every problem with its JSON path. Parsing never panics, whatever the reply.
//!
//! A failed reply is retried by appending the model's reply as an assistant message and
//! [`ValidationReport::corrective_message`] as a user message, then asking again.

mod check;
mod extract;
mod generate;
mod graph;
mod judge;
mod keywords;
mod refine;
pub mod reply;
mod report;
mod rewrite;
mod schema;
mod task;

use serde::Serialize;

use crate::mistral::ChatMessage;

pub use extract::{ExtractInput, ExtractTask, ExtractedJoke, MAX_JOKES_PER_WINDOW, MAX_TIME_S, Repertoire};
pub use generate::{GenerateTask, GeneratedJoke, KeywordInput};
pub use graph::{GraphTask, MAX_EDGES, MAX_NODES, NODE_KINDS};
pub use judge::{JudgeChoice, JudgeInput, JudgeReply, JudgeTask, verdict_of};
pub use keywords::{KeywordList, KeywordsTask, MAX_KEYWORD_CHARS, MAX_KEYWORD_WORDS, MAX_KEYWORDS};
pub use refine::{Quality, RefineTask, Refinement};
pub use report::{JsonKind, Problem, ProblemKind, ValidationReport};
pub use rewrite::{RewriteTask, Rewritten};
pub use task::Task;

/// Longest joke text accepted, in characters. A window holds about 3,000 characters, so a
/// longer "joke" is a model copying the window; the slack covers added punctuation.
pub const MAX_JOKE_CHARS: usize = 4_000;

/// One task, typed.
pub trait TaskSpec {
    const TASK: Task;
    type Input;
    type Output: Serialize;

    /// The chat messages that ask a model to do the task for `input`.
    fn build_messages(input: &Self::Input) -> Vec<ChatMessage>;

    /// Reads a model's reply (the message text), or reports every problem in it.
    fn parse(reply: &str) -> Result<Self::Output, ValidationReport>;
}

/// The text of the input a joke task reads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, Serialize)]
pub struct JokeInput {
    pub text: String,
}
