//! Together's fine-tuning dialect (`together` 3.1.1: `lib/resources/fine_tuning.py`'s
//! `FinetuneRequest`, `types/finetune_response.py`, `finetune_model_limits.py`,
//! `fine_tuning_estimate_price_*.py`): jobs at `/v1/fine-tunes`, started when created; one
//! training file; training counted in epochs, always as a LoRA adapter here (what Together serves
//! without a dedicated endpoint, on the bases it lists for that).
//!
//! The SDK asks `GET /v1/fine-tunes/models/limits` before every job and fills in what the caller
//! left out from there (the LoRA rank) or from its own defaults (learning rate 1e-5, one epoch,
//! no warm-up, gradient norm 1.0, no weight decay); the request requires them all. Tallas does the
//! same, and checks the curator's choices against the limits before the job is asked for, so a
//! base model Together does not tune is refused before anything is spent.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{one_file, read_event_page, read_iso_or_unix, refuse};
use crate::api::{CreateFineTune, FineTuneEstimate, FineTuneJob, JobEvent, JobHyperparameters, ValidationError};
use crate::fine_tuning::lifecycle::{Dialect, Stage};

/// The SDK's defaults for what `FinetuneRequest` requires.
const DEFAULT_EPOCHS: u32 = 1;
const DEFAULT_LEARNING_RATE: f64 = 0.00001;

/// `GET /v1/fine-tunes/models/limits?model_name=…`: what the base model may be tuned with.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Limits {
    pub lora_training: LoraLimits,
    pub max_num_epochs: u32,
    pub min_learning_rate: f64,
    pub max_learning_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct LoraLimits {
    pub default_rank: u32,
    pub max_rank: u32,
}

/// The query of the limits call for `model`.
pub fn limits_path(model: &str) -> String {
    let escaped: String = model
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect();
    format!("/v1/fine-tunes/models/limits?model_name={escaped}")
}

pub fn read_limits(body: &str) -> Result<Limits, serde_json::Error> {
    serde_json::from_str(body)
}

/// What the job asks for once the curator's choices passed the model's limits.
struct Chosen {
    epochs: u32,
    learning_rate: f64,
    rank: u32,
}

fn chosen(request: &CreateFineTune, limits: &Limits) -> Result<Chosen, ValidationError> {
    let wanted = request.hyperparameters;
    if wanted.training_steps.is_some() {
        return Err(refuse("hyperparameters.training_steps", "Together counts training in epochs; give epochs"));
    }
    let epochs = wanted.epochs.unwrap_or(DEFAULT_EPOCHS);
    if epochs > limits.max_num_epochs {
        return Err(refuse(
            "hyperparameters.epochs",
            &format!("is {epochs}; Together tunes {} for at most {} epochs", request.model, limits.max_num_epochs),
        ));
    }
    let learning_rate = wanted.learning_rate.unwrap_or(DEFAULT_LEARNING_RATE);
    if !(limits.min_learning_rate..=limits.max_learning_rate).contains(&learning_rate) {
        return Err(refuse(
            "hyperparameters.learning_rate",
            &format!(
                "is {learning_rate}; Together takes {} to {} for {}",
                limits.min_learning_rate, limits.max_learning_rate, request.model
            ),
        ));
    }
    let rank = wanted.lora_rank.unwrap_or(limits.lora_training.default_rank);
    if rank > limits.lora_training.max_rank {
        return Err(refuse(
            "hyperparameters.lora_rank",
            &format!("is {rank}; Together's most for {} is {}", request.model, limits.lora_training.max_rank),
        ));
    }
    Ok(Chosen { epochs, learning_rate, rank })
}

fn lora(rank: u32) -> Value {
    // The SDK's alpha when none is given: twice the rank.
    json!({"type": "Lora", "lora_r": rank, "lora_alpha": rank * 2, "lora_dropout": 0.0, "lora_trainable_modules": "all-linear"})
}

/// The body of `POST /v1/fine-tunes`.
pub fn job_body(request: &CreateFineTune, limits: &Limits) -> Result<Value, ValidationError> {
    let chosen = chosen(request, limits)?;
    let validated = !request.validation_files.is_empty();
    let mut body = json!({
        "training_file": one_file("training_files", &request.training_files)?,
        "model": request.model,
        "n_epochs": chosen.epochs,
        "learning_rate": chosen.learning_rate,
        "warmup_ratio": 0.0,
        "max_grad_norm": 1.0,
        "weight_decay": 0.0,
        "n_checkpoints": 1,
        // A validation file is only read when evaluations are asked for.
        "n_evals": u32::from(validated),
        "batch_size": "max",
        "packing": true,
        "training_type": lora(chosen.rank),
        "training_method": {"method": "sft", "train_on_inputs": "auto"},
    });
    if validated {
        body["validation_file"] = json!(one_file("validation_files", &request.validation_files)?);
    }
    if let Some(suffix) = &request.suffix {
        body["suffix"] = json!(suffix);
    }
    Ok(body)
}

/// The body of `POST /v1/fine-tunes/estimate-price`, for the job [`job_body`] would ask for.
pub fn estimate_body(request: &CreateFineTune, limits: &Limits) -> Result<Value, ValidationError> {
    let job = job_body(request, limits)?;
    let mut body = json!({
        "training_file": job["training_file"],
        "model": job["model"],
        "n_epochs": job["n_epochs"],
        "n_evals": job["n_evals"],
        "training_type": job["training_type"],
        "training_method": job["training_method"],
    });
    if let Some(file) = job.get("validation_file") {
        body["validation_file"] = file.clone();
    }
    Ok(body)
}

#[derive(Deserialize)]
struct Estimate {
    estimation_available: bool,
    estimated_total_price: Option<f64>,
    estimated_train_token_count: Option<f64>,
    unavailable_reason: Option<String>,
}

/// The estimate as the page shows it, or why Together gives none (its files not validated yet…).
pub fn read_estimate(body: &str) -> Result<Result<FineTuneEstimate, String>, serde_json::Error> {
    let estimate: Estimate = serde_json::from_str(body)?;
    if !estimate.estimation_available {
        return Ok(Err(estimate.unavailable_reason.unwrap_or_else(|| "no reason given".to_owned())));
    }
    Ok(Ok(FineTuneEstimate {
        cost: estimate.estimated_total_price,
        cost_currency: Some("USD".to_owned()),
        train_tokens: estimate.estimated_train_token_count.map(|t| t as u64),
        ..FineTuneEstimate::default()
    }))
}

#[derive(Deserialize)]
struct Job {
    id: String,
    status: String,
    model: Option<String>,
    created_at: Option<Value>,
    updated_at: Option<Value>,
    model_output_name: Option<String>,
    training_file: Option<String>,
    validation_file: Option<String>,
    n_epochs: Option<f64>,
    learning_rate: Option<f64>,
    training_type: Option<Value>,
    suffix: Option<String>,
    token_count: Option<u64>,
}

/// A job as Together answers it (create, retrieve, cancel). Its output name is given from the
/// start; it is the tuned model only once the job completed.
pub fn read_job(body: &str) -> Result<FineTuneJob, serde_json::Error> {
    let job: Job = serde_json::from_str(body)?;
    let stage = Dialect::Together.stage(&job.status);
    let rank = job.training_type.as_ref().and_then(|t| t.get("lora_r")).and_then(Value::as_u64);
    Ok(FineTuneJob {
        id: job.id,
        model: job.model.unwrap_or_default(),
        status: job.status,
        stage,
        failure: None,
        created_at: job.created_at.as_ref().and_then(read_iso_or_unix),
        modified_at: job.updated_at.as_ref().and_then(read_iso_or_unix),
        auto_start: Some(true),
        training_files: job.training_file.map(|f| vec![f]),
        validation_files: Some(job.validation_file.into_iter().filter(|f| !f.is_empty()).collect()),
        hyperparameters: Some(JobHyperparameters {
            epochs: job.n_epochs,
            learning_rate: job.learning_rate,
            lora_rank: rank,
            training_steps: None,
        }),
        fine_tuned_model: job.model_output_name.filter(|_| stage == Some(Stage::Succeeded)),
        suffix: job.suffix,
        trained_tokens: job.token_count,
        metadata: None,
        events: None,
        checkpoints: None,
    })
}

/// `GET /v1/fine-tunes/{id}/events`, oldest first; the message of its last error, if any, is
/// why the job failed.
pub fn read_events(body: &str) -> Result<(Vec<JobEvent>, Option<String>), serde_json::Error> {
    let (events, raw) = read_event_page(body, false)?;
    // The SDK's generated types spell levels and types in lower case, its hand-written ones in capitals.
    let said = |field: &Option<String>, words: &[&str]| {
        field.as_deref().is_some_and(|f| words.iter().any(|w| f.eq_ignore_ascii_case(w)))
    };
    let failure = raw
        .iter()
        .filter(|e| said(&e.level, &["error"]) || said(&e.kind, &["job_error", "job_user_error"]))
        .filter_map(|e| e.message.clone())
        .next_back();
    Ok((events, failure))
}

/// The fields of the first step of an upload (`POST /v1/files`, answered with a redirect to where
/// the bytes go): the SDK's, a SHA-256 of the file among them.
pub fn upload_fields(filename: &str, sha256_hex: &str) -> [(&'static str, String); 4] {
    [
        ("purpose", "fine-tune".to_owned()),
        ("file_name", filename.to_owned()),
        ("file_type", "jsonl".to_owned()),
        ("checksum", sha256_hex.to_owned()),
    ]
}

/// The last step of an upload, once the bytes are there.
pub fn preprocess_path(file_id: &str) -> String {
    format!("/v1/files/{file_id}/preprocess")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Hyperparameters;
    use wasm_bindgen_test::wasm_bindgen_test;

    const MODEL: &str = "meta-llama/Meta-Llama-3.1-8B-Instruct-Reference";

    fn limits() -> Limits {
        Limits {
            lora_training: LoraLimits { default_rank: 8, max_rank: 64 },
            max_num_epochs: 20,
            min_learning_rate: 1e-6,
            max_learning_rate: 1e-2,
        }
    }

    fn request(hyperparameters: Hyperparameters) -> CreateFineTune {
        CreateFineTune {
            model: MODEL.into(),
            training_files: vec!["file-t".into()],
            validation_files: vec![],
            hyperparameters,
            suffix: Some("tallas".into()),
            auto_start: true,
            dry_run: false,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_job_is_a_lora_sft_with_every_field_the_request_requires() {
        let body = job_body(&request(Hyperparameters::default()), &limits()).unwrap();
        assert_eq!(
            body,
            json!({"training_file": "file-t", "model": MODEL, "n_epochs": 1, "learning_rate": 0.00001,
                   "warmup_ratio": 0.0, "max_grad_norm": 1.0, "weight_decay": 0.0, "n_checkpoints": 1,
                   "n_evals": 0, "batch_size": "max", "packing": true, "suffix": "tallas",
                   "training_type": {"type": "Lora", "lora_r": 8, "lora_alpha": 16, "lora_dropout": 0.0,
                                     "lora_trainable_modules": "all-linear"},
                   "training_method": {"method": "sft", "train_on_inputs": "auto"}})
        );
        let chosen = Hyperparameters {
            epochs: Some(3),
            learning_rate: Some(1e-4),
            lora_rank: Some(32),
            ..Hyperparameters::default()
        };
        let validated = CreateFineTune { validation_files: vec!["file-v".into()], ..request(chosen) };
        let body = job_body(&validated, &limits()).unwrap();
        assert_eq!((body["n_epochs"].clone(), body["training_type"]["lora_r"].clone()), (json!(3), json!(32)));
        assert_eq!((body["validation_file"].clone(), body["n_evals"].clone()), (json!("file-v"), json!(1)));
        let estimate = estimate_body(&validated, &limits()).unwrap();
        assert_eq!(estimate["training_type"], body["training_type"]);
        assert!(estimate.get("learning_rate").is_none());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn choices_beyond_the_models_limits_are_refused_by_name() {
        let cases = [
            (
                Hyperparameters { epochs: Some(21), ..Hyperparameters::default() },
                "hyperparameters.epochs",
                "at most 20 epochs",
            ),
            (
                Hyperparameters { learning_rate: Some(0.5), ..Hyperparameters::default() },
                "hyperparameters.learning_rate",
                "takes 0.000001 to 0.01",
            ),
            (
                Hyperparameters { lora_rank: Some(128), ..Hyperparameters::default() },
                "hyperparameters.lora_rank",
                "most for",
            ),
            (
                Hyperparameters { training_steps: Some(25), ..Hyperparameters::default() },
                "hyperparameters.training_steps",
                "give epochs",
            ),
        ];
        for (hyperparameters, field, said) in cases {
            let error = job_body(&request(hyperparameters), &limits()).unwrap_err();
            assert_eq!(error.field, field);
            assert!(error.message.contains(said), "{}", error.message);
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_job_names_its_tuned_model_only_once_completed() {
        let job = |status: &str| {
            format!(
                r#"{{"id":"ft-1","status":"{status}","user_id":"u","model":"{MODEL}","created_at":"2026-12-07T10:00:00Z",
                    "updated_at":"2026-12-07T10:05:00.5Z","model_output_name":"me/llama-tallas","training_file":"file-t",
                    "validation_file":"","n_epochs":3,"learning_rate":0.0001,
                    "training_type":{{"type":"Lora","lora_r":8,"lora_alpha":16}},"token_count":1200}}"#
            )
        };
        let running = read_job(&job("running")).unwrap();
        assert_eq!((running.stage, running.fine_tuned_model), (Some(Stage::Running), None));
        assert_eq!((running.created_at, running.modified_at), (Some(1_796_637_600), Some(1_796_637_900)));
        assert_eq!(running.validation_files, Some(vec![]));
        let done = read_job(&job("completed")).unwrap();
        assert_eq!(done.fine_tuned_model.as_deref(), Some("me/llama-tallas"));
        assert_eq!(done.hyperparameters.unwrap().lora_rank, Some(8));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn events_tell_why_a_job_failed() {
        let (events, failure) = read_events(
            r#"{"data":[{"object":"fine-tune-event","created_at":"2026-12-07T10:01:00Z","level":"error",
                "message":"Training diverged","type":"job_error"},
                {"object":"fine-tune-event","created_at":"2026-12-07T10:00:00Z","level":"info","message":"Started","type":"job_start"}]}"#,
        )
        .unwrap();
        assert_eq!(events.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(), ["job_start", "job_error"]);
        assert_eq!(failure.as_deref(), Some("Training diverged"));
        let (_, capitals) = read_events(
            r#"{"data":[{"object":"fine-tune-event","created_at":"2026-12-07T10:01:00Z","level":"Warning",
                "message":"Bad line 3","type":"JOB_USER_ERROR"}]}"#,
        )
        .unwrap();
        assert_eq!(capitals.as_deref(), Some("Bad line 3"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_estimate_or_why_there_is_none() {
        let available = r#"{"estimation_available":true,"allowed_to_proceed":true,"estimated_total_price":4.2,"estimated_train_token_count":120000}"#;
        let estimate = read_estimate(available).unwrap().unwrap();
        assert_eq!((estimate.cost, estimate.train_tokens), (Some(4.2), Some(120_000)));
        let none = read_estimate(r#"{"estimation_available":false,"unavailable_reason":"train_file_not_validated"}"#);
        assert_eq!(none.unwrap().unwrap_err(), "train_file_not_validated");
        assert_eq!(limits_path("meta-llama/Llama 3"), "/v1/fine-tunes/models/limits?model_name=meta-llama%2FLlama%203");
    }
}
