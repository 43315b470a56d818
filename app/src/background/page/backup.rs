//! Backups, written, checked and restored by a background worker: the page's WASM carries
//! neither the backup's (de)serializers nor its checks, and a big workspace does not freeze the page.

use super::{WorkerError, request};
use crate::background::Request;
use crate::background::messages::{BackupAsk, BackupReply};

/// Asks a new worker and waits for its answer.
pub async fn ask(ask: BackupAsk, text: Option<String>, now_ms: u64) -> Result<BackupReply, WorkerError> {
    request(&Request::Backup { ask, text, now_ms }).await
}
