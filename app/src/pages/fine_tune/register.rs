//! A model tuned elsewhere (the curator's GPU served by vLLM, llama.cpp or Ollama; a provider's
//! own fine-tuning) registered by the id the worker routes it by, with the dataset it learnt from:
//! from then on it is offered like a model tuned here. One trained with a frozen dataset's training
//! kit records the kit (the dataset, `train.py`'s method) and its base: its lineage.

use leptos::prelude::*;
use tallas_core::api::validate_model_id;

use crate::clock;
use crate::components::failed;
use crate::domain::dataset::SnapshotSummary;
use crate::domain::evaluation::DatasetRef;
use crate::domain::tuning::{Method, TunedModel};
use crate::failure::Failure;
use crate::i18n::{self, fill};
use crate::store::{TuningRepo, use_store};

#[component]
pub fn Register(
    datasets: RwSignal<Option<Result<Vec<SnapshotSummary>, Failure>>>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    // The registration does not need a dataset: while none is read, or when they cannot be, it
    // offers only "none".
    let listed = move || datasets.get().and_then(Result::ok).unwrap_or_default();
    let store = use_store();
    let model = RwSignal::new(String::new());
    let dataset = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let base = RwSignal::new(String::new());
    let method = RwSignal::new(None::<Method>);
    let problem = RwSignal::new(None::<String>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let id = match validate_model_id(model.get_untracked().trim().to_owned()) {
            Ok(id) if !id.is_empty() => id,
            Ok(_) => return problem.set(Some(i18n::lab::t().FT_MODEL_EMPTY.to_owned())),
            Err(error) => return problem.set(Some(error.to_string())),
        };
        let chosen = dataset.get_untracked();
        let from = untrack(listed).into_iter().find(|d| d.id == chosen).map(|d| DatasetRef { id: d.id, name: d.name });
        // A kit is a frozen dataset's: its method says nothing without the dataset.
        if method.get_untracked().is_some() && from.is_none() {
            return problem.set(Some(i18n::lab::t().FT_KIT_NEEDS_DATASET.to_owned()));
        }
        let tuned = TunedModel {
            base: Some(base.get_untracked().trim().to_owned()).filter(|b| !b.is_empty()),
            method: method.get_untracked(),
            ..TunedModel::registered(id, from, note.get_untracked().trim().to_owned(), clock::now_ms())
        };
        leptos::task::spawn_local(async move {
            let kept = match store.open().await {
                Ok(repo) => repo.save_tuned(&tuned).await.map_err(Failure::from),
                Err(error) => Err(Failure::from(error)),
            };
            match kept {
                Ok(()) => {
                    problem.set(None);
                    model.set(String::new());
                    note.set(String::new());
                    base.set(String::new());
                    saved.update(|n| *n += 1);
                }
                Err(why) => problem.set(Some(why.to_string())),
            }
        });
    };
    let w = i18n::lab::t();
    view! {
        <form class="card evaluation-form" on:submit=submit aria-labelledby="register-title" data-testid="register-model">
            <h2 id="register-title">{w.FT_REGISTER}</h2>
            <p class="hint">{w.FT_REGISTER_HINT}</p>
            <label>{w.FT_MODEL}<input type="text" autocomplete="off" data-testid="register-id" bind:value=model placeholder="local:qwen2.5-7b-tallas" /></label>
            <label>
                {w.FT_DATASET}
                <select data-testid="register-dataset" on:change=move |e| dataset.set(event_target_value(&e))>
                    <option value="">{w.FT_NO_DATASET}</option>
                    {move || listed().into_iter().map(|d| view! { <option value=d.id.clone()>{d.name}</option> }).collect_view()}
                </select>
            </label>
            <label>
                {w.FT_KIT_METHOD}
                <select data-testid="register-method" on:change=move |e| method.set(Method::from_word(&event_target_value(&e)))>
                    <option value="">{w.FT_KIT_NONE}</option>
                    {Method::ALL.map(|m| view! { <option value=m.as_str()>{fill(w.FT_KIT_METHOD_OPTION, &[&m.name()])}</option> }).collect_view()}
                </select>
            </label>
            <label>{w.FT_REGISTER_BASE}<input type="text" autocomplete="off" data-testid="register-base" bind:value=base placeholder="Qwen/Qwen2.5-7B-Instruct" /></label>
            <label>{w.FT_NOTE}<input type="text" data-testid="register-note" bind:value=note /></label>
            <button type="submit" class="primary" data-testid="register-save">{w.FT_REGISTER_SAVE}</button>
            {move || problem.get().map(|message| failed(message, "register-error"))}
        </form>
    }
}
