//! `GET /v1/models`: a few base models plus the models that finished fine-tuning jobs produced,
//! so the product's model picker and its "is this model valid" checks see a realistic list.

use std::time::Instant;

use axum::Json;
use axum::extract::{Path, State};
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::jobs::Status;
use crate::state::{AppState, Config, Store};
use crate::{openai_jobs, together_jobs};

/// The `created` of everything that is not made during the run: fixed so answers are stable.
pub const FAKE_CREATED: u64 = 1_700_000_000;

struct BaseModel {
    id: &'static str,
    fine_tuning: bool,
    max_context_length: u32,
    description: &'static str,
}

const BASE_MODELS: &[BaseModel] = &[
    BaseModel {
        id: "mistral-small-latest",
        fine_tuning: true,
        max_context_length: 131_072,
        description: "Test double of Mistral Small",
    },
    BaseModel {
        id: "mistral-large-latest",
        fine_tuning: false,
        max_context_length: 131_072,
        description: "Test double of Mistral Large",
    },
    BaseModel {
        id: "ministral-8b-latest",
        fine_tuning: true,
        max_context_length: 131_072,
        description: "Test double of Ministral 8B",
    },
];

/// Whether a fine-tuning job may start from `id`: never with `--no-fine-tuning`.
pub fn can_fine_tune(config: &Config, id: &str) -> bool {
    config.fine_tuning && BASE_MODELS.iter().any(|m| m.id == id && m.fine_tuning)
}

/// Whether chat completions accept `id`. Any `ft:` id passes, as tests may use a fine-tuned
/// model name they never trained here.
pub fn accepts_chat(state: &AppState, id: &str) -> bool {
    (id.starts_with("ft:") && !state.config.deploy_lora)
        || openai_jobs::is_deployed(state, id)
        || BASE_MODELS.iter().any(|m| m.id == id)
        || openai_jobs::TUNABLE.contains(&id)
        || together_jobs::TUNABLE.contains(&id)
        || tuned_by_together(state, id)
        || {
            let store = state.store();
            cards(&store, &state.config).iter().any(|card| card["id"] == id)
        }
}

/// A Together job's output name chats once the job completed, as on Together's serverless LoRA.
fn tuned_by_together(state: &AppState, id: &str) -> bool {
    let store = state.store();
    store
        .dialect_jobs
        .iter()
        .any(|job| job.steps.now(state.config.job_step) == "completed" && together_jobs::output_name(job) == id)
}

fn capabilities(fine_tuning: bool) -> Value {
    json!({
        "completion_chat": true,
        "completion_fim": false,
        "function_calling": true,
        "fine_tuning": fine_tuning,
        "vision": false,
        "classification": false,
    })
}

fn base_card(model: &BaseModel, config: &Config) -> Value {
    json!({
        "id": model.id,
        "object": "model",
        "created": FAKE_CREATED,
        "owned_by": "mistralai",
        "capabilities": capabilities(can_fine_tune(config, model.id)),
        "name": model.id,
        "description": model.description,
        "max_context_length": model.max_context_length,
        "aliases": [],
        "deprecation": null,
        "default_model_temperature": 0.3,
        "type": "base",
    })
}

fn cards(store: &Store, config: &Config) -> Vec<Value> {
    let now = Instant::now();
    let mut cards: Vec<Value> = BASE_MODELS.iter().map(|model| base_card(model, config)).collect();
    for job in &store.jobs {
        if job.status(config.job_step, now) != Status::Success {
            continue;
        }
        let id = job.fine_tuned_model();
        cards.push(json!({
            "id": id,
            "object": "model",
            "created": job.finished_at(config.job_step).unwrap_or(job.created_at),
            "owned_by": "fake-organization",
            "capabilities": capabilities(false),
            "name": id,
            "description": format!("Fine-tuned from {} by the test double", job.model),
            "max_context_length": 32_768,
            "aliases": [],
            "deprecation": null,
            "default_model_temperature": 0.3,
            "root": job.model,
            "archived": false,
            "job": job.id,
            "type": "fine-tuned",
        }));
    }
    cards
}

/// `GET /v1/models`.
pub async fn list(State(state): State<AppState>) -> Json<Value> {
    let store = state.store();
    Json(json!({ "object": "list", "data": cards(&store, &state.config) }))
}

/// `GET /v1/models/{model_id}`.
pub async fn retrieve(State(state): State<AppState>, Path(model_id): Path<String>) -> Result<Json<Value>, ApiError> {
    let store = state.store();
    cards(&store, &state.config)
        .into_iter()
        .find(|card| card["id"] == model_id.as_str())
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("Model not found: {model_id}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_the_promised_base_models() {
        let config = Config::default();
        let cards = cards(&Store::default(), &config);
        let ids: Vec<&str> = cards.iter().filter_map(|c| c["id"].as_str()).collect();
        assert_eq!(ids, ["mistral-small-latest", "mistral-large-latest", "ministral-8b-latest"]);
        assert!(can_fine_tune(&config, "mistral-small-latest") && can_fine_tune(&config, "ministral-8b-latest"));
        assert!(!can_fine_tune(&config, "mistral-large-latest") && !can_fine_tune(&config, "gpt-4"));
        assert_eq!(cards[1]["capabilities"]["completion_chat"], true);
        assert_eq!(cards[0]["capabilities"]["fine_tuning"], true);
    }

    #[test]
    fn without_fine_tuning_no_model_can_be_fine_tuned() {
        let config = Config { fine_tuning: false, ..Config::default() };
        let cards = cards(&Store::default(), &config);
        assert!(cards.iter().all(|card| card["capabilities"]["fine_tuning"] == false));
        assert!(!can_fine_tune(&config, "mistral-small-latest"));
    }
}
