//! Extraction: a transcript window in, the repertoire of jokes told in it out.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::check::{Checker, Object, field, index, parse_reply};
use super::report::{JsonKind, ProblemKind};
use super::{MAX_JOKE_CHARS, Task, TaskSpec, ValidationReport, schema};
use crate::mistral::ChatMessage;
use crate::prompts;

pub const SCHEMA_NAME: &str = "repertoire";
/// Most jokes in one window's reply. A ~3,000-character window holds a dozen one-liners at most;
/// far more is a model splitting sentences or looping.
pub const MAX_JOKES_PER_WINDOW: usize = 40;
/// Latest joke start accepted, in seconds: no routine lasts a day.
pub const MAX_TIME_S: f64 = 86_400.0;

/// One window of a routine, as the extraction prompt shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractInput {
    /// The window's utterances, one a line (see `transcript::Window::text`).
    pub window_text: String,
    /// How the routine is named to the model, e.g. "Edo Caroe, Viña 2020".
    pub routine_label: String,
    /// The window's bounds in seconds from the start of the routine, when known.
    pub start_s: Option<f64>,
    pub end_s: Option<f64>,
}

/// The jokes of one window, in order of telling. Empty when the window has none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Repertoire {
    pub jokes: Vec<ExtractedJoke>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExtractedJoke {
    /// The joke as the transcript has it, errors included: what finds it again in its source.
    pub raw_span: String,
    /// The same joke cleaned for reading.
    pub text: String,
    /// Seconds from the start of the routine, when the window showed timestamps.
    pub start_time_s: Option<f64>,
}

pub struct ExtractTask;

impl TaskSpec for ExtractTask {
    const TASK: Task = Task::Extract;
    type Input = ExtractInput;
    type Output = Repertoire;

    fn build_messages(input: &ExtractInput) -> Vec<ChatMessage> {
        prompts::extract::messages(&input.window_text, &input.routine_label, input.start_s, input.end_s)
    }

    fn parse(reply: &str) -> Result<Repertoire, ValidationReport> {
        parse_reply(Task::Extract, reply, read)
    }
}

pub fn schema() -> Value {
    let joke = schema::object(
        "Un chiste contado en el tramo.",
        &[
            ("raw_span", schema::string("El chiste copiado tal cual aparece en la transcripción, con sus errores.")),
            (
                "start_time_s",
                schema::nullable_number(
                    "Segundos desde el inicio de la rutina en que empieza el chiste, o null si el tramo no trae \
                     marcas de tiempo.",
                ),
            ),
            (
                "text",
                schema::string("El mismo chiste limpio: tildes, puntuación y errores de transcripción corregidos."),
            ),
        ],
    );
    schema::object(
        "Los chistes del tramo, en orden; una lista vacía si no hay ninguno.",
        &[("jokes", schema::array("Los chistes del tramo.", joke))],
    )
}

/// The repertoire, from `{"jokes": [...]}`, a bare list of jokes, or one bare joke.
fn read(checker: &mut Checker, json: &Value) -> Option<Repertoire> {
    let (list, path) = match json {
        Value::Object(object) if object.contains_key("jokes") => {
            (checker.required(object, "jokes", "$")?, field("$", "jokes"))
        }
        Value::Object(object) if object.contains_key("text") || object.contains_key("raw_span") => {
            (json, "$".to_owned())
        }
        Value::Object(_) => {
            checker.problem("$.jokes", ProblemKind::Missing);
            return None;
        }
        other => (other, "$".to_owned()),
    };
    let items = Checker::items(list);
    checker.count(&path, items.len(), 0, MAX_JOKES_PER_WINDOW);
    let jokes: Vec<Option<ExtractedJoke>> =
        items.iter().enumerate().map(|(i, item)| joke(checker, item, &index(&path, i))).collect();
    jokes.into_iter().collect::<Option<Vec<_>>>().map(|jokes| Repertoire { jokes })
}

fn joke(checker: &mut Checker, value: &Value, path: &str) -> Option<ExtractedJoke> {
    let object = checker.item_object(value, path)?;
    let raw_span = checker.text(object, "raw_span", path, MAX_JOKE_CHARS);
    let text = checker.text(object, "text", path, MAX_JOKE_CHARS);
    let start_time_s = start_time(checker, object, path);
    Some(ExtractedJoke { raw_span: raw_span?, text: text?, start_time_s: start_time_s? })
}

/// The optional start time: a number, null or absent (unknown), or a number or clock time
/// written as text ("83.5", "1:02:05"), which models write when the window shows clock times.
/// `None` when it is a problem.
fn start_time(checker: &mut Checker, object: &Object, path: &str) -> Option<Option<f64>> {
    let path = field(path, "start_time_s");
    let seconds = match object.get("start_time_s") {
        None | Some(Value::Null) => return Some(None),
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(text)) if text.trim().is_empty() => return Some(None),
        Some(Value::String(text)) => seconds_of(text),
        Some(_) => None,
    };
    let Some(seconds) = seconds else {
        let found = object.get("start_time_s").map_or(JsonKind::Null, JsonKind::of);
        checker.problem(&path, ProblemKind::WrongType { expected: vec![JsonKind::Number, JsonKind::Null], found });
        return None;
    };
    // `contains` is false for NaN too.
    if !(0.0..=MAX_TIME_S).contains(&seconds) {
        checker.problem(&path, ProblemKind::OutOfRange { min: 0.0, max: MAX_TIME_S, found: seconds });
        return None;
    }
    Some(Some(seconds))
}

/// Seconds in "83.5", "1:23", "[1:02:05]" or "01:02:05.5"; `None` for anything else.
fn seconds_of(text: &str) -> Option<f64> {
    let text = text.trim().trim_start_matches('[').trim_end_matches(']').trim();
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() > 3 {
        return None;
    }
    let mut seconds = 0.0;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        // Only digits (and one dot in the seconds), so "inf", "-1" or "1e9" are not times.
        let valid = !part.is_empty() && part.chars().all(|c| c.is_ascii_digit() || (last && c == '.'));
        if !valid {
            return None;
        }
        seconds = seconds * 60.0 + part.parse::<f64>().ok()?;
    }
    Some(seconds)
}

#[cfg(test)]
mod tests {
    use super::seconds_of;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn reads_clock_times_and_refuses_other_text() {
        assert_eq!(seconds_of("83.5"), Some(83.5));
        assert_eq!(seconds_of("[1:02:05]"), Some(3725.0));
        assert_eq!(seconds_of("01:05"), Some(65.0));
        for text in ["inf", "-1", "1e9", "1:2:3:4", "a:10", "1:", "1.5:10"] {
            assert_eq!(seconds_of(text), None, "{text}");
        }
    }
}
