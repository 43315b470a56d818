//! [`DatasetRepo`] over IndexedDB (schema [`v5`]).

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::indexed_db_jokes::read_all;
use super::migrations::v5;
use super::{DatasetRepo, IndexedDbStore, StoreError};
use crate::domain::dataset::Snapshot;

impl DatasetRepo for IndexedDbStore {
    async fn save_snapshot(&self, snapshot: &Snapshot) -> Result<(), StoreError> {
        let tx = self.db.transaction(v5::DATASETS).with_mode(TransactionMode::Readwrite).build()?;
        let store = tx.object_store(v5::DATASETS)?;
        let existing: Option<Snapshot> = store.get(snapshot.id.as_str()).serde()?.await?;
        if existing.is_some() {
            return Err(StoreError::SnapshotExists(snapshot.id.clone()));
        }
        drop(store.put(snapshot).serde()?);
        tx.commit().await?;
        Ok(())
    }

    async fn snapshots(&self) -> Result<Vec<Snapshot>, StoreError> {
        read_all(self, v5::DATASETS).await
    }

    async fn snapshot(&self, id: &str) -> Result<Option<Snapshot>, StoreError> {
        let tx = self.db.transaction(v5::DATASETS).build()?;
        Ok(tx.object_store(v5::DATASETS)?.get(id).serde()?.await?)
    }

    async fn delete_snapshot(&self, id: &str) -> Result<(), StoreError> {
        let tx = self.db.transaction(v5::DATASETS).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(v5::DATASETS)?.delete(id).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }
}
