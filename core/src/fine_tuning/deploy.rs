//! The step after training on a provider whose tuned LoRA adapters chat only once deployed
//! (`"deploy_lora": true`, Nebius Token Factory): a model made from the job's last checkpoint
//! (`POST /v0/models` with `name`, `base_model` and `source` `"<job id>:<checkpoint id>"`), whose
//! status is validating, then active (or error, deleted). Until it is active the job's stage is
//! `deploying`, and its tuned model is the deployed model's name, not the job's.
//!
//! Checkpoints are OpenAI's (`openai` 3.63.0 `FineTuningJobCheckpoint`, newest first); the deploy
//! call and its answer are from Nebius's API reference, which no SDK describes.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::api::{Checkpoint, CheckpointMetrics, FineTuneJob};
use crate::fine_tuning::lifecycle::Stage;

pub const MODELS_PATH: &str = "/v0/models";

/// `GET /v1/fine_tuning/jobs/{id}/checkpoints`.
pub fn checkpoints_path(job_id: &str) -> String {
    format!("/v1/fine_tuning/jobs/{job_id}/checkpoints")
}

#[derive(Deserialize)]
struct Page<T> {
    data: Vec<T>,
}

#[derive(Deserialize)]
struct OpenAiCheckpoint {
    id: String,
    step_number: Option<u64>,
    created_at: Option<u64>,
    metrics: Option<CheckpointMetrics>,
}

/// A job's checkpoints, oldest first, with the id of the last one (what a deployment is made of).
pub fn read_checkpoints(body: &str) -> Result<(Vec<Checkpoint>, Option<String>), serde_json::Error> {
    let mut page: Page<OpenAiCheckpoint> = serde_json::from_str(body)?;
    page.data.sort_by_key(|c| c.step_number);
    let last = page.data.last().map(|c| c.id.clone());
    let read = page
        .data
        .into_iter()
        .map(|c| Checkpoint { step_number: c.step_number, created_at: c.created_at, metrics: c.metrics })
        .collect();
    Ok((read, last))
}

/// The body that deploys `checkpoint` of job `job_id` (issued ids), tuned on `base_model`.
pub fn deploy_body(job_id: &str, checkpoint: &str, base_model: &str) -> Value {
    // The name is the job's, so the deployment is recognisable in the provider's console.
    json!({"name": format!("tallas-{job_id}"), "base_model": base_model, "source": format!("{job_id}:{checkpoint}")})
}

/// A deployed model as the provider lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Deployment {
    pub name: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub source: Option<String>,
}

pub fn read_deployment(body: &str) -> Result<Deployment, serde_json::Error> {
    serde_json::from_str(body)
}

/// The deployment made of job `job_id` among those `GET /v0/models` lists, if any.
pub fn find_deployment(body: &str, job_id: &str) -> Result<Option<Deployment>, serde_json::Error> {
    let page: Page<Deployment> = serde_json::from_str(body)?;
    let prefix = format!("{job_id}:");
    Ok(page.data.into_iter().find(|d| d.source.as_deref().is_some_and(|s| s.starts_with(&prefix))))
}

/// A trained job seen with its deployment: deploying until the model is active, then succeeded
/// with the deployed model as its tuned model; failed if the deployment failed.
pub fn deployed(job: FineTuneJob, deployment: &Deployment) -> FineTuneJob {
    match deployment.status.as_str() {
        "active" => FineTuneJob { fine_tuned_model: Some(deployment.name.clone()), ..job },
        "error" | "deleted" => FineTuneJob {
            stage: Some(Stage::Failed),
            failure: Some(format!(
                "the tuned adapter trained, but its deployment {} is {}; deploy it again from the provider's console",
                deployment.name, deployment.status
            )),
            fine_tuned_model: None,
            ..job
        },
        _ => FineTuneJob { stage: Some(Stage::Deploying), fine_tuned_model: None, ..job },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fine_tuning::openai;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn trained() -> FineTuneJob {
        openai::read_job(
            r#"{"id":"ftjob-1","model":"meta-llama/Llama-3.1-8B-Instruct","status":"succeeded","created_at":1,
                "fine_tuned_model":"ft:meta-llama/Llama-3.1-8B-Instruct:tallas:1","training_file":"file-t"}"#,
        )
        .unwrap()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_last_checkpoint_is_deployed_and_its_losses_kept() {
        let (checkpoints, last) = read_checkpoints(
            r#"{"object":"list","has_more":false,"data":[
                {"id":"ftckpt_2","object":"fine_tuning.job.checkpoint","step_number":20,"created_at":2,
                 "fine_tuned_model_checkpoint":"ft:x:ckpt-step-20","fine_tuning_job_id":"ftjob-1","metrics":{"train_loss":0.9}},
                {"id":"ftckpt_1","object":"fine_tuning.job.checkpoint","step_number":10,"created_at":1,
                 "fine_tuned_model_checkpoint":"ft:x:ckpt-step-10","fine_tuning_job_id":"ftjob-1","metrics":{"train_loss":1.4,"valid_loss":1.6}}]}"#,
        )
        .unwrap();
        assert_eq!(last.as_deref(), Some("ftckpt_2"));
        assert_eq!(checkpoints.iter().map(|c| c.step_number).collect::<Vec<_>>(), [Some(10), Some(20)]);
        assert_eq!(checkpoints[0].metrics.unwrap().valid_loss, Some(1.6));
        assert_eq!(
            deploy_body("ftjob-1", "ftckpt_2", "meta-llama/Llama-3.1-8B-Instruct"),
            json!({"name": "tallas-ftjob-1", "base_model": "meta-llama/Llama-3.1-8B-Instruct", "source": "ftjob-1:ftckpt_2"})
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_trained_job_is_deploying_until_its_model_is_active() {
        let listed = r#"{"data":[{"name":"other","status":"active","source":"ftjob-9:ftckpt_1"},
                                  {"name":"llama-LoRa:tallas-ftjob-1-ab","status":"validating","source":"ftjob-1:ftckpt_2"}]}"#;
        let found = find_deployment(listed, "ftjob-1").unwrap().unwrap();
        assert_eq!(find_deployment(listed, "ftjob-2").unwrap(), None);
        let deploying = deployed(trained(), &found);
        assert_eq!((deploying.stage, deploying.fine_tuned_model), (Some(Stage::Deploying), None));
        let active = deployed(trained(), &Deployment { status: "active".into(), ..found.clone() });
        assert_eq!(active.stage, Some(Stage::Succeeded));
        assert_eq!(active.fine_tuned_model.as_deref(), Some("llama-LoRa:tallas-ftjob-1-ab"));
        let broken = deployed(trained(), &Deployment { status: "error".into(), ..found });
        assert_eq!(broken.stage, Some(Stage::Failed));
        assert!(broken.failure.unwrap().contains("its deployment llama-LoRa:tallas-ftjob-1-ab is error"));
    }
}
