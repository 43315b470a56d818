//! Mistral's fine-tuning dialect (`mistralai` 2.5.1, the last SDK with the jobs API): jobs at
//! `/v1/fine_tuning/jobs`, created without starting (`auto_start: false`) and started by
//! `POST …/start`; training counted in steps; the job's events and checkpoints come with it.

use serde_json::{Value, json};

use super::refuse;
use crate::api::{CreateFineTune, FineTuneJob, ValidationError};
use crate::fine_tuning::lifecycle::Dialect;

/// The body of `POST /v1/fine_tuning/jobs` (a dry run adds `?dry_run=true`).
pub fn job_body(request: &CreateFineTune) -> Result<Value, ValidationError> {
    let wanted = request.hyperparameters;
    if wanted.epochs.is_some() {
        return Err(refuse("hyperparameters.epochs", "Mistral counts training in steps; give training_steps"));
    }
    if wanted.lora_rank.is_some() {
        return Err(refuse("hyperparameters.lora_rank", "Mistral chooses the LoRA rank itself; leave it out"));
    }
    let mut hyperparameters = json!({});
    if let Some(steps) = wanted.training_steps {
        hyperparameters["training_steps"] = json!(steps);
    }
    if let Some(rate) = wanted.learning_rate {
        hyperparameters["learning_rate"] = json!(rate);
    }
    let files: Vec<Value> = request.training_files.iter().map(|id| json!({"file_id": id, "weight": 1})).collect();
    let mut body = json!({
        "model": request.model,
        "training_files": files,
        "validation_files": request.validation_files,
        "hyperparameters": hyperparameters,
        "auto_start": request.auto_start,
    });
    if let Some(suffix) = &request.suffix {
        body["suffix"] = json!(suffix);
    }
    Ok(body)
}

/// A job as Mistral answers it (create, get, start, cancel), with its stage.
pub fn read_job(body: &str) -> Result<FineTuneJob, serde_json::Error> {
    let job: FineTuneJob = serde_json::from_str(body)?;
    Ok(FineTuneJob { stage: Dialect::Mistral.stage(&job.status), ..job })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Hyperparameters;
    use crate::fine_tuning::lifecycle::Stage;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn request(hyperparameters: Hyperparameters) -> CreateFineTune {
        CreateFineTune {
            model: "open-mistral-7b".into(),
            training_files: vec!["f-1".into()],
            validation_files: vec!["f-2".into()],
            hyperparameters,
            suffix: Some("tallas".into()),
            auto_start: false,
            dry_run: false,
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_job_is_asked_in_steps_and_not_started() {
        let body = job_body(&request(Hyperparameters {
            training_steps: Some(25),
            learning_rate: Some(0.0001),
            ..Hyperparameters::default()
        }));
        assert_eq!(
            body.unwrap(),
            json!({"model": "open-mistral-7b", "training_files": [{"file_id": "f-1", "weight": 1}],
                   "validation_files": ["f-2"], "hyperparameters": {"training_steps": 25, "learning_rate": 0.0001},
                   "auto_start": false, "suffix": "tallas"})
        );
        let epochs = job_body(&request(Hyperparameters { epochs: Some(3), ..Hyperparameters::default() }));
        assert!(epochs.unwrap_err().to_string().contains("Mistral counts training in steps"));
        let rank = job_body(&request(Hyperparameters { lora_rank: Some(8), ..Hyperparameters::default() }));
        assert_eq!(rank.unwrap_err().field, "hyperparameters.lora_rank");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_job_carries_its_stage() {
        let job = read_job(r#"{"id":"j","model":"m","status":"VALIDATED"}"#).unwrap();
        assert_eq!(job.stage, Some(Stage::Validated));
        assert_eq!(read_job(r#"{"id":"j","model":"m","status":"NEW_WORD"}"#).unwrap().stage, None);
    }
}
