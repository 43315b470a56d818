//! Any JSONL file, checked by the validator every build uses: the report names each problem's
//! line. The file is read in the background worker and nothing is kept.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::background::messages::{DatasetAsk, DatasetReply};
use crate::background::page::run;
use crate::components;
use crate::failure::Failure;
use crate::i18n;

use super::preview::Report;

#[component]
pub fn ValidateFile() -> impl IntoView {
    let check = Action::new_local(move |files: &js_sys::Array| {
        let files = files.clone();
        async move {
            match run(DatasetAsk::Validate { files }).await? {
                DatasetReply::Report(report) => Ok(report),
                DatasetReply::Failed(why) => Err(Failure::Refused(why)),
                _ => Err(Failure::OtherAnswer),
            }
        }
    });
    let on_file = move |event: leptos::ev::Event| {
        let input = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|files| files.get(0)) else { return };
        if let Some(input) = input {
            // The same file chosen again (after fixing it) is checked again.
            input.set_value("");
        }
        check.dispatch_local(js_sys::Array::of1(&file));
    };
    let w = i18n::lab::t();
    view! {
        <section aria-labelledby="dataset-validate-title">
            <h2 id="dataset-validate-title">{w.DATASET_VALIDATE}</h2>
            <p class="hint">{w.DATASET_VALIDATE_HINT}</p>
            <label class="file-button">
                {w.DATASET_VALIDATE}
                <input type="file" accept=".jsonl,.json,.txt" data-testid="dataset-validate-file" on:change=on_file />
            </label>
            {move || check.pending().get().then(|| view! { <p class="muted">{w.DATASET_CHECKING}</p> })}
            {move || check.value().get().map(|outcome| match outcome {
                Ok(report) => view! { <Report report test_id="dataset-file-report" /> }.into_any(),
                Err(why) => components::failed(why.to_string(), "dataset-validate-error"),
            })}
        </section>
    }
}
