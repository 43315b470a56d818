//! The backup file's text, in the browser: JSON through the browser's own `JSON` and the same
//! serde-wasm-bindgen conversion the store uses for IndexedDB. Going through serde_json instead
//! would compile a second (de)serializer for every record type into the app's WASM (about 50 KB
//! gzipped) for a feature used once in a while.

use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use crate::workspace::backup::{self, Backup, BackupError};

/// The backup as JSON text.
pub fn to_json(backup: &Backup) -> Result<String, String> {
    // As indexed_db_futures serialises records, so the code is shared.
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    let value = backup.serialize(&serializer).map_err(|e| e.to_string())?;
    let text = js_sys::JSON::stringify(&value).map_err(|_| crate::i18n::t().BACKUP_UNWRITABLE.to_owned())?;
    Ok(String::from(text))
}

/// Reads a backup file's text, checking what the file is before its contents.
pub fn from_json(text: &str) -> Result<Backup, BackupError> {
    let value = js_sys::JSON::parse(text).map_err(|error| {
        let message = error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message()));
        BackupError::NotJson(message.unwrap_or_else(|| crate::i18n::t().BACKUP_UNREADABLE.into()))
    })?;
    let field = |name: &str| js_sys::Reflect::get(&value, &JsValue::from_str(name)).ok();
    let format = field("format").and_then(|f| f.as_string());
    backup::check_header(format.as_deref(), field("version").and_then(|v| v.as_f64()))?;
    let backup: Backup = serde_wasm_bindgen::from_value(value).map_err(|e| BackupError::Damaged(e.to_string()))?;
    backup::check(backup)
}
