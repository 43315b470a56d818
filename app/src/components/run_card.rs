//! A pipeline run as a card (the Runs page's runs, the Evaluate page's evaluations): its state,
//! progress, tokens and cost, what can be done with it now, and its failures with why.

use leptos::prelude::*;
use tallas_core::pricing;

use crate::api::curator_token;
use crate::background::page::pipeline::Pipeline;
use crate::components::failed;
use crate::domain::run::{ItemStatus, RunItem, RunState};
use crate::i18n;
use crate::pipeline::protocol::{Command, Progress};
use crate::store::{RunRepo, use_store};

fn state_label(state: RunState) -> &'static str {
    match state {
        RunState::Running => i18n::t().RUN_RUNNING,
        RunState::Paused => i18n::t().RUN_PAUSED,
        RunState::Cancelled => i18n::t().RUN_CANCELLED,
        RunState::Finished => i18n::t().RUN_FINISHED,
    }
}

/// A run: its state, progress, tokens and cost, the buttons that pause, resume, cancel or retry its
/// failures, and the failures with why.
#[component]
pub fn RunCard(progress: Progress, title: String, pipeline: Pipeline) -> impl IntoView {
    let Progress { run, counts, in_flight, per_minute, notice } = progress;
    let state = run.state;
    let finished = counts.done + counts.failed;
    // What can be done now, as (label, command): one button type for all of them.
    let mut actions: Vec<(&'static str, Command)> = Vec::new();
    let id = || run.id.clone();
    match state {
        RunState::Running => actions.push((i18n::t().RUN_PAUSE, Command::Pause { run_id: id() })),
        RunState::Paused => actions.push((i18n::t().RUN_RESUME, Command::Resume { run_id: id(), token: None })),
        RunState::Cancelled | RunState::Finished => {}
    }
    if state.is_open() {
        actions.push((i18n::t().RUN_CANCEL, Command::Cancel { run_id: id() }));
    }
    if counts.failed > 0 && state != RunState::Running {
        actions.push((i18n::t().RUN_RETRY, Command::RetryFailed { run_id: id(), token: None }));
    }
    let w = i18n::t();
    let mut counted = i18n::fill(w.RUN_DONE_OF, &[&finished, &counts.total()]);
    for (n, what) in [(counts.failed, w.RUN_WITH_ERROR), (in_flight, w.RUN_IN_FLIGHT), (per_minute, w.RUN_PER_MINUTE)] {
        if n > 0 {
            counted.push_str(&format!(" · {n} {what}"));
        }
    }
    let tokens = u64::from(run.usage.prompt_tokens) + u64::from(run.usage.completion_tokens);
    let mut usage = i18n::fill(w.RUN_USAGE, &[&tokens, &pricing::format_usd(run.cost_nano_usd)]);
    if run.unpriced_tokens > 0 {
        usage.push_str(&i18n::fill(w.RUN_UNPRICED, &[&run.unpriced_tokens]));
    }
    view! {
        <article class="card run" data-testid="run" data-state=state_name(state)>
            <h3>{title}</h3>
            <p class="badge" data-testid="run-state">{state_label(state)}</p>
            <progress max=counts.total() value=finished aria-label=i18n::t().RUN_PROGRESS></progress>
            <p data-testid="run-counts">{counted}</p>
            <p class="muted" data-testid="run-usage">{usage}</p>
            {notice.map(|notice| view! { <p class="warning" role="status" data-testid="run-notice">{notice}</p> })}
            <div class="actions">
                {actions
                    .into_iter()
                    .map(|(label, command)| {
                        // The token is read when the button is pressed: it may have been saved since.
                        let send = move |_| pipeline.send(with_token(command.clone()));
                        view! { <button type="button" on:click=send>{label}</button> }
                    })
                    .collect_view()}
            </div>
            {(counts.failed > 0).then(|| view! { <Failures run_id=run.id.clone() /> })}
        </article>
    }
}

/// The command with the curator token saved now, for those that make calls.
fn with_token(command: Command) -> Command {
    match command {
        Command::Resume { run_id, .. } => Command::Resume { run_id, token: curator_token() },
        Command::RetryFailed { run_id, .. } => Command::RetryFailed { run_id, token: curator_token() },
        other => other,
    }
}

fn state_name(state: RunState) -> &'static str {
    match state {
        RunState::Running => "running",
        RunState::Paused => "paused",
        RunState::Cancelled => "cancelled",
        RunState::Finished => "finished",
    }
}

/// The items that failed, with why, read from the store when the curator asks.
#[component]
fn Failures(run_id: String) -> impl IntoView {
    let store = use_store();
    let shown = RwSignal::new(None::<Result<Vec<RunItem>, String>>);
    let show = move |_| {
        let run_id = run_id.clone();
        leptos::task::spawn_local(async move {
            let items = match store.open().await {
                Ok(repo) => repo.run_items(&run_id).await,
                Err(error) => Err(error),
            };
            let failed = items
                .map(|items| items.into_iter().filter(|i| matches!(i.status, ItemStatus::Failed { .. })).collect());
            shown.set(Some(failed.map_err(|e| e.to_string())));
        });
    };
    view! {
        <button type="button" on:click=show>{i18n::t().RUN_FAILURES}</button>
        {move || match shown.get() {
            None => ().into_any(),
            Some(Err(error)) => failed(error, "run-failures-error"),
            Some(Ok(items)) => view! {
                <ul class="run-failures">
                    {items.into_iter().map(|item| {
                        let error = match item.status {
                            ItemStatus::Failed { error, .. } => error,
                            _ => String::new(),
                        };
                        view! { <li data-testid="run-failed-item"><strong>{item.title}</strong>": "{error}</li> }
                    }).collect_view()}
                </ul>
            }.into_any(),
        }}
    }
}
