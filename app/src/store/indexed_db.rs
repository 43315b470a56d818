//! The repositories backed by IndexedDB.

use std::rc::Rc;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::migrations::{self, v1};
use super::{Exchange, PlaygroundRepo, StoreError, Stored};

/// An open `tallas` database. Cheap to clone: clones share one connection.
#[derive(Clone)]
pub struct IndexedDbStore {
    pub(super) db: Rc<Database>,
}

impl IndexedDbStore {
    /// Opens the database called `name`, running any pending migration.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let db = migrations::open(name).await.map_err(StoreError::from_open)?;
        Ok(Self { db: Rc::new(db) })
    }
}

impl PlaygroundRepo for IndexedDbStore {
    async fn add_exchange(&self, exchange: Exchange) -> Result<Stored<Exchange>, StoreError> {
        let tx = self.db.transaction(v1::EXCHANGES).with_mode(TransactionMode::Readwrite).build()?;
        let store = tx.object_store(v1::EXCHANGES)?;
        let id: u64 = store.add(v1::ExchangeRow::new(exchange.clone())).with_key_type::<u64>().serde()?.await?;
        // Transactions in indexed_db_futures roll back on drop: only an explicit commit keeps the row.
        tx.commit().await?;
        Ok(Stored { id, value: exchange })
    }

    async fn list_exchanges(&self) -> Result<Vec<Stored<Exchange>>, StoreError> {
        // Read-only: dropping the transaction afterwards has nothing to roll back.
        let tx = self.db.transaction(v1::EXCHANGES).build()?;
        let store = tx.object_store(v1::EXCHANGES)?;
        let rows = store.get_all::<v1::ExchangeRow>().serde()?.await?;
        let mut exchanges: Vec<_> = rows
            .filter_map(|row| match row.map(v1::ExchangeRow::into_stored) {
                Ok(Some(stored)) => Some(stored),
                // One unreadable row must not hide the rest of the history.
                Ok(None) => None,
                Err(error) => {
                    leptos::logging::warn!("skipping an unreadable playground exchange: {error}");
                    None
                }
            })
            .collect();
        // `get_all` returns key order, i.e. oldest first.
        exchanges.sort_by_key(|stored| std::cmp::Reverse(stored.id));
        Ok(exchanges)
    }
}
