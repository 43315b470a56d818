//! One lifecycle for every provider's fine-tuning jobs: each dialect's statuses mapped onto the
//! same stages, so the app follows, starts and cancels a job the same way wherever it runs, and
//! shows the provider's own word beside the stage. The words are the official SDKs' enums:
//! Mistral's `client-python` (2.5), OpenAI's `openai-python` (3.3, `fine_tuning/fine_tuning_job.py`),
//! Together's `together-python` (`FinetuneJobStatus`, with its v1 SDK's `user_error`).

use serde::{Deserialize, Serialize};

/// How a provider's fine-tuning API speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    /// Mistral's `/v1/fine_tuning/jobs` (and any provider with the same shape).
    Mistral,
    /// OpenAI's `/v1/fine_tuning/jobs`, also spoken by Nebius Token Factory.
    #[serde(rename = "openai")]
    OpenAi,
    /// Together's `/v1/fine-tunes`.
    Together,
}

/// Where a job stands, whatever its provider calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Waiting for the provider to take it up.
    Queued,
    /// Its files are being checked.
    Validating,
    /// Checked, and waiting for the curator's start (a job created without starting).
    Validated,
    Running,
    /// Trained, and its adapter being made servable (a provider whose tuned models are deployed
    /// before they chat: Nebius Token Factory's `POST /v0/models`).
    Deploying,
    Succeeded,
    Failed,
    /// Asked to stop, and not stopped yet.
    Cancelling,
    Cancelled,
}

impl Stage {
    /// Whether the job changes no more.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::Succeeded | Stage::Failed | Stage::Cancelled)
    }

    /// Whether it waits for the curator's start.
    pub fn can_start(self) -> bool {
        self == Stage::Validated
    }
}

impl Dialect {
    pub const ALL: [Dialect; 3] = [Dialect::Mistral, Dialect::OpenAi, Dialect::Together];

    /// The dialect `UPSTREAMS` names by `word`.
    pub fn named(word: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.word() == word)
    }

    /// Its name in `UPSTREAMS`.
    pub fn word(self) -> &'static str {
        match self {
            Dialect::Mistral => "mistral",
            Dialect::OpenAi => "openai",
            Dialect::Together => "together",
        }
    }

    /// The stage a job with this provider's `status` is at; `None` for a word the SDK does not
    /// have (shown as it is, followed like a job not yet final).
    pub fn stage(self, status: &str) -> Option<Stage> {
        Some(match self {
            Dialect::Mistral => match status {
                "QUEUED" => Stage::Queued,
                "VALIDATING" => Stage::Validating,
                "VALIDATED" => Stage::Validated,
                "STARTED" | "RUNNING" => Stage::Running,
                "SUCCESS" => Stage::Succeeded,
                "FAILED" | "FAILED_VALIDATION" => Stage::Failed,
                "CANCELLATION_REQUESTED" => Stage::Cancelling,
                "CANCELLED" => Stage::Cancelled,
                _ => return None,
            },
            Dialect::OpenAi => match status {
                "validating_files" => Stage::Validating,
                "queued" => Stage::Queued,
                "running" => Stage::Running,
                "succeeded" => Stage::Succeeded,
                "failed" => Stage::Failed,
                "cancelled" => Stage::Cancelled,
                _ => return None,
            },
            Dialect::Together => match status {
                "pending" | "queued" => Stage::Queued,
                // After training, the weights are compressed and uploaded before the model exists.
                "running" | "compressing" | "uploading" => Stage::Running,
                "completed" => Stage::Succeeded,
                "error" | "user_error" => Stage::Failed,
                "cancel_requested" => Stage::Cancelling,
                "cancelled" => Stage::Cancelled,
                _ => return None,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{Dialect, Stage};
    use wasm_bindgen_test::wasm_bindgen_test;

    fn check(dialect: Dialect, statuses: &[(&str, Option<Stage>)]) {
        for (status, expected) in statuses {
            assert_eq!(dialect.stage(status), *expected, "{dialect:?} {status}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn mistrals_statuses() {
        use Stage::*;
        check(
            Dialect::Mistral,
            &[
                ("QUEUED", Some(Queued)),
                ("STARTED", Some(Running)),
                ("VALIDATING", Some(Validating)),
                ("VALIDATED", Some(Validated)),
                ("RUNNING", Some(Running)),
                ("FAILED_VALIDATION", Some(Failed)),
                ("FAILED", Some(Failed)),
                ("SUCCESS", Some(Succeeded)),
                ("CANCELLED", Some(Cancelled)),
                ("CANCELLATION_REQUESTED", Some(Cancelling)),
                ("succeeded", None),
            ],
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn openais_statuses() {
        use Stage::*;
        check(
            Dialect::OpenAi,
            &[
                ("validating_files", Some(Validating)),
                ("queued", Some(Queued)),
                ("running", Some(Running)),
                ("succeeded", Some(Succeeded)),
                ("failed", Some(Failed)),
                ("cancelled", Some(Cancelled)),
                ("SUCCESS", None),
            ],
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn togethers_statuses() {
        use Stage::*;
        check(
            Dialect::Together,
            &[
                ("pending", Some(Queued)),
                ("queued", Some(Queued)),
                ("running", Some(Running)),
                ("compressing", Some(Running)),
                ("uploading", Some(Running)),
                ("cancel_requested", Some(Cancelling)),
                ("cancelled", Some(Cancelled)),
                ("error", Some(Failed)),
                ("user_error", Some(Failed)),
                ("completed", Some(Succeeded)),
                ("succeeded", None),
            ],
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn each_dialect_is_named_as_upstreams_writes_it() {
        for dialect in Dialect::ALL {
            assert_eq!(Dialect::named(dialect.word()), Some(dialect));
            assert_eq!(serde_json::to_value(dialect).unwrap(), dialect.word());
        }
        assert_eq!(Dialect::named("OpenAI"), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn only_an_ended_job_is_final_and_only_a_validated_one_waits_for_its_start() {
        let all = [
            Stage::Queued,
            Stage::Validating,
            Stage::Validated,
            Stage::Running,
            Stage::Deploying,
            Stage::Succeeded,
            Stage::Failed,
            Stage::Cancelling,
            Stage::Cancelled,
        ];
        let finals: Vec<Stage> = all.into_iter().filter(|s| s.is_final()).collect();
        assert_eq!(finals, [Stage::Succeeded, Stage::Failed, Stage::Cancelled]);
        let startable: Vec<Stage> = all.into_iter().filter(|s| s.can_start()).collect();
        assert_eq!(startable, [Stage::Validated]);
    }
}
