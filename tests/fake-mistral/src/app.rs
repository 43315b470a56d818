//! The routes of the test double: the Mistral API subset under `/v1` (key required) and the
//! test controls under `/_fake` (no key).

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{Method, Uri};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post, put};

use crate::error::ApiError;
use crate::state::{AppState, Dialect};
use crate::{auth, chat, faults, files, introspect, jobs, models, openai_jobs, replies, together_jobs};

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/v1/chat/completions", post(chat::completions))
        .route("/v1/models", get(models::list))
        .route("/v1/models/{model_id}", get(models::retrieve))
        .route("/v1/files/{file_id}", get(files::retrieve))
        .route("/v1/files/{file_id}/content", get(files::content));
    let api = match state.config.dialect {
        Dialect::Mistral => api
            .route(
                "/v1/files",
                get(files::list).post(files::upload).layer(DefaultBodyLimit::max(files::MAX_UPLOAD_BYTES)),
            )
            .route("/v1/fine_tuning/jobs", get(jobs::list).post(jobs::create))
            .route("/v1/fine_tuning/jobs/{job_id}", get(jobs::retrieve))
            .route("/v1/fine_tuning/jobs/{job_id}/start", post(jobs::start))
            .route("/v1/fine_tuning/jobs/{job_id}/cancel", post(jobs::cancel)),
        Dialect::OpenAi => api
            .route(
                "/v1/files",
                get(files::list).post(files::upload).layer(DefaultBodyLimit::max(files::MAX_UPLOAD_BYTES)),
            )
            .route("/v1/fine_tuning/jobs", post(openai_jobs::create))
            .route("/v1/fine_tuning/jobs/{job_id}", get(openai_jobs::retrieve))
            .route("/v1/fine_tuning/jobs/{job_id}/cancel", post(openai_jobs::cancel))
            .route("/v1/fine_tuning/jobs/{job_id}/events", get(openai_jobs::events))
            .route("/v1/fine_tuning/jobs/{job_id}/checkpoints", get(openai_jobs::checkpoints))
            .route("/v0/models", get(openai_jobs::deployments).post(openai_jobs::deploy)),
        Dialect::Together => api
            .route("/v1/files", get(files::list).post(together_jobs::announce))
            .route("/v1/files/{file_id}/preprocess", post(together_jobs::preprocess))
            .route("/v1/fine-tunes", post(together_jobs::create))
            .route("/v1/fine-tunes/models/limits", get(together_jobs::limits))
            .route("/v1/fine-tunes/estimate-price", post(together_jobs::estimate))
            .route("/v1/fine-tunes/{job_id}", get(together_jobs::retrieve))
            .route("/v1/fine-tunes/{job_id}/cancel", post(together_jobs::cancel))
            .route("/v1/fine-tunes/{job_id}/events", get(together_jobs::events)),
    };
    let api = api.route_layer(from_fn_with_state(state.clone(), auth::require_key));
    // Where a Together upload's redirect points: storage that takes no key.
    let storage = Router::new()
        .route("/_uploads/{file_id}", put(together_jobs::put).layer(DefaultBodyLimit::max(files::MAX_UPLOAD_BYTES)));
    let control = Router::new()
        .route("/_fake/health", get(introspect::health))
        .route("/_fake/calls", get(introspect::calls).delete(introspect::reset_calls))
        .route("/_fake/faults", get(faults::queued).post(faults::enqueue).delete(faults::clear))
        .route("/_fake/replies", get(replies::queued).post(replies::enqueue).delete(replies::clear));
    api.merge(control)
        .merge(storage)
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), introspect::observe))
        .with_state(state)
}

async fn not_found(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("Not found: {method} {}", uri.path()))
}
