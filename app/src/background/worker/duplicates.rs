//! Near-duplicate clusters of the stored jokes (`domain::duplicates`).

use crate::background::messages::DuplicatesReply;
use crate::domain::duplicates::duplicate_groups;
use crate::store::{DB_NAME, IndexedDbStore, JokeRepo, StoreError};

pub(super) async fn answer() -> DuplicatesReply {
    read_groups().await.map_err(|error| error.to_string())
}

async fn read_groups() -> Result<Vec<Vec<String>>, StoreError> {
    let jokes = IndexedDbStore::open(DB_NAME).await?.jokes().await?;
    Ok(duplicate_groups(&jokes))
}
