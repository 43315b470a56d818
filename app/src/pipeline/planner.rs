//! Turns the curator's choice (a task, some routines) into a run: its items and, for extraction,
//! the transcript windows, cut once and stored so a resumed run sends exactly the same text.

use tallas_core::transcript::SegmentationConfig;

use super::protocol::{EvaluationRequest, KeywordSource, PlanRequest};
use crate::domain::evaluation::{self, DatasetRef, EvaluationSpec};
use crate::domain::names::routine_names;
use crate::domain::run::{Run, RunItem, RunState, WindowRecord, joke_title, lacks, window_title, windows_of};
use crate::domain::{JokeSource, Routine};
use crate::store::{DatasetRepo, JokeRepo, RunRepo, StoreError};
use tallas_core::api::TokenUsage;
use tallas_core::evaluation::{Case, Definition, DefinitionError};
use tallas_core::mistral::Role;
use tallas_core::tasks::Task;

/// Why nothing was planned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{}", crate::i18n::t().PLAN_NO_ROUTINES)]
    NoRoutines,
    #[error("{}", crate::i18n::t().PLAN_NO_WINDOWS)]
    NoWindows,
    #[error("{}", crate::i18n::t().PLAN_NO_JOKES)]
    NoJokes,
    #[error("{}", crate::i18n::fill(crate::i18n::t().DATASET_GONE, &[.0]))]
    DatasetGone(String),
    #[error("{}", crate::i18n::fill(crate::i18n::t().EVAL_NO_VALIDATION, &[.0]))]
    NoValidation(String),
    /// The definition breaks one of core's rules.
    #[error("{}", definition_message(.0))]
    Definition(#[from] DefinitionError),
}

/// A definition's mistake in the curator's language, saying what to change.
fn definition_message(error: &DefinitionError) -> String {
    use crate::i18n::fill;
    let w = crate::i18n::t();
    match error {
        DefinitionError::NoKeywords => w.EVAL_NO_KEYWORDS.to_owned(),
        DefinitionError::BadKeyword { line, message } => fill(w.EVAL_BAD_KEYWORD, &[line, message]),
        DefinitionError::RepeatedKeyword { line, first, keyword } => {
            fill(w.EVAL_REPEATED_KEYWORD, &[line, keyword, first])
        }
        DefinitionError::BadModel(message) => fill(w.EVAL_BAD_MODEL, &[message]),
        DefinitionError::RepeatedModel(model) => fill(w.EVAL_REPEATED_MODEL, &[model]),
        DefinitionError::TooFewModels => w.EVAL_TOO_FEW_MODELS.to_owned(),
        DefinitionError::ReferenceIsCandidate(model) => fill(w.EVAL_REFERENCE_IS_CANDIDATE, &[model]),
        DefinitionError::NoJudge => w.EVAL_NO_JUDGE.to_owned(),
        DefinitionError::TooLarge { calls } => {
            fill(w.EVAL_TOO_LARGE, &[calls, &tallas_core::evaluation::plan::MAX_CALLS])
        }
    }
}

/// Plans and stores a run; returns it (state `Running`).
pub async fn plan(repo: &(impl JokeRepo + RunRepo), request: &PlanRequest, now_ms: u64) -> Result<Run, PlanError> {
    if request.routine_ids.as_ref().is_some_and(Vec::is_empty) {
        return Err(PlanError::NoRoutines);
    }
    let run_id = format!("run-{now_ms}");
    let chosen = |routine_id: Option<&str>| match (&request.routine_ids, routine_id) {
        (None, _) => true,
        (Some(ids), Some(id)) => ids.iter().any(|chosen| chosen == id),
        (Some(_), None) => false,
    };
    let (items, windows) = if request.task == Task::Extract {
        let routines = repo.routines().await?;
        let heads: Vec<_> = routines.iter().map(Routine::head).collect();
        let names = routine_names(&heads, &repo.catalog().await?);
        let jokes = if request.only_missing { repo.jokes().await? } else { Vec::new() };
        let extracted = |routine: &Routine| {
            jokes.iter().any(|j| {
                j.routine_id.as_deref() == Some(&routine.id) && matches!(j.source, JokeSource::Extracted { .. })
            })
        };
        let config = SegmentationConfig::default();
        let windows: Vec<WindowRecord> = routines
            .iter()
            .filter(|r| chosen(Some(&r.id)) && !(request.only_missing && extracted(r)))
            .flat_map(|r| windows_of(r, names.get(&r.id).map_or(r.id.as_str(), String::as_str), &config))
            .collect();
        if windows.is_empty() {
            return Err(PlanError::NoWindows);
        }
        let items = windows.iter().map(|w| RunItem::new(&run_id, w.id.clone(), window_title(w))).collect();
        (items, windows)
    } else {
        let items: Vec<RunItem> = repo
            .jokes()
            .await?
            .iter()
            .filter(|j| chosen(j.routine_id.as_deref()) && (!request.only_missing || lacks(j, request.task)))
            // A merged near-duplicate is represented by the joke it was merged into.
            .filter(|j| !j.text().trim().is_empty() && j.merged_into.is_none())
            .map(|j| RunItem::new(&run_id, j.id.clone(), joke_title(j)))
            .collect();
        if items.is_empty() {
            return Err(PlanError::NoJokes);
        }
        (items, Vec::new())
    };
    let model = request.model.clone().filter(|m| !m.trim().is_empty());
    let run = new_run(run_id, request.task, model, request.concurrency, now_ms, items.len());
    repo.create_run(run.clone(), items, windows).await?;
    Ok(run)
}

/// Plans and stores an evaluation: its definition checked by core, its calls as the run's items.
pub async fn plan_evaluation(
    repo: &(impl RunRepo + DatasetRepo),
    request: &EvaluationRequest,
    now_ms: u64,
) -> Result<Run, PlanError> {
    let (cases, dataset) = match &request.keywords {
        KeywordSource::Typed(text) => {
            let cases = text
                .lines()
                .filter(|line| !line.trim().is_empty())
                .map(|line| Case { keyword: line.to_owned(), reference: None })
                .collect();
            (cases, None)
        }
        KeywordSource::Dataset(id) => {
            let snapshot = repo.snapshot(id).await?.ok_or_else(|| PlanError::DatasetGone(id.clone()))?;
            if snapshot.validation.is_empty() {
                return Err(PlanError::NoValidation(snapshot.name));
            }
            let cases = snapshot
                .validation
                .iter()
                .map(|example| Case {
                    keyword: example.keyword.clone(),
                    reference: example
                        .messages
                        .iter()
                        .rev()
                        .find(|m| m.role == Role::Assistant)
                        .map(|m| m.content.clone()),
                })
                .collect();
            (cases, Some(DatasetRef { id: snapshot.id, name: snapshot.name }))
        }
    };
    let definition = Definition {
        cases,
        models: request.models.clone(),
        judge: request.judge.clone(),
        design: request.design.clone(),
        show_reference: request.show_reference,
    }
    .validate()?;
    let run_id = format!("run-{now_ms}");
    let items = evaluation::items(&run_id, &definition);
    let name = match request.name.trim() {
        "" => dataset.as_ref().map_or_else(|| run_id.clone(), |d| d.name.clone()),
        name => name.to_owned(),
    };
    let mut run =
        new_run(run_id, Task::Judge, Some(definition.judge.clone()), request.concurrency, now_ms, items.len());
    run.evaluation = Some(Box::new(EvaluationSpec {
        name,
        dataset,
        definition,
        generate_prompt: tallas_core::prompts::generate::PROMPT_VERSION.to_owned(),
        judge_prompt: tallas_core::prompts::judge::PROMPT_VERSION.to_owned(),
    }));
    repo.create_run(run.clone(), items, Vec::new()).await?;
    Ok(run)
}

fn new_run(id: String, task: Task, model: Option<String>, concurrency: u8, now_ms: u64, items: usize) -> Run {
    Run {
        id,
        task,
        state: RunState::Running,
        model,
        concurrency: concurrency.clamp(1, MAX_CONCURRENCY),
        created_at_ms: now_ms,
        items: u32::try_from(items).unwrap_or(u32::MAX),
        usage: TokenUsage::default(),
        cost_nano_usd: 0,
        unpriced_tokens: 0,
        evaluation: None,
    }
}

/// The most calls a run keeps in flight: more only earns 429s from the upstream.
pub const MAX_CONCURRENCY: u8 = 16;
/// Calls in flight when the curator has not chosen.
pub const DEFAULT_CONCURRENCY: u8 = 4;
