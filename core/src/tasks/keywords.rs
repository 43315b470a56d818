//! Keywords of a joke, and the keyword-list rule the refinement task shares.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::check::{Checker, comparable, field, index, parse_reply};
use super::{JokeInput, Task, TaskSpec, ValidationReport, schema};
use crate::mistral::ChatMessage;
use crate::prompts;

pub const SCHEMA_NAME: &str = "keywords";
/// Most keywords per joke: a joke is about a few things; a long list is a summary.
pub const MAX_KEYWORDS: usize = 10;
/// Longest keyword, in characters.
pub const MAX_KEYWORD_CHARS: usize = 40;
/// Most words in a keyword. The prompt asks for one to three; one more is tolerated for an
/// article or a preposition ("la micro amarilla", "fin de semana").
pub const MAX_KEYWORD_WORDS: usize = 4;

/// The keywords of one joke, the most central first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeywordList {
    pub keywords: Vec<String>,
}

pub struct KeywordsTask;

impl TaskSpec for KeywordsTask {
    const TASK: Task = Task::Keywords;
    type Input = JokeInput;
    type Output = KeywordList;

    fn build_messages(input: &JokeInput) -> Vec<ChatMessage> {
        prompts::keywords::messages(&input.text)
    }

    fn parse(reply: &str) -> Result<KeywordList, ValidationReport> {
        parse_reply(Task::Keywords, reply, |checker, json| {
            // A bare list (or a bare string) is the keyword list itself.
            let (value, path) = match json {
                Value::Object(object) => (checker.required(object, "keywords", "$")?, field("$", "keywords")),
                other => (other, "$".to_owned()),
            };
            Some(KeywordList { keywords: keyword_list(checker, value, &path)? })
        })
    }
}

pub fn schema() -> Value {
    schema::object(
        "Las palabras clave de una talla.",
        &[(
            "keywords",
            schema::array(
                "De 1 a 10 palabras clave, de una a tres palabras cada una, sin repetir, la más central primero.",
                schema::string("Una palabra clave."),
            ),
        )],
    )
}

/// Reads a keyword list: 1 to [`MAX_KEYWORDS`] short, distinct texts, trimmed. One string is
/// taken as a comma-separated list ("suegra, asado"): models write that when asked for a list.
pub fn keyword_list(checker: &mut Checker, value: &Value, path: &str) -> Option<Vec<String>> {
    let split: Vec<Value>;
    let items: &[Value] = match value {
        Value::String(text) => {
            split = text.split(',').filter(|piece| !piece.trim().is_empty()).map(Value::from).collect();
            &split
        }
        other => Checker::items(other),
    };
    checker.count(path, items.len(), 1, MAX_KEYWORDS);
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut keywords = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = index(path, i);
        let Some(keyword) = checker.text_value(item, &item_path, MAX_KEYWORD_CHARS) else { continue };
        let words = keyword.split_whitespace().count();
        if words > MAX_KEYWORD_WORDS {
            checker.problem(&item_path, super::ProblemKind::TooManyWords { max: MAX_KEYWORD_WORDS, found: words });
        }
        if let Some(&first) = seen.get(&comparable(&keyword)) {
            checker.problem(&item_path, super::ProblemKind::Duplicate { of: index(path, first) });
        } else {
            seen.insert(comparable(&keyword), i);
        }
        keywords.push(keyword);
    }
    Some(keywords)
}
