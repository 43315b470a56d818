//! Datasets, built, frozen and read by a background worker: the builder, the validator and the
//! near-duplicate clustering stay out of the page's WASM, and a big workspace does not freeze it.

use super::{WorkerError, request};
use crate::background::Request;
use crate::background::messages::{DatasetAsk, DatasetReply};

/// Asks a new worker and waits for its answer.
pub async fn ask(ask: DatasetAsk) -> Result<DatasetReply, WorkerError> {
    request(&Request::Dataset(ask)).await
}
