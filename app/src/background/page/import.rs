//! Importing files off the page's thread: the worker reads, parses and saves them (parsing a
//! corpus takes a third of a second or more in WASM, and the parsers, Unicode tables and CSV
//! reader stay out of the page's WASM), and the page gets the per-file reports and what the
//! store made of them.

use super::{Spare, WorkerError};
use crate::background::messages::{ImportFiles, ImportReply};
use crate::browser::js_error_message;
use crate::domain::import::ImportOptions;

/// Imports `files` in `spare` (a worker the page started ahead, so its WASM has loaded by the
/// time files are chosen), or in a new worker.
pub async fn import_off_thread(
    spare: Option<Spare>,
    files: Vec<web_sys::File>,
    options: ImportOptions,
    now_ms: u64,
) -> Result<ImportReply, WorkerError> {
    let worker = match spare {
        Some(worker) => worker,
        None => Spare::start().map_err(|e| WorkerError::Start(js_error_message(&e)))?,
    };
    worker.run(ImportFiles { files: files.into_iter().collect(), lenient: options.lenient, now_ms }).await
}
