//! Wire types of the curator's LLM task endpoints (`/api/extract`, `/api/refine`, `/api/keywords`,
//! `/api/graph`, `/api/rewrite`, `/api/judge`; the worker's `tasks.rs`). Each request type checks
//! itself (sizes first, then shape) before any upstream call, as [`super::GenerateRequest`] does.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{ApiError, ErrorBody, ErrorCode, GenerateRequest, TokenUsage, ValidationError, validate_model_id};
use crate::tasks::{
    ExtractInput, ExtractTask, GraphTask, JokeInput, JudgeInput, JudgeTask, KeywordsTask, MAX_JOKE_CHARS, MAX_TIME_S,
    RefineTask, RewriteTask, TaskSpec, ValidationReport,
};

/// Longest transcript window accepted, in characters. `transcript::windows` cuts about 3,000;
/// the slack covers other cutters and timestamps.
pub const MAX_WINDOW_CHARS: usize = 12_000;
/// Longest routine label accepted, in characters ("Edo Caroe, Viña 2020").
pub const MAX_ROUTINE_LABEL_CHARS: usize = 200;

/// A task endpoint: the body it accepts and how that becomes the task's input.
pub trait TaskEndpoint: TaskSpec {
    type Request: DeserializeOwned;

    /// Checks the request and returns the task's input with the model the request names, if any.
    fn input(request: Self::Request) -> Result<(Self::Input, Option<String>), ValidationError>;
}

/// `POST /api/extract`: one transcript window of a routine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExtractRequest {
    /// The window's utterances, one a line.
    pub window_text: String,
    /// How the routine is named to the model, e.g. "Edo Caroe, Viña 2020".
    pub routine_label: String,
    /// The window's bounds in seconds from the start of the routine, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_s: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_s: Option<f64>,
    /// A model id as `/api/models` lists it; the worker's `MODEL_EXTRACT` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// `POST /api/refine`, `/api/keywords`, `/api/graph` and `/api/rewrite`: one joke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JokeRequest {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// `POST /api/judge`: two candidates for one keyword, in the order to show them. Asking both
/// orders is the caller's job (`scores::pairwise`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgeRequest {
    pub keyword: String,
    /// A human joke for the same keyword, shown as a yardstick.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub candidate_a: String,
    pub candidate_b: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
}

/// The answer of every task endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskResponse<T> {
    /// The parsed, validated output of the task.
    pub result: T,
    /// The model that answered last, as the upstream reports it.
    pub model: String,
    /// The version of the prompt template that asked, stored with every result.
    pub prompt_version: String,
    /// Tokens of every upstream call this result took, the corrective one included.
    pub usage: TokenUsage,
    /// Whether the first reply failed validation and a corrective round trip fixed it.
    pub corrected: bool,
}

impl std::ops::Add for TokenUsage {
    type Output = TokenUsage;

    fn add(self, other: TokenUsage) -> TokenUsage {
        TokenUsage {
            prompt_tokens: self.prompt_tokens.saturating_add(other.prompt_tokens),
            completion_tokens: self.completion_tokens.saturating_add(other.completion_tokens),
        }
    }
}

/// Problems named in [`invalid_reply`]; the rest are counted.
const SHOWN_PROBLEMS: usize = 5;

/// The error for a reply that still fails validation after the corrective round trip: a `502`
/// whose message summarises the validation report (paths and problems, never the reply).
pub fn invalid_reply(report: &ValidationReport, upstream: &str) -> ApiError {
    let count = report.problems.len();
    let mut shown: Vec<String> = report.problems.iter().take(SHOWN_PROBLEMS).map(ToString::to_string).collect();
    if count > SHOWN_PROBLEMS {
        shown.push(format!("and {} more", count - SHOWN_PROBLEMS));
    }
    ApiError::new(
        ErrorCode::InvalidReply,
        format!(
            "{upstream}'s {task} reply was still invalid after a corrective retry ({count} problem{s}: {list}); \
             try again or choose another model",
            task = report.task,
            s = if count == 1 { "" } else { "s" },
            list = shown.join("; "),
        ),
    )
}

/// A server-sent event that reports `error` in the API's error shape, for a stream that fails
/// after its `200` went out: `event: error` with `data: {"error": {"code", "message"}}`.
pub fn error_event(error: &ApiError) -> String {
    let body = serde_json::to_string(&ErrorBody { error: error.clone() }).unwrap_or_default();
    format!("event: error\ndata: {body}\n\n")
}

impl TaskEndpoint for ExtractTask {
    type Request = ExtractRequest;

    fn input(request: ExtractRequest) -> Result<(ExtractInput, Option<String>), ValidationError> {
        let window_text = text("window_text", request.window_text, MAX_WINDOW_CHARS, Lines::Allowed)?;
        let routine_label = text("routine_label", request.routine_label, MAX_ROUTINE_LABEL_CHARS, Lines::Refused)?;
        let start_s = seconds("start_s", request.start_s)?;
        let end_s = seconds("end_s", request.end_s)?;
        if let (Some(start), Some(end)) = (start_s, end_s)
            && start > end
        {
            return Err(ValidationError::new("end_s", format!("({end}) is before start_s ({start})")));
        }
        let model = optional_model(request.model)?;
        Ok((ExtractInput { window_text, routine_label, start_s, end_s }, model))
    }
}

/// The four one-joke tasks share their request.
macro_rules! joke_endpoint {
    ($($task:ty),*) => {$(
        impl TaskEndpoint for $task {
            type Request = JokeRequest;

            fn input(request: JokeRequest) -> Result<(JokeInput, Option<String>), ValidationError> {
                let text = text("text", request.text, MAX_JOKE_CHARS, Lines::Allowed)?;
                Ok((JokeInput { text }, optional_model(request.model)?))
            }
        }
    )*};
}

joke_endpoint!(RefineTask, KeywordsTask, GraphTask, RewriteTask);

impl TaskEndpoint for JudgeTask {
    type Request = JudgeRequest;

    fn input(request: JudgeRequest) -> Result<(JudgeInput, Option<String>), ValidationError> {
        // The keyword follows the generate endpoint's rules: a judge compares jokes for a keyword
        // someone could have asked for.
        let keyword = GenerateRequest { keyword: request.keyword, model: None, stream: false }.validate()?.keyword;
        let reference = match request.reference {
            Some(reference) if !reference.trim().is_empty() => {
                Some(text("reference", reference, MAX_JOKE_CHARS, Lines::Allowed)?)
            }
            _ => None,
        };
        let candidate_a = text("candidate_a", request.candidate_a, MAX_JOKE_CHARS, Lines::Allowed)?;
        let candidate_b = text("candidate_b", request.candidate_b, MAX_JOKE_CHARS, Lines::Allowed)?;
        let model = optional_model(request.model)?;
        Ok((JudgeInput { keyword, reference, candidate_a, candidate_b }, model))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lines {
    Allowed,
    Refused,
}

/// A required text: trimmed, not empty, at most `max` characters, and without control
/// characters other than line breaks and tabs (when `lines` allows them).
fn text(field: &'static str, value: String, max: usize, lines: Lines) -> Result<String, ValidationError> {
    let chars = value.chars().count();
    if chars > max {
        return Err(ValidationError::new(field, format!("has {chars} characters; the limit is {max}")));
    }
    let value = value.trim();
    if value.is_empty() {
        return Err(ValidationError::new(field, "is empty"));
    }
    let allowed = |c: char| lines == Lines::Allowed && matches!(c, '\n' | '\r' | '\t');
    if value.chars().any(|c| c.is_control() && !allowed(c)) {
        let what =
            if lines == Lines::Allowed { "control characters" } else { "control characters such as line breaks" };
        return Err(ValidationError::new(field, format!("contains {what}")));
    }
    Ok(value.to_owned())
}

/// Seconds from the start of a routine, when given.
fn seconds(field: &'static str, value: Option<f64>) -> Result<Option<f64>, ValidationError> {
    match value {
        Some(s) if !(0.0..=MAX_TIME_S).contains(&s) => {
            Err(ValidationError::new(field, format!("is {s}; it must be seconds from 0 to {MAX_TIME_S}")))
        }
        other => Ok(other),
    }
}

/// A model id, `None` when absent or blank (the worker's default).
fn optional_model(model: Option<String>) -> Result<Option<String>, ValidationError> {
    match model.map(|m| m.trim().to_owned()) {
        None => Ok(None),
        Some(m) if m.is_empty() => Ok(None),
        Some(m) => validate_model_id(m).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::{Problem, ProblemKind, Task};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn joke(text: &str) -> JokeRequest {
        JokeRequest { text: text.into(), model: None }
    }

    fn message<T>(result: Result<T, ValidationError>) -> String {
        result.err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn joke_requests_are_trimmed_and_bounded() {
        let (input, model) =
            RefineTask::input(JokeRequest { text: " una talla\n ".into(), model: Some(" ".into()) }).expect("valid");
        assert_eq!((input.text.as_str(), model), ("una talla", None));
        assert_eq!(message(KeywordsTask::input(joke("  "))), "`text` is empty");
        let long = "a".repeat(MAX_JOKE_CHARS + 1);
        assert_eq!(message(GraphTask::input(joke(&long))), "`text` has 4001 characters; the limit is 4000");
        assert_eq!(message(RewriteTask::input(joke("a\u{0}b"))), "`text` contains control characters");
        let bad_model = JokeRequest { text: "x".into(), model: Some("mistral large".into()) };
        assert!(message(RefineTask::input(bad_model)).starts_with("`model` contains ' '"));
    }

    fn extract(start_s: Option<f64>, end_s: Option<f64>) -> ExtractRequest {
        ExtractRequest {
            window_text: "[0:01] hola\n[0:05] chao".into(),
            routine_label: "Rutina".into(),
            start_s,
            end_s,
            model: Some("mistral-large-latest".into()),
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn extract_requests_check_the_window_and_its_bounds() {
        let (input, model) = ExtractTask::input(extract(Some(1.0), Some(5.0))).expect("valid");
        assert_eq!(input.window_text, "[0:01] hola\n[0:05] chao");
        assert_eq!(model.as_deref(), Some("mistral-large-latest"));
        assert_eq!(message(ExtractTask::input(extract(Some(9.0), Some(5.0)))), "`end_s` (5) is before start_s (9)");
        assert!(message(ExtractTask::input(extract(Some(-1.0), None))).starts_with("`start_s` is -1"));
        let label = ExtractRequest { routine_label: "a\nb".into(), ..extract(None, None) };
        assert_eq!(
            message(ExtractTask::input(label)),
            "`routine_label` contains control characters such as line breaks"
        );
        let window = ExtractRequest { window_text: "x".repeat(MAX_WINDOW_CHARS + 1), ..extract(None, None) };
        assert!(message(ExtractTask::input(window)).starts_with("`window_text` has 12001 characters"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn judge_requests_follow_the_keyword_rules_and_drop_a_blank_reference() {
        let request = JudgeRequest {
            keyword: " suegra ".into(),
            reference: Some("  ".into()),
            candidate_a: "a".into(),
            candidate_b: "b".into(),
            model: None,
        };
        let (input, _) = JudgeTask::input(request.clone()).expect("valid");
        assert_eq!((input.keyword.as_str(), input.reference), ("suegra", None));
        let long = JudgeRequest { keyword: "k".repeat(61), ..request.clone() };
        assert_eq!(message(JudgeTask::input(long)), "`keyword` has 61 characters; the limit is 60");
        let empty = JudgeRequest { candidate_b: "".into(), ..request };
        assert_eq!(message(JudgeTask::input(empty)), "`candidate_b` is empty");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unknown_fields_such_as_a_prompt_are_refused() {
        let error = serde_json::from_str::<JokeRequest>(r#"{"text":"a","prompt":"x"}"#).unwrap_err();
        assert!(error.to_string().contains("unknown field `prompt`"), "{error}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn usage_adds_up_and_saturates() {
        let a = TokenUsage { prompt_tokens: 10, completion_tokens: 5 };
        assert_eq!(a + a, TokenUsage { prompt_tokens: 20, completion_tokens: 10 });
        let max = TokenUsage { prompt_tokens: u32::MAX, completion_tokens: 0 };
        assert_eq!((max + a).prompt_tokens, u32::MAX);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_invalid_reply_is_a_502_that_summarises_the_report() {
        let problem = |path: &str| Problem { path: path.into(), kind: ProblemKind::Missing };
        let report =
            ValidationReport { task: Task::Judge, problems: (0..7).map(|i| problem(&format!("$.f{i}"))).collect() };
        let error = invalid_reply(&report, "Mistral");
        assert_eq!(error.status(), 502);
        assert!(
            error.message.starts_with(
                "Mistral's judge reply was still invalid after a corrective retry (7 problems: $.f0: missing; "
            ),
            "{}",
            error.message
        );
        assert!(error.message.contains("$.f4: missing; and 2 more)"), "{}", error.message);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn error_events_carry_the_error_body() {
        let event = error_event(&ApiError::new(ErrorCode::UpstreamError, "cut"));
        assert_eq!(event, "event: error\ndata: {\"error\":{\"code\":\"upstream_error\",\"message\":\"cut\"}}\n\n");
    }
}
