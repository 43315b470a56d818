//! Wire types of fine-tuning (`/api/files`, `/api/fine-tunes`; the worker's `files.rs` and
//! `fine_tunes.rs`). Each request type checks itself before any upstream call; each response type
//! is what the worker sends, read from the upstream's answer and never passed on raw.

use super::{ValidationError, routed_id, split_routed, validate_model_id};
use crate::fine_tuning::lifecycle::Stage;
use crate::providers::qualify;
use serde::{Deserialize, Serialize};

/// Most training (and validation) files of one job.
pub const MAX_JOB_FILES: usize = 10;
/// Mistral's limit on a fine-tuned model's suffix.
pub const MAX_SUFFIX_CHARS: usize = 18;
pub const MAX_TRAINING_STEPS: u32 = 10_000;
pub const MAX_EPOCHS: u32 = 100;
pub const MAX_LORA_RANK: u32 = 1_024;

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

/// What the curator may set; each dialect takes the ones its provider has and refuses the others
/// by name (`fine_tuning::Dialect::job_body`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hyperparameters {
    /// Mistral counts training in steps.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub training_steps: Option<u32>,
    /// OpenAI-shaped providers and Together count it in passes over the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub epochs: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub learning_rate: Option<f64>,
    /// The LoRA adapter's rank, where the provider lets it be chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lora_rank: Option<u32>,
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
        if let Some(epochs) = self.hyperparameters.epochs
            && !(1..=MAX_EPOCHS).contains(&epochs)
        {
            return Err(ValidationError::new(
                "hyperparameters.epochs",
                format!("is {epochs}; it must be from 1 to {MAX_EPOCHS}"),
            ));
        }
        if let Some(rank) = self.hyperparameters.lora_rank
            && !(1..=MAX_LORA_RANK).contains(&rank)
        {
            return Err(ValidationError::new(
                "hyperparameters.lora_rank",
                format!("is {rank}; it must be from 1 to {MAX_LORA_RANK}"),
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
    /// The provider's own word for where the job is (Mistral's QUEUED, OpenAI's
    /// validating_files, Together's compressing…), shown beside the stage.
    pub status: String,
    /// Where the job is, whatever its provider calls it; `None` for a word its SDK does not have.
    #[serde(default)]
    pub stage: Option<Stage>,
    /// Why it failed, in the provider's words, when it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lora_rank: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobEvent {
    /// Mistral's event name, OpenAI's event type, Together's event type.
    pub name: String,
    /// What happened, in the provider's words (OpenAI's and Together's events).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
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
    use serde_json::json;
    use wasm_bindgen_test::wasm_bindgen_test;

    const UUID: &str = "0b4c5a7e-1f2d-4c3b-9a8e-7d6c5b4a3f21";
    const FILE: &str = "0b0e2b9c-1f7e-4c1a-9d3e-4f5a6b7c8d9e";

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

    fn message<T>(result: Result<T, ValidationError>) -> String {
        result.err().map(|e| e.to_string()).unwrap_or_default()
    }

    fn create() -> CreateFineTune {
        CreateFineTune {
            model: " mistral-small-latest ".into(),
            training_files: vec![FILE.to_uppercase()],
            validation_files: vec![],
            hyperparameters: Hyperparameters {
                training_steps: Some(10),
                learning_rate: Some(0.0001),
                ..Hyperparameters::default()
            },
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
        assert_eq!(request.suffix.as_deref(), Some("tallas"));
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
                    hyperparameters: Hyperparameters { training_steps: Some(0), ..Hyperparameters::default() },
                    ..create()
                },
                "`hyperparameters.training_steps` is 0",
            ),
            (
                CreateFineTune {
                    hyperparameters: Hyperparameters { learning_rate: Some(2.0), ..Hyperparameters::default() },
                    ..create()
                },
                "`hyperparameters.learning_rate` is 2",
            ),
            (
                CreateFineTune {
                    hyperparameters: Hyperparameters { epochs: Some(0), ..Hyperparameters::default() },
                    ..create()
                },
                "`hyperparameters.epochs` is 0",
            ),
            (
                CreateFineTune {
                    hyperparameters: Hyperparameters { lora_rank: Some(5000), ..Hyperparameters::default() },
                    ..create()
                },
                "`hyperparameters.lora_rank` is 5000",
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
