//! What a voter's browser keeps in `localStorage`: an anonymous voter id made on the first visit
//! (the same for every ballot, `anonymous`), and each ballot's session ([`Saved`]). Small, synchronous and there
//! on every phone browser; IndexedDB would weigh more on this page than it brings.

use super::session::Saved;
use crate::js::{from_js, parse_json, to_json};

const VOTER_KEY: &str = "tallas.voter";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// This browser's voter id, the same for every ballot.
pub fn voter_id() -> String {
    crate::open::anonymous::kept_id(VOTER_KEY)
}

fn ballot_key(ballot_id: &str) -> String {
    format!("tallas.ballot.{ballot_id}")
}

/// The session kept for `ballot_id`; a fresh one when there is none or it cannot be read.
pub fn load(ballot_id: &str) -> Saved {
    storage()
        .and_then(|s| s.get_item(&ballot_key(ballot_id)).ok().flatten())
        .and_then(|text| parse_json(&text).ok())
        .and_then(|value| from_js(value).ok())
        .unwrap_or_default()
}

/// Keeps the session; `false` when this browser keeps nothing (a private window, storage full).
pub fn save(ballot_id: &str, saved: &Saved) -> bool {
    let Some(storage) = storage() else { return false };
    to_json(saved).is_ok_and(|text| storage.set_item(&ballot_key(ballot_id), &text).is_ok())
}
