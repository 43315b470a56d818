//! Backups off the page: the background worker writes the export file and reads, checks and
//! restores a backup file, so the page's WASM carries neither the backup's (de)serializers nor
//! its checks, and a big workspace does not freeze the page.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::background::{self, WorkerError};
use crate::backup_file;
use crate::store::{DB_NAME, IndexedDbStore, WorkspaceRepo};

/// What the page asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    /// The whole workspace as a backup file.
    Export,
    /// Reads and checks a file, without writing anything: what it holds, for the curator to confirm.
    Check,
    /// Reads, checks and restores a file (replacing the workspace, in one transaction).
    Restore,
}

/// The worker's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupReply {
    Exported {
        json: String,
        exported_at_ms: u64,
        summary: String,
    },
    /// The file is a backup holding this.
    Checked {
        summary: String,
    },
    Restored {
        summary: String,
    },
    /// The file is not a backup this build can restore; nothing was written.
    Refused(String),
    /// The workspace could not be read or written; nothing changed.
    Failed(String),
}

/// The worker side. A request is `{backup: "export" | "check" | "restore", text?: string, now_ms?: number}`.
pub async fn answer(request: &JsValue) -> BackupReply {
    let field = |name: &str| js_sys::Reflect::get(request, &JsValue::from_str(name)).ok();
    let ask = field("backup").and_then(|v| serde_wasm_bindgen::from_value::<Ask>(v).ok());
    let text = field("text").and_then(|v| v.as_string()).unwrap_or_default();
    // Milliseconds since the epoch fit a f64 exactly; the cast saturates on nonsense.
    let now_ms = field("now_ms").and_then(|v| v.as_f64()).unwrap_or(0.0) as u64;
    let Some(ask) = ask else { return BackupReply::Failed("the request names no backup task".into()) };
    match ask {
        Ask::Check => match backup_file::from_json(&text) {
            Ok(backup) => BackupReply::Checked { summary: backup.summary() },
            Err(error) => BackupReply::Refused(error.to_string()),
        },
        Ask::Export => {
            let exported = match IndexedDbStore::open(DB_NAME).await {
                Ok(store) => store.export(now_ms).await,
                Err(error) => Err(error),
            };
            match exported.map_err(|e| e.to_string()).and_then(|b| backup_file::to_json(&b).map(|json| (b, json))) {
                Ok((backup, json)) => {
                    BackupReply::Exported { json, exported_at_ms: backup.exported_at_ms, summary: backup.summary() }
                }
                Err(error) => BackupReply::Failed(error),
            }
        }
        Ask::Restore => {
            // Read and checked before the store is even opened: a refused file touches nothing.
            let backup = match backup_file::from_json(&text) {
                Ok(backup) => backup,
                Err(error) => return BackupReply::Refused(error.to_string()),
            };
            let summary = backup.summary();
            let restored = match IndexedDbStore::open(DB_NAME).await {
                Ok(store) => store.restore(backup).await,
                Err(error) => Err(error),
            };
            match restored {
                Ok(()) => BackupReply::Restored { summary },
                Err(error) => BackupReply::Failed(error.to_string()),
            }
        }
    }
}

/// The page side: asks a new worker and waits for its answer.
pub async fn ask(ask: Ask, text: Option<String>, now_ms: u64) -> Result<BackupReply, WorkerError> {
    let request = js_sys::Object::new();
    let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&request, &JsValue::from_str(key), value);
    let ask = serde_wasm_bindgen::to_value(&ask).map_err(|e| WorkerError::Start(e.to_string()))?;
    let built = set("backup", &ask)
        .and(set("text", &text.map_or(JsValue::UNDEFINED, |t| JsValue::from_str(&t))))
        .and(set("now_ms", &JsValue::from_f64(now_ms as f64)));
    built.map_err(|e| WorkerError::Start(crate::browser::js_error_message(&e)))?;
    let reply = background::request(request.into()).await?;
    serde_wasm_bindgen::from_value(reply).map_err(|e| WorkerError::Crashed(e.to_string()))
}
