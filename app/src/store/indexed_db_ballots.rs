//! [`BallotRepo`] over IndexedDB (schema [`v4`]).

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::indexed_db_jokes::read_all;
use super::migrations::v4;
use super::{BallotRepo, IndexedDbStore, StoreError};
use crate::domain::crowd::{BallotRecord, CrowdTally};

impl BallotRepo for IndexedDbStore {
    async fn save_ballot(&self, ballot: &BallotRecord) -> Result<(), StoreError> {
        let tx = self.db.transaction(v4::BALLOTS).with_mode(TransactionMode::Readwrite).build()?;
        drop(tx.object_store(v4::BALLOTS)?.put(ballot).serde()?);
        tx.commit().await?;
        Ok(())
    }

    async fn ballots(&self) -> Result<Vec<BallotRecord>, StoreError> {
        read_all(self, v4::BALLOTS).await
    }

    async fn record_crowd(&self, ballot_id: &str, tallies: Vec<CrowdTally>) -> Result<(), StoreError> {
        let tx = self.db.transaction(v4::CROWD).with_mode(TransactionMode::Readwrite).build()?;
        let store = tx.object_store(v4::CROWD)?;
        let old: Vec<String> = store
            .index(v4::CROWD_BY_BALLOT)?
            .get_all_keys::<String>()
            .with_query(ballot_id)
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        for key in old {
            drop(store.delete(key).primitive()?);
        }
        for tally in tallies {
            drop(store.put(tally).serde()?);
        }
        tx.commit().await?;
        Ok(())
    }

    async fn crowd(&self) -> Result<Vec<CrowdTally>, StoreError> {
        read_all(self, v4::CROWD).await
    }
}
