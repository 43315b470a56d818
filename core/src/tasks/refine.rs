//! Refinement: an extracted joke in; its corrected text, keywords and quality label out.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::check::{Checker, field, parse_reply};
use super::keywords::keyword_list;
use super::{JokeInput, MAX_JOKE_CHARS, Task, TaskSpec, ValidationReport, schema};
use crate::mistral::ChatMessage;
use crate::prompts;

pub const SCHEMA_NAME: &str = "refinement";

/// Whether a joke works as a joke. The labels are the original dataset's, so old and new rows
/// can be compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quality {
    /// Complete, understandable alone, with a punchline.
    Funny,
    /// Cut, dependent on missing context, without a punchline, or not a joke.
    NotFunny,
}

const QUALITIES: [(&str, Quality); 2] = [("funny", Quality::Funny), ("not_funny", Quality::NotFunny)];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refinement {
    pub corrected_text: String,
    pub keywords: Vec<String>,
    pub quality: Quality,
}

pub struct RefineTask;

impl TaskSpec for RefineTask {
    const TASK: Task = Task::Refine;
    type Input = JokeInput;
    type Output = Refinement;

    fn build_messages(input: &JokeInput) -> Vec<ChatMessage> {
        prompts::refine::messages(&input.text)
    }

    fn parse(reply: &str) -> Result<Refinement, ValidationReport> {
        parse_reply(Task::Refine, reply, read)
    }
}

pub fn schema() -> Value {
    schema::object(
        "Una talla corregida, con sus palabras clave y si funciona como chiste.",
        &[
            (
                "corrected_text",
                schema::string(
                    "La talla con los errores de transcripción y las tildes corregidos, en su mismo estilo.",
                ),
            ),
            (
                "keywords",
                schema::array(
                    "De 1 a 10 palabras clave, de una a tres palabras cada una, sin repetir, la más central primero.",
                    schema::string("Una palabra clave."),
                ),
            ),
            (
                "quality",
                schema::one_of(
                    "funny: talla completa que se entiende sola y tiene remate; not_funny: cualquier otra cosa.",
                    &["funny", "not_funny"],
                ),
            ),
        ],
    )
}

fn read(checker: &mut Checker, json: &Value) -> Option<Refinement> {
    let (object, path) = checker.object(json, "$")?;
    let corrected_text = checker.text(object, "corrected_text", &path, MAX_JOKE_CHARS);
    let keywords = checker.required(object, "keywords", &path);
    let keywords = keywords.and_then(|value| keyword_list(checker, value, &field(&path, "keywords")));
    let quality = checker.choice(object, "quality", &path, &QUALITIES);
    Some(Refinement { corrected_text: corrected_text?, keywords: keywords?, quality: quality? })
}
