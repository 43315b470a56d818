//! Reading a parsed reply into our types by hand, field by field, so that every problem is
//! collected with its path instead of stopping at the first one as serde would. Small shape
//! slips a model makes are accepted where the meaning is unambiguous: a one-item list where one
//! object is expected, one object where a list is expected, an integer where an id is expected.

use serde_json::{Map, Value};
use unicode_normalization::UnicodeNormalization;

use super::Task;
use super::reply::locate_json;
use super::report::{JsonKind, Problem, ProblemKind, ValidationReport};

/// Finds the JSON in `reply` and reads it with `read`, which reports problems to the checker.
pub fn parse_reply<T>(
    task: Task,
    reply: &str,
    read: impl FnOnce(&mut Checker, &Value) -> Option<T>,
) -> Result<T, ValidationReport> {
    let mut checker = Checker::default();
    let value = match locate_json(reply) {
        Ok(json) => read(&mut checker, &json),
        Err(kind) => {
            checker.problem("$", kind);
            None
        }
    };
    checker.finish(task, value)
}

/// Collects the problems of one reply.
#[derive(Debug, Default)]
pub struct Checker {
    problems: Vec<Problem>,
}

pub type Object = Map<String, Value>;

impl Checker {
    pub fn problem(&mut self, path: &str, kind: ProblemKind) {
        self.problems.push(Problem { path: path.to_owned(), kind });
    }

    fn wrong_type(&mut self, path: &str, expected: &[JsonKind], found: &Value) {
        self.problem(path, ProblemKind::WrongType { expected: expected.to_vec(), found: JsonKind::of(found) });
    }

    /// The value, when no problem was found.
    pub fn finish<T>(mut self, task: Task, value: Option<T>) -> Result<T, ValidationReport> {
        match value {
            Some(value) if self.problems.is_empty() => Ok(value),
            _ => {
                if self.problems.is_empty() {
                    // Unreachable by construction; a report must still say something.
                    self.problem("$", ProblemKind::Missing);
                }
                Err(ValidationReport { task, problems: self.problems })
            }
        }
    }

    /// An object, or the only item of a one-item list of objects (a model answering "a list of
    /// one" to a question about one thing). Returns the object and its path.
    pub fn object<'v>(&mut self, value: &'v Value, path: &str) -> Option<(&'v Object, String)> {
        match value {
            Value::Object(object) => Some((object, path.to_owned())),
            Value::Array(items) if items.len() == 1 && items[0].is_object() => self.object(&items[0], &index(path, 0)),
            other => {
                self.wrong_type(path, &[JsonKind::Object], other);
                None
            }
        }
    }

    /// An item of a list, which must be an object.
    pub fn item_object<'v>(&mut self, value: &'v Value, path: &str) -> Option<&'v Object> {
        match value {
            Value::Object(object) => Some(object),
            other => {
                self.wrong_type(path, &[JsonKind::Object], other);
                None
            }
        }
    }

    /// A list's items; one value that is not a list is taken as a list of one.
    pub fn items(value: &Value) -> &[Value] {
        match value {
            Value::Array(items) => items,
            single => std::slice::from_ref(single),
        }
    }

    /// A field that must be present and not null.
    pub fn required<'v>(&mut self, object: &'v Object, key: &str, path: &str) -> Option<&'v Value> {
        match object.get(key) {
            None | Some(Value::Null) => {
                self.problem(&field(path, key), ProblemKind::Missing);
                None
            }
            Some(value) => Some(value),
        }
    }

    /// A required, non-empty text of at most `max_chars` characters, trimmed.
    pub fn text(&mut self, object: &Object, key: &str, path: &str, max_chars: usize) -> Option<String> {
        let value = self.required(object, key, path)?;
        self.text_value(value, &field(path, key), max_chars)
    }

    /// A non-empty text of at most `max_chars` characters, trimmed.
    pub fn text_value(&mut self, value: &Value, path: &str, max_chars: usize) -> Option<String> {
        let Value::String(text) = value else {
            self.wrong_type(path, &[JsonKind::String], value);
            return None;
        };
        let text = text.trim();
        let chars = text.chars().count();
        if chars == 0 {
            self.problem(path, ProblemKind::Empty);
            None
        } else if chars > max_chars {
            self.problem(path, ProblemKind::TooManyChars { max: max_chars, found: chars });
            None
        } else {
            Some(text.to_owned())
        }
    }

    /// A required identifier: a text, or an integer (models number their nodes) written as text.
    pub fn id(&mut self, object: &Object, key: &str, path: &str, max_chars: usize) -> Option<String> {
        let value = self.required(object, key, path)?;
        let path = field(path, key);
        match value {
            Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
            Value::String(_) => self.text_value(value, &path, max_chars),
            other => {
                self.wrong_type(&path, &[JsonKind::String, JsonKind::Integer], other);
                None
            }
        }
    }

    /// A required value of a closed set, matched without case and with spaces or hyphens read as
    /// underscores ("Not funny" is `not_funny`): such slips cannot be mistaken for another value.
    pub fn choice<T: Copy>(
        &mut self,
        object: &Object,
        key: &str,
        path: &str,
        options: &[(&'static str, T)],
    ) -> Option<T> {
        let value = self.required(object, key, path)?;
        let path = field(path, key);
        let Value::String(text) = value else {
            self.wrong_type(&path, &[JsonKind::String], value);
            return None;
        };
        let wanted: String = text
            .trim()
            .chars()
            .map(|c| if c == ' ' || c == '-' { '_' } else { c })
            .flat_map(char::to_lowercase)
            .collect();
        let found = options.iter().find(|(name, _)| *name == wanted).map(|&(_, option)| option);
        if found.is_none() {
            let allowed = options.iter().map(|&(name, _)| name).collect();
            self.problem(&path, ProblemKind::NotAllowed { value: text.clone(), allowed });
        }
        found
    }

    /// Reports a list longer or shorter than allowed; true when its length is fine.
    pub fn count(&mut self, path: &str, found: usize, min: usize, max: usize) -> bool {
        if found < min {
            self.problem(path, ProblemKind::TooFewItems { min, found });
        } else if found > max {
            self.problem(path, ProblemKind::TooManyItems { max, found });
        }
        (min..=max).contains(&found)
    }
}

/// `path.key`.
pub fn field(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

/// `path[i]`.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// The form two texts are compared in for duplicates: lowercase, without accents or extra spaces,
/// so "Suegra", "suegra " and "súegra" are one keyword.
pub fn comparable(text: &str) -> String {
    let folded: String = text.nfd().filter(|&c| !crate::dedupe::is_diacritic(c)).flat_map(char::to_lowercase).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}
