//! The tuned models kept in this browser, newest first: a job's stage in the one lifecycle, with
//! its provider's own word beside it (asked again every few seconds while the page is open and the
//! job is not finished), why it failed when the provider says, its history and losses, the buttons
//! that start or cancel it, and, once there is a model id, where to use it. A registered model, or a job that has ended, can be forgotten by this browser (the
//! upstream's model is not touched).

use leptos::prelude::*;
use tallas_core::api::FineTuneJob;
use tallas_core::fine_tuning::lifecycle::Stage;

use crate::api;
use crate::browser::sleep;
use crate::clock;
use crate::components::failed;
use crate::domain::tuning::{JobState, TunedModel};
use crate::i18n::{self, fill};
use crate::numbers::hundredths;
use crate::store::{Store, TuningRepo, use_store};

/// How often a running job is asked about.
const POLL_MS: u32 = 2_000;

#[component]
pub fn TunedList(
    all: Vec<TunedModel>,
    /// Called once a model was forgotten, to read the list again.
    on_forgotten: Callback<()>,
) -> impl IntoView {
    if all.is_empty() {
        return view! { <p class="muted" data-testid="tuned-empty">{i18n::lab::t().FT_NONE}</p> }.into_any();
    }
    all.into_iter().map(|tuned| view! { <TunedCard tuned on_forgotten /> }).collect_view().into_any()
}

/// One tuned model's card: what it holds and what the curator can do with it.
#[derive(Clone, Copy)]
struct Card {
    store: Store,
    current: RwSignal<TunedModel>,
    problem: RwSignal<Option<String>>,
    /// Starts and cancels sent so far: a poll's answer asked for before the last of them is older
    /// than what that start or cancel said, and is dropped rather than undo it.
    steered: StoredValue<u32>,
    on_forgotten: Callback<()>,
}

impl Card {
    /// Keeps the job's record as the upstream says it, while this card is shown.
    async fn follow(self) {
        loop {
            let Some(job_id) = self
                .current
                .try_with_untracked(|t| t.job.as_ref().filter(|j| !j.is_final()).map(|j| j.job_id.clone()))
                .flatten()
            else {
                return;
            };
            let asked_after = self.steered.try_get_value();
            match api::fine_tune(&job_id).await {
                Ok(job) if self.steered.try_get_value() == asked_after => self.take_in(&job).await,
                Ok(_) => {}
                Err(error) => {
                    self.problem.try_set(Some(error.to_string()));
                }
            }
            sleep(POLL_MS).await;
        }
    }

    /// Starts the job (`start`) or cancels it, kept at once, so a reload right after shows it.
    fn steer(self, start: bool) {
        leptos::task::spawn_local(async move {
            let Some(job_id) = self.current.with_untracked(|t| t.job.as_ref().map(|j| j.job_id.clone())) else {
                return;
            };
            self.steered.update_value(|n| *n += 1);
            match api::steer_fine_tune(&job_id, start).await {
                Ok(job) => self.take_in(&job).await,
                Err(error) => self.problem.set(Some(error.to_string())),
            }
        });
    }

    /// Forgets the model in this browser, after asking; the upstream's model is not touched.
    fn forget(self) {
        let (id, name) =
            self.current.with_untracked(|t| (t.id.clone(), t.model.clone().unwrap_or_else(|| t.id.clone())));
        if !window().confirm_with_message(&fill(i18n::lab::t().FT_FORGET_CONFIRM, &[&name])).unwrap_or(false) {
            return;
        }
        leptos::task::spawn_local(async move {
            let forgotten = match self.store.open().await {
                Ok(repo) => repo.delete_tuned(&id).await,
                Err(error) => Err(error),
            };
            match forgotten {
                Ok(()) => self.on_forgotten.run(()),
                Err(error) => self.problem.set(Some(error.to_string())),
            }
        });
    }

    /// The job as the upstream now reports it, taken into the card and kept in this browser; a
    /// problem keeping it is shown on the card.
    async fn take_in(self, job: &FineTuneJob) {
        let Some(mut tuned) = self.current.try_get_untracked() else { return };
        tuned.absorb(job, clock::now_ms());
        let kept = match self.store.open().await {
            Ok(repo) => repo.save_tuned(&tuned).await.err().map(|e| e.to_string()),
            Err(error) => Some(error.to_string()),
        };
        self.problem.try_set(kept);
        self.current.try_set(tuned);
    }
}

#[component]
fn TunedCard(tuned: TunedModel, on_forgotten: Callback<()>) -> impl IntoView {
    let card = Card {
        store: use_store(),
        current: RwSignal::new(tuned),
        problem: RwSignal::new(None),
        steered: StoredValue::new(0),
        on_forgotten,
    };
    leptos::task::spawn_local(card.follow());
    move || {
        let tuned = card.current.get();
        let w = i18n::lab::t();
        let title = tuned.model.clone().or_else(|| tuned.job.as_ref().map(|j| j.job_id.clone())).unwrap_or_default();
        let job = tuned.job.as_ref();
        let status = job.map(|j| j.status.clone()).unwrap_or_else(|| w.FT_REGISTERED.to_owned());
        let stage = job.and_then(JobState::stage);
        let badge = match stage {
            Some(stage) => format!("{} · {status}", stage_word(stage)),
            None => status.clone(),
        };
        let failure = job.and_then(|j| j.failure.clone());
        let needs_endpoint = tuned.needs_endpoint && tuned.model.is_some();
        view! {
            <article class="card" data-testid="tuned" data-status=status data-stage=stage.map(stage_name)>
                <h3>{title}</h3>
                <p class="badge" data-testid="tuned-status">{badge}</p>
                <p class="muted">{facts(&tuned)}</p>
                {failure.map(|why| view! { <p class="notice" data-testid="tuned-failure">{fill(w.FT_FAILURE, &[&why])}</p> })}
                {job.map(|j| view! { <p class="muted" data-testid="tuned-history">{history_line(j)}</p> })}
                {job.filter(|j| !j.checkpoints.is_empty()).map(losses)}
                {tuned.model.clone().map(usable)}
                {needs_endpoint.then(|| view! { <p class="notice" data-testid="tuned-needs-endpoint">{w.FT_NEEDS_ENDPOINT}</p> })}
                {actions(card, job)}
                {card.problem.get().map(|message| failed(message, "tuned-error"))}
            </article>
        }
    }
}

/// Where the model comes from, and the curator's note.
fn facts(tuned: &TunedModel) -> String {
    let mut facts: Vec<String> = crate::components::lineage(tuned).into_iter().collect();
    if !tuned.note.is_empty() {
        facts.push(tuned.note.clone());
    }
    facts.join(" · ")
}

/// A stage in the reader's language.
fn stage_word(stage: Stage) -> &'static str {
    let w = i18n::lab::t();
    match stage {
        Stage::Queued => w.FT_STAGE_QUEUED,
        Stage::Validating => w.FT_STAGE_VALIDATING,
        Stage::Validated => w.FT_STAGE_VALIDATED,
        Stage::Running => w.FT_STAGE_RUNNING,
        Stage::Deploying => w.FT_STAGE_DEPLOYING,
        Stage::Succeeded => w.FT_STAGE_SUCCEEDED,
        Stage::Failed => w.FT_STAGE_FAILED,
        Stage::Cancelling => w.FT_STAGE_CANCELLING,
        Stage::Cancelled => w.FT_STAGE_CANCELLED,
    }
}

/// A stage as the wire names it, for the card's `data-stage`.
fn stage_name(stage: Stage) -> String {
    serde_json::to_value(stage).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Every status the job went through, with when.
fn history_line(job: &JobState) -> String {
    job.history
        .iter()
        .map(|(status, at_ms)| format!("{status} ({})", clock::show(*at_ms).map(|s| s.local).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(" → ")
}

fn losses(job: &JobState) -> impl IntoView + use<> {
    let w = i18n::lab::t();
    let loss = |l: Option<f64>| l.map_or_else(|| "—".to_owned(), hundredths);
    let rows = job
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
}

/// The model's id, and where to use it: the evaluation and the playground.
fn usable(model: String) -> impl IntoView {
    let w = i18n::lab::t();
    let evaluate = format!("/evaluate?models={}", js_sys::encode_uri_component(&model));
    let playground = format!("/playground?model={}", js_sys::encode_uri_component(&model));
    view! {
        <p data-testid="tuned-model">{fill(w.FT_MODEL_ID, &[&model])}</p>
        <p class="actions">
            <a href=evaluate rel="external" data-testid="tuned-evaluate">{w.FT_EVALUATE}</a>
            <a href=playground rel="external" data-testid="tuned-playground">{w.FT_PLAYGROUND}</a>
        </p>
    }
}

/// Start, cancel and forget, as the job's state allows.
fn actions(card: Card, job: Option<&JobState>) -> impl IntoView + use<> {
    let w = i18n::lab::t();
    let (can_start, can_cancel) = job.map_or((false, false), |j| (j.can_start(), !j.is_final()));
    // A job still queued or running is cancelled first: forgetting it would leave it running unseen.
    let can_forget = job.is_none_or(|j| j.is_final());
    view! {
        <div class="actions">
            {can_start.then(|| view! { <button type="button" class="primary" data-testid="tuned-start" on:click=move |_| card.steer(true)>{w.FT_START}</button> })}
            {can_cancel.then(|| view! { <button type="button" data-testid="tuned-cancel" on:click=move |_| card.steer(false)>{w.FT_CANCEL}</button> })}
            {can_forget.then(|| view! { <button type="button" data-testid="tuned-forget" on:click=move |_| card.forget()>{w.FT_FORGET}</button> })}
        </div>
    }
}
