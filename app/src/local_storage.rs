//! This browser's `localStorage`, the one way to it: small values the pages keep across visits
//! (the curator's token, language and last choices; a voter's session; a player's history and
//! anonymous id). Synchronous and on every phone browser. A browser that keeps nothing (a private
//! window, storage full or refused) reads as empty, and a write says whether it was kept.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::js::{from_js, parse_json, to_json};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The text kept under `key`, if any.
pub fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

/// Keeps `value` under `key`; `false` when this browser keeps nothing.
pub fn write(key: &str, value: &str) -> bool {
    storage().is_some_and(|storage| storage.set_item(key, value).is_ok())
}

/// Forgets `key`; `false` when this browser keeps nothing.
pub fn forget(key: &str) -> bool {
    storage().is_some_and(|storage| storage.remove_item(key).is_ok())
}

/// The value kept under `key` as JSON; `None` when there is none or it no longer reads as a `T`.
pub fn read_json<T: DeserializeOwned>(key: &str) -> Option<T> {
    from_js(parse_json(&read(key)?).ok()?).ok()
}

/// Keeps `value` under `key` as JSON; `false` when it was not kept.
pub fn write_json<T: Serialize>(key: &str, value: &T) -> bool {
    to_json(value).is_ok_and(|text| write(key, &text))
}
