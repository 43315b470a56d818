//! The Tallas curator app: a Leptos single-page app, rendered in the browser.
//!
//! `App` is the shell (header and routes); `pages` has one module per route, `components` the
//! shared pieces, `api` the worker client and `store` the IndexedDB repositories.

pub mod api;
pub mod background;
pub mod backup_file;
pub mod backup_worker;
pub mod browser;
pub mod clock;
pub mod components;
pub mod dupes_worker;
pub mod i18n;
pub mod import_worker;
pub mod numbers;
pub mod pages;
pub mod pipeline;
pub mod preferences;
pub mod store;
pub mod workspace;

use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::{NavigateOptions, path};

use crate::components::Nav;
use crate::pages::{
    DatasetPage, EvaluatePage, FineTunePage, ImportPage, JokesPage, NotFoundPage, PlaygroundPage, RunsPage,
    SettingsPage, VotePage,
};
use crate::pipeline::client::provide_pipeline;
use crate::store::provide_store;

#[component]
pub fn App() -> impl IntoView {
    provide_store();
    provide_pipeline();

    view! {
        <Router>
            <Nav />
            // Focusable so the skip link can move focus here.
            <main id="main" class="content" tabindex="-1">
                <Routes fallback=|| view! { <NotFoundPage /> }>
                    <Route path=path!("/") view=HomeRedirect />
                    <Route path=path!("/import") view=ImportPage />
                    <Route path=path!("/runs") view=RunsPage />
                    <Route path=path!("/jokes") view=JokesPage />
                    <Route path=path!("/vote") view=VotePage />
                    <Route path=path!("/vote/:id") view=VotePage />
                    <Route path=path!("/dataset") view=DatasetPage />
                    <Route path=path!("/fine-tune") view=FineTunePage />
                    <Route path=path!("/evaluate") view=EvaluatePage />
                    <Route path=path!("/playground") view=PlaygroundPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
            </main>
        </Router>
    }
}

/// `/` is the playground, under one canonical address so the nav marks it as current.
#[component]
fn HomeRedirect() -> impl IntoView {
    // Replace, so Back does not bounce through `/`.
    let options = NavigateOptions { replace: true, ..Default::default() };
    view! { <Redirect path=i18n::t().PLAYGROUND.path options /> }
}
