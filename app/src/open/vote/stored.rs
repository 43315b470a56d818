//! What a voter's browser keeps in `localStorage`: an anonymous voter id made on the first visit
//! (the same for every ballot, `anonymous`), and each ballot's session ([`Saved`]). Small, synchronous and there
//! on every phone browser; IndexedDB would weigh more on this page than it brings.

use super::session::Saved;
use crate::local_storage;

const VOTER_KEY: &str = "tallas.voter";

/// This browser's voter id, the same for every ballot.
pub fn voter_id() -> String {
    crate::open::anonymous::kept_id(VOTER_KEY)
}

fn ballot_key(ballot_id: &str) -> String {
    format!("tallas.ballot.{ballot_id}")
}

/// The session kept for `ballot_id`; a fresh one when there is none or it cannot be read.
pub fn load(ballot_id: &str) -> Saved {
    local_storage::read_json(&ballot_key(ballot_id)).unwrap_or_default()
}

/// Keeps the session; `false` when this browser keeps nothing (a private window, storage full).
pub fn save(ballot_id: &str, saved: &Saved) -> bool {
    local_storage::write_json(&ballot_key(ballot_id), saved)
}
