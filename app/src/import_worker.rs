//! Importing files in a Web Worker, off the page's thread: the worker reads them and writes what
//! it read to the store, and the page gets the per-file reports and what the store made of them.
//!
//! Parsing a corpus (130 transcripts, 7.8 MB) takes a third of a second or more in WASM; on the page's thread
//! that would freeze the page. It also keeps the parsers, the Unicode tables and the CSV reader
//! out of the page's own WASM, which must load fast: they live in the background worker's WASM
//! (`crate::background`), loaded only when the curator imports something.
//!
//! One worker per import (a `background::Spare`, started when the import page opens, so that its
//! WASM has loaded by the time files are chosen): the page sends the files and gets one reply. The
//! reply is a plain JS object made by serde-wasm-bindgen, the converter the store already uses for
//! these records, so the page's WASM carries no second deserializer.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::background::{self, WorkerError};
use crate::browser::{self, js_error_message};
use crate::store::{DB_NAME, ImportCounts, IndexedDbStore, StoreError, WorkspaceRepo};
use crate::workspace::import::{FileReport, ImportBatch, ImportOptions, read_files};

/// The worker's answer.
#[derive(Debug, Serialize, Deserialize)]
pub enum Reply {
    Imported {
        reports: Vec<FileReport>,
        /// What the store made of the files' contents, or why nothing was saved.
        saved: Result<ImportCounts, String>,
    },
    /// The request was malformed (a bug in the page, not in the files).
    Failed(String),
}

/// A request is `{files: File[], lenient: bool, now_ms: number}`. The worker reads the files
/// itself: a `File` crosses to the worker without copying its bytes.
pub(crate) async fn answer(request: &JsValue) -> Reply {
    let field = |name: &str| js_sys::Reflect::get(request, &JsValue::from_str(name)).ok();
    let Some(files) = field("files").filter(js_sys::Array::is_array) else {
        return Reply::Failed("the request has no files".into());
    };
    let mut read = Vec::new();
    let mut unreadable = Vec::new();
    let files: Vec<web_sys::File> = js_sys::Array::from(&files).iter().map(JsCast::unchecked_into).collect();
    // Every read starts before the first is awaited: a corpus is a hundred files or more.
    let reading: Vec<_> = files.iter().map(|file| (file, browser::file_bytes(file))).collect();
    for (file, bytes) in reading {
        match bytes.await {
            Ok(bytes) => read.push((file.name(), bytes)),
            Err(reason) => unreadable.push(FileReport::unreadable(file.name(), reason)),
        }
    }
    let lenient = field("lenient").and_then(|v| v.as_bool()).unwrap_or(false);
    // Milliseconds since the epoch fit a f64 exactly; the cast saturates on nonsense.
    let now_ms = field("now_ms").and_then(|v| v.as_f64()).unwrap_or(0.0) as u64;
    let contents = read.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice()));
    let (mut reports, batch) = read_files(contents, ImportOptions { lenient }, now_ms);
    reports.extend(unreadable);
    Reply::Imported { reports, saved: save(batch).await.map_err(|error| error.to_string()) }
}

/// Writes what was read, in one transaction (nothing when the files held nothing to keep).
async fn save(batch: ImportBatch) -> Result<ImportCounts, StoreError> {
    if batch.is_empty() {
        return Ok(ImportCounts::default());
    }
    IndexedDbStore::open(DB_NAME).await?.import(batch).await
}

/// The page side: imports `files` in `spare` (a worker the page started ahead), or in a new worker.
pub async fn import_off_thread(
    spare: Option<background::Spare>,
    files: Vec<web_sys::File>,
    options: ImportOptions,
    now_ms: u64,
) -> Result<(Vec<FileReport>, Result<ImportCounts, String>), WorkerError> {
    let request = js_sys::Object::new();
    let list: js_sys::Array = files.into_iter().collect();
    let set = |key: &str, value: &JsValue| js_sys::Reflect::set(&request, &JsValue::from_str(key), value);
    let built = set("files", &list)
        .and(set("lenient", &JsValue::from_bool(options.lenient)))
        .and(set("now_ms", &JsValue::from_f64(now_ms as f64)));
    built.map_err(|e| WorkerError::Start(js_error_message(&e)))?;
    let worker = match spare {
        Some(worker) => worker,
        None => background::Spare::start().map_err(|e| WorkerError::Start(js_error_message(&e)))?,
    };
    match serde_wasm_bindgen::from_value::<Reply>(worker.request(request.into()).await?) {
        Ok(Reply::Imported { reports, saved }) => Ok((reports, saved)),
        Ok(Reply::Failed(reason)) => Err(WorkerError::Crashed(reason)),
        Err(error) => Err(WorkerError::Crashed(error.to_string())),
    }
}
