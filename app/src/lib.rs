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
pub mod details_worker;
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
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::Nav;
use crate::pages::{ImportPage, JokesPage, PlaygroundPage, RunsPage, SettingsPage, UnroutedPage};
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
                <Routes fallback=|| view! { <UnroutedPage /> }>
                    <Route path=path!("/import") view=ImportPage />
                    <Route path=path!("/runs") view=RunsPage />
                    <Route path=path!("/jokes") view=JokesPage />
                    <Route path=path!("/playground") view=PlaygroundPage />
                    <Route path=path!("/settings") view=SettingsPage />
                </Routes>
            </main>
        </Router>
    }
}
