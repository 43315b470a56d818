//! The routes of the test double: the Mistral API subset under `/v1` (key required) and the
//! test controls under `/_fake` (no key).

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};

use crate::error::ApiError;
use crate::state::AppState;
use crate::{auth, chat, faults, files, introspect, jobs, models, replies};

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/v1/chat/completions", post(chat::completions))
        .route("/v1/models", get(models::list))
        .route("/v1/models/{model_id}", get(models::retrieve))
        .route("/v1/files", get(files::list).post(files::upload).layer(DefaultBodyLimit::max(files::MAX_UPLOAD_BYTES)))
        .route("/v1/files/{file_id}", get(files::retrieve))
        .route("/v1/files/{file_id}/content", get(files::content))
        .route("/v1/fine_tuning/jobs", get(jobs::list).post(jobs::create))
        .route("/v1/fine_tuning/jobs/{job_id}", get(jobs::retrieve))
        .route("/v1/fine_tuning/jobs/{job_id}/start", post(jobs::start))
        .route("/v1/fine_tuning/jobs/{job_id}/cancel", post(jobs::cancel))
        .route_layer(from_fn_with_state(state.clone(), auth::require_key));
    let control = Router::new()
        .route("/_fake/health", get(introspect::health))
        .route("/_fake/calls", get(introspect::calls).delete(introspect::reset_calls))
        .route("/_fake/faults", get(faults::queued).post(faults::enqueue).delete(faults::clear))
        .route("/_fake/replies", get(replies::queued).post(replies::enqueue).delete(replies::clear));
    api.merge(control)
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), introspect::observe))
        .with_state(state)
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("Not found: {method} {}", uri.path()))
}
