//! Where a tuned model comes from, in words: the frozen dataset it learnt from (and, for one
//! trained with its training kit, how), and its base model. The Fine-tune page shows it on each
//! tuned model; the playground and the evaluation beside the models the curator chose.

use leptos::prelude::*;

use crate::browser::load_local;
use crate::domain::tuning::TunedModel;
use crate::i18n::{self, fill};
use crate::store::{TuningRepo, use_store};

/// `tuned`'s lineage; `None` when nothing is known of it.
pub fn lineage(tuned: &TunedModel) -> Option<String> {
    let w = i18n::t();
    let mut facts = Vec::new();
    match (&tuned.dataset, tuned.method) {
        (Some(dataset), Some(method)) => facts.push(fill(w.LINEAGE_KIT, &[&dataset.name, &method.name()])),
        (Some(dataset), None) => facts.push(fill(w.LINEAGE_DATASET, &[&dataset.name])),
        (None, _) => {}
    }
    if let Some(base) = &tuned.base {
        facts.push(fill(w.LINEAGE_BASE, &[base]));
    }
    (!facts.is_empty()).then(|| facts.join(" · "))
}

/// The lineage of each of `models` that is a tuned model kept in this browser.
#[component]
pub fn Lineage(#[prop(into)] models: Signal<Vec<String>>) -> impl IntoView {
    let store = use_store();
    let tuned = load_local(move || async move { store.open().await?.tuned().await });
    move || {
        let kept = tuned.get().and_then(Result::ok).unwrap_or_default();
        let chosen = models.get();
        kept.into_iter()
            .filter(|t| t.model.as_ref().is_some_and(|m| chosen.contains(m)))
            .filter_map(|t| Some((t.model.clone()?, lineage(&t)?)))
            .map(|(model, words)| view! { <p class="hint lineage" data-testid="lineage">{fill(i18n::t().LINEAGE, &[&model, &words])}</p> })
            .collect_view()
    }
}
