//! The messages between the page and the background worker that runs the pipeline. Both sides
//! convert them with serde-wasm-bindgen (plain JS objects, no JSON text).

use serde::{Deserialize, Serialize};
use tallas_core::evaluation::Design;
use tallas_core::tasks::Task;

use crate::domain::run::{Run, RunCounts};

/// What the page asks of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    /// Plans a new run and starts it.
    Plan {
        plan: PlanRequest,
        token: Option<String>,
        now_ms: u64,
    },
    /// Plans an evaluation (a run of its calls) and starts it.
    PlanEvaluation {
        plan: EvaluationRequest,
        token: Option<String>,
        now_ms: u64,
    },
    /// Starts or resumes a run (one that was running when its tab closed, or paused).
    Resume {
        run_id: String,
        token: Option<String>,
    },
    Pause {
        run_id: String,
    },
    Cancel {
        run_id: String,
    },
    /// Puts the failed items back in the queue and resumes.
    RetryFailed {
        run_id: String,
        token: Option<String>,
    },
}

/// A run to plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRequest {
    pub task: Task,
    /// The routines whose windows (extraction) or jokes (the other tasks) to take; all when absent.
    pub routine_ids: Option<Vec<String>>,
    /// Skip what already has this task's result (routines with extracted jokes, jokes with it).
    pub only_missing: bool,
    pub model: Option<String>,
    pub concurrency: u8,
}

/// An evaluation to plan, as the Evaluate page's form gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationRequest {
    pub name: String,
    pub keywords: KeywordSource,
    pub models: Vec<String>,
    pub judge: String,
    pub design: Design,
    /// Show the judge the dataset's own joke for the keyword as a yardstick.
    pub show_reference: bool,
    pub concurrency: u8,
}

/// Where an evaluation's keywords come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeywordSource {
    /// A frozen dataset's validation examples: their keywords, their jokes as references.
    Dataset(String),
    /// Typed, one per line (blank lines skipped); no references.
    Typed(String),
}

/// What the pipeline tells the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Progress(Progress),
    /// A command could not be carried out; the message says why and what to do.
    Failed(String),
}

/// Where a run stands, after every item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The run; an evaluation's without its keywords, references and prompts (see [`Progress::for_page`]).
    pub run: Run,
    pub counts: RunCounts,
    pub in_flight: u32,
    /// Items finished per minute since the run (re)started.
    pub per_minute: u32,
    /// Why the run paused itself, when it did (a wrong token, the worker down).
    pub notice: Option<String>,
}

impl Progress {
    /// What the page is told after each item: an evaluation's keywords, reference jokes and
    /// prompts stay in the store (the page names the evaluation; its report is read from the
    /// store), so each message stays small however many keywords the evaluation has.
    pub fn for_page(mut self) -> Self {
        if let Some(spec) = self.run.evaluation.as_deref_mut() {
            spec.definition.cases = Vec::new();
            spec.generate_prompt = String::new();
            spec.judge_prompt = String::new();
        }
        self
    }
}
