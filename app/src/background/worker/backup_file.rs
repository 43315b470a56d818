//! The backup file's text: JSON through `crate::js`, the conversion the store uses for IndexedDB.
//! serde_json would compile a second (de)serializer for every record type into the background
//! worker's WASM (26 KB gzipped, docs/BENCHMARKS.md size ledger), which the import page loads on
//! every visit, for a feature used once in a while.

use crate::domain::backup::{self, Backup, BackupError};
use crate::js::{field, from_js, parse_json, to_json as js_to_json};

/// The backup as JSON text.
pub fn to_json(backup: &Backup) -> Result<String, String> {
    js_to_json(backup).map_err(|_| crate::i18n::worker::t().BACKUP_UNWRITABLE.to_owned())
}

/// Reads a backup file's text, checking what the file is before its contents.
pub fn from_json(text: &str) -> Result<Backup, BackupError> {
    let value = parse_json(text).map_err(BackupError::NotJson)?;
    let format = field(&value, &["format"]).as_string();
    backup::check_header(format.as_deref(), field(&value, &["version"]).as_f64())?;
    backup::check(from_js(value).map_err(BackupError::Damaged)?)
}
