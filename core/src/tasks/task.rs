//! The tasks as one enum: what is stored with each result and sent with each request.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    ExtractTask, GenerateTask, GraphTask, JudgeTask, KeywordsTask, RefineTask, RewriteTask, TaskSpec, ValidationReport,
    extract, graph, judge, keywords, refine, rewrite, schema,
};
use crate::prompts;

/// Every task a model does in the pipeline, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// Transcript window → the jokes in it.
    Extract,
    /// Joke → corrected text, keywords, quality.
    Refine,
    /// Joke → keywords.
    Keywords,
    /// Joke → knowledge graph (for mentalization).
    Graph,
    /// Stage joke → joke that stands alone.
    Rewrite,
    /// Two jokes for a keyword → which is better.
    Judge,
    /// Keyword → joke (the fine-tuned model's task).
    Generate,
}

impl Task {
    pub const ALL: [Task; 7] =
        [Task::Extract, Task::Refine, Task::Keywords, Task::Graph, Task::Rewrite, Task::Judge, Task::Generate];

    /// The task's name in snake case, as serialized.
    pub fn name(self) -> &'static str {
        match self {
            Task::Extract => "extract",
            Task::Refine => "refine",
            Task::Keywords => "keywords",
            Task::Graph => "graph",
            Task::Rewrite => "rewrite",
            Task::Judge => "judge",
            Task::Generate => "generate",
        }
    }

    /// The version of the prompt that asks for it, stored with every result.
    pub fn prompt_version(self) -> &'static str {
        match self {
            Task::Extract => prompts::extract::PROMPT_VERSION,
            Task::Refine => prompts::refine::PROMPT_VERSION,
            Task::Keywords => prompts::keywords::PROMPT_VERSION,
            Task::Graph => prompts::graph::PROMPT_VERSION,
            Task::Rewrite => prompts::rewrite::PROMPT_VERSION,
            Task::Judge => prompts::judge::PROMPT_VERSION,
            Task::Generate => prompts::generate::PROMPT_VERSION,
        }
    }

    /// The name of the reply's JSON Schema. `None` for [`Task::Generate`], whose reply is plain
    /// text: the fine-tuned model was trained on plain-text answers, and is asked as trained.
    pub fn schema_name(self) -> Option<&'static str> {
        match self {
            Task::Extract => Some(extract::SCHEMA_NAME),
            Task::Refine => Some(refine::SCHEMA_NAME),
            Task::Keywords => Some(keywords::SCHEMA_NAME),
            Task::Graph => Some(graph::SCHEMA_NAME),
            Task::Rewrite => Some(rewrite::SCHEMA_NAME),
            Task::Judge => Some(judge::SCHEMA_NAME),
            Task::Generate => None,
        }
    }

    /// The reply's JSON Schema (see [`Task::schema_name`] for why Generate has none).
    pub fn schema(self) -> Option<Value> {
        match self {
            Task::Extract => Some(extract::schema()),
            Task::Refine => Some(refine::schema()),
            Task::Keywords => Some(keywords::schema()),
            Task::Graph => Some(graph::schema()),
            Task::Rewrite => Some(rewrite::schema()),
            Task::Judge => Some(judge::schema()),
            Task::Generate => None,
        }
    }

    /// The `response_format` of a chat request for this task.
    pub fn response_format(self) -> Option<Value> {
        Some(schema::response_format(self.schema_name()?, self.schema()?))
    }

    /// The sampling temperature the task runs at unless configured otherwise.
    pub fn temperature(self) -> f32 {
        match self {
            // Copying, correcting and labelling: the reply should depend on the joke, not on luck.
            Task::Extract | Task::Refine | Task::Keywords | Task::Graph => 0.2,
            // Some freedom of wording, none of content.
            Task::Rewrite => 0.5,
            // The same pair must get the same verdict, or the two orders stop cancelling out.
            Task::Judge => 0.0,
            // Jokes need variety more than precision (the worker's generate route uses the same).
            Task::Generate => 0.9,
        }
    }

    /// A `max_tokens` that fits any honest reply and bounds the cost of a runaway one.
    pub fn max_tokens(self) -> u32 {
        match self {
            // A ~3,000-character window (about 1,000 tokens) copied twice (span and text), plus JSON.
            Task::Extract => 4_096,
            Task::Refine => 1_500,
            Task::Keywords => 200,
            Task::Graph => 1_500,
            Task::Rewrite => 1_000,
            Task::Judge => 300,
            Task::Generate => 300,
        }
    }

    /// Parses a reply of this task into its output as JSON: for code that treats tasks alike
    /// (logs, the curator's UI, tests). Typed code should use [`TaskSpec::parse`].
    pub fn parse_value(self, reply: &str) -> Result<Value, ValidationReport> {
        fn as_value<S: TaskSpec>(reply: &str) -> Result<Value, ValidationReport> {
            // Our outputs are plain data with finite numbers: serializing them cannot fail.
            S::parse(reply).map(|output| serde_json::to_value(output).unwrap_or_default())
        }
        match self {
            Task::Extract => as_value::<ExtractTask>(reply),
            Task::Refine => as_value::<RefineTask>(reply),
            Task::Keywords => as_value::<KeywordsTask>(reply),
            Task::Graph => as_value::<GraphTask>(reply),
            Task::Rewrite => as_value::<RewriteTask>(reply),
            Task::Judge => as_value::<JudgeTask>(reply),
            Task::Generate => as_value::<GenerateTask>(reply),
        }
    }
}

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Task {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Task::ALL.into_iter().find(|task| task.name() == name).ok_or_else(|| format!("no task is named {name:?}"))
    }
}
