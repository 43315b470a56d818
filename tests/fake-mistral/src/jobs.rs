//! `/v1/fine_tuning/jobs`: fine-tuning jobs whose status advances with the clock, one status per
//! `--job-step-ms`, so tests can poll a job to completion in seconds.
//!
//! The lifecycle is the real API's, so a product that only knows QUEUED → RUNNING → SUCCESS fails
//! here too. Every job is validated first, one status per step from its creation: QUEUED,
//! VALIDATING, then VALIDATED (or FAILED_VALIDATION with `--fail-validation`, where it ends). A
//! job created with `auto_start: false` waits in VALIDATED for `POST .../start`; an auto-started
//! one (the default) goes on by itself a step later. Training is STARTED (at the start), RUNNING,
//! SUCCESS, a step each. Cancelling a job that has not finished sets CANCELLATION_REQUESTED, and
//! a step later it is CANCELLED. A zero step reaches every status at once.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::error::{ApiError, ApiJson};
use crate::models;
use crate::state::{AppState, Config, Store, unix_now_ms};

/// Tokens a training step consumes, in the double's made-up economy.
const TOKENS_PER_STEP: u64 = 1_024;
/// US dollars per million trained tokens.
const PRICE_PER_MILLION: f64 = 2.0;
const DEFAULT_STEPS: u64 = 10;
const DEFAULT_LEARNING_RATE: f64 = 0.0001;
/// The real API's limit on `suffix`.
const MAX_SUFFIX_CHARS: usize = 18;
/// The real API's answer to any job once its fine-tuning was deprecated (`--no-fine-tuning`).
pub const NOT_AVAILABLE: &str = "Model not available for this type of fine-tuning (completion).";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Queued,
    Validating,
    Validated,
    FailedValidation,
    Started,
    Running,
    #[expect(dead_code, reason = "the real API's status for a training that breaks; the double's never do")]
    Failed,
    Success,
    CancellationRequested,
    Cancelled,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "QUEUED",
            Status::Validating => "VALIDATING",
            Status::Validated => "VALIDATED",
            Status::FailedValidation => "FAILED_VALIDATION",
            Status::Started => "STARTED",
            Status::Running => "RUNNING",
            Status::Failed => "FAILED",
            Status::Success => "SUCCESS",
            Status::CancellationRequested => "CANCELLATION_REQUESTED",
            Status::Cancelled => "CANCELLED",
        }
    }

    /// A job in one of these never changes again.
    fn is_final(self) -> bool {
        matches!(self, Status::Success | Status::Failed | Status::FailedValidation | Status::Cancelled)
    }

    /// The statuses a started job walks through, one per step, the first at the start.
    const TRAINING: [Status; 3] = [Status::Started, Status::Running, Status::Success];
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A point in time on both clocks: the monotonic one decides the status, the Unix one dates it.
#[derive(Debug, Clone, Copy)]
struct Moment {
    at: Instant,
    unix_ms: u64,
}

impl Moment {
    fn now() -> Self {
        Self { at: Instant::now(), unix_ms: unix_now_ms() }
    }

    /// `steps` steps later; `None` (never) when a huge `--job-step-ms` puts it past what the
    /// clock can say, rather than a panic.
    fn after(self, step: Duration, steps: u32) -> Option<Self> {
        let delay = step.checked_mul(steps)?;
        let unix_ms = self.unix_ms.saturating_add(u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
        Some(Self { at: self.at.checked_add(delay)?, unix_ms })
    }

    fn unix_s(self) -> u64 {
        self.unix_ms / 1000
    }
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
    created: Moment,
    /// Fixed at creation by `--fail-validation`: the job ends in FAILED_VALIDATION.
    fails_validation: bool,
    /// When `POST .../start` started it; an auto-started job starts without one.
    started: Option<Moment>,
    /// When its cancellation was asked; the status stops advancing there.
    cancelled: Option<Moment>,
}

impl Job {
    /// Every status the job will reach (as things stand), with when, in order.
    fn timeline(&self, step: Duration) -> Vec<(Status, Moment)> {
        let mut plan = vec![(Status::Queued, Some(self.created)), (Status::Validating, self.created.after(step, 1))];
        if self.fails_validation {
            plan.push((Status::FailedValidation, self.created.after(step, 2)));
        } else {
            plan.push((Status::Validated, self.created.after(step, 2)));
            // Training starts at `POST .../start`, or, auto-started, after a step in VALIDATED too,
            // so that a poll can see that status.
            let start = match self.started {
                Some(start) => Some(start),
                None if self.auto_start => self.created.after(step, 3),
                None => None,
            };
            if let Some(start) = start {
                plan.extend(Status::TRAINING.into_iter().zip(0..).map(|(s, n)| (s, start.after(step, n))));
            }
        }
        // A moment that never comes hides its status and every later one.
        let mut timeline: Vec<(Status, Moment)> = plan.into_iter().map_while(|(s, at)| Some((s, at?))).collect();
        if let Some(cancelled) = self.cancelled {
            timeline.retain(|(_, moment)| moment.at <= cancelled.at);
            timeline.push((Status::CancellationRequested, cancelled));
            timeline.extend(cancelled.after(step, 1).map(|done| (Status::Cancelled, done)));
        }
        timeline
    }

    /// The statuses reached by `now`, with when; QUEUED at least, reached at creation.
    fn reached(&self, step: Duration, now: Instant) -> Vec<(Status, Moment)> {
        let mut reached = self.timeline(step);
        reached.retain(|(_, moment)| moment.at <= now);
        reached
    }

    pub fn status(&self, step: Duration, now: Instant) -> Status {
        self.reached(step, now).last().map_or(Status::Queued, |(status, _)| *status)
    }

    /// `ft:<model>:<suffix>:<short id>`, the suffix segment left out when there is none.
    pub fn fine_tuned_model(&self) -> String {
        let short = self.id.get(..8).unwrap_or(&self.id);
        match &self.suffix {
            Some(suffix) => format!("ft:{}:{suffix}:{short}", self.model),
            None => format!("ft:{}:{short}", self.model),
        }
    }

    /// Unix seconds at which the job reaches (or reached) SUCCESS, if it ever will.
    pub fn finished_at(&self, step: Duration) -> Option<u64> {
        self.timeline(step).into_iter().find(|(status, _)| *status == Status::Success).map(|(_, at)| at.unix_s())
    }

    fn to_json(&self, config: &Config, detailed: bool) -> Value {
        let reached = self.reached(config.job_step, Instant::now());
        let (status, since) = reached.last().copied().unwrap_or((Status::Queued, self.created));
        let success = status == Status::Success;
        let mut job = json!({
            "id": self.id,
            "object": "job",
            "job_type": "completion",
            "auto_start": self.auto_start,
            "model": self.model,
            "status": status.as_str(),
            "created_at": self.created_at,
            "modified_at": since.unix_s(),
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
            let event = |(status, at): &(Status, Moment)| json!({"name": "status-updated", "data": {"status": status.as_str()}, "created_at": at.unix_s()});
            job["events"] = reached.iter().map(event).collect();
            job["checkpoints"] = json!([]);
        }
        job
    }
}

/// What the real API reports for a planned job (and for a dry run). The expected duration is the
/// training's, from STARTED to SUCCESS: validation and the wait for a start are not training.
fn metadata(data_tokens: u64, training_steps: u64, config: &Config) -> Value {
    let train_tokens = training_steps * TOKENS_PER_STEP;
    let round = |x: f64, places: i32| (x * 10f64.powi(places)).round() / 10f64.powi(places);
    // One step in STARTED and one in RUNNING (not the model's `training_steps`, a hyperparameter).
    let status_steps = Status::TRAINING.len() as u64 - 1;
    let steps_ms = u64::try_from(config.job_step.as_millis()).unwrap_or(u64::MAX).saturating_mul(status_steps);
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
fn validate(request: &CreateJob, store: &Store, config: &Config) -> Result<u64, ApiError> {
    if !config.fine_tuning {
        // What the real API answers since fine-tuning was deprecated, whatever the model.
        return Err(ApiError::unprocessable(NOT_AVAILABLE).with_code("3001"));
    }
    if !models::can_fine_tune(config, &request.model) {
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

/// `POST /v1/fine_tuning/jobs`; `?dry_run=true` (or `"dry_run": true`) only estimates, unless
/// `--ignore-dry-run` makes it create the job, as an API without the parameter does.
pub async fn create(
    State(state): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    ApiJson(request): ApiJson<CreateJob>,
) -> Result<Json<Value>, ApiError> {
    let Query(query) = query.map_err(|r| ApiError::bad_request(r.body_text()))?;
    let mut store = state.store();
    let data_tokens = validate(&request, &store, &state.config)?;
    let training_steps = request.hyperparameters.training_steps.unwrap_or(DEFAULT_STEPS);
    if !state.config.ignore_dry_run && (request.dry_run || wants_dry_run(&query)) {
        let mut estimate = metadata(data_tokens, training_steps, &state.config);
        estimate["deprecated"] = json!(true);
        estimate["details"] = json!("dry run by the fake-mistral test double; nothing was created");
        return Ok(Json(estimate));
    }
    let created = Moment::now();
    let job = Job {
        id: store.next_uuid(),
        model: request.model,
        created_at: created.unix_s(),
        training_files: request.training_files.into_iter().map(|f| (f.file_id, f.weight.unwrap_or(1.0))).collect(),
        validation_files: request.validation_files,
        training_steps,
        learning_rate: request.hyperparameters.learning_rate.unwrap_or(DEFAULT_LEARNING_RATE),
        suffix: request.suffix,
        auto_start: request.auto_start.unwrap_or(true),
        integrations: request.integrations,
        data_tokens,
        created,
        fails_validation: state.config.fail_validation,
        started: None,
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

/// `POST /v1/fine_tuning/jobs/{job_id}/start`: for a VALIDATED job, which is where a job created
/// with `auto_start: false` waits.
pub async fn start(State(state): State<AppState>, Path(job_id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    let job = find(&mut store, &job_id)?;
    let now = Moment::now();
    let status = job.status(state.config.job_step, now.at);
    if status != Status::Validated {
        return Err(ApiError::conflict(format!(
            "Job {job_id} cannot start: it is {status}, and only a VALIDATED job can start"
        )));
    }
    job.started = Some(now);
    Ok(Json(job.to_json(&state.config, true)))
}

/// `POST /v1/fine_tuning/jobs/{job_id}/cancel`: any job that has not finished. Cancelling asks;
/// a step later the job is CANCELLED. Asking again changes nothing.
pub async fn cancel(State(state): State<AppState>, Path(job_id): Path<String>) -> Result<Json<Value>, ApiError> {
    let mut store = state.store();
    let job = find(&mut store, &job_id)?;
    let now = Moment::now();
    let status = job.status(state.config.job_step, now.at);
    if status.is_final() {
        return Err(ApiError::conflict(format!("Job {job_id} cannot be cancelled: it is {status}")));
    }
    if job.cancelled.is_none() {
        job.cancelled = Some(now);
    }
    Ok(Json(job.to_json(&state.config, true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STEP: Duration = Duration::from_millis(1000);

    fn job(created: Instant, auto_start: bool, suffix: Option<&str>) -> Job {
        Job {
            id: "abcdef12-0000-4000-8000-000000000001".into(),
            model: "mistral-small-latest".into(),
            created_at: 10,
            training_files: vec![("f".into(), 1.0)],
            validation_files: vec![],
            training_steps: 10,
            learning_rate: 0.0001,
            suffix: suffix.map(Into::into),
            auto_start,
            integrations: vec![],
            data_tokens: 100,
            created: Moment { at: created, unix_ms: 10_000 },
            fails_validation: false,
            started: None,
            cancelled: None,
        }
    }

    /// The status `ms` after `t0`.
    fn at(job: &Job, t0: Instant, ms: u64) -> Status {
        job.status(STEP, t0 + Duration::from_millis(ms))
    }

    fn moment(t0: Instant, ms: u64) -> Moment {
        Moment { at: t0 + Duration::from_millis(ms), unix_ms: 10_000 + ms }
    }

    #[test]
    fn a_job_without_auto_start_is_validated_and_waits_there() {
        let t0 = Instant::now();
        let waiting = job(t0, false, None);
        let statuses = [0, 999, 1000, 2000, 99_000].map(|ms| at(&waiting, t0, ms));
        use Status::*;
        assert_eq!(statuses, [Queued, Queued, Validating, Validated, Validated]);
    }

    #[test]
    fn an_auto_started_job_trains_a_step_after_it_is_validated() {
        let t0 = Instant::now();
        let auto = job(t0, true, None);
        let statuses = [0, 1000, 2000, 3000, 4000, 5000, 99_000].map(|ms| at(&auto, t0, ms));
        use Status::*;
        assert_eq!(statuses, [Queued, Validating, Validated, Started, Running, Success, Success]);
        assert_eq!(auto.finished_at(STEP), Some(15));
        assert_eq!(auto.status(Duration::ZERO, t0), Success);
    }

    #[test]
    fn a_started_job_trains_from_its_start() {
        let t0 = Instant::now();
        let mut started = job(t0, false, None);
        started.started = Some(moment(t0, 10_000));
        let statuses = [9_999, 10_000, 11_000, 12_000].map(|ms| at(&started, t0, ms));
        use Status::*;
        assert_eq!(statuses, [Validated, Started, Running, Success]);
    }

    #[test]
    fn a_failed_validation_ends_the_job() {
        let t0 = Instant::now();
        let mut failing = job(t0, true, None);
        failing.fails_validation = true;
        let statuses = [1000, 2000, 99_000].map(|ms| at(&failing, t0, ms));
        assert_eq!(statuses, [Status::Validating, Status::FailedValidation, Status::FailedValidation]);
        assert!(Status::FailedValidation.is_final());
        assert_eq!(failing.finished_at(STEP), None);
    }

    #[test]
    fn cancelling_is_asked_then_done_a_step_later() {
        let t0 = Instant::now();
        let mut cancelled = job(t0, true, None);
        cancelled.cancelled = Some(moment(t0, 3500));
        let statuses = [3000, 3500, 4499, 4500, 99_000].map(|ms| at(&cancelled, t0, ms));
        use Status::*;
        assert_eq!(statuses, [Started, CancellationRequested, CancellationRequested, Cancelled, Cancelled]);
        assert_eq!(cancelled.finished_at(STEP), None);
        let reached: Vec<Status> =
            cancelled.reached(STEP, t0 + STEP * 10).into_iter().map(|(status, _)| status).collect();
        assert_eq!(reached, [Queued, Validating, Validated, Started, CancellationRequested, Cancelled]);
    }

    #[test]
    fn a_huge_step_never_arrives_instead_of_panicking() {
        let t0 = Instant::now();
        let slow = job(t0, true, None);
        assert_eq!(slow.status(Duration::MAX, t0 + STEP), Status::Queued);
        assert_eq!(slow.finished_at(Duration::MAX), None);
    }

    #[test]
    fn fine_tuned_model_names_model_suffix_and_short_id() {
        let t0 = Instant::now();
        assert_eq!(job(t0, true, Some("tallas")).fine_tuned_model(), "ft:mistral-small-latest:tallas:abcdef12");
        assert_eq!(job(t0, true, None).fine_tuned_model(), "ft:mistral-small-latest:abcdef12");
    }

    #[test]
    fn a_finished_job_reports_every_status_it_went_through() {
        let config = Config { job_step: Duration::from_millis(1), ..Config::default() };
        let done = job(Instant::now() - Duration::from_millis(50), true, Some("s"));
        let json = done.to_json(&config, true);
        assert_eq!(json["status"], "SUCCESS");
        assert_eq!(json["fine_tuned_model"], "ft:mistral-small-latest:s:abcdef12");
        assert_eq!(json["trained_tokens"], 10 * TOKENS_PER_STEP);
        let statuses: Vec<&str> =
            json["events"].as_array().unwrap().iter().filter_map(|e| e["data"]["status"].as_str()).collect();
        assert_eq!(statuses, ["QUEUED", "VALIDATING", "VALIDATED", "STARTED", "RUNNING", "SUCCESS"]);
        assert_eq!(json["modified_at"], 10);

        let waiting = job(Instant::now(), false, None).to_json(&Config { job_step: Duration::ZERO, ..config }, true);
        assert_eq!((waiting["status"].as_str(), waiting["fine_tuned_model"].is_null()), (Some("VALIDATED"), true));
        assert!(waiting["trained_tokens"].is_null());
    }

    #[test]
    fn the_expected_duration_is_the_training() {
        let config = Config { job_step: Duration::from_millis(1500), ..Config::default() };
        assert_eq!(metadata(100, 10, &config)["expected_duration_seconds"], 3);
    }
}
