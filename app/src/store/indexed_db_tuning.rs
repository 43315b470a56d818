//! [`TuningRepo`] over IndexedDB (schema [`v6`]).

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::indexed_db_jokes::read_all;
use super::migrations::v6;
use super::{IndexedDbStore, StoreError, TuningRepo};
use crate::domain::tuning::{TunedModel, Upload};

impl TuningRepo for IndexedDbStore {
    async fn save_tuned(&self, tuned: &TunedModel) -> Result<(), StoreError> {
        put(self, v6::TUNED, tuned).await
    }

    async fn tuned(&self) -> Result<Vec<TunedModel>, StoreError> {
        read_all(self, v6::TUNED).await
    }

    async fn delete_tuned(&self, id: &str) -> Result<(), StoreError> {
        let tx = self.db.transaction(v6::TUNED).with_mode(TransactionMode::Readwrite).build()?;
        tx.object_store(v6::TUNED)?.delete(id).primitive()?.await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_upload(&self, upload: &Upload) -> Result<(), StoreError> {
        put(self, v6::UPLOADS, upload).await
    }

    async fn upload(&self, dataset_id: &str) -> Result<Option<Upload>, StoreError> {
        let tx = self.db.transaction(v6::UPLOADS).build()?;
        Ok(tx.object_store(v6::UPLOADS)?.get(dataset_id).serde()?.await?)
    }
}

/// Writes `record` to `store` in a transaction of its own.
async fn put(db: &IndexedDbStore, store: &str, record: &impl serde::Serialize) -> Result<(), StoreError> {
    let tx = db.db.transaction(store).with_mode(TransactionMode::Readwrite).build()?;
    drop(tx.object_store(store)?.put(record).serde()?);
    tx.commit().await?;
    Ok(())
}
