//! The Tallas curator app: a Leptos single-page app, rendered in the browser.
//!
//! `App` is the shell (header and one route per area); `pages` has one folder per area with the
//! components only it uses, `components` what two or more pages share, `api` the worker client,
//! `store` the IndexedDB repositories and `background` the Web Worker that keeps heavy work off
//! the page. See ARCHITECTURE.md for how a new area is added.

pub mod api;
pub mod background;
pub mod browser;
pub mod clock;
pub mod components;
pub mod i18n;
pub mod js;
pub mod numbers;
pub mod open;
pub mod pages;
pub mod pipeline;
pub mod preferences;
pub mod store;
pub mod workspace;

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::background::page::pipeline::provide_pipeline;
use crate::components::{ComingSoon, Nav, provide_ballot_draft};
use crate::pages::{
    DatasetPage, EvaluatePage, ImportPage, JokesPage, NotFoundPage, PlaygroundPage, RunsPage, SettingsPage, VotePage,
};
use crate::store::provide_store;

#[component]
pub fn App() -> impl IntoView {
    provide_store();
    provide_pipeline();
    provide_ballot_draft();
    i18n::provide_lang();

    // Drawn again, in the new language, when the curator changes it (Settings).
    move || {
        i18n::use_lang();
        let w = i18n::t();
        view! {
        <Router>
            <Nav />
            // Focusable so the skip link can move focus here.
            <main id="main" class="content" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/import") view=ImportPage />
                    <Route path=path!("/runs") view=RunsPage />
                    <Route path=path!("/jokes") view=JokesPage />
                    <Route path=path!("/vote") view=VotePage />
                    <Route path=path!("/dataset") view=DatasetPage />
                    <Route path=path!("/fine-tune") view=move || view! { <ComingSoon area=&w.FINE_TUNE /> } />
                    <Route path=path!("/evaluate") view=EvaluatePage />
                    <Route path=path!("/playground") view=PlaygroundPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
            </main>
        </Router>
        }
    }
}

/// `/` goes to the playground: one canonical address, so the nav marks it as current; replaced,
/// so Back does not bounce through `/`.
#[component]
fn Home() -> impl IntoView {
    let options = NavigateOptions { replace: true, ..Default::default() };
    view! { <Redirect path=i18n::t().PLAYGROUND.path options /> }
}
