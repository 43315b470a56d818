//! The player's last jokes, kept in this browser's `localStorage` (nowhere else): newest first,
//! at most [`KEPT`], so a reload or a return visit still shows them.

use serde::{Deserialize, Serialize};

use crate::local_storage;

const KEY: &str = "tallas.play.history";
/// How many exchanges stay.
pub const KEPT: usize = 5;

/// One keyword and the joke it got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    pub keyword: String,
    /// The public name of the model that told it.
    pub model: String,
    pub joke: String,
}

/// What this browser kept; nothing when it kept nothing or it cannot be read.
pub fn load() -> Vec<Exchange> {
    local_storage::read_json::<Vec<Exchange>>(KEY)
        .map(|mut kept| {
            kept.truncate(KEPT);
            kept
        })
        .unwrap_or_default()
}

/// `exchange` first in `kept`, the oldest dropped past [`KEPT`], and kept in this browser if it
/// keeps anything (a private window may not: the list then lasts as long as the page).
pub fn remember(kept: &mut Vec<Exchange>, exchange: Exchange) {
    kept.insert(0, exchange);
    kept.truncate(KEPT);
    local_storage::write_json(KEY, kept);
}
