//! What is wrong with a model's reply, precisely enough to send back to the model: every problem
//! carries the JSON path where it was found, and reads in English (logs, the curator's UI) and in
//! Spanish (the corrective message, in the language the prompts speak).

use std::fmt;

use serde::Serialize;

use super::Task;
use crate::mistral::{ChatMessage, Role};

/// Every problem found in one reply. A reply is refused only with all of them, so one corrective
/// round trip can fix everything at once.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationReport {
    pub task: Task,
    pub problems: Vec<Problem>,
}

/// One problem at one place of the reply.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    /// Where, as a JSONPath: `$` is the whole reply, `$.jokes[2].text` a field.
    pub path: String,
    #[serde(flatten)]
    pub kind: ProblemKind,
}

/// The JSON types named in [`ProblemKind::WrongType`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonKind {
    String,
    Number,
    Integer,
    Boolean,
    Array,
    Object,
    Null,
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum ProblemKind {
    /// No JSON object or list anywhere in the reply.
    NoJson,
    /// The reply opens a JSON value and ends before closing it (usually `max_tokens`).
    Truncated,
    /// The reply is longer than any honest answer; it is not searched.
    ReplyTooLong {
        max_bytes: usize,
    },
    /// A required field is absent or null.
    Missing,
    WrongType {
        expected: Vec<JsonKind>,
        found: JsonKind,
    },
    /// A text that is empty or only whitespace.
    Empty,
    TooManyChars {
        max: usize,
        found: usize,
    },
    TooManyWords {
        max: usize,
        found: usize,
    },
    /// A value outside its enumeration.
    NotAllowed {
        value: String,
        allowed: Vec<&'static str>,
    },
    TooFewItems {
        min: usize,
        found: usize,
    },
    TooManyItems {
        max: usize,
        found: usize,
    },
    /// The same value as the one at path `of` (texts compared without case or accents).
    Duplicate {
        of: String,
    },
    /// A number outside `min..=max`.
    OutOfRange {
        min: f64,
        max: f64,
        found: f64,
    },
    /// An edge names a node id that no node has.
    UnknownNode {
        id: String,
    },
    /// No node of this kind, though every graph must have one.
    MissingNodeKind {
        kind: &'static str,
    },
}

impl ValidationReport {
    /// The user message that asks the model to fix exactly these problems. Send it after the
    /// model's own reply (as an assistant message), so it sees what it wrote.
    pub fn corrective_message(&self) -> ChatMessage {
        if self.task == Task::Generate {
            // A plain-text answer has no paths to point at, and must not be asked for JSON.
            let problems: Vec<String> = self
                .problems
                .iter()
                .map(|problem| match problem.kind {
                    ProblemKind::Empty => "no trae ningún chiste".to_owned(),
                    ref other => other.spanish(),
                })
                .collect();
            return ChatMessage::new(
                Role::User,
                format!(
                    "Tu respuesta anterior no sirve: {}. Responde solo con el chiste, sin títulos, sin \
                     explicaciones y sin comillas.",
                    problems.join("; ")
                ),
            );
        }
        /// A reply can be wrong a thousand times; the model only needs to see the pattern.
        const SHOWN: usize = 30;
        let mut text = String::from(
            "Tu respuesta anterior no cumple con el formato pedido. Corrige exactamente estos problemas \
             (cada línea dice dónde está el problema en el JSON, con $ como la raíz):\n",
        );
        for problem in self.problems.iter().take(SHOWN) {
            text.push_str(&format!("- {}: {}\n", problem.path, problem.kind.spanish()));
        }
        if self.problems.len() > SHOWN {
            text.push_str(&format!("- … y {} problemas más del mismo tipo.\n", self.problems.len() - SHOWN));
        }
        text.push_str(
            "Deja igual todo lo que estaba bien. Responde solo con el JSON corregido y completo, sin \
             explicaciones y sin bloques de código.",
        );
        ChatMessage::new(Role::User, text)
    }
}

impl fmt::Display for ValidationReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        write!(f, "the {} reply has {count} problem{}", self.task, if count == 1 { "" } else { "s" })?;
        for problem in &self.problems {
            write!(f, "\n{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationReport {}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

impl fmt::Display for ProblemKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProblemKind::NoJson => f.write_str("no JSON object or list found"),
            ProblemKind::Truncated => f.write_str("the JSON is cut off before its end"),
            ProblemKind::ReplyTooLong { max_bytes } => write!(f, "the reply is longer than {max_bytes} bytes"),
            ProblemKind::Missing => f.write_str("missing"),
            ProblemKind::WrongType { expected, found } => {
                write!(f, "expected {}, found {}", join(expected, JsonKind::english, " or "), found.english())
            }
            ProblemKind::Empty => f.write_str("empty string"),
            ProblemKind::TooManyChars { max, found } => write!(f, "{found} characters; at most {max} allowed"),
            ProblemKind::TooManyWords { max, found } => write!(f, "{found} words; at most {max} allowed"),
            ProblemKind::NotAllowed { value, allowed } => {
                write!(f, "{value:?} is not one of {}", join(allowed, |a| format!("{a:?}"), ", "))
            }
            ProblemKind::TooFewItems { min, found } => write!(f, "{found} items; at least {min} required"),
            ProblemKind::TooManyItems { max, found } => write!(f, "{found} items; at most {max} allowed"),
            ProblemKind::Duplicate { of } => write!(f, "same as {of}"),
            ProblemKind::OutOfRange { min, max, found } => write!(f, "{found} is outside {min}..={max}"),
            ProblemKind::UnknownNode { id } => write!(f, "{id:?} is not the id of any node"),
            ProblemKind::MissingNodeKind { kind } => write!(f, "no node has kind {kind:?}"),
        }
    }
}

impl ProblemKind {
    /// The problem in the words of the corrective message.
    pub fn spanish(&self) -> String {
        match self {
            ProblemKind::NoJson => "no encontré ningún objeto JSON en tu respuesta".into(),
            ProblemKind::Truncated => "el JSON quedó cortado antes de cerrarse; mándalo completo".into(),
            ProblemKind::ReplyTooLong { max_bytes } => format!("la respuesta pasa de {max_bytes} bytes; acórtala"),
            ProblemKind::Missing => "falta este campo".into(),
            ProblemKind::WrongType { expected, found } => {
                format!("debe ser {}, pero es {}", join(expected, JsonKind::spanish, " o "), found.spanish())
            }
            ProblemKind::Empty => "está vacío".into(),
            ProblemKind::TooManyChars { max, found } => format!("tiene {found} caracteres; el máximo es {max}"),
            ProblemKind::TooManyWords { max, found } => format!("tiene {found} palabras; el máximo es {max}"),
            ProblemKind::NotAllowed { value, allowed } => {
                format!("{value:?} no es un valor permitido; usa uno de: {}", join(allowed, |a| format!("{a:?}"), ", "))
            }
            ProblemKind::TooFewItems { min, found } => format!("tiene {found} elementos; se necesitan al menos {min}"),
            ProblemKind::TooManyItems { max, found } => format!("tiene {found} elementos; el máximo es {max}"),
            ProblemKind::Duplicate { of } => format!("repite el valor de {of}; no repitas valores"),
            ProblemKind::OutOfRange { min, max, found } => format!("{found} está fuera del rango {min} a {max}"),
            ProblemKind::UnknownNode { id } => format!("{id:?} no es el id de ningún nodo; usa un id de $.nodes"),
            ProblemKind::MissingNodeKind { kind } => format!("falta un nodo con \"kind\": {kind:?}"),
        }
    }
}

impl JsonKind {
    /// The kind of a parsed value. Integers are numbers here: only expectations distinguish them.
    pub fn of(value: &serde_json::Value) -> JsonKind {
        use serde_json::Value;
        match value {
            Value::Null => JsonKind::Null,
            Value::Bool(_) => JsonKind::Boolean,
            Value::Number(_) => JsonKind::Number,
            Value::String(_) => JsonKind::String,
            Value::Array(_) => JsonKind::Array,
            Value::Object(_) => JsonKind::Object,
        }
    }

    fn english(&self) -> String {
        match self {
            JsonKind::String => "a string",
            JsonKind::Number => "a number",
            JsonKind::Integer => "an integer",
            JsonKind::Boolean => "a boolean",
            JsonKind::Array => "a list",
            JsonKind::Object => "an object",
            JsonKind::Null => "null",
        }
        .into()
    }

    fn spanish(&self) -> String {
        match self {
            JsonKind::String => "un texto (string)",
            JsonKind::Number => "un número",
            JsonKind::Integer => "un número entero",
            JsonKind::Boolean => "un booleano (true o false)",
            JsonKind::Array => "una lista",
            JsonKind::Object => "un objeto",
            JsonKind::Null => "null",
        }
        .into()
    }
}

fn join<T>(items: &[T], show: impl Fn(&T) -> String, separator: &str) -> String {
    items.iter().map(show).collect::<Vec<_>>().join(separator)
}
