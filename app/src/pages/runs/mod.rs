//! Pipeline runs: start one (a task over chosen routines), follow each with its progress, tokens
//! and estimated cost, pause, resume, cancel, and retry what failed.

use leptos::prelude::*;
use tallas_core::tasks::Task;

use crate::api::{self, curator_token};
use crate::background::page::pipeline::{Pipeline, use_pipeline};
use crate::browser::load_local;
use crate::clock;
use crate::components::{self, RunCard, failed};
use crate::domain::names::routine_names;
use crate::domain::run::{RUN_TASKS, RunCounts};
use crate::i18n;
use crate::pipeline::planner::DEFAULT_CONCURRENCY;
use crate::pipeline::protocol::{Command, PlanRequest, Progress};
use crate::preferences;
use crate::store::{JokeRepo, RunRepo, Store, StoreError, use_store};

/// A routine the curator can choose.
#[derive(Debug, Clone)]
struct Choice {
    id: String,
    name: String,
    has_transcript: bool,
}

async fn load(store: Store) -> Result<(Vec<Choice>, Vec<Progress>), StoreError> {
    let repo = store.open().await?;
    let routines = repo.routine_heads().await?;
    let names = routine_names(&routines, &repo.catalog().await?);
    let choices = routines
        .iter()
        .map(|r| Choice {
            id: r.id.clone(),
            name: names.get(&r.id).cloned().unwrap_or_else(|| r.id.clone()),
            has_transcript: r.has_transcript,
        })
        .collect();
    let mut runs = Vec::new();
    for run in repo.runs().await?.into_iter().rev() {
        let counts = RunCounts::of(&repo.run_items(&run.id).await?);
        runs.push(Progress { run, counts, in_flight: 0, per_minute: 0, notice: None });
    }
    Ok((choices, runs))
}

#[component]
pub fn RunsPage() -> impl IntoView {
    let store = use_store();
    let pipeline = use_pipeline();
    let loaded = load_local(move || load(store));
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{i18n::t().RUNS.label}</h1>
            <p class="muted">{i18n::t().RUNS.summary}</p>
            {move || pipeline.failure.get().map(|message| failed(message, "run-failure"))}
            {move || {
                components::loaded(loaded.get(), i18n::t().RUN_LOADING, "runs-error", |(choices, stored)| {
                    view! {
                        <NewRun choices pipeline />
                        <RunList stored pipeline />
                    }
                })
            }}
        </section>
    }
}

fn task_label(task: Task) -> &'static str {
    match task {
        Task::Extract => i18n::t().TASK_EXTRACT,
        Task::Refine => i18n::t().TASK_REFINE,
        Task::Keywords => i18n::t().TASK_KEYWORDS,
        Task::Graph => i18n::t().TASK_GRAPH,
        Task::Rewrite => i18n::t().TASK_REWRITE,
        Task::Judge | Task::Generate => "",
    }
}

/// The form that plans and starts a run.
#[component]
fn NewRun(choices: Vec<Choice>, pipeline: Pipeline) -> impl IntoView {
    let task = RwSignal::new(Task::Extract);
    let all = RwSignal::new(true);
    let chosen = RwSignal::new(Vec::<String>::new());
    let only_missing = RwSignal::new(true);
    // The model and concurrency of the last run of each task, as the curator left them.
    let model = RwSignal::new(preferences::model_for(Task::Extract).unwrap_or_default());
    let concurrency = RwSignal::new(preferences::concurrency().unwrap_or_else(|| DEFAULT_CONCURRENCY.to_string()));
    // A signal filled by a task rather than a resource: the list needs no suspense, and a resource
    // costs the page's WASM several times as much.
    let models = load_local(api::models);
    let empty = choices.is_empty();
    let start = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let plan = PlanRequest {
            task: task.get_untracked(),
            routine_ids: (!all.get_untracked()).then(|| chosen.get_untracked()),
            only_missing: only_missing.get_untracked(),
            model: Some(model.get_untracked().trim().to_owned()).filter(|m| !m.is_empty()),
            concurrency: concurrency.get_untracked().trim().parse().unwrap_or(DEFAULT_CONCURRENCY),
        };
        preferences::remember_run(plan.task, plan.model.as_deref(), plan.concurrency);
        pipeline.send(Command::Plan { plan, token: curator_token(), now_ms: clock::now_ms() });
    };
    view! {
        <form class="card run-form" on:submit=start aria-labelledby="new-run-title" data-testid="new-run">
            <h2 id="new-run-title">{i18n::t().RUN_NEW}</h2>
            {empty.then(|| view! { <p class="muted" data-testid="runs-nothing-to-run">{i18n::t().RUN_NOTHING}</p> })}
            <label>
                {i18n::t().RUN_TASK}
                <select on:change=move |e| {
                    let value = event_target_value(&e);
                    if let Some(t) = RUN_TASKS.into_iter().find(|t| t.name() == value) {
                        task.set(t);
                        model.set(preferences::model_for(t).unwrap_or_default());
                    }
                }>
                    {RUN_TASKS.into_iter().map(|t| view! { <option value=t.name()>{task_label(t)}</option> }).collect_view()}
                </select>
            </label>
            {routines_field(choices, all, chosen)}
            <label>
                <input type="checkbox" prop:checked=move || only_missing.get() on:change=move |e| only_missing.set(event_target_checked(&e)) />
                {i18n::t().RUN_ONLY_MISSING}
            </label>
            <label>
                {i18n::t().RUN_MODEL}
                <input type="text" list="run-models" autocomplete="off" placeholder=i18n::t().RUN_MODEL_PLACEHOLDER bind:value=model />
            </label>
            {move || models.get().map(served_models)}
            <label>
                {i18n::t().RUN_CONCURRENCY}
                <input type="number" min="1" max="16" bind:value=concurrency />
            </label>
            <button type="submit" class="primary" prop:disabled=empty>{i18n::t().RUN_START}</button>
        </form>
    }
}

/// Every routine, or those the curator ticks.
fn routines_field(choices: Vec<Choice>, all: RwSignal<bool>, chosen: RwSignal<Vec<String>>) -> impl IntoView {
    let routine_list = choices
        .into_iter()
        .map(|choice| {
            let id = choice.id.clone();
            let toggle = move |event: leptos::ev::Event| {
                let on = event_target_checked(&event);
                chosen.update(|ids| {
                    ids.retain(|i| *i != id);
                    if on {
                        ids.push(id.clone());
                    }
                });
            };
            view! {
                <li>
                    <label>
                        <input type="checkbox" on:change=toggle prop:disabled=move || all.get() />
                        {choice.name}
                        {(!choice.has_transcript).then(|| view! { <span class="muted">" · "{i18n::t().RUN_NO_TRANSCRIPT}</span> })}
                    </label>
                </li>
            }
        })
        .collect_view();
    view! {
        <fieldset>
            <legend>{i18n::t().RUN_ROUTINES}</legend>
            <label>
                <input type="checkbox" prop:checked=move || all.get() on:change=move |e| all.set(event_target_checked(&e)) />
                {i18n::t().FILTER_ANY_ROUTINE}
            </label>
            <ul class="choice-list">{routine_list}</ul>
        </fieldset>
    }
}

/// The models the upstream serves today, offered as the curator types; the field still takes any
/// id when the list cannot be had (no token yet, worker down).
fn served_models(models: Result<Vec<api::ModelChoice>, api::ClientError>) -> AnyView {
    match models {
        Ok(list) => view! {
            <datalist id="run-models" data-testid="run-models">
                {list.into_iter().map(|m| view! { <option value=m.id></option> }).collect_view()}
            </datalist>
        }
        .into_any(),
        Err(error) => view! {
            <p class="muted" data-testid="run-models-error">{format!("{} {error}", i18n::t().RUN_MODELS_UNAVAILABLE)}</p>
        }
        .into_any(),
    }
}

/// Every run, newest first: what was stored when the page opened, replaced by live progress.
#[component]
fn RunList(stored: Vec<Progress>, pipeline: Pipeline) -> impl IntoView {
    let runs = move || {
        let live = pipeline.progress.get();
        let mut runs: Vec<Progress> =
            stored.iter().map(|p| live.get(&p.run.id).cloned().unwrap_or_else(|| p.clone())).collect();
        // Runs started since the page opened.
        for progress in live.values().rev() {
            if !runs.iter().any(|p| p.run.id == progress.run.id) {
                runs.insert(0, progress.clone());
            }
        }
        runs
    };
    view! {
        <section aria-labelledby="runs-title">
            <h2 id="runs-title">{i18n::t().RUN_LIST}</h2>
            {move || {
                let runs = runs();
                if runs.is_empty() {
                    return view! { <p class="muted" data-testid="runs-empty">{i18n::t().RUN_EMPTY}</p> }.into_any();
                }
                runs.into_iter()
                    .filter(|progress| progress.run.evaluation.is_none())
                    .map(|progress| {
                        let created = clock::show(progress.run.created_at_ms).map(|s| s.local).unwrap_or_default();
                        let title = format!("{} · {created}", task_label(progress.run.task));
                        view! { <RunCard progress title pipeline /> }
                    })
                    .collect_view()
                    .into_any()
            }}
        </section>
    }
}
