//! Rewriting: a joke as told on stage in, the same joke standing alone in writing out.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::check::{Checker, parse_reply};
use super::{JokeInput, MAX_JOKE_CHARS, Task, TaskSpec, ValidationReport, schema};
use crate::mistral::ChatMessage;
use crate::prompts;

pub const SCHEMA_NAME: &str = "rewrite";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rewritten {
    pub text: String,
}

pub struct RewriteTask;

impl TaskSpec for RewriteTask {
    const TASK: Task = Task::Rewrite;
    type Input = JokeInput;
    type Output = Rewritten;

    fn build_messages(input: &JokeInput) -> Vec<ChatMessage> {
        prompts::rewrite::messages(&input.text)
    }

    fn parse(reply: &str) -> Result<Rewritten, ValidationReport> {
        parse_reply(Task::Rewrite, reply, read)
    }
}

pub fn schema() -> Value {
    schema::object(
        "La talla reescrita para que funcione sola.",
        &[("text", schema::string("La talla reescrita, con la voz y el remate del comediante."))],
    )
}

fn read(checker: &mut Checker, json: &Value) -> Option<Rewritten> {
    let (object, path) = checker.object(json, "$")?;
    Some(Rewritten { text: checker.text(object, "text", &path, MAX_JOKE_CHARS)? })
}
