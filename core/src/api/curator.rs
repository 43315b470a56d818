//! Wire types of the curator's endpoints: the LLM tasks (`/api/extract`, `/api/refine`, …), the
//! upstream's models (`/api/models`) and fine-tuning (`/api/files`, `/api/fine-tunes`). Each
//! request type checks itself (sizes first, then shape) before any upstream call, as
//! [`super::GenerateRequest`] does; each response type is what the worker sends, never the
//! upstream's raw body.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::{
    ApiError, ErrorBody, ErrorCode, GenerateRequest, TokenUsage, ValidationError, routed_id, split_routed,
    validate_model_id,
};
use crate::providers::qualify;
use crate::tasks::{
    ExtractInput, ExtractTask, GraphTask, JokeInput, JudgeInput, JudgeTask, KeywordsTask, MAX_JOKE_CHARS, MAX_TIME_S,
    RefineTask, RewriteTask, TaskSpec, ValidationReport,
};

// ---------------------------------------------------------------------------------------------
// LLM tasks

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

// ---------------------------------------------------------------------------------------------
// Models

/// One entry of `GET /api/models`: a model the upstream serves today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelInfo {
    pub id: String,
    pub capabilities: ModelCapabilities,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub max_context_length: Option<u64>,
    /// `base` or `fine-tuned`, as the upstream says.
    #[serde(default, rename = "type")]
    pub kind: Option<String>,
    /// For a fine-tuned model, the model it was tuned from.
    #[serde(default)]
    pub fine_tuned_from: Option<String>,
    /// When the upstream retires it, if announced (an ISO 8601 date).
    #[serde(default)]
    pub deprecation: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub archived: bool,
    /// The provider of `UPSTREAMS` serving it (its id then starts with `provider:`); absent for
    /// Mistral's own models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelCapabilities {
    /// Chat completions: usable by the task endpoints and `/api/generate`.
    pub completion: bool,
    /// Usable as the base `model` of `POST /api/fine-tunes`.
    pub fine_tuning: bool,
}

/// A card of Mistral's `GET /v1/models`, read leniently: only what the API passes on.
#[derive(Debug, Deserialize)]
struct UpstreamModel {
    id: String,
    #[serde(default)]
    capabilities: Option<UpstreamCapabilities>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    max_context_length: Option<u64>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    root: Option<String>,
    #[serde(default)]
    deprecation: Option<Value>,
    #[serde(default)]
    aliases: Option<Vec<String>>,
    #[serde(default)]
    archived: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
struct UpstreamCapabilities {
    #[serde(default)]
    completion_chat: bool,
    #[serde(default)]
    fine_tuning: bool,
}

impl ModelInfo {
    /// The models of a `GET /v1/models` body (`{"data": [...]}`), in the upstream's order, each id
    /// once. An error names what was wrong with the body, never its content.
    pub fn from_upstream(body: &str) -> Result<Vec<ModelInfo>, String> {
        Self::listed(body, None)
    }

    /// The models of another provider's `GET /v1/models` (`tallas_core::providers`), ids prefixed
    /// with `provider:` as the worker's routes take them. Servers of the OpenAI shape (vLLM,
    /// llama.cpp, Ollama) list chat models without capabilities: those count as chat models that
    /// cannot be fine-tuned here.
    pub fn from_provider(body: &str, provider: &str) -> Result<Vec<ModelInfo>, String> {
        Self::listed(body, Some(provider))
    }

    fn listed(body: &str, provider: Option<&str>) -> Result<Vec<ModelInfo>, String> {
        let list: UpstreamList<UpstreamModel> =
            serde_json::from_str(body).map_err(|e| format!("the model list is not the JSON expected: {e}"))?;
        let mut models: Vec<ModelInfo> = Vec::with_capacity(list.data.len());
        for card in list.data {
            let id = match provider {
                Some(name) => format!("{name}:{}", card.id),
                None => card.id,
            };
            if models.iter().any(|m| m.id == id) {
                continue;
            }
            let capabilities = match (card.capabilities, provider) {
                (Some(c), _) => ModelCapabilities { completion: c.completion_chat, fine_tuning: c.fine_tuning },
                (None, Some(_)) => ModelCapabilities { completion: true, fine_tuning: false },
                (None, None) => ModelCapabilities { completion: false, fine_tuning: false },
            };
            models.push(ModelInfo {
                capabilities,
                name: card.name,
                description: card.description,
                max_context_length: card.max_context_length,
                kind: card.kind,
                fine_tuned_from: card.root,
                deprecation: card.deprecation.and_then(|d| d.as_str().map(str::to_owned)),
                aliases: card.aliases.unwrap_or_default(),
                archived: card.archived.unwrap_or(false),
                id,
                provider: provider.map(str::to_owned),
            });
        }
        Ok(models)
    }
}

/// The list envelope of Mistral's list endpoints: `{"object": "list", "data": [...], "total": n}`.
#[derive(Debug, Deserialize)]
pub struct UpstreamList<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default)]
    pub total: Option<u64>,
}

// ---------------------------------------------------------------------------------------------
// Fine-tuning

/// Most training (and validation) files of one job.
pub const MAX_JOB_FILES: usize = 10;
/// Mistral's limit on a fine-tuned model's suffix.
pub const MAX_SUFFIX_CHARS: usize = 18;
pub const MAX_TRAINING_STEPS: u32 = 10_000;

/// `POST /api/fine-tunes`. The job is created without starting unless `auto_start` is true, so
/// spending always takes a second, explicit step (`POST /api/fine-tunes/:id/start`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateFineTune {
    /// A model whose `capabilities.fine_tuning` is true in `/api/models`.
    pub model: String,
    /// Ids of files uploaded with `POST /api/files` to the model's upstream (`provider:id` for a
    /// provider of `UPSTREAMS`, see [`routed_id`]).
    pub training_files: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validation_files: Vec<String>,
    #[serde(default)]
    pub hyperparameters: Hyperparameters,
    /// Appended to the fine-tuned model's name (letters, digits, - and _).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suffix: Option<String>,
    #[serde(default)]
    pub auto_start: bool,
    /// Only estimate: the answer is a [`FineTuneEstimate`] (cost, tokens) and nothing is created.
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hyperparameters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_steps: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_rate: Option<f64>,
}

impl CreateFineTune {
    /// Checks every field before any upstream call; returns the request with ids and suffix trimmed.
    pub fn validate(self) -> Result<Self, ValidationError> {
        let model = validate_model_id(self.model.trim().to_owned())?;
        if model.is_empty() {
            return Err(ValidationError::new(
                "model",
                "is empty; pick a model that /api/models says can be fine-tuned",
            ));
        }
        let training_files = file_ids("training_files", self.training_files, 1)?;
        let validation_files = file_ids("validation_files", self.validation_files, 0)?;
        if let Some(steps) = self.hyperparameters.training_steps
            && !(1..=MAX_TRAINING_STEPS).contains(&steps)
        {
            return Err(ValidationError::new(
                "hyperparameters.training_steps",
                format!("is {steps}; it must be from 1 to {MAX_TRAINING_STEPS}"),
            ));
        }
        if let Some(rate) = self.hyperparameters.learning_rate
            && !(rate > 0.0 && rate <= 1.0)
        {
            return Err(ValidationError::new(
                "hyperparameters.learning_rate",
                format!("is {rate}; it must be above 0 and at most 1 (Mistral's default is 0.0001)"),
            ));
        }
        let suffix = match self.suffix.map(|s| s.trim().to_owned()) {
            None => None,
            Some(s) if s.is_empty() => None,
            Some(s) => {
                let plain = s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
                if !plain || s.chars().count() > MAX_SUFFIX_CHARS {
                    return Err(ValidationError::new(
                        "suffix",
                        format!("must be 1 to {MAX_SUFFIX_CHARS} letters, digits, - or _"),
                    ));
                }
                Some(s)
            }
        };
        Ok(Self { model, training_files, validation_files, suffix, ..self })
    }

    /// The body of Mistral's `POST /v1/fine_tuning/jobs` (`dry_run` goes in its query).
    pub fn upstream_body(&self) -> Value {
        let files: Vec<Value> = self.training_files.iter().map(|id| json!({"file_id": id, "weight": 1})).collect();
        let mut body = json!({
            "model": self.model,
            "training_files": files,
            "validation_files": self.validation_files,
            "hyperparameters": self.hyperparameters,
            "auto_start": self.auto_start,
        });
        if let Some(suffix) = &self.suffix {
            body["suffix"] = json!(suffix);
        }
        body
    }
}

fn file_ids(field: &'static str, ids: Vec<String>, min: usize) -> Result<Vec<String>, ValidationError> {
    if ids.len() < min || ids.len() > MAX_JOB_FILES {
        return Err(ValidationError::new(
            field,
            format!("has {} ids; give {min} to {MAX_JOB_FILES} ids from POST /api/files", ids.len()),
        ));
    }
    let mut checked: Vec<String> = Vec::with_capacity(ids.len());
    for id in ids {
        let id = routed_id(field, &id)?;
        if checked.contains(&id) {
            return Err(ValidationError::new(field, format!("names {id} twice")));
        }
        checked.push(id);
    }
    Ok(checked)
}

/// The filters of `GET /api/fine-tunes`, passed on as Mistral's query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FineTuneQuery {
    pub page: Option<u32>,
    pub page_size: Option<u32>,
    pub model: Option<String>,
    pub status: Option<String>,
}

pub const MAX_PAGE_SIZE: u32 = 100;

impl FineTuneQuery {
    /// From the request's query pairs; an unknown or malformed parameter is an error.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ValidationError> {
        let mut query = FineTuneQuery::default();
        for (name, value) in pairs {
            match name {
                "page" => query.page = Some(number("page", value, 0, 100_000)?),
                "page_size" => query.page_size = Some(number("page_size", value, 1, MAX_PAGE_SIZE)?),
                "model" => query.model = Some(validate_model_id(value.trim().to_owned())?),
                "status" => {
                    let status = value.trim().to_ascii_uppercase();
                    if status.is_empty()
                        || status.len() > 40
                        || !status.chars().all(|c| c.is_ascii_uppercase() || c == '_')
                    {
                        return Err(ValidationError::new("status", "must be a job status such as RUNNING or SUCCESS"));
                    }
                    query.status = Some(status);
                }
                _ => {
                    return Err(ValidationError::new(
                        "query",
                        format!("has the unknown parameter {:?}; use page, page_size, model or status", clip(name)),
                    ));
                }
            }
        }
        Ok(query)
    }

    /// `?page=…&…`, or an empty string without filters. Every value was checked to need no escaping
    /// except model ids, whose `:` and `/` are escaped.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(page) = self.page {
            parts.push(format!("page={page}"));
        }
        if let Some(size) = self.page_size {
            parts.push(format!("page_size={size}"));
        }
        if let Some(model) = &self.model {
            parts.push(format!("model={}", model.replace(':', "%3A").replace('/', "%2F")));
        }
        if let Some(status) = &self.status {
            parts.push(format!("status={status}"));
        }
        if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
    }
}

fn number(field: &'static str, value: &str, min: u32, max: u32) -> Result<u32, ValidationError> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| ValidationError::new(field, format!("must be a whole number from {min} to {max}")))
}

fn clip(text: &str) -> String {
    text.chars().take(60).collect()
}

/// A fine-tuning job as `GET /api/fine-tunes/:id` (and the list, create, start and cancel)
/// answer it: Mistral's job, typed, with only these fields passed on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FineTuneJob {
    pub id: String,
    pub model: String,
    /// Mistral's status, e.g. QUEUED, VALIDATING, RUNNING, SUCCESS, FAILED, CANCELLED.
    pub status: String,
    #[serde(default)]
    pub created_at: Option<u64>,
    #[serde(default)]
    pub modified_at: Option<u64>,
    #[serde(default)]
    pub auto_start: Option<bool>,
    #[serde(default)]
    pub training_files: Option<Vec<String>>,
    #[serde(default)]
    pub validation_files: Option<Vec<String>>,
    #[serde(default)]
    pub hyperparameters: Option<JobHyperparameters>,
    /// The id to generate with once the job succeeded.
    #[serde(default)]
    pub fine_tuned_model: Option<String>,
    #[serde(default)]
    pub suffix: Option<String>,
    #[serde(default)]
    pub trained_tokens: Option<u64>,
    #[serde(default)]
    pub metadata: Option<FineTuneEstimate>,
    /// Status changes, in the detailed answer only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<JobEvent>>,
    /// Training metrics per checkpoint, in the detailed answer only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoints: Option<Vec<Checkpoint>>,
}

impl CreateFineTune {
    /// The request as the upstream of its base model takes it: `provider` is where the model was
    /// routed (`None` for Mistral) and `model` the id it has there. Every file must have been
    /// uploaded to that same upstream; a file of another is named, with what to do.
    pub fn for_upstream(self, provider: Option<&str>, model: &str) -> Result<Self, ValidationError> {
        let strip = |field: &'static str, ids: Vec<String>| -> Result<Vec<String>, ValidationError> {
            ids.into_iter()
                .map(|id| match split_routed(&id) {
                    (from, issued) if from == provider => Ok(issued.to_owned()),
                    (from, _) => Err(ValidationError::new(
                        field,
                        format!(
                            "names {id}, a file of {}, but {} is tuned by {}; upload the dataset's files there \
                             (POST /api/files{})",
                            upstream_named(from),
                            self.model,
                            upstream_named(provider),
                            provider.map_or_else(String::new, |name| format!("?provider={name}")),
                        ),
                    )),
                })
                .collect()
        };
        let training_files = strip("training_files", self.training_files.clone())?;
        let validation_files = strip("validation_files", self.validation_files.clone())?;
        Ok(Self { model: model.to_owned(), training_files, validation_files, ..self })
    }
}

impl FineTuneJob {
    /// The job as the worker's routes name it: its id, base model, files and tuned model prefixed
    /// with the provider that runs it (`None`, Mistral: unchanged).
    pub fn qualified(self, provider: Option<&str>) -> Self {
        let Some(name) = provider else { return self };
        let one = |id: String| qualify(Some(name), &id);
        let all = |ids: Option<Vec<String>>| ids.map(|ids| ids.into_iter().map(one).collect());
        Self {
            id: one(self.id),
            model: one(self.model),
            training_files: all(self.training_files),
            validation_files: all(self.validation_files),
            fine_tuned_model: self.fine_tuned_model.map(one),
            ..self
        }
    }
}

/// How an upstream is named in messages.
fn upstream_named(provider: Option<&str>) -> String {
    provider.map_or_else(|| "Mistral".to_owned(), |name| format!("the provider {name:?}"))
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct JobHyperparameters {
    #[serde(default)]
    pub training_steps: Option<u64>,
    #[serde(default)]
    pub learning_rate: Option<f64>,
    #[serde(default)]
    pub epochs: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobEvent {
    pub name: String,
    #[serde(default)]
    pub data: Option<JobEventData>,
    #[serde(default)]
    pub created_at: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JobEventData {
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Checkpoint {
    #[serde(default)]
    pub step_number: Option<u64>,
    #[serde(default)]
    pub created_at: Option<u64>,
    #[serde(default)]
    pub metrics: Option<CheckpointMetrics>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckpointMetrics {
    #[serde(default)]
    pub train_loss: Option<f64>,
    #[serde(default)]
    pub valid_loss: Option<f64>,
    #[serde(default)]
    pub valid_mean_token_accuracy: Option<f64>,
}

/// What a job will cost: the answer of a `dry_run`, and a job's `metadata`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FineTuneEstimate {
    #[serde(default)]
    pub cost: Option<f64>,
    #[serde(default)]
    pub cost_currency: Option<String>,
    #[serde(default)]
    pub train_tokens: Option<u64>,
    #[serde(default)]
    pub train_tokens_per_step: Option<u64>,
    #[serde(default)]
    pub data_tokens: Option<u64>,
    #[serde(default)]
    pub training_steps: Option<u64>,
    #[serde(default)]
    pub epochs: Option<f64>,
    #[serde(default)]
    pub expected_duration_seconds: Option<u64>,
    #[serde(default)]
    pub estimated_start_time: Option<u64>,
}

/// `GET /api/fine-tunes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FineTuneList {
    pub jobs: Vec<FineTuneJob>,
    /// All jobs matching the filters, over every page.
    pub total: u64,
}

/// `POST /api/files`: the stored file as Mistral reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadedFile {
    /// The id to name in `training_files` or `validation_files`.
    pub id: String,
    #[serde(default)]
    pub filename: Option<String>,
    #[serde(default)]
    pub bytes: Option<u64>,
    #[serde(default)]
    pub num_lines: Option<u64>,
    #[serde(default)]
    pub purpose: Option<String>,
    #[serde(default)]
    pub created_at: Option<u64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tasks::{Problem, ProblemKind, Task};
    use wasm_bindgen_test::wasm_bindgen_test;

    const UUID: &str = "0b4c5a7e-1f2d-4c3b-9a8e-7d6c5b4a3f21";

    fn job_request(model: &str, training: &[&str]) -> CreateFineTune {
        CreateFineTune {
            model: model.into(),
            training_files: training.iter().map(|s| s.to_string()).collect(),
            validation_files: Vec::new(),
            hyperparameters: Hyperparameters::default(),
            suffix: None,
            auto_start: false,
            dry_run: false,
        }
    }

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

    #[wasm_bindgen_test(unsupported = test)]
    fn models_map_the_upstream_capabilities_and_drop_duplicates() {
        let body = r#"{"object":"list","data":[
            {"id":"mistral-small-latest","object":"model","capabilities":{"completion_chat":true,"fine_tuning":true},
             "max_context_length":131072,"type":"base","deprecation":null,"aliases":["mistral-small-2506"]},
            {"id":"ft:mistral-small-latest:x:1","capabilities":{"completion_chat":true},"root":"mistral-small-latest",
             "type":"fine-tuned","archived":false,"deprecation":"2026-01-01T00:00:00Z"},
            {"id":"mistral-small-latest","capabilities":{}},
            {"id":"mistral-embed","capabilities":{"completion_chat":false}}]}"#;
        let models = ModelInfo::from_upstream(body).expect("parses");
        let ids: Vec<&str> = models.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["mistral-small-latest", "ft:mistral-small-latest:x:1", "mistral-embed"]);
        assert_eq!(models[0].capabilities, ModelCapabilities { completion: true, fine_tuning: true });
        assert_eq!(models[0].aliases, ["mistral-small-2506"]);
        assert_eq!(models[1].fine_tuned_from.as_deref(), Some("mistral-small-latest"));
        assert_eq!(models[1].deprecation.as_deref(), Some("2026-01-01T00:00:00Z"));
        assert!(!models[2].capabilities.completion);
        let json = serde_json::to_value(&models[0]).unwrap();
        assert_eq!(json["type"], "base");
        assert!(ModelInfo::from_upstream("<html>").unwrap_err().starts_with("the model list is not the JSON expected"));
    }
    #[wasm_bindgen_test(unsupported = test)]
    fn another_providers_models_are_prefixed_and_chat_capable() {
        let body = r#"{"object":"list","data":[{"id":"talla-7b","object":"model","owned_by":"vllm"},
            {"id":"llama3:8b","capabilities":{"completion_chat":false}}]}"#;
        let models = ModelInfo::from_provider(body, "local").unwrap();
        assert_eq!(models.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["local:talla-7b", "local:llama3:8b"]);
        assert_eq!(models[0].capabilities, ModelCapabilities { completion: true, fine_tuning: false });
        assert!(!models[1].capabilities.completion, "a provider that says what a model can do is believed");
        assert_eq!(models[0].provider.as_deref(), Some("local"));
        assert_eq!(ModelInfo::from_upstream(body).unwrap()[0].provider, None);
    }

    const FILE: &str = "0b0e2b9c-1f7e-4c1a-9d3e-4f5a6b7c8d9e";

    fn create() -> CreateFineTune {
        CreateFineTune {
            model: " mistral-small-latest ".into(),
            training_files: vec![FILE.to_uppercase()],
            validation_files: vec![],
            hyperparameters: Hyperparameters { training_steps: Some(10), learning_rate: Some(0.0001) },
            suffix: Some("tallas".into()),
            auto_start: false,
            dry_run: true,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn fine_tune_requests_are_checked_before_they_go_upstream() {
        let request = create().validate().expect("valid");
        assert_eq!(request.model, "mistral-small-latest");
        assert_eq!(request.training_files, [FILE]);
        assert_eq!(
            request.upstream_body(),
            json!({"model": "mistral-small-latest", "training_files": [{"file_id": FILE, "weight": 1}],
                   "validation_files": [], "hyperparameters": {"training_steps": 10, "learning_rate": 0.0001},
                   "auto_start": false, "suffix": "tallas"})
        );
        let cases = [
            (CreateFineTune { training_files: vec![], ..create() }, "`training_files` has 0 ids"),
            (
                CreateFineTune { training_files: vec!["../jobs".into()], ..create() },
                "`training_files` \"../jobs\" is not",
            ),
            (CreateFineTune { training_files: vec![FILE.into(), FILE.into()], ..create() }, "`training_files` names"),
            (CreateFineTune { validation_files: vec!["x".into()], ..create() }, "`validation_files` \"x\""),
            (
                CreateFineTune {
                    hyperparameters: Hyperparameters { training_steps: Some(0), learning_rate: None },
                    ..create()
                },
                "`hyperparameters.training_steps` is 0",
            ),
            (
                CreateFineTune {
                    hyperparameters: Hyperparameters { training_steps: None, learning_rate: Some(2.0) },
                    ..create()
                },
                "`hyperparameters.learning_rate` is 2",
            ),
            (CreateFineTune { suffix: Some("mi modelo".into()), ..create() }, "`suffix` must be"),
            (CreateFineTune { model: "  ".into(), ..create() }, "`model` is empty"),
        ];
        for (request, expected) in cases {
            let error = message(request.validate());
            assert!(error.starts_with(expected), "{error} / {expected}");
        }
        let unknown = serde_json::from_str::<CreateFineTune>(r#"{"model":"m","training_files":[],"epochs":3}"#);
        assert!(unknown.unwrap_err().to_string().contains("unknown field `epochs`"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn list_filters_are_checked_and_escaped() {
        let query = FineTuneQuery::from_pairs([("page", "2"), ("model", "ft:a:b"), ("status", "running")]).unwrap();
        assert_eq!(query.to_query_string(), "?page=2&model=ft%3Aa%3Ab&status=RUNNING");
        assert_eq!(FineTuneQuery::default().to_query_string(), "");
        assert!(message(FineTuneQuery::from_pairs([("page_size", "500")])).starts_with("`page_size` must be"));
        assert!(message(FineTuneQuery::from_pairs([("status", "A&B")])).starts_with("`status` must be"));
        assert!(message(FineTuneQuery::from_pairs([("sort", "x")])).contains("unknown parameter \"sort\""));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn jobs_pass_on_only_their_typed_fields() {
        let body = json!({"id": FILE, "model": "mistral-small-latest", "status": "QUEUED", "created_at": 1,
            "training_files": [FILE], "validation_files": null, "hyperparameters": {"training_steps": 10,
            "learning_rate": 0.0001, "weight_decay": 0.1}, "integrations": [{"type": "wandb", "api_key": "secret"}],
            "metadata": {"cost": 0.02, "cost_currency": "USD", "object": "job.metadata"}});
        let job: FineTuneJob = serde_json::from_value(body).unwrap();
        let out = serde_json::to_string(&job).unwrap();
        assert!(!out.contains("secret") && !out.contains("integrations") && !out.contains("events"), "{out}");
        assert_eq!(job.metadata.unwrap().cost, Some(0.02));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_job_goes_to_its_models_upstream_with_that_upstreams_files() {
        let asked = job_request("local:ministral-8b", &["local:f-1"]).for_upstream(Some("local"), "ministral-8b");
        let asked = asked.unwrap();
        assert_eq!((asked.model.as_str(), asked.training_files), ("ministral-8b", vec!["f-1".to_owned()]));

        let mistral = job_request("ministral-8b", &[UUID]).for_upstream(None, "ministral-8b").unwrap();
        assert_eq!(mistral.training_files, vec![UUID.to_owned()]);

        let mixed = job_request("local:ministral-8b", &[UUID]).for_upstream(Some("local"), "ministral-8b");
        let error = mixed.unwrap_err();
        assert_eq!(error.field, "training_files");
        assert!(error.message.contains("a file of Mistral, but local:ministral-8b is tuned by the provider \"local\""));
        assert!(error.message.contains("POST /api/files?provider=local"), "{}", error.message);
        let other = job_request("ministral-8b", &["local:f-1"]).for_upstream(None, "ministral-8b").unwrap_err();
        assert!(other.message.contains("a file of the provider \"local\", but ministral-8b is tuned by Mistral"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_providers_job_comes_back_named_for_the_routes() {
        let job: FineTuneJob = serde_json::from_str(
            r#"{"id":"j-1","model":"ministral-8b","status":"SUCCESS","training_files":["f-1"],
                "validation_files":[],"fine_tuned_model":"ft:ministral-8b:x:1"}"#,
        )
        .unwrap();
        let named = job.clone().qualified(Some("local"));
        assert_eq!(named.id, "local:j-1");
        assert_eq!(named.model, "local:ministral-8b");
        assert_eq!(named.training_files, Some(vec!["local:f-1".to_owned()]));
        assert_eq!(named.fine_tuned_model.as_deref(), Some("local:ft:ministral-8b:x:1"));
        assert_eq!(job.clone().qualified(None), job);
    }
}
