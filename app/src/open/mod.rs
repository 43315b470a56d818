//! The pages anyone opens without the curator token: a voter's `/vote/<ballot id>` and the public
//! playground, `/play`. Each is its own WASM binary (`src/bin/open.rs` built from `app/open.html` by
//! `Trunk.open.toml` into `dist/open/`; `src/bin/play.rs` from `app/play.html` by `Trunk.play.toml`
//! into `dist/play-app/`), served by the worker for its paths, phone first and small: a voter never
//! downloads the playground, a player never the ballot, and neither the curator's store, pipeline,
//! pages or words. They share core's wire types, the `js` and `browser` helpers, the i18n machinery
//! (with their own words, `i18n::open`) and the stylesheet.

mod anonymous;
mod api;
mod play;
mod vote;

use leptos::prelude::*;

use crate::i18n::open::t;
use play::PlayPage;
use vote::VotePage;

/// Mounts a voter's page; called by the `open` binary's `main`.
pub fn start_vote() {
    console_error_panic_hook::set_once();
    crate::i18n::start();
    leptos::mount::mount_to_body(VoteApp);
}

/// Mounts the public playground; called by the `play` binary's `main`.
pub fn start_play() {
    console_error_panic_hook::set_once();
    crate::i18n::start();
    leptos::mount::mount_to_body(PlayPage);
}

/// The voter's page for this address. The worker sends every voting path here, so the page reads
/// its own.
#[component]
fn VoteApp() -> impl IntoView {
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
