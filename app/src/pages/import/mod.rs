//! Importing files: transcripts and tables in, per-file results out, everything read written to
//! the workspace in one transaction (a failed write keeps nothing, so the import can be retried).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

mod report;
mod routine_details;

use crate::background::page::Spare;
use crate::background::page::import::import_off_thread;
use crate::browser::load_local;
use crate::clock;
use crate::components;
use crate::domain::import::ImportOptions;
use crate::failure::Failure;
use crate::i18n;
use crate::store::{JokeRepo, StoredCounts, use_store};
use report::{ImportReport, Imported};
use routine_details::RoutineDetails;

/// Has a worker read, parse and save the files.
async fn import_files(spare: Option<Spare>, files: Vec<web_sys::File>, options: ImportOptions) -> Imported {
    match import_off_thread(spare, files, options, clock::now_ms()).await {
        Ok(reply) => Imported { files: reply.reports, saved: reply.saved.map_err(Failure::Refused) },
        Err(error) => Imported { files: Vec::new(), saved: Err(Failure::from(error)) },
    }
}

/// The files of a file list, in order.
fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return vec![] };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

#[component]
pub fn ImportPage() -> impl IntoView {
    let store = use_store();
    let lenient = RwSignal::new(false);
    // The worker that will import, started now: its WASM loads while the curator chooses files.
    // Each import uses it up and starts the next; leaving the page ends it.
    let spare = StoredValue::new_local(Spare::start().ok());
    // What the store held when the page opened, read once; each import then adds what the store
    // says it added, rather than reading every joke again while its report is drawn.
    let stored = load_local(move || async move { store.open().await?.counts().await });
    let added = RwSignal::new(StoredCounts::default());
    let import = Action::new_local(move |files: &Vec<web_sys::File>| {
        let worker = spare.try_update_value(Option::take).flatten();
        let imported = import_files(worker, files.clone(), ImportOptions { lenient: lenient.get_untracked() });
        async move {
            let imported = imported.await;
            if let Ok(counts) = &imported.saved {
                added.try_update(|added| {
                    added.routines += counts.routines_added;
                    added.jokes += counts.jokes_added;
                });
            }
            spare.try_set_value(Spare::start().ok());
            imported
        }
    });
    let pending = import.pending();
    let start = Callback::new(move |files: Vec<web_sys::File>| {
        if !files.is_empty() && !pending.get_untracked() {
            import.dispatch_local(files);
        }
    });
    let totals = move || {
        components::loaded(stored.get(), i18n::t().WORKSPACE_LOADING, "workspace-error", |stored| {
            let added = added.get();
            let (routines, jokes) = (stored.routines + added.routines, stored.jokes + added.jokes);
            view! { <Totals routines jokes /> }
        })
    };
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{i18n::t().IMPORT.label}</h1>
            <p class="lede">{i18n::t().IMPORT.summary}</p>
            {dropzone(start, pending)}
            <div class="check-row">
                <input id="lenient" type="checkbox" bind:checked=lenient />
                <label for="lenient">{i18n::t().IMPORT_LENIENT}</label>
            </div>
            <p class="hint">{i18n::t().IMPORT_LENIENT_HINT}</p>

            <div aria-live="polite">
                <Show when=move || pending.get()>
                    <p class="muted">
                        <span class="spinner" aria-hidden="true"></span>
                        {i18n::t().IMPORTING}
                    </p>
                </Show>
                {move || import.value().get().map(|imported| view! { <ImportReport imported /> })}
            </div>

            <section class="workspace-totals" aria-labelledby="totals-title">
                <h2 id="totals-title">{i18n::t().WORKSPACE_TITLE}</h2>
                {totals}
            </section>
            <RoutineDetails imports=import.version() />
        </section>
    }
}

/// Where files are dropped or chosen; `start` imports them, unless an import is `pending`.
fn dropzone(start: Callback<Vec<web_sys::File>>, pending: Memo<bool>) -> impl IntoView {
    let dragging = RwSignal::new(false);
    let on_change = move |event: leptos::ev::Event| {
        let input = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        if let Some(input) = input {
            start.run(files_of(input.files()));
            // Choosing the same file again (after fixing it) must fire `change` again.
            input.set_value("");
        }
    };
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        dragging.set(false);
        start.run(files_of(event.data_transfer().and_then(|d| d.files())));
    };
    view! {
        <label
            class="dropzone"
            class:dragging=move || dragging.get()
            aria-busy=move || pending.get().to_string()
            on:dragover=move |event: leptos::ev::DragEvent| {
                event.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <span class="dropzone-title">{i18n::t().IMPORT_DROP}</span>
            <span class="hint">{i18n::t().IMPORT_FORMATS}</span>
            <input
                type="file"
                multiple
                data-testid="import-files"
                accept=".jsonl,.json,.json3,.srt,.vtt,.sbv,.tsv,.ttml,.srv3,.xml,.txt,.csv"
                on:change=on_change
                disabled=move || pending.get()
            />
        </label>
    }
}

#[component]
fn Totals(routines: usize, jokes: usize) -> impl IntoView {
    if routines == 0 && jokes == 0 {
        return view! { <p class="empty-state" data-testid="workspace-empty">{i18n::t().WORKSPACE_EMPTY}</p> }
            .into_any();
    }
    view! {
        <p data-testid="workspace-totals">
            {i18n::fill(i18n::t().WORKSPACE_COUNTS, &[&routines, &jokes])}
            <a href=crate::areas::Area::Jokes.path()>{i18n::t().IMPORT_SEE_JOKES}</a>
        </p>
    }
    .into_any()
}
