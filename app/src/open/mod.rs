//! The pages anyone opens without the curator token: a voter's `/vote/<ballot id>` (the public
//! playground will join it). They are their own WASM binary (`src/bin/open.rs`, built from
//! `app/open.html` by `Trunk.open.toml` into `dist/open/`, served by the worker for every such
//! path), phone first and small: they never load the curator's store, pipeline, pages or words.
//! They share core's wire types, the `js` and `browser` helpers, the i18n machinery (with their own
//! words, `i18n::open`) and the stylesheet.

mod api;
mod vote;

use leptos::prelude::*;

use crate::i18n::open::t;
use vote::VotePage;

/// Mounts the open pages; called by the binary's `main`.
pub fn start() {
    console_error_panic_hook::set_once();
    crate::i18n::start();
    leptos::mount::mount_to_body(OpenApp);
}

/// The page for this address. The worker sends every open path here, so the page reads its own.
#[component]
fn OpenApp() -> impl IntoView {
    let path = window().location().pathname().unwrap_or_default();
    match ballot_of(&path) {
        Some(id) => view! { <VotePage ballot_id=id.to_owned() /> }.into_any(),
        None => view! {
            <main class="voter" id="main">
                <p class="voter-state" data-testid="open-not-found">{t().OPEN_NOT_FOUND}</p>
            </main>
        }
        .into_any(),
    }
}

/// The ballot id of a voting address, `/vote/<id>` (a trailing slash allowed).
fn ballot_of(path: &str) -> Option<&str> {
    let id = path.strip_prefix("/vote/")?.trim_end_matches('/');
    (!id.is_empty() && !id.contains('/')).then_some(id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_voting_address_names_its_ballot() {
        assert_eq!(super::ballot_of("/vote/0123abcd"), Some("0123abcd"));
        assert_eq!(super::ballot_of("/vote/0123abcd/"), Some("0123abcd"));
        for other in ["/vote/", "/vote", "/play", "/vote/a/b", "/"] {
            assert_eq!(super::ballot_of(other), None, "{other}");
        }
    }
}
