//! The fine-tuning dataset: selection rules as a form (`rules`), a live preview of what they give
//! (`preview`: counts, what each rule leaves out, keywords, tokens, cost, the validator's
//! verdict), freezing it as a named snapshot, the frozen ones listed with their files
//! (`snapshots`), and any JSONL file checked by the same validator (`validate`). The building
//! happens in a background worker (`background::page::run`), so the page stays responsive.

mod kit;
mod preview;
mod rules;
mod snapshots;
mod validate;

use leptos::prelude::*;
use tallas_core::dataset::BuildConfig;

use crate::background::messages::{DatasetAsk, DatasetReply};
use crate::background::page::run;
use crate::browser::{load_local, sleep};
use crate::clock;
use crate::components;
use crate::domain::dataset::Preview;
use crate::failure::Failure;
use crate::i18n::{self, fill};
use preview::PreviewView;
use rules::{Draft, RulesForm};
use snapshots::Snapshots;
use validate::ValidateFile;

/// How long the rules must rest before a preview is built: typing "120" builds once, not thrice.
const SETTLE_MS: u32 = 400;

#[component]
pub fn DatasetPage() -> impl IntoView {
    let draft = Draft::new();
    // The config each preview was asked for, to drop the ones typed over before they are built.
    let asked = StoredValue::new(0u64);
    let preview = load_local(move || {
        let config = draft.config();
        asked.update_value(|n| *n += 1);
        let this = asked.get_value();
        async move {
            // A number half typed ("1" on the way to "1500") is not reported as out of range.
            sleep(SETTLE_MS).await;
            if asked.try_get_value() != Some(this) {
                return Err(Failure::OtherAnswer);
            }
            build_preview(config.map_err(Failure::Refused)?).await
        }
    });
    let frozen = RwSignal::new(0u32);
    let empty = Signal::derive(move || matches!(preview.get(), Some(Ok(p)) if p.train + p.validation == 0));
    let w = i18n::t();
    view! {
        <section class="page page-wide" aria-labelledby="page-title">
            <h1 id="page-title">{w.DATASET.label}</h1>
            <p class="lede">{w.DATASET.summary}</p>
            <div class="dataset-layout">
                <RulesForm draft />
                <div>
                    {move || components::loaded(preview.get(), i18n::lab::t().DATASET_BUILDING, "dataset-error", |preview| {
                        view! { <PreviewView preview /> }
                    })}
                    <Freeze draft empty frozen />
                </div>
            </div>
            <p class="hint">{i18n::lab::t().DATASET_RECIPES}</p>
            <Snapshots frozen />
            <ValidateFile />
        </section>
    }
}

async fn build_preview(config: BuildConfig) -> Result<Preview, Failure> {
    match run(DatasetAsk::Preview(config)).await? {
        DatasetReply::Preview(preview) => Ok(preview),
        DatasetReply::Failed(why) => Err(Failure::Refused(why)),
        _ => Err(Failure::OtherAnswer),
    }
}

/// Names the build the rules give and keeps it as a snapshot.
#[component]
fn Freeze(
    draft: Draft,
    /// Whether no joke passes: nothing to freeze.
    empty: Signal<bool>,
    /// Bumped when a snapshot was frozen.
    frozen: RwSignal<u32>,
) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let freeze = Action::new_local(move |_: &()| {
        let (name, config) = (name.get_untracked().trim().to_owned(), untrack(|| draft.config()));
        async move {
            if name.is_empty() {
                return Err(Failure::Refused(i18n::lab::t().DATASET_NAME_MISSING.to_owned()));
            }
            let ask_freeze =
                DatasetAsk::Freeze { name, config: config.map_err(Failure::Refused)?, now_ms: clock::now_ms() };
            match run(ask_freeze).await? {
                DatasetReply::Frozen(summary) => {
                    frozen.update(|n| *n += 1);
                    Ok(summary.name)
                }
                DatasetReply::Failed(why) => Err(Failure::Refused(why)),
                _ => Err(Failure::OtherAnswer),
            }
        }
    });
    let w = i18n::lab::t();
    let nothing = move || view! { <p class="empty-state" data-testid="dataset-empty">{w.DATASET_EMPTY}</p> };
    view! {
        <Show when=move || !empty.get() fallback=nothing>
        <form class="form-row dataset-freeze" on:submit=move |e| { e.prevent_default(); freeze.dispatch_local(()); }>
            <div class="field">
                <label for="dataset-name">{w.DATASET_NAME}</label>
                <input id="dataset-name" data-testid="dataset-name" placeholder=w.DATASET_NAME_HINT bind:value=name />
            </div>
            <button type="submit" class="primary" data-testid="dataset-freeze" disabled=move || freeze.pending().get()>
                {move || if freeze.pending().get() { w.DATASET_FREEZING } else { w.DATASET_FREEZE }}
            </button>
        </form>
        {move || freeze.value().get().map(|outcome| match outcome {
            Ok(name) => view! { <p class="hint" role="status" data-testid="dataset-frozen">{fill(w.DATASET_FROZEN, &[&name])}</p> }.into_any(),
            Err(why) => components::failed(why.to_string(), "dataset-freeze-error"),
        })}
        </Show>
    }
}
