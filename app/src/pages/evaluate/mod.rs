//! The experiment's evaluation: define one (keywords from a frozen dataset or typed, the models,
//! the judge, all pairs or each against a reference model), run it as a pipeline run (pause,
//! resume after a reload, retry failures, cost as it goes), and read its report with every
//! number's method beside it, the per-keyword table (`results`) and a chart of the win rates
//! (`chart`). Statistics are core's (`tallas_core::evaluation`), computed and worded in a
//! background worker from the stored verdicts.

mod chart;
mod define;
mod results;

use leptos::prelude::*;

use crate::background::page::pipeline::{Pipeline, use_pipeline};
use crate::browser::load_local;
use crate::components::{self, RunCard, failed};
use crate::domain::run::RunCounts;
use crate::i18n;
use crate::pipeline::protocol::Progress;
use crate::store::{RunRepo, Store, StoreError, use_store};
use define::NewEvaluation;
use results::Results;

/// The stored evaluations, newest first, with their counts.
async fn load(store: Store) -> Result<Vec<Progress>, StoreError> {
    let repo = store.open().await?;
    let mut evaluations = Vec::new();
    for run in repo.runs().await?.into_iter().rev().filter(|r| r.evaluation.is_some()) {
        let counts = RunCounts::of(&repo.run_items(&run.id).await?);
        evaluations.push(Progress { run, counts, in_flight: 0, per_minute: 0, notice: None });
    }
    Ok(evaluations)
}

#[component]
pub fn EvaluatePage() -> impl IntoView {
    let store = use_store();
    let pipeline = use_pipeline();
    let stored = load_local(move || load(store));
    let selected = RwSignal::new(None::<String>);
    let w = i18n::t();
    view! {
        <section class="page page-wide" aria-labelledby="page-title">
            <h1 id="page-title">{w.EVALUATE.label}</h1>
            <p class="lede">{w.EVALUATE.summary}</p>
            {move || pipeline.failure.get().map(|message| failed(message, "evaluation-failure"))}
            <NewEvaluation pipeline selected />
            <section aria-labelledby="evaluations-title">
                <h2 id="evaluations-title">{i18n::lab::t().EVAL_LIST}</h2>
                {move || components::loaded(stored.get(), i18n::lab::t().EVAL_LOADING, "evaluations-error", move |stored| {
                    view! { <EvaluationList stored pipeline selected /> }
                })}
            </section>
            {move || selected.get().map(|run_id| view! { <Results run_id pipeline /> })}
        </section>
    }
}

/// Every evaluation, newest first: what was stored when the page opened, replaced by live
/// progress, each with a button that shows its results.
#[component]
fn EvaluationList(stored: Vec<Progress>, pipeline: Pipeline, selected: RwSignal<Option<String>>) -> impl IntoView {
    let evaluations = move || {
        let live = pipeline.progress.get();
        let mut all: Vec<Progress> =
            stored.iter().map(|p| live.get(&p.run.id).cloned().unwrap_or_else(|| p.clone())).collect();
        for progress in live.values().rev().filter(|p| p.run.evaluation.is_some()) {
            if !all.iter().any(|p| p.run.id == progress.run.id) {
                all.insert(0, progress.clone());
            }
        }
        all
    };
    move || {
        let all = evaluations();
        if all.is_empty() {
            return view! { <p class="muted" data-testid="evaluations-empty">{i18n::lab::t().EVAL_EMPTY}</p> }
                .into_any();
        }
        all.into_iter()
            .map(|progress| {
                let title = progress.run.evaluation.as_ref().map(|e| e.name.clone()).unwrap_or_default();
                let id = progress.run.id.clone();
                let open = move |_| selected.set(Some(id.clone()));
                view! {
                    <div class="evaluation" data-testid="evaluation">
                        <RunCard progress title pipeline />
                        <button type="button" data-testid="evaluation-open" on:click=open>{i18n::lab::t().EVAL_OPEN}</button>
                    </div>
                }
            })
            .collect_view()
            .into_any()
    }
}
