//! `/v1/fine_tuning/jobs`: fine-tuning jobs whose status advances with the clock, one status per
//! `--job-step-ms` from the moment they start, so tests can poll a job to completion in seconds.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiJson};
use crate::models;
use crate::state::{AppState, Config, Store, unix_now, unix_now_ms};

/// Tokens a training step consumes, in the double's made-up economy.
const TOKENS_PER_STEP: u64 = 1_024;
/// US dollars per million trained tokens.
const PRICE_PER_MILLION: f64 = 2.0;
const DEFAULT_STEPS: u64 = 10;
const DEFAULT_LEARNING_RATE: f64 = 0.0001;
/// The real API's limit on `suffix`.
const MAX_SUFFIX_CHARS: usize = 18;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Queued,
    Started,
    Running,
    Success,
    Cancelled,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "QUEUED",
            Status::Started => "STARTED",
            Status::Running => "RUNNING",
            Status::Success => "SUCCESS",
            Status::Cancelled => "CANCELLED",
        }
    }

    /// The statuses a started job walks through, one per step.
    const PROGRESSION: [Status; 4] = [Status::Queued, Status::Started, Status::Running, Status::Success];
}

#[derive(Debug, Clone)]
pub struct Job {
    pub id: String,
    pub model: String,
    pub created_at: u64,
    training_files: Vec<(String, f64)>,
    validation_files: Vec<String>,
    training_steps: u64,
    learning_rate: f64,
    suffix: Option<String>,
    auto_start: bool,
    integrations: Vec<Value>,
    data_tokens: u64,
    /// When it started, on the monotonic clock (for the status) and as Unix ms (for timestamps).
    started: Option<(Instant, u64)>,
    /// When it was cancelled, on both clocks; the status stops advancing there.
    cancelled: Option<(Instant, u64)>,
}

impl Job {
    /// Steps completed since the start, `None` before the start.
    fn steps(&self, step: Duration, now: Instant) -> Option<usize> {
        let (since, _) = self.started?;
        let now = self.cancelled.map_or(now, |(at, _)| at);
        let elapsed = now.saturating_duration_since(since).as_millis();
        let step = step.as_millis();
        // A zero step means every status is reached at once.
        Some(elapsed.checked_div(step).map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX)))
    }

    pub fn status(&self, step: Duration, now: Instant) -> Status {
        if self.cancelled.is_some() {
            return Status::Cancelled;
        }
        match self.steps(step, now) {
            None => Status::Queued,
            Some(n) => Status::PROGRESSION[n.min(Status::PROGRESSION.len() - 1)],
        }
    }

    /// `ft:<model>:<suffix>:<short id>`, the suffix segment left out when there is none.
    pub fn fine_tuned_model(&self) -> String {
        let short = &self.id[..8];
        match &self.suffix {
            Some(suffix) => format!("ft:{}:{suffix}:{short}", self.model),
            None => format!("ft:{}:{short}", self.model),
        }
    }

    /// Unix seconds at which a started job reaches (or reached) step `n`.
    fn step_time(&self, step: Duration, n: usize) -> Option<u64> {
        let (_, started_ms) = self.started?;
        Some((started_ms + step.as_millis() as u64 * n as u64) / 1000)
    }

    pub fn finished_at(&self, step: Duration) -> Option<u64> {
        self.step_time(step, Status::PROGRESSION.len() - 1)
    }

    fn to_json(&self, config: &Config, detailed: bool) -> Value {
        let now = Instant::now();
        let status = self.status(config.job_step, now);
        let reached = self.steps(config.job_step, now).map_or(0, |n| n.min(Status::PROGRESSION.len() - 1));
        let modified_at = self
            .cancelled
            .map(|(_, ms)| ms / 1000)
            .or_else(|| self.step_time(config.job_step, reached))
            .unwrap_or(self.created_at);
        let success = status == Status::Success;
        let mut job = json!({
            "id": self.id,
            "object": "job",
            "job_type": "completion",
            "auto_start": self.auto_start,
            "model": self.model,
            "status": status.as_str(),
            "created_at": self.created_at,
            "modified_at": modified_at,
            "training_files": self.training_files.iter().map(|(id, _)| id).collect::<Vec<_>>(),
            "validation_files": self.validation_files,
            "hyperparameters": {"training_steps": self.training_steps, "learning_rate": self.learning_rate},
            "fine_tuned_model": success.then(|| self.fine_tuned_model()),
            "suffix": self.suffix,
            "integrations": self.integrations,
            "repositories": [],
            "trained_tokens": success.then_some(self.training_steps * TOKENS_PER_STEP),
            "metadata": metadata(self.data_tokens, self.training_steps, config),
        });
        if detailed {
            job["events"] = Value::Array(self.events(config, now, status, reached));
            job["checkpoints"] = json!([]);
        }
        job
    }

    fn events(&self, config: &Config, now: Instant, status: Status, reached: usize) -> Vec<Value> {
        let event = |status: Status, at: u64| json!({"name": "status-updated", "data": {"status": status.as_str()}, "created_at": at});
        let mut events = vec![event(Status::Queued, self.created_at)];
        if self.steps(config.job_step, now).is_some() {
            for (n, step_status) in Status::PROGRESSION.iter().enumerate().take(reached + 1).skip(1) {
                events.push(event(*step_status, self.step_time(config.job_step, n).unwrap_or(self.created_at)));
            }
        }
        if let (Status::Cancelled, Some((_, ms))) = (status, self.cancelled) {
            events.push(event(Status::Cancelled, ms / 1000));
        }
        events
    }
}

/// What the real API reports for a planned job (and for a dry run).
fn metadata(data_tokens: u64, training_steps: u64, config: &Config) -> Value {
    let train_tokens = training_steps * TOKENS_PER_STEP;
    let round = |x: f64, places: i32| (x * 10f64.powi(places)).round() / 10f64.powi(places);
    let steps_ms = config.job_step.as_millis() as u64 * (Status::PROGRESSION.len() as u64 - 1);
    json!({
        "object": "job.metadata",
        "expected_duration_seconds": steps_ms.div_ceil(1000),
        "cost": round(train_tokens as f64 / 1e6 * PRICE_PER_MILLION, 4),
        "cost_currency": "USD",
        "train_tokens_per_step": TOKENS_PER_STEP,
        "train_tokens": train_tokens,
        "data_tokens": data_tokens,
        "epochs": round(train_tokens as f64 / data_tokens.max(1) as f64, 4),
        "training_steps": training_steps,
        "estimated_start_time": null,
    })
}

#[derive(Debug, Deserialize)]
pub struct CreateJob {
    model: String,
    #[serde(default)]
    training_files: Vec<TrainingFile>,
    #[serde(default)]
    validation_files: Vec<String>,
    #[serde(default)]
    hyperparameters: Hyperparameters,
    suffix: Option<String>,
    auto_start: Option<bool>,
    #[serde(default)]
    dry_run: bool,
    #[serde(default)]
    integrations: Vec<Value>,
}

#[derive(Debug, Deserialize)]
struct TrainingFile {
    file_id: String,
    weight: Option<f64>,
}

#[derive(Debug, Default, Deserialize)]
struct Hyperparameters {
    training_steps: Option<u64>,
    learning_rate: Option<f64>,
}

/// The body checked against the store, or the error the real API would give first.
fn validate(request: &CreateJob, store: &Store) -> Result<u64, ApiError> {
    if !models::can_fine_tune(&request.model) {
        return Err(ApiError::new(
            axum::http::StatusCode::BAD_REQUEST,
            "invalid_model",
            format!("Model {} cannot be fine-tuned", request.model),
        ));
    }
    if request.training_files.is_empty() {
        return Err(ApiError::unprocessable("training_files must name at least one file"));
    }
    if let Some(steps) = request.hyperparameters.training_steps
        && !(1..=10_000).contains(&steps)
    {
        return Err(ApiError::unprocessable(format!("training_steps {steps} is not in 1..=10000")));
    }
    if let Some(rate) = request.hyperparameters.learning_rate
        && !(rate > 0.0 && rate <= 1.0)
    {
        return Err(ApiError::unprocessable(format!("learning_rate {rate} is not in (0, 1]")));
    }
    if let Some(suffix) = &request.suffix {
        let plain = suffix.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if suffix.is_empty() || suffix.chars().count() > MAX_SUFFIX_CHARS || !plain {
            return Err(ApiError::unprocessable(format!(
                "suffix {suffix:?} must be 1 to {MAX_SUFFIX_CHARS} letters, digits, - or _"
            )));
        }
    }
    if let Some(file) = request.training_files.iter().find(|f| f.weight.is_some_and(|w| !(w.is_finite() && w > 0.0))) {
        return Err(ApiError::unprocessable(format!("the weight of {} must be a positive number", file.file_id)));
    }
    let mut data_tokens = 0;
    let ids = request.training_files.iter().map(|f| &f.file_id).chain(&request.validation_files);
    for id in ids {
        let file = store
            .files
            .iter()
            .find(|f| &f.id == id)
            .ok_or_else(|| ApiError::not_found(format!("File not found: {id}")))?;
        data_tokens += (file.content.len() as u64).div_ceil(4);
    }
    Ok(data_tokens.max(1))
}

fn wants_dry_run(query: &HashMap<String, String>) -> bool {
    query.get("dry_run").is_some_and(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
}

/// `POST /v1/fine_tuning/jobs`; `?dry_run=true` (or `"dry_run": true`) only estimates.
pub async fn create(
    State(state): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    ApiJson(request): ApiJson<CreateJob>,
) -> Result<Json<Value>, ApiError> {
    let Query(query) = query.map_err(|r| ApiError::bad_request(r.body_text()))?;
    let mut store = state.store();
    let data_tokens = validate(&request, &store)?;
    let training_steps = request.hyperparameters.training_steps.unwrap_or(DEFAULT_STEPS);
    if request.dry_run || wants_dry_run(&query) {
        let mut estimate = metadata(data_tokens, training_steps, &state.config);
        estimate["deprecated"] = json!(true);
        estimate["details"] = json!("dry run by the fake-mistral test double; nothing was created");
        return Ok(Json(estimate));
    }
    let auto_start = request.auto_start.unwrap_or(true);
    let job = Job {
        id: store.next_uuid(),
        model: request.model,
        created_at: unix_now(),
        training_files: request.training_files.into_iter().map(|f| (f.file_id, f.weight.unwrap_or(1.0))).collect(),
        validation_files: request.validation_files,
        training_steps,
        learning_rate: request.hyperparameters.learning_rate.unwrap_or(DEFAULT_LEARNING_RATE),
        suffix: request.suffix,
        auto_start,
        integrations: request.integrations,
        data_tokens,
        started: auto_start.then(|| (Instant::now(), unix_now_ms())),
        cancelled: None,
    };
    let body = job.to_json(&state.config, false);
    store.jobs.push(job);
    Ok(Json(body))
}

/// `GET /v1/fine_tuning/jobs`, newest first, with the real API's `model` and `status` filters.
pub async fn list(
    State(state): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(query) = query.map_err(|r| ApiError::bad_request(r.body_text()))?;
    let store = state.store();
    let now = Instant::now();
    let data: Vec<Value> = store
        .jobs
        .iter()
        .rev()
        .filter(|job| query.get("model").is_none_or(|m| *m == job.model))
        .filter(|job| query.get("status").is_none_or(|s| s == job.status(state.config.job_step, now).as_str()))
        .map(|job| job.to_json(&state.config, false))
        .collect();
    Ok(Json(json!({ "object": "list", "data": data, "total": data.len() })))
}

fn find<'s>(store: &'s mut Store, job_id: &str) -> Result<&'s mut Job, ApiError> {
    store
        .jobs
        .iter_mut()
        .find(|job| job.id == job_id)
        .ok_or_else(|| ApiError::not_found(format!("Job not found: {job_id}")))
}

/// `GET /v1/fine_tuning/jobs/{job_id}`.
pub async fn retrieve(State(state): State<AppState>, Path(job_id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    Ok(Json(find(&mut store, &job_id)?.to_json(&state.config, true)))
}

/// `POST /v1/fine_tuning/jobs/{job_id}/start`: for jobs created with `auto_start: false`.
pub async fn start(State(state): State<AppState>, Path(job_id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    let job = find(&mut store, &job_id)?;
    if job.started.is_some() || job.cancelled.is_some() {
        let status = job.status(state.config.job_step, Instant::now());
        return Err(ApiError::conflict(format!("Job {job_id} cannot start: it is {}", status.as_str())));
    }
    job.started = Some((Instant::now(), unix_now_ms()));
    Ok(Json(job.to_json(&state.config, true)))
}

/// `POST /v1/fine_tuning/jobs/{job_id}/cancel`: any job that has not finished.
pub async fn cancel(State(state): State<AppState>, Path(job_id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    let job = find(&mut store, &job_id)?;
    let now = Instant::now();
    let status = job.status(state.config.job_step, now);
    if matches!(status, Status::Success | Status::Cancelled) {
        return Err(ApiError::conflict(format!("Job {job_id} cannot be cancelled: it is {}", status.as_str())));
    }
    job.cancelled = Some((now, unix_now_ms()));
    Ok(Json(job.to_json(&state.config, true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(started: Option<Instant>, suffix: Option<&str>) -> Job {
        Job {
            id: "abcdef12-0000-4000-8000-000000000001".into(),
            model: "mistral-small-latest".into(),
            created_at: 10,
            training_files: vec![("f".into(), 1.0)],
            validation_files: vec![],
            training_steps: 10,
            learning_rate: 0.0001,
            suffix: suffix.map(Into::into),
            auto_start: started.is_some(),
            integrations: vec![],
            data_tokens: 100,
            started: started.map(|at| (at, 10_000)),
            cancelled: None,
        }
    }

    #[test]
    fn status_advances_one_step_per_interval_from_the_start() {
        let step = Duration::from_millis(1000);
        let t0 = Instant::now();
        assert_eq!(job(None, None).status(step, t0 + step * 9), Status::Queued);
        let started = job(Some(t0), None);
        let at = |ms| started.status(step, t0 + Duration::from_millis(ms));
        assert_eq!(
            [at(0), at(999), at(1000), at(2500), at(3000), at(99_000)],
            [Status::Queued, Status::Queued, Status::Started, Status::Running, Status::Success, Status::Success]
        );
        assert_eq!(started.status(Duration::ZERO, t0), Status::Success);
    }

    #[test]
    fn fine_tuned_model_names_model_suffix_and_short_id() {
        assert_eq!(job(None, Some("tallas")).fine_tuned_model(), "ft:mistral-small-latest:tallas:abcdef12");
        assert_eq!(job(None, None).fine_tuned_model(), "ft:mistral-small-latest:abcdef12");
    }

    #[test]
    fn a_finished_job_reports_every_status_it_went_through() {
        let config = Config { job_step: Duration::from_millis(1), ..Config::default() };
        let done = job(Some(Instant::now() - Duration::from_millis(50)), Some("s"));
        let json = done.to_json(&config, true);
        assert_eq!(json["status"], "SUCCESS");
        assert_eq!(json["fine_tuned_model"], "ft:mistral-small-latest:s:abcdef12");
        assert_eq!(json["trained_tokens"], 10 * TOKENS_PER_STEP);
        let statuses: Vec<&str> =
            json["events"].as_array().unwrap().iter().filter_map(|e| e["data"]["status"].as_str()).collect();
        assert_eq!(statuses, ["QUEUED", "STARTED", "RUNNING", "SUCCESS"]);
    }
}
