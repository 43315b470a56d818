//! The OpenAI fine-tuning dialect (`openai` 3.63.0: `fine_tuning/job_create_params.py`,
//! `fine_tuning_job.py`, `fine_tuning_job_event.py`), spoken by OpenAI until it stops new jobs and
//! by providers that tune open models in its shape (Nebius Token Factory). A job starts when it is
//! created; one training file; training counted in epochs.
//!
//! OpenAI itself takes `method.supervised.hyperparameters` and no learning rate but a multiplier.
//! Nebius reads the older top-level `hyperparameters`, with an absolute `learning_rate` and the
//! LoRA switches `lora` / `lora_r`: a request that sets either is sent that way.

use serde::Deserialize;
use serde_json::{Value, json};

use super::{one_file, read_event_page, refuse};
use crate::api::{CreateFineTune, FineTuneJob, JobEvent, JobHyperparameters, ValidationError};
use crate::fine_tuning::lifecycle::Dialect;

/// The body of `POST /v1/fine_tuning/jobs`.
pub fn job_body(request: &CreateFineTune) -> Result<Value, ValidationError> {
    let wanted = request.hyperparameters;
    if wanted.training_steps.is_some() {
        return Err(refuse("hyperparameters.training_steps", "this provider counts training in epochs; give epochs"));
    }
    let mut body = json!({
        "model": request.model,
        "training_file": one_file("training_files", &request.training_files)?,
    });
    if !request.validation_files.is_empty() {
        body["validation_file"] = json!(one_file("validation_files", &request.validation_files)?);
    }
    if let Some(suffix) = &request.suffix {
        body["suffix"] = json!(suffix);
    }
    let mut hyperparameters = json!({});
    if let Some(epochs) = wanted.epochs {
        hyperparameters["n_epochs"] = json!(epochs);
    }
    if wanted.learning_rate.is_some() || wanted.lora_rank.is_some() {
        if let Some(rate) = wanted.learning_rate {
            hyperparameters["learning_rate"] = json!(rate);
        }
        if let Some(rank) = wanted.lora_rank {
            hyperparameters["lora"] = json!(true);
            hyperparameters["lora_r"] = json!(rank);
        }
        body["hyperparameters"] = hyperparameters;
    } else {
        body["method"] = json!({"type": "supervised", "supervised": {"hyperparameters": hyperparameters}});
    }
    Ok(body)
}

#[derive(Deserialize)]
struct Job {
    id: String,
    model: String,
    status: String,
    created_at: Option<u64>,
    finished_at: Option<u64>,
    error: Option<JobError>,
    fine_tuned_model: Option<String>,
    training_file: Option<String>,
    validation_file: Option<String>,
    #[serde(default)]
    hyperparameters: Option<Value>,
    method: Option<Value>,
    trained_tokens: Option<u64>,
    #[serde(alias = "user_provided_suffix")]
    suffix: Option<String>,
}

#[derive(Deserialize)]
struct JobError {
    message: Option<String>,
}

/// A job as OpenAI answers it (create, retrieve, cancel).
pub fn read_job(body: &str) -> Result<FineTuneJob, serde_json::Error> {
    let job: Job = serde_json::from_str(body)?;
    // Epochs are in `method` now, in the top-level `hyperparameters` before (and at Nebius).
    let from_method = job.method.as_ref().and_then(|m| m.pointer("/supervised/hyperparameters/n_epochs"));
    let epochs = from_method.or_else(|| job.hyperparameters.as_ref()?.get("n_epochs")).and_then(Value::as_f64);
    let hyper = job.hyperparameters.as_ref();
    let number = |key: &str| hyper.and_then(|h| h.get(key)).and_then(Value::as_f64);
    Ok(FineTuneJob {
        stage: Dialect::OpenAi.stage(&job.status),
        failure: job.error.and_then(|e| e.message),
        hyperparameters: Some(JobHyperparameters {
            epochs,
            learning_rate: number("learning_rate"),
            lora_rank: number("lora_r").map(|r| r as u64),
            training_steps: None,
        }),
        id: job.id,
        model: job.model,
        status: job.status,
        created_at: job.created_at,
        modified_at: job.finished_at,
        auto_start: Some(true),
        training_files: job.training_file.map(|f| vec![f]),
        validation_files: Some(job.validation_file.into_iter().collect()),
        fine_tuned_model: job.fine_tuned_model,
        suffix: job.suffix,
        trained_tokens: job.trained_tokens,
        metadata: None,
        events: None,
        checkpoints: None,
    })
}

/// `GET /v1/fine_tuning/jobs/{id}/events`, oldest first (OpenAI lists the newest first).
pub fn read_events(body: &str) -> Result<Vec<JobEvent>, serde_json::Error> {
    read_event_page(body, true).map(|(events, _)| events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Hyperparameters;
    use crate::fine_tuning::lifecycle::Stage;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn request(hyperparameters: Hyperparameters, training: &[&str]) -> CreateFineTune {
        CreateFineTune {
            model: "gpt-4.1-mini-2025-04-14".into(),
            training_files: training.iter().map(|s| s.to_string()).collect(),
            validation_files: vec!["file-v".into()],
            hyperparameters,
            suffix: Some("tallas".into()),
            auto_start: true,
            dry_run: false,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn openai_gets_the_supervised_method_and_nebius_its_lora_hyperparameters() {
        let epochs = Hyperparameters { epochs: Some(3), ..Hyperparameters::default() };
        assert_eq!(
            job_body(&request(epochs, &["file-t"])).unwrap(),
            json!({"model": "gpt-4.1-mini-2025-04-14", "training_file": "file-t", "validation_file": "file-v",
                   "suffix": "tallas",
                   "method": {"type": "supervised", "supervised": {"hyperparameters": {"n_epochs": 3}}}})
        );
        let lora = Hyperparameters { epochs: Some(2), learning_rate: Some(0.0001), lora_rank: Some(16), ..epochs };
        assert_eq!(
            job_body(&request(lora, &["file-t"])).unwrap()["hyperparameters"],
            json!({"n_epochs": 2, "learning_rate": 0.0001, "lora": true, "lora_r": 16})
        );
        let steps = Hyperparameters { training_steps: Some(25), ..Hyperparameters::default() };
        assert!(job_body(&request(steps, &["file-t"])).unwrap_err().to_string().contains("give epochs"));
        let two = job_body(&request(epochs, &["file-a", "file-b"])).unwrap_err();
        assert_eq!(two.field, "training_files");
        assert!(two.message.contains("takes one file"), "{}", two.message);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_job_is_read_with_its_stage_epochs_and_failure() {
        let job = read_job(
            r#"{"id":"ftjob-1","object":"fine_tuning.job","model":"m","status":"failed","created_at":10,
                "finished_at":20,"error":{"code":"invalid_file","message":"Line 3 has no messages","param":null},
                "fine_tuned_model":null,"training_file":"file-t","validation_file":null,
                "hyperparameters":{"n_epochs":"auto"},"method":{"type":"supervised",
                "supervised":{"hyperparameters":{"n_epochs":3}}},"trained_tokens":null,"seed":1,
                "organization_id":"org","result_files":[]}"#,
        )
        .unwrap();
        assert_eq!((job.stage, job.failure.as_deref()), (Some(Stage::Failed), Some("Line 3 has no messages")));
        assert_eq!(job.hyperparameters.unwrap().epochs, Some(3.0));
        assert_eq!((job.training_files, job.validation_files), (Some(vec!["file-t".into()]), Some(vec![])));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn events_are_read_oldest_first() {
        let events = read_events(
            r#"{"object":"list","has_more":false,"data":[
                {"id":"e3","object":"fine_tuning.job.event","created_at":20,"level":"info","message":"Done","type":"message"},
                {"id":"e2","object":"fine_tuning.job.event","created_at":10,"level":"info","message":"Queued","type":"message"},
                {"id":"e1","object":"fine_tuning.job.event","created_at":10,"level":"info","message":"Validating","type":"message"}]}"#,
        )
        .unwrap();
        let messages: Vec<_> = events.iter().map(|e| (e.message.as_deref(), e.created_at)).collect();
        assert_eq!(messages, [(Some("Validating"), Some(10)), (Some("Queued"), Some(10)), (Some("Done"), Some(20))]);
    }
}
