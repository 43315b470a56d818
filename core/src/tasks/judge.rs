//! Judging: two jokes for one keyword in, a verdict with its reason out.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::check::{Checker, parse_reply};
use super::{Task, TaskSpec, ValidationReport, schema};
use crate::mistral::ChatMessage;
use crate::prompts;
use crate::scores::pairwise::Verdict;

pub const SCHEMA_NAME: &str = "judge_verdict";
/// Longest reason, in characters: the prompt asks for one or two sentences.
pub const MAX_REASON_CHARS: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgeInput {
    pub keyword: String,
    /// A human joke for the same keyword, shown as a yardstick; `None` when there is none.
    pub reference: Option<String>,
    /// The joke shown first (slot A).
    pub candidate_a: String,
    /// The joke shown second (slot B).
    pub candidate_b: String,
}

/// The four answers a judge may give; the other [`Verdict`]s are about failed calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JudgeChoice {
    A,
    B,
    Tie,
    Neither,
}

const CHOICES: [(&str, JudgeChoice); 4] =
    [("a", JudgeChoice::A), ("b", JudgeChoice::B), ("tie", JudgeChoice::Tie), ("neither", JudgeChoice::Neither)];

impl From<JudgeChoice> for Verdict {
    fn from(choice: JudgeChoice) -> Verdict {
        match choice {
            JudgeChoice::A => Verdict::A,
            JudgeChoice::B => Verdict::B,
            JudgeChoice::Tie => Verdict::Tie,
            JudgeChoice::Neither => Verdict::Neither,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JudgeReply {
    pub reason: String,
    pub verdict: JudgeChoice,
}

/// The verdict a parse result counts as: a reply that stays invalid (after any corrective round)
/// is [`Verdict::Unparseable`], a counted error, never a guessed label.
pub fn verdict_of(parsed: &Result<JudgeReply, ValidationReport>) -> Verdict {
    parsed.as_ref().map_or(Verdict::Unparseable, |reply| reply.verdict.into())
}

pub struct JudgeTask;

impl TaskSpec for JudgeTask {
    const TASK: Task = Task::Judge;
    type Input = JudgeInput;
    type Output = JudgeReply;

    fn build_messages(input: &JudgeInput) -> Vec<ChatMessage> {
        let JudgeInput { keyword, reference, candidate_a, candidate_b } = input;
        prompts::judge::messages(keyword, reference.as_deref(), candidate_a, candidate_b)
    }

    fn parse(reply: &str) -> Result<JudgeReply, ValidationReport> {
        parse_reply(Task::Judge, reply, read)
    }
}

/// `reason` comes first so that a model writing in property order reasons before it decides.
pub fn schema() -> Value {
    schema::object(
        "El veredicto del jurado sobre los chistes A y B.",
        &[
            ("reason", schema::string("Por qué, en una o dos frases.")),
            (
                "verdict",
                schema::one_of(
                    "a: A es mejor; b: B es mejor; tie: igual de buenos; neither: ninguno vale la pena.",
                    &["a", "b", "tie", "neither"],
                ),
            ),
        ],
    )
}

fn read(checker: &mut Checker, json: &Value) -> Option<JudgeReply> {
    let (object, path) = checker.object(json, "$")?;
    let reason = checker.text(object, "reason", &path, MAX_REASON_CHARS);
    let verdict = checker.choice(object, "verdict", &path, &CHOICES);
    Some(JudgeReply { reason: reason?, verdict: verdict? })
}
