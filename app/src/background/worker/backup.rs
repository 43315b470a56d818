//! Backups: the export file written from the store, and a backup file read, checked and
//! restored in one transaction.

use super::backup_file;
use crate::background::messages::{BackupAsk, BackupReply};
use crate::store::{DB_NAME, IndexedDbStore, JokeRepo};

pub(super) async fn answer(ask: BackupAsk, text: String, now_ms: u64) -> BackupReply {
    match ask {
        BackupAsk::Check => match backup_file::from_json(&text) {
            Ok(backup) => BackupReply::Checked { summary: backup.summary() },
            Err(error) => BackupReply::Refused(error.to_string()),
        },
        BackupAsk::Export => {
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
        BackupAsk::Restore => {
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
