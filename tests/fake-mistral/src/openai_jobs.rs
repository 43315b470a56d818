//! `--fine-tuning openai`: OpenAI's `/v1/fine_tuning/jobs` (`openai` 3.63.0's `FineTuningJob`,
//! `FineTuningJobEvent`), as OpenAI and Nebius Token Factory speak it. A job starts when created
//! and walks validating_files → queued → running → succeeded, a step each; `--fail-validation`
//! ends it failed after validating_files, `--fail-training` failed after running.
//!
//! `--deploy-lora` plays Nebius Token Factory: a trained adapter chats only once a model is made of
//! its checkpoint (`POST /v0/models` with `name`, `base_model`, `source` `"job:checkpoint"`),
//! validating for a step, then active; the job's `ft:` name never chats.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiJson};
use crate::state::{AppState, Deployment, DialectJob, Store};
use crate::steps::Steps;

/// Base models this dialect tunes, in the double.
pub const TUNABLE: &[&str] = &["gpt-4.1-mini-2025-04-14", "meta-llama/Llama-3.1-8B-Instruct"];
const FINALS: &[&str] = &["succeeded", "failed", "cancelled"];
const INVALID_FILE: &str = "The training file has no example with an assistant message.";
const DIVERGED: &str = "Training diverged at step 3; lower the learning rate and try again.";

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_request_error", message)
}

/// `POST /v1/fine_tuning/jobs`.
pub async fn create(State(state): State<AppState>, ApiJson(request): ApiJson<Value>) -> Result<Json<Value>, ApiError> {
    let text = |key: &str| request.get(key).and_then(Value::as_str);
    let model = text("model").ok_or_else(|| invalid("model is required"))?;
    if !TUNABLE.contains(&model) {
        return Err(invalid(format!("Model {model} is not available for fine-tuning or does not exist.")));
    }
    let mut store = state.store();
    let training = text("training_file").ok_or_else(|| invalid("training_file is required"))?;
    for file in [Some(training), text("validation_file")].into_iter().flatten() {
        if !store.files.iter().any(|f| f.id == file) {
            return Err(invalid(format!("invalid training_file: {file}")));
        }
    }
    let config = &state.config;
    let (path, failure) = if config.fail_validation {
        (vec!["validating_files", "failed"], Some(INVALID_FILE))
    } else if config.fail_training {
        (vec!["validating_files", "queued", "running", "failed"], Some(DIVERGED))
    } else {
        (vec!["validating_files", "queued", "running", "succeeded"], None)
    };
    let job = DialectJob { id: format!("ftjob-{}", store.next_sequence()), request, steps: Steps::new(path), failure };
    let body = to_json(&job, &state);
    store.dialect_jobs.push(job);
    Ok(Json(body))
}

fn to_json(job: &DialectJob, state: &AppState) -> Value {
    let status = job.steps.now(state.config.job_step);
    let asked = &job.request;
    let suffix = asked.get("suffix").and_then(Value::as_str);
    let model = asked["model"].as_str().unwrap_or_default();
    let tuned = format!("ft:{model}:tallas:{}:{}", suffix.unwrap_or("model"), job.id.trim_start_matches("ftjob-"));
    let epochs = asked
        .pointer("/method/supervised/hyperparameters/n_epochs")
        .or_else(|| asked.pointer("/hyperparameters/n_epochs"))
        .cloned()
        .unwrap_or(json!(3));
    let mut hyperparameters = asked.get("hyperparameters").cloned().unwrap_or(json!({}));
    hyperparameters["n_epochs"] = epochs.clone();
    json!({
        "id": job.id,
        "object": "fine_tuning.job",
        "created_at": job.steps.created_unix,
        "error": (status == "failed").then(|| json!({"code": "invalid_training_file", "message": job.failure, "param": "training_file"})),
        "fine_tuned_model": (status == "succeeded").then_some(tuned),
        "finished_at": FINALS.contains(&status).then(|| job.steps.history(state.config.job_step).last().map(|(_, at)| *at)),
        "hyperparameters": hyperparameters,
        "model": model,
        "organization_id": "org-tallas",
        "result_files": [],
        "seed": 42,
        "status": status,
        "trained_tokens": (status == "succeeded").then_some(4096),
        "training_file": asked["training_file"],
        "validation_file": asked.get("validation_file"),
        "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": epochs}}},
        "user_provided_suffix": suffix,
    })
}

fn find<'s>(store: &'s mut Store, id: &str) -> Result<&'s mut DialectJob, ApiError> {
    store
        .dialect_jobs
        .iter_mut()
        .find(|job| job.id == id)
        .ok_or_else(|| ApiError::not_found(format!("No fine-tuning job found with id {id}")))
}

/// `GET /v1/fine_tuning/jobs/{id}`.
pub async fn retrieve(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    Ok(Json(to_json(find(&mut store, &id)?, &state)))
}

/// `POST /v1/fine_tuning/jobs/{id}/cancel`: cancelled at once, as OpenAI answers.
pub async fn cancel(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    let job = find(&mut store, &id)?;
    if !job.steps.cancel(state.config.job_step, FINALS, vec!["cancelled"]) {
        return Err(invalid(format!("Job {id} has already finished and cannot be cancelled")));
    }
    Ok(Json(to_json(job, &state)))
}

/// `GET /v1/fine_tuning/jobs/{id}/events`, newest first as OpenAI lists them.
pub async fn events(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    let job = find(&mut store, &id)?;
    let mut data: Vec<Value> = job
        .steps
        .history(state.config.job_step)
        .into_iter()
        .enumerate()
        .map(|(n, (status, at))| {
            let failed = status == "failed";
            let message = if failed { job.failure.unwrap_or("Failed").to_owned() } else { format!("Job is {status}") };
            json!({"id": format!("ftevent-{}-{n}", job.id), "object": "fine_tuning.job.event", "created_at": at,
                   "level": if failed { "error" } else { "info" }, "message": message, "type": "message"})
        })
        .collect();
    data.reverse();
    Ok(Json(json!({"object": "list", "data": data, "has_more": false})))
}

/// `GET /v1/fine_tuning/jobs/{id}/checkpoints`: one checkpoint once the job succeeded, newest first.
pub async fn checkpoints(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    let job = find(&mut store, &id)?;
    let history = job.steps.history(state.config.job_step);
    let data: Vec<Value> = history
        .iter()
        .filter(|(status, _)| *status == "succeeded")
        .map(|(_, at)| {
            json!({"id": format!("ftckpt_{}", job.id.trim_start_matches("ftjob-")), "object": "fine_tuning.job.checkpoint",
                   "created_at": at, "step_number": 10, "fine_tuning_job_id": job.id,
                   "fine_tuned_model_checkpoint": format!("ft:{}:ckpt-step-10", job.request["model"].as_str().unwrap_or_default()),
                   "metrics": {"step": 10.0, "train_loss": 1.2, "valid_loss": 1.4}})
        })
        .collect();
    Ok(Json(json!({"object": "list", "data": data, "has_more": false})))
}

fn deployment_json(deployment: &Deployment, state: &AppState) -> Value {
    let step = state.config.job_step;
    let active = step.is_zero() || deployment.created.elapsed() >= step;
    json!({"name": deployment.name, "base_model": deployment.base_model, "source": deployment.source,
           "status": if active { "active" } else { "validating" }})
}

/// `POST /v0/models`: a model made of a trained job's checkpoint.
pub async fn deploy(State(state): State<AppState>, ApiJson(request): ApiJson<Value>) -> Result<Json<Value>, ApiError> {
    let text = |key: &str| request.get(key).and_then(Value::as_str).map(str::to_owned);
    let (Some(name), Some(base_model), Some(source)) = (text("name"), text("base_model"), text("source")) else {
        return Err(invalid("name, base_model and source are required"));
    };
    let mut store = state.store();
    let (job_id, checkpoint) =
        source.split_once(':').ok_or_else(|| invalid("source must be <job id>:<checkpoint id>"))?;
    let job = find(&mut store, job_id)?;
    if job.steps.now(state.config.job_step) != "succeeded" || !checkpoint.starts_with("ftckpt_") {
        return Err(invalid(format!("{source} is not a checkpoint of a succeeded job")));
    }
    let short = store.next_sequence();
    let deployment = Deployment {
        name: format!("{base_model}-LoRa:{name}-{short:04}"),
        base_model,
        source,
        created: std::time::Instant::now(),
    };
    let body = deployment_json(&deployment, &state);
    store.deployments.push(deployment);
    Ok(Json(body))
}

/// `GET /v0/models`: the models made of checkpoints.
pub async fn deployments(State(state): State<AppState>) -> Json<Value> {
    let store = state.store();
    let data: Vec<Value> = store.deployments.iter().map(|d| deployment_json(d, &state)).collect();
    Json(json!({"data": data}))
}

/// Whether chat takes `id` as a deployed adapter (active).
pub fn is_deployed(state: &AppState, id: &str) -> bool {
    let store = state.store();
    store.deployments.iter().any(|d| d.name == id && deployment_json(d, state)["status"] == "active")
}
