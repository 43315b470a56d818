//! Fine-tuning: a frozen dataset's files uploaded, an estimate, a job created and started, followed
//! to its tuned model id, on Mistral or a provider that tunes in its own dialect (`new_job`,
//! `tuned`); or a model tuned elsewhere (the curator's GPU with TRL or Unsloth, served by vLLM,
//! llama.cpp or Ollama) registered by its id (`register`). Every tuned model is kept in this browser with
//! its dataset and offered to the evaluation and the playground.
//!
//! Mistral's fine-tuning API is deprecated: when no model can be tuned in `/api/models` (no
//! provider names a fine-tuning dialect), the page says so and leaves the export and the
//! registration.

mod new_job;
mod register;
mod tuned;

use leptos::prelude::*;

use crate::api;
use crate::background::page::dataset;
use crate::browser::load_local;
use crate::components;
use crate::domain::tuning::TunedModel;
use crate::i18n;
use crate::store::{Store, StoreError, TuningRepo, use_store};
use new_job::NewJob;
use register::Register;
use tuned::TunedList;

async fn load(store: Store) -> Result<Vec<TunedModel>, StoreError> {
    let mut all = store.open().await?.tuned().await?;
    all.sort_by_key(|t| std::cmp::Reverse(t.created_at_ms));
    Ok(all)
}

#[component]
pub fn FineTunePage() -> impl IntoView {
    let store = use_store();
    // Read again after each new job, registration or model forgotten.
    let saved = RwSignal::new(0u32);
    let tuned = load_local(move || {
        saved.track();
        load(store)
    });
    // Filled by tasks rather than resources: the lists need no suspense. `None` while being read,
    // so the form waits for both rather than refusing a click that came before the datasets.
    let datasets = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        datasets.set(Some(dataset::snapshots().await));
    });
    let bases = load_local(api::fine_tunable);
    let w = i18n::t();
    view! {
        <section class="page page-wide" aria-labelledby="page-title">
            <h1 id="page-title">{w.FINE_TUNE.label}</h1>
            <p class="lede">{w.FINE_TUNE.summary}</p>
            <NewJob datasets bases saved />
            <section aria-labelledby="tuned-title">
                <h2 id="tuned-title">{i18n::lab::t().FT_TUNED}</h2>
                {move || components::loaded(tuned.get(), i18n::lab::t().FT_LOADING, "tuned-error", |all| {
                    view! { <TunedList all on_forgotten=Callback::new(move |()| saved.update(|n| *n += 1)) /> }
                })}
            </section>
            <Register datasets saved />
        </section>
    }
}
