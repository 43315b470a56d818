//! Every path without a page of its own: `/` goes to the playground, the areas still to be built
//! (`/vote`, a shared `/vote/<id>` link, `/dataset`, `/fine-tune`, `/evaluate`) say what they will
//! do, and anything else is not found. One fallback rather than a route each: every route adds
//! its own matching and view code to the page's WASM, which has little room left.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::components::ComingSoon;
use crate::i18n::{self, Area};

/// What a path without a page shows.
#[derive(Clone, Copy)]
enum Unrouted<'a> {
    Home,
    /// An area still to be built, and the joke a vote link points at.
    ComingSoon(&'static Area, Option<&'a str>),
    NotFound,
}

fn unrouted(path: &str) -> Unrouted<'_> {
    let w = i18n::t();
    let path = if path == "/" { path } else { path.trim_end_matches('/') };
    if path == "/" {
        return Unrouted::Home;
    }
    if let Some(area) = [&w.VOTE, &w.DATASET, &w.FINE_TUNE, &w.EVALUATE].into_iter().find(|a| a.path == path) {
        return Unrouted::ComingSoon(area, None);
    }
    match path.strip_prefix(w.VOTE.path).and_then(|rest| rest.strip_prefix('/')) {
        Some(id) if !id.contains('/') => Unrouted::ComingSoon(&w.VOTE, Some(id)),
        _ => Unrouted::NotFound,
    }
}

#[component]
pub fn UnroutedPage() -> impl IntoView {
    let location = use_location();
    move || {
        let path = location.pathname.get();
        match unrouted(&path) {
            Unrouted::Home => {
                // One canonical address, so the nav marks the playground as current; replaced,
                // so Back does not bounce through `/`.
                let options = NavigateOptions { replace: true, ..Default::default() };
                view! { <Redirect path=i18n::t().PLAYGROUND.path options /> }.into_any()
            }
            Unrouted::ComingSoon(area, joke) => {
                let joke = joke.map(|id| format!("{} {id}", i18n::t().VOTE_FOR));
                view! {
                    <ComingSoon area>{joke.map(|text| view! { <p class="muted">{text}</p> })}</ComingSoon>
                }
                .into_any()
            }
            Unrouted::NotFound => view! {
                <section class="page" aria-labelledby="page-title">
                    <h1 id="page-title">{i18n::t().NOT_FOUND_TITLE}</h1>
                    <div class="empty-state" data-testid="not-found">
                        <p>{i18n::t().NOT_FOUND_TEXT}</p>
                        <p>
                            <a href=i18n::t().PLAYGROUND.path>{i18n::t().NOT_FOUND_LINK}</a>
                        </p>
                    </div>
                </section>
            }
            .into_any(),
        }
    }
}
