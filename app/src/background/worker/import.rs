//! Importing files: the worker reads them (a `File` crosses to the worker without copying its
//! bytes), parses them and writes what it read to the store in one transaction.

use wasm_bindgen::JsCast;

use crate::background::messages::ImportReply;
use crate::browser;
use crate::domain::import::{FileReport, ImportBatch, ImportOptions, read_files};
use crate::store::{DB_NAME, ImportCounts, IndexedDbStore, JokeRepo, StoreError};

pub(super) async fn answer(files: js_sys::Array, lenient: bool, now_ms: u64) -> ImportReply {
    let mut read = Vec::new();
    let mut unreadable = Vec::new();
    let files: Vec<web_sys::File> = files.iter().map(JsCast::unchecked_into).collect();
    // Every read starts before the first is awaited: a corpus is a hundred files or more.
    let reading: Vec<_> = files.iter().map(|file| (file, browser::file_bytes(file))).collect();
    for (file, bytes) in reading {
        match bytes.await {
            Ok(bytes) => read.push((file.name(), bytes)),
            Err(reason) => unreadable.push(FileReport::unreadable(file.name(), reason)),
        }
    }
    let contents = read.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice()));
    let (mut reports, batch) = read_files(contents, ImportOptions { lenient }, now_ms);
    reports.extend(unreadable);
    ImportReply { reports, saved: save(batch).await.map_err(|error| error.to_string()) }
}

/// Writes what was read, in one transaction (nothing when the files held nothing to keep).
async fn save(batch: ImportBatch) -> Result<ImportCounts, StoreError> {
    if batch.is_empty() {
        return Ok(ImportCounts::default());
    }
    IndexedDbStore::open(DB_NAME).await?.import(batch).await
}
