//! The tuned models kept in this browser, newest first: a job's status as the upstream says it
//! (asked again every few seconds while the page is open and the job is not finished), its
//! history and losses, the buttons that start or cancel it, and, once there is a model id, where
//! to use it. A registered model, or a job that has ended, can be forgotten by this browser (the
//! upstream's model is not touched).

use leptos::prelude::*;
use tallas_core::api::FineTuneJob;

use crate::api;
use crate::browser::sleep;
use crate::clock;
use crate::components::failed;
use crate::i18n::{self, fill};
use crate::numbers::hundredths;
use crate::store::{Store, TuningRepo, use_store};
use crate::workspace::tuning::TunedModel;

/// How often a running job is asked about.
const POLL_MS: u32 = 2_000;

#[component]
pub fn TunedList(
    all: Vec<TunedModel>,
    /// Called once a model was forgotten, to read the list again.
    on_forgotten: Callback<()>,
) -> impl IntoView {
    if all.is_empty() {
        return view! { <p class="muted" data-testid="tuned-empty">{i18n::t().FT_NONE}</p> }.into_any();
    }
    all.into_iter().map(|tuned| view! { <TunedCard tuned on_forgotten /> }).collect_view().into_any()
}

#[component]
fn TunedCard(tuned: TunedModel, on_forgotten: Callback<()>) -> impl IntoView {
    let store = use_store();
    let current = RwSignal::new(tuned);
    let problem = RwSignal::new(None::<String>);
    // Starts and cancels sent so far: a poll's answer asked for before the last of them is older
    // than what that start or cancel said, and is dropped rather than undo it.
    let steered = StoredValue::new(0u32);
    // Keeps the job's record as the upstream says it, while this card is shown.
    leptos::task::spawn_local(async move {
        loop {
            let Some(job_id) = current
                .try_with_untracked(|t| t.job.as_ref().filter(|j| !j.is_final()).map(|j| j.job_id.clone()))
                .flatten()
            else {
                return;
            };
            let asked_after = steered.try_get_value();
            match api::fine_tune(&job_id).await {
                Ok(job) if steered.try_get_value() == asked_after => take_in(store, current, problem, &job).await,
                Ok(_) => {}
                Err(error) => {
                    problem.try_set(Some(error.to_string()));
                }
            }
            sleep(POLL_MS).await;
        }
    });
    let steer = move |start: bool| {
        leptos::task::spawn_local(async move {
            let Some(job_id) = current.with_untracked(|t| t.job.as_ref().map(|j| j.job_id.clone())) else { return };
            steered.update_value(|n| *n += 1);
            // Kept at once, so a reload right after a start or a cancel shows it.
            match api::steer_fine_tune(&job_id, start).await {
                Ok(job) => take_in(store, current, problem, &job).await,
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    let forget = move |_| {
        let (id, name) = current.with_untracked(|t| (t.id.clone(), t.model.clone().unwrap_or_else(|| t.id.clone())));
        let asked = fill(i18n::t().FT_FORGET_CONFIRM, &[&name]);
        if !window().confirm_with_message(&asked).unwrap_or(false) {
            return;
        }
        leptos::task::spawn_local(async move {
            let forgotten = match store.open().await {
                Ok(repo) => repo.delete_tuned(&id).await,
                Err(error) => Err(error),
            };
            match forgotten {
                Ok(()) => on_forgotten.run(()),
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    move || {
        let tuned = current.get();
        let w = i18n::t();
        let title = tuned.model.clone().or_else(|| tuned.job.as_ref().map(|j| j.job_id.clone())).unwrap_or_default();
        let mut facts = Vec::new();
        if let Some(dataset) = &tuned.dataset {
            facts.push(fill(w.FT_FROM_DATASET, &[&dataset.name]));
        }
        if let Some(base) = &tuned.base {
            facts.push(fill(w.FT_FROM_BASE, &[base]));
        }
        if !tuned.note.is_empty() {
            facts.push(tuned.note.clone());
        }
        let job = tuned.job.clone();
        let status = job.as_ref().map(|j| j.status.clone()).unwrap_or_else(|| w.FT_REGISTERED.to_owned());
        let (can_start, can_cancel) = job.as_ref().map_or((false, false), |j| (j.can_start(), !j.is_final()));
        // A job still queued or running is cancelled first: forgetting it would leave it running unseen.
        let can_forget = job.as_ref().is_none_or(|j| j.is_final());
        let history = job.as_ref().map(|j| {
            j.history
                .iter()
                .map(|(status, at_ms)| {
                    let at = clock::show(*at_ms).map(|s| s.local).unwrap_or_default();
                    format!("{status} ({at})")
                })
                .collect::<Vec<_>>()
                .join(" → ")
        });
        let losses = job.as_ref().filter(|j| !j.checkpoints.is_empty()).map(|j| {
            let loss = |l: Option<f64>| l.map_or_else(|| "—".to_owned(), hundredths);
            let rows = j
                .checkpoints
                .iter()
                .map(|(step, train, valid)| view! { <tr><td>{*step}</td><td>{loss(*train)}</td><td>{loss(*valid)}</td></tr> })
                .collect_view();
            view! {
                <table data-testid="tuned-losses">
                    <thead><tr><th>{w.FT_STEP}</th><th>{w.FT_TRAIN_LOSS}</th><th>{w.FT_VALID_LOSS}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        });
        let usable = tuned.model.clone().map(|model| {
            let evaluate = format!("/evaluate?models={}", js_sys::encode_uri_component(&model));
            let playground = format!("/playground?model={}", js_sys::encode_uri_component(&model));
            view! {
                <p data-testid="tuned-model">{fill(w.FT_MODEL_ID, &[&model])}</p>
                <p class="actions">
                    <a href=evaluate rel="external" data-testid="tuned-evaluate">{w.FT_EVALUATE}</a>
                    <a href=playground rel="external" data-testid="tuned-playground">{w.FT_PLAYGROUND}</a>
                </p>
            }
        });
        let badge = status.clone();
        view! {
            <article class="card" data-testid="tuned" data-status=status>
                <h3>{title}</h3>
                <p class="badge" data-testid="tuned-status">{badge}</p>
                <p class="muted">{facts.join(" · ")}</p>
                {history.map(|h| view! { <p class="muted" data-testid="tuned-history">{h}</p> })}
                {losses}
                {usable}
                <div class="actions">
                    {can_start.then(|| view! { <button type="button" class="primary" data-testid="tuned-start" on:click=move |_| steer(true)>{w.FT_START}</button> })}
                    {can_cancel.then(|| view! { <button type="button" data-testid="tuned-cancel" on:click=move |_| steer(false)>{w.FT_CANCEL}</button> })}
                    {can_forget.then(|| view! { <button type="button" data-testid="tuned-forget" on:click=forget>{w.FT_FORGET}</button> })}
                </div>
                {problem.get().map(|message| failed(message, "tuned-error"))}
            </article>
        }
    }
}

/// The job as the upstream now reports it, taken into the card and kept in this browser; a
/// problem keeping it is shown on the card.
async fn take_in(store: Store, current: RwSignal<TunedModel>, problem: RwSignal<Option<String>>, job: &FineTuneJob) {
    let Some(mut tuned) = current.try_get_untracked() else { return };
    tuned.absorb(job, clock::now_ms());
    let kept = match store.open().await {
        Ok(repo) => repo.save_tuned(&tuned).await.err().map(|e| e.to_string()),
        Err(error) => Some(error.to_string()),
    };
    problem.try_set(kept);
    current.try_set(tuned);
}
