//! Jokes, the curation: every joke in the browser, searchable and filterable, labelled from
//! the keyboard, with undo and redo for every label and edit (bulk ones included).
//!
//! The page loads the jokes (`JokesPage`) and hands them to the board (`board`), which lays out
//! its parts over the curation's state (`curation`): the filters, the list, the joke view
//! (`detail`) and the shortcuts' help.

mod board;
mod curation;
mod detail;
mod graph_view;
mod keyboard;
mod labels;
mod list;
mod shortcuts_help;

use leptos::prelude::*;

use crate::browser::load_local;
use crate::components;
use crate::i18n;
use crate::store::use_store;
use board::Board;
use curation::load;

#[component]
pub fn JokesPage() -> impl IntoView {
    let store = use_store();
    // Bumped to reload from the store after a failed write.
    let reloads = RwSignal::new(0u32);
    // Here rather than in the board, which a reload builds anew: the failure that caused the
    // reload stays on screen.
    let failure = RwSignal::new(None::<String>);
    let loaded = load_local(move || {
        reloads.track();
        load(store)
    });
    view! {
        <section class="page page-wide" aria-labelledby="page-title">
            <h1 id="page-title">{i18n::t().JOKES.label}</h1>
            {move || {
                let state = loaded.get();
                components::loaded(state, i18n::t().JOKES_LOADING, "jokes-error", |loaded| view! { <Board loaded reloads failure /> })
            }}
        </section>
    }
}
