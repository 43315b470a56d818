//! The Tallas curator app: a Leptos single-page app, rendered in the browser.
//!
//! `Shell` is the header and the main region; `App` and `Lab`, the curator's two page binaries,
//! each put one route per area of theirs in it; `pages` has one folder per area with the
//! components only it uses, `components` what two or more pages share, `api` the worker client,
//! `store` the IndexedDB repositories and `background` the Web Worker that keeps heavy work off
//! the page. See ARCHITECTURE.md for how a new area is added.

pub mod access;
pub mod api;
pub mod areas;
pub mod background;
pub mod browser;
pub mod clock;
pub mod components;
pub mod domain;
pub mod failure;
pub mod i18n;
pub mod js;
pub mod local_storage;
pub mod numbers;
pub mod open;
pub mod pages;
pub mod pipeline;
pub mod preferences;
pub mod store;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::background::page::pipeline::provide_pipeline;
use crate::components::{Nav, provide_ballot_draft};
use crate::pages::{
    DatasetPage, EvaluatePage, FineTunePage, HomePage, ImportPage, JokesPage, NotFoundPage, PlaygroundPage, RunsPage,
    SettingsPage, VotePage,
};
use crate::store::provide_store;

/// Starts a curator app in the page: `App` (`main.rs`) or `Lab` (`bin/lab.rs`).
pub fn start<F, V>(app: F)
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    // Panics show their message in the console instead of "unreachable executed".
    console_error_panic_hook::set_once();
    i18n::start();
    if let Some(shell) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app-shell")) {
        shell.remove();
    }
    leptos::mount::mount_to_body(app);
    // For the first-render benchmark (tests/bench/app.mjs): when the app's own view is in the page.
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("tallas-mounted");
    }
}

/// The curator's first page: import, runs, jokes, ballots, the playground and settings. The
/// experiment's areas are [`Lab`], a page binary of their own.
#[component]
pub fn App() -> impl IntoView {
    provide_ballot_draft();
    view! {
        <Shell lab=false>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=HomePage />
                <Route path=path!("/import") view=ImportPage />
                <Route path=path!("/runs") view=RunsPage />
                <Route path=path!("/jokes") view=JokesPage />
                <Route path=path!("/vote") view=VotePage />
                <Route path=path!("/playground") view=PlaygroundPage />
                <Route path=path!("/settings") view=SettingsPage />
            </Routes>
        </Shell>
    }
}

/// The experiment's areas: the dataset, fine-tuning and evaluation. A second page binary
/// (`bin/lab.rs`, `app/lab.html`, served by the worker for these paths), so the first page's load
/// carries none of them and each binary keeps its own size budget (docs/BENCHMARKS.md, size
/// ledger). The two share the store, the background worker and the header; a link from one to the
/// other loads the other page.
#[component]
pub fn Lab() -> impl IntoView {
    view! {
        <Shell lab=true>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/dataset") view=DatasetPage />
                <Route path=path!("/fine-tune") view=FineTunePage />
                <Route path=path!("/evaluate") view=EvaluatePage />
            </Routes>
        </Shell>
    }
}

/// What both apps share: the store, the pipeline, the language, the header and the main region.
#[component]
fn Shell(lab: bool, children: ChildrenFn) -> impl IntoView {
    provide_store();
    crate::access::provide(crate::api::curator_token().is_none());
    provide_pipeline();
    i18n::provide_lang();
    // Drawn again, in the new language, when the curator changes it (Settings).
    move || {
        i18n::use_lang();
        let children = children.clone();
        view! {
            <Router>
                <Nav lab />
                // Focusable so the skip link can move focus here.
                <main id="main" class="content" tabindex="-1">
                    {children()}
                </main>
            </Router>
        }
    }
}
