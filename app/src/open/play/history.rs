//! The player's last jokes, kept in this browser's `localStorage` (nowhere else): newest first,
//! at most [`KEPT`], so a reload or a return visit still shows them.

use serde::{Deserialize, Serialize};

use crate::js::{from_js, parse_json, to_json};

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

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// What this browser kept; nothing when it kept nothing or it cannot be read.
pub fn load() -> Vec<Exchange> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| parse_json(&text).ok())
        .and_then(|value| from_js::<Vec<Exchange>>(value).ok())
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
    if let (Some(storage), Ok(text)) = (storage(), to_json(kept)) {
        let _ = storage.set_item(KEY, &text);
    }
}
