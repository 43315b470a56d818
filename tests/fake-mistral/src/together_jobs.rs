//! `--fine-tuning together`: Together's files and `/v1/fine-tunes` (`together` 3.1.1). An upload
//! is its SDK's three steps: a form naming the file and its SHA-256 answered `302` with where the
//! bytes go (`/_uploads/{id}` here, no key) and `X-Together-File-Id`, the bytes `PUT` there (the
//! digest checked), then `POST /v1/files/{id}/preprocess`. A job starts when created and walks
//! pending → queued → running → compressing → uploading → completed, a step each;
//! `--fail-validation` ends it in user_error, `--fail-training` in error after running.

use std::collections::HashMap;
use std::time::{Duration, UNIX_EPOCH};

use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::error::{ApiError, ApiJson};
use crate::files::{StoredFile, count_json_lines};
use crate::state::{AppState, DialectJob, Store, unix_now};
use crate::steps::Steps;

/// Base models this dialect tunes, in the double.
pub const TUNABLE: &[&str] = &["meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", "Qwen/Qwen2.5-7B-Instruct"];
/// The account tuned models are named under.
pub const ACCOUNT: &str = "tallas";
const FINALS: &[&str] = &["completed", "error", "user_error", "cancelled"];
const INVALID_FILE: &str = "The training file has no example with an assistant message.";
const DIVERGED: &str = "Training diverged at step 3; lower the learning rate and try again.";

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "invalid_request_error", message)
}

/// `POST /v1/files`: the first step, a form without the file.
pub async fn announce(
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let mut multipart = multipart.map_err(|r| ApiError::new(r.status(), "invalid_request_error", r.body_text()))?;
    let mut fields = HashMap::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| invalid(e.body_text()))? {
        let name = field.name().unwrap_or_default().to_owned();
        fields.insert(name, field.text().await.map_err(|e| invalid(e.body_text()))?);
    }
    for required in ["purpose", "file_name", "file_type", "checksum"] {
        if !fields.contains_key(required) {
            return Err(invalid(format!("{required} is required")));
        }
    }
    if fields["purpose"] != "fine-tune" || fields["file_type"] != "jsonl" {
        return Err(invalid("purpose must be fine-tune and file_type jsonl"));
    }
    let mut store = state.store();
    let id = format!("file-{}", store.next_uuid());
    store.announced.insert(id.clone(), (fields["file_name"].clone(), fields["checksum"].clone()));
    let headers =
        [(header::LOCATION, format!("/_uploads/{id}")), (header::HeaderName::from_static("x-together-file-id"), id)];
    Ok((StatusCode::FOUND, headers).into_response())
}

/// `PUT /_uploads/{id}`: the bytes, where the redirect said (a storage URL, without the key).
pub async fn put(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    content: Bytes,
) -> Result<StatusCode, ApiError> {
    if headers.contains_key(header::AUTHORIZATION) {
        return Err(invalid("a storage URL takes no Authorization header"));
    }
    let mut store = state.store();
    let (filename, checksum) =
        store.announced.remove(&id).ok_or_else(|| ApiError::not_found(format!("No upload announced as {id}")))?;
    let digest: String = Sha256::digest(&content).iter().map(|b| format!("{b:02x}")).collect();
    if digest != checksum {
        return Err(invalid(format!("the bytes' SHA-256 is {digest}, not the announced {checksum}")));
    }
    let num_lines = count_json_lines(&content).map_err(|e| invalid(format!("{filename} is not JSONL: {e}")))?;
    let file = StoredFile { id, filename, purpose: "fine-tune".into(), created_at: unix_now(), num_lines, content };
    store.files.push(file);
    Ok(StatusCode::OK)
}

/// `POST /v1/files/{id}/preprocess`: the stored file, checked.
pub async fn preprocess(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let store = state.store();
    let file = store.files.iter().find(|f| f.id == id).ok_or_else(|| ApiError::not_found(format!("No file {id}")))?;
    Ok(Json(json!({
        "id": file.id, "object": "file", "bytes": file.content.len(), "created_at": file.created_at,
        "filename": file.filename, "FileType": "jsonl", "purpose": "fine-tune", "processing_status": "COMPLETED",
        "validation_report": {"valid": true, "dataset_format": "CONVERSATION", "file_id": file.id, "nlines": file.num_lines},
    })))
}

/// `GET /v1/fine-tunes/models/limits?model_name=…`: 404 for a model it does not tune.
pub async fn limits(Query(query): Query<HashMap<String, String>>) -> Result<Json<Value>, ApiError> {
    let model = query.get("model_name").map(String::as_str).unwrap_or_default();
    if !TUNABLE.contains(&model) {
        return Err(ApiError::not_found(format!("Model {model} is not supported for fine-tuning")));
    }
    Ok(Json(json!({
        "model_name": model, "default_gradient_accumulation_steps": 1, "max_learning_rate": 1.0,
        "min_learning_rate": 0.000001, "max_num_checkpoints": 10, "max_num_epochs": 20, "max_num_evals": 10,
        "max_seq_length_sft": 8192, "max_seq_length_dpo": 8192, "min_max_seq_length": 512,
        "merge_output_lora": false, "supports_full_training": true, "supports_reasoning": false,
        "supports_tools": true, "supports_vision": false,
        "lora_training": {"default_rank": 8, "max_rank": 64, "max_batch_size": 96, "max_batch_size_dpo": 48,
                          "min_batch_size": 8, "target_modules": ["all-linear"]},
        "full_training": {"max_batch_size": 96, "max_batch_size_dpo": 48, "min_batch_size": 8},
    })))
}

fn checked(store: &Store, request: &Value) -> Result<u64, ApiError> {
    let model = request["model"].as_str().unwrap_or_default();
    if !TUNABLE.contains(&model) {
        return Err(invalid(format!("Model {model} is not supported for fine-tuning")));
    }
    let mut bytes = 0;
    for key in ["training_file", "validation_file"] {
        let Some(id) = request.get(key).and_then(Value::as_str) else { continue };
        let file = store.files.iter().find(|f| f.id == id).ok_or_else(|| invalid(format!("File {id} not found")))?;
        bytes += file.content.len() as u64;
    }
    Ok(bytes)
}

/// `POST /v1/fine-tunes/estimate-price`.
pub async fn estimate(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<Value>,
) -> Result<Json<Value>, ApiError> {
    let tokens = checked(&state.store(), &request)?.div_ceil(4) * request["n_epochs"].as_u64().unwrap_or(1);
    Ok(Json(json!({
        "estimation_available": true, "allowed_to_proceed": true, "user_limit": 100.0,
        "estimated_train_token_count": tokens, "estimated_eval_token_count": 0,
        "estimated_total_price": (tokens as f64 * 0.48 / 1e6 * 1e4).round() / 1e4,
    })))
}

/// `POST /v1/fine-tunes`.
pub async fn create(State(state): State<AppState>, ApiJson(request): ApiJson<Value>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    checked(&store, &request)?;
    for required in ["n_epochs", "learning_rate", "warmup_ratio", "max_grad_norm", "weight_decay"] {
        if request.get(required).is_none() {
            return Err(invalid(format!("{required} is required")));
        }
    }
    let config = &state.config;
    let (path, failure) = if config.fail_validation {
        (vec!["pending", "user_error"], Some(INVALID_FILE))
    } else if config.fail_training {
        (vec!["pending", "queued", "running", "error"], Some(DIVERGED))
    } else {
        (vec!["pending", "queued", "running", "compressing", "uploading", "completed"], None)
    };
    let job = DialectJob { id: format!("ft-{}", store.next_uuid()), request, steps: Steps::new(path), failure };
    let body = to_json(&job, &state);
    store.dialect_jobs.push(job);
    Ok(Json(body))
}

fn iso(unix: u64) -> String {
    humantime::format_rfc3339_seconds(UNIX_EPOCH + Duration::from_secs(unix)).to_string()
}

/// The tuned model's name, given from the start as Together does.
pub fn output_name(job: &DialectJob) -> String {
    let model = job.request["model"].as_str().unwrap_or_default();
    let base = model.rsplit('/').next().unwrap_or(model);
    let suffix = job.request.get("suffix").and_then(Value::as_str).unwrap_or("ft");
    format!("{ACCOUNT}/{base}-{suffix}-{}", job.id.get(3..11).unwrap_or("00000000"))
}

fn to_json(job: &DialectJob, state: &AppState) -> Value {
    let history = job.steps.history(state.config.job_step);
    let (status, updated) = history.last().copied().unwrap_or(("pending", job.steps.created_unix));
    let asked = &job.request;
    json!({
        "id": job.id, "object": "finetune", "user_id": "user-tallas", "status": status,
        "created_at": iso(job.steps.created_unix), "updated_at": iso(updated),
        "model": asked["model"], "model_output_name": output_name(job), "adapter_output_name": null,
        "training_file": asked["training_file"], "validation_file": asked.get("validation_file").cloned().unwrap_or(json!("")),
        "n_epochs": asked["n_epochs"], "learning_rate": asked["learning_rate"], "n_checkpoints": asked.get("n_checkpoints"),
        "n_evals": asked.get("n_evals"), "batch_size": 96, "warmup_ratio": asked["warmup_ratio"],
        "max_grad_norm": asked["max_grad_norm"], "weight_decay": asked["weight_decay"], "suffix": asked.get("suffix"),
        "training_type": asked.get("training_type"), "training_method": asked.get("training_method"),
        "token_count": (status == "completed").then_some(4096),
    })
}

fn find<'s>(store: &'s mut Store, id: &str) -> Result<&'s mut DialectJob, ApiError> {
    store
        .dialect_jobs
        .iter_mut()
        .find(|job| job.id == id)
        .ok_or_else(|| ApiError::not_found(format!("Fine-tune job {id} not found")))
}

/// `GET /v1/fine-tunes/{id}`.
pub async fn retrieve(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    Ok(Json(to_json(find(&mut store, &id)?, &state)))
}

/// `POST /v1/fine-tunes/{id}/cancel`: cancel_requested, then cancelled a step later.
pub async fn cancel(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    let job = find(&mut store, &id)?;
    if !job.steps.cancel(state.config.job_step, FINALS, vec!["cancel_requested", "cancelled"]) {
        return Err(invalid(format!("Fine-tune job {id} has already ended")));
    }
    Ok(Json(to_json(job, &state)))
}

/// `GET /v1/fine-tunes/{id}/events`, oldest first.
pub async fn events(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    let job = find(&mut store, &id)?;
    let event = |(status, at): (&str, u64)| {
        // The words of the SDK's generated `FinetuneEvent` (its hand-written `lib` types spell them in
        // capitals; the generated ones follow the API description, so the double follows those).
        let failure = || job.failure.unwrap_or("Failed").to_owned();
        let (kind, level, message) = match status {
            "error" | "user_error" => ("job_error", "error", failure()),
            "running" => ("training_start", "info", "Training started".to_owned()),
            "completed" => ("job_complete", "info", "Job finished".to_owned()),
            "cancel_requested" => ("cancel_requested", "info", "Cancel requested".to_owned()),
            "cancelled" => ("job_stopped", "info", "Job cancelled".to_owned()),
            other => ("job_pending", "info", format!("Job is {other}")),
        };
        json!({"object": "fine-tune-event", "created_at": iso(at), "level": level, "message": message, "type": kind})
    };
    let data: Vec<Value> = job.steps.history(state.config.job_step).into_iter().map(event).collect();
    Ok(Json(json!({"data": data})))
}

#[cfg(test)]
mod tests {
    use super::iso;

    #[test]
    fn writes_times_as_together_does() {
        assert_eq!(iso(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso(1_796_637_600), "2026-12-07T10:00:00Z");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00Z");
    }
}
