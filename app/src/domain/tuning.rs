//! Tuned models as the curator keeps them: a fine-tuning job followed from upload to its model id,
//! with the dataset it learnt from, or a model tuned elsewhere (the curator's GPU, another
//! provider) registered by its id. And each frozen dataset's uploaded files, so a second job on
//! the same dataset does not upload them again.
//!
//! Pure: the page calls the worker and the store; these keep what a job's answers say.

use serde::{Deserialize, Serialize};
use tallas_core::api::FineTuneJob;
use tallas_core::fine_tuning::lifecycle::{Dialect, Stage};

use super::evaluation_record::DatasetRef;

/// A frozen dataset's files as an upstream stores them (`POST /api/files`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    /// The dataset's id: one upload per dataset, to the upstream it was last tuned on (a job on
    /// another uploads the files there, in its place).
    pub dataset_id: String,
    /// The provider of the worker's `UPSTREAMS` holding the files; `None` for Mistral (and for
    /// every upload kept before providers could tune).
    #[serde(default)]
    pub provider: Option<String>,
    pub training_file: String,
    /// None when the dataset has no validation examples.
    pub validation_file: Option<String>,
    pub uploaded_at_ms: u64,
}

/// A tuned model, made here by a job or registered by hand.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TunedModel {
    /// `job-<job id>`, or `model-<registered at ms>`.
    pub id: String,
    pub dataset: Option<DatasetRef>,
    /// The model it was tuned from, when known.
    pub base: Option<String>,
    pub job: Option<JobState>,
    /// The id to generate with: a job's once it succeeded, a registered model's at once.
    pub model: Option<String>,
    pub note: String,
    pub created_at_ms: u64,
    /// Its provider serves the tuned model only from a dedicated endpoint the curator starts
    /// (Together, on a base without serverless LoRA).
    #[serde(default)]
    pub needs_endpoint: bool,
    /// How it was trained with a frozen dataset's training kit (`train.py --method`), for a model
    /// registered from the curator's own GPU.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<Method>,
}

/// How the training kit's `train.py` trained a model: on the jokes (SFT), then on the arena's and
/// the judge's preference pairs (DPO) or on the crowd's and the curator's verdicts (KTO).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Method {
    Sft,
    Dpo,
    Kto,
}

impl Method {
    pub const ALL: [Method; 3] = [Method::Sft, Method::Dpo, Method::Kto];

    /// As `train.py --method` takes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Sft => "sft",
            Method::Dpo => "dpo",
            Method::Kto => "kto",
        }
    }

    pub fn from_word(word: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == word)
    }

    /// Its usual name.
    pub fn name(self) -> &'static str {
        match self {
            Method::Sft => "SFT",
            Method::Dpo => "DPO",
            Method::Kto => "KTO",
        }
    }
}

/// What the upstream last said of a job.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobState {
    pub job_id: String,
    /// The provider's own word.
    pub status: String,
    /// Where it is in core's one lifecycle; absent in a job kept before the worker said it.
    #[serde(default)]
    pub stage: Option<Stage>,
    /// Why it failed, in the provider's words.
    #[serde(default)]
    pub failure: Option<String>,
    pub training_steps: Option<u64>,
    pub learning_rate: Option<f64>,
    /// Every status seen, in order, with when it was first seen (ms).
    pub history: Vec<(String, u64)>,
    /// Training steps that reported metrics: (step, train loss, validation loss).
    pub checkpoints: Vec<(u64, Option<f64>, Option<f64>)>,
}

impl JobState {
    /// Its stage in core's one lifecycle, as the worker said it; a job kept before the worker
    /// said stages was Mistral's.
    pub fn stage(&self) -> Option<Stage> {
        self.stage.or_else(|| Dialect::Mistral.stage(&self.status))
    }

    /// Whether the job changes no more (a status no SDK has is followed as not final).
    pub fn is_final(&self) -> bool {
        self.stage().is_some_and(Stage::is_final)
    }

    /// Waits for `POST /api/fine-tunes/:id/start`: created without starting, and validated.
    pub fn can_start(&self) -> bool {
        self.stage().is_some_and(Stage::can_start)
    }
}

impl TunedModel {
    /// A job just created for `dataset` (not started: spending takes the curator's second step).
    pub fn from_job(job: &FineTuneJob, dataset: Option<DatasetRef>, now_ms: u64) -> Self {
        let state = JobState {
            job_id: job.id.clone(),
            status: String::new(),
            stage: None,
            failure: None,
            training_steps: None,
            learning_rate: None,
            history: Vec::new(),
            checkpoints: Vec::new(),
        };
        let mut tuned = TunedModel {
            id: format!("job-{}", job.id),
            dataset,
            base: Some(job.model.clone()),
            job: Some(state),
            model: None,
            note: String::new(),
            created_at_ms: now_ms,
            needs_endpoint: false,
            method: None,
        };
        tuned.absorb(job, now_ms);
        tuned
    }

    /// A model tuned elsewhere, by the id the worker routes (`provider:model`, or Mistral's).
    pub fn registered(model: String, dataset: Option<DatasetRef>, note: String, now_ms: u64) -> Self {
        TunedModel {
            id: format!("model-{now_ms}"),
            dataset,
            base: None,
            job: None,
            model: Some(model),
            note,
            created_at_ms: now_ms,
            needs_endpoint: false,
            method: None,
        }
    }

    /// Takes in what the upstream now says of the job: its status (kept in the history when it
    /// is new), its hyperparameters, its checkpoints' losses and, once it succeeded, the model id.
    pub fn absorb(&mut self, job: &FineTuneJob, now_ms: u64) {
        let Some(state) = self.job.as_mut() else { return };
        // The job's own events first (they carry the upstream's times), then the status now.
        let events = job.events.iter().flatten();
        let seen = events.filter_map(|e| Some((e.data.as_ref()?.status.clone()?, e.created_at.map(|s| s * 1000))));
        for (status, at_ms) in seen.chain([(job.status.clone(), None)]) {
            if !state.history.iter().any(|(s, _)| *s == status) {
                state.history.push((status, at_ms.unwrap_or(now_ms)));
            }
        }
        state.status = job.status.clone();
        state.stage = job.stage;
        state.failure = job.failure.clone().or(state.failure.take());
        if let Some(h) = job.hyperparameters {
            state.training_steps = h.training_steps.or(state.training_steps);
            state.learning_rate = h.learning_rate.or(state.learning_rate);
        }
        if let Some(checkpoints) = &job.checkpoints {
            state.checkpoints = checkpoints
                .iter()
                .filter_map(|c| {
                    let metrics = c.metrics.unwrap_or_default();
                    Some((c.step_number?, metrics.train_loss, metrics.valid_loss))
                })
                .collect();
            state.checkpoints.sort_by_key(|c| c.0);
        }
        if let Some(model) = &job.fine_tuned_model {
            self.model = Some(model.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tallas_core::api::{Checkpoint, CheckpointMetrics, JobEvent, JobEventData, JobHyperparameters};

    fn job(status: &str) -> FineTuneJob {
        FineTuneJob {
            id: "ftjob-1".into(),
            model: "open-mistral-7b".into(),
            status: status.into(),
            stage: Dialect::Mistral.stage(status),
            failure: None,
            created_at: Some(1),
            modified_at: None,
            auto_start: Some(false),
            training_files: None,
            validation_files: None,
            hyperparameters: Some(JobHyperparameters {
                training_steps: Some(10),
                learning_rate: Some(0.0001),
                epochs: None,
                lora_rank: None,
            }),
            fine_tuned_model: None,
            suffix: None,
            trained_tokens: None,
            metadata: None,
            events: None,
            checkpoints: None,
        }
    }

    #[test]
    fn a_job_is_followed_from_creation_to_its_model_id() {
        let dataset = Some(DatasetRef { id: "ds-1".into(), name: "viña".into() });
        let mut tuned = TunedModel::from_job(&job("QUEUED"), dataset, 100);
        assert_eq!(tuned.id, "job-ftjob-1");
        assert_eq!(tuned.base.as_deref(), Some("open-mistral-7b"));
        let state = tuned.job.clone().unwrap();
        assert_eq!((state.status.as_str(), state.training_steps, state.is_final()), ("QUEUED", Some(10), false));

        let mut validated = job("VALIDATED");
        validated.events = Some(vec![JobEvent {
            name: "status-updated".into(),
            message: None,
            data: Some(JobEventData { status: Some("VALIDATING".into()) }),
            created_at: Some(2),
        }]);
        tuned.absorb(&validated, 300);
        assert!(tuned.job.as_ref().unwrap().can_start());
        let mut done = job("SUCCESS");
        done.fine_tuned_model = Some("ft:open-mistral-7b:abc:tallas".into());
        done.checkpoints = Some(vec![
            Checkpoint {
                step_number: Some(10),
                created_at: None,
                metrics: Some(CheckpointMetrics {
                    train_loss: Some(1.2),
                    valid_loss: Some(1.4),
                    valid_mean_token_accuracy: None,
                }),
            },
            Checkpoint {
                step_number: Some(5),
                created_at: None,
                metrics: Some(CheckpointMetrics {
                    train_loss: Some(1.9),
                    valid_loss: None,
                    valid_mean_token_accuracy: None,
                }),
            },
        ]);
        tuned.absorb(&done, 900);
        let state = tuned.job.clone().unwrap();
        let history: Vec<&str> = state.history.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(history, ["QUEUED", "VALIDATING", "VALIDATED", "SUCCESS"]);
        assert_eq!(state.history[1].1, 2000, "an event's own time, in ms");
        assert_eq!(state.checkpoints, vec![(5, Some(1.9), None), (10, Some(1.2), Some(1.4))]);
        assert!(state.is_final());
        assert_eq!(tuned.model.as_deref(), Some("ft:open-mistral-7b:abc:tallas"));
    }

    #[test]
    fn a_registered_model_has_its_id_at_once_and_no_job() {
        let tuned = TunedModel::registered("local:qwen-tallas".into(), None, "Unsloth, 3 épocas".into(), 5);
        assert_eq!(
            (tuned.id.as_str(), tuned.model.as_deref(), tuned.job),
            ("model-5", Some("local:qwen-tallas"), None)
        );
    }

    #[test]
    fn an_upload_kept_before_providers_could_tune_is_mistrals() {
        let kept = r#"{"dataset_id":"ds-1","training_file":"f-1","validation_file":null,"uploaded_at_ms":3}"#;
        let upload: Upload = serde_json::from_str(kept).unwrap();
        assert_eq!((upload.provider, upload.training_file.as_str()), (None, "f-1"));
    }
}
