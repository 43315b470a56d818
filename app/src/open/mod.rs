//! The pages anyone opens without the curator token: a voter's `/vote/<ballot id>` and the public
//! playground, `/play`. They are their own WASM binary (`src/bin/open.rs`, built from
//! `app/open.html` by `Trunk.open.toml` into `dist/open/`, served by the worker for every such
//! path), phone first and small: they never load the curator's store, pipeline, pages or words.
//! They share core's wire types, the `js` and `browser` helpers, the i18n machinery (with their own
//! words, `i18n::open`) and the stylesheet.

mod api;
mod play;
mod vote;

use leptos::prelude::*;

use crate::i18n::open::t;
use play::PlayPage;
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
    if is_playground(&path) {
        return view! { <PlayPage /> }.into_any();
    }
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

/// The public playground's address, `/play` (a trailing slash allowed).
fn is_playground(path: &str) -> bool {
    path.trim_end_matches('/') == "/play"
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

    #[test]
    fn the_playground_is_play_alone() {
        assert!(super::is_playground("/play") && super::is_playground("/play/"));
        for other in ["/playground", "/play/x", "/", "/vote/play"] {
            assert!(!super::is_playground(other), "{other}");
        }
    }
}
