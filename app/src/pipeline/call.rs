//! The calls a run makes of the worker, and whoever makes them: the worker client in the
//! browser, a script in tests. Apart from the engine so that what prepares a call
//! (`pipeline::evaluation`) and what sends it share the types without importing each other.

use tallas_core::api::{ExtractRequest, GenerateRequest, JokeRequest, JudgeRequest, TokenUsage};
use tallas_core::tasks::{JudgeReply, Repertoire, Task};

use crate::api::ClientError;
use crate::domain::run::JokeResult;

/// A call to one of the worker's task endpoints.
#[derive(Debug, Clone, PartialEq)]
pub enum CallRequest {
    Extract(ExtractRequest),
    Joke(Task, JokeRequest),
    /// An evaluation's joke from one model (`/api/generate`).
    Generate(GenerateRequest),
    /// An evaluation's judgement of two jokes in one order (`/api/judge`).
    Judge(JudgeRequest),
}

/// A task's validated result.
#[derive(Debug, Clone, PartialEq)]
pub enum CallResult {
    Repertoire(Repertoire),
    Joke(JokeResult),
    Generated(String),
    Verdict(JudgeReply),
}

/// The worker's answer to one call.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub result: CallResult,
    pub model: String,
    pub prompt_version: String,
    pub usage: TokenUsage,
}

/// Whoever makes the calls: the worker client in the browser, a script in tests.
#[allow(async_fn_in_trait)]
pub trait Caller {
    async fn call(&self, request: CallRequest) -> Result<Answer, ClientError>;
}
