//! Turns the curator's choice (a task, some routines) into a run: its items and, for extraction,
//! the transcript windows, cut once and stored so a resumed run sends exactly the same text.

use tallas_core::transcript::SegmentationConfig;

use super::protocol::PlanRequest;
use crate::store::{RunRepo, StoreError, WorkspaceRepo};
use crate::workspace::names::routine_names;
use crate::workspace::run::{Run, RunItem, RunState, WindowRecord, joke_title, lacks, window_title, windows_of};
use crate::workspace::{JokeSource, Routine};
use tallas_core::api::TokenUsage;
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
}

/// Plans and stores a run; returns it (state `Running`).
pub async fn plan(repo: &(impl WorkspaceRepo + RunRepo), request: &PlanRequest, now_ms: u64) -> Result<Run, PlanError> {
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
    let run = Run {
        id: run_id,
        task: request.task,
        state: RunState::Running,
        model: request.model.clone().filter(|m| !m.trim().is_empty()),
        concurrency: request.concurrency.clamp(1, MAX_CONCURRENCY),
        created_at_ms: now_ms,
        items: u32::try_from(items.len()).unwrap_or(u32::MAX),
        usage: TokenUsage::default(),
        cost_nano_usd: 0,
        unpriced_tokens: 0,
    };
    repo.create_run(run.clone(), items, windows).await?;
    Ok(run)
}

/// The most calls a run keeps in flight: more only earns 429s from the upstream.
pub const MAX_CONCURRENCY: u8 = 16;
/// Calls in flight when the curator has not chosen.
pub const DEFAULT_CONCURRENCY: u8 = 4;
