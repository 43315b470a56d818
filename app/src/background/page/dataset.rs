//! Datasets, built, frozen and read by a background worker: the builder, the validator and the
//! near-duplicate clustering stay out of the page's WASM, and a big workspace does not freeze it.

use super::run;
use crate::background::messages::{DatasetAsk, DatasetReply};
use crate::domain::dataset::SnapshotSummary;
use crate::failure::Failure;

/// The frozen datasets, newest first, or why they could not be read.
pub async fn snapshots() -> Result<Vec<SnapshotSummary>, Failure> {
    match run(DatasetAsk::List).await? {
        DatasetReply::Snapshots(all) => Ok(all),
        DatasetReply::Failed(why) => Err(Failure::Refused(why)),
        // The worker answers a list with a list; anything else reads as none.
        _ => Ok(Vec::new()),
    }
}
