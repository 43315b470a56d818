//! Where each dialect keeps its files and jobs, and how a job is read back: the one place the
//! worker's fine-tuning routes ask, so they hold no provider's paths or words.

use super::lifecycle::Dialect;
use super::{mistral, openai, together};
use crate::api::FineTuneJob;

/// How a training file reaches the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upload {
    /// One `multipart/form-data` `POST /v1/files` with `purpose=fine-tune` and the file.
    Multipart,
    /// Together's SDK: a form without the file (`POST /v1/files`, its SHA-256 named) answered
    /// with a redirect, the bytes `PUT` there, then `POST /v1/files/{id}/preprocess`.
    Presigned,
}

/// Whether a created job waits for the curator's start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Creation {
    /// Created without starting (`auto_start: false`), started by `POST …/start`: Mistral.
    Held,
    /// Created running: the estimate comes first, and creating is starting.
    Started,
}

impl Dialect {
    pub fn upload(self) -> Upload {
        match self {
            Dialect::Mistral | Dialect::OpenAi => Upload::Multipart,
            Dialect::Together => Upload::Presigned,
        }
    }

    pub fn creation(self) -> Creation {
        match self {
            Dialect::Mistral => Creation::Held,
            Dialect::OpenAi | Dialect::Together => Creation::Started,
        }
    }

    /// Where jobs are created (`POST`).
    pub fn jobs_path(self) -> &'static str {
        match self {
            Dialect::Mistral | Dialect::OpenAi => "/v1/fine_tuning/jobs",
            Dialect::Together => "/v1/fine-tunes",
        }
    }

    /// One job (`GET`); `id` must have passed `api::issued_id`.
    pub fn job_path(self, id: &str) -> String {
        format!("{}/{id}", self.jobs_path())
    }

    pub fn cancel_path(self, id: &str) -> String {
        format!("{}/cancel", self.job_path(id))
    }

    /// Where a held job is started; `None` where creating is starting.
    pub fn start_path(self, id: &str) -> Option<String> {
        (self.creation() == Creation::Held).then(|| format!("{}/start", self.job_path(id)))
    }

    /// Where a job's events are read apart from the job; `None` where they come with it.
    pub fn events_path(self, id: &str) -> Option<String> {
        match self {
            Dialect::Mistral => None,
            Dialect::OpenAi | Dialect::Together => Some(format!("{}/events", self.job_path(id))),
        }
    }

    /// A job as this dialect answers it, typed, with its stage.
    pub fn read_job(self, body: &str) -> Result<FineTuneJob, serde_json::Error> {
        match self {
            Dialect::Mistral => mistral::read_job(body),
            Dialect::OpenAi => openai::read_job(body),
            Dialect::Together => together::read_job(body),
        }
    }

    /// A job's events read apart (see [`Self::events_path`]), with why the job failed when they
    /// say it and the job does not.
    pub fn read_events(self, job: FineTuneJob, body: &str) -> Result<FineTuneJob, serde_json::Error> {
        let (events, failure) = match self {
            Dialect::Mistral => return Ok(job),
            Dialect::OpenAi => (openai::read_events(body)?, None),
            Dialect::Together => together::read_events(body)?,
        };
        Ok(FineTuneJob { events: Some(events), failure: job.failure.or(failure), ..job })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn each_dialect_has_its_paths() {
        let paths = |d: Dialect| (d.job_path("j"), d.cancel_path("j"), d.start_path("j"), d.events_path("j"));
        assert_eq!(
            paths(Dialect::Mistral),
            (
                "/v1/fine_tuning/jobs/j".into(),
                "/v1/fine_tuning/jobs/j/cancel".into(),
                Some("/v1/fine_tuning/jobs/j/start".into()),
                None
            )
        );
        assert_eq!(
            paths(Dialect::OpenAi),
            (
                "/v1/fine_tuning/jobs/j".into(),
                "/v1/fine_tuning/jobs/j/cancel".into(),
                None,
                Some("/v1/fine_tuning/jobs/j/events".into())
            )
        );
        assert_eq!(
            paths(Dialect::Together),
            ("/v1/fine-tunes/j".into(), "/v1/fine-tunes/j/cancel".into(), None, Some("/v1/fine-tunes/j/events".into()))
        );
        assert_eq!(Dialect::Together.upload(), Upload::Presigned);
    }
}
