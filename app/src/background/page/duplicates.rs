//! Near-duplicate clusters, found by a background worker: clustering tens of thousands of jokes
//! takes a second or more, and the clustering code stays out of the page's WASM.

use super::{WorkerError, run};
use crate::background::messages::FindDuplicates;

/// Why the page got no clusters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DuplicatesError {
    #[error(transparent)]
    Worker(#[from] WorkerError),
    #[error("{}", crate::i18n::fill(crate::i18n::t().DUPLICATES_FAILED, &[.0]))]
    Store(String),
}

/// Asks a new worker for the clusters of the stored jokes (joke ids).
pub async fn find() -> Result<Vec<Vec<String>>, DuplicatesError> {
    run(FindDuplicates).await?.map_err(DuplicatesError::Store)
}
