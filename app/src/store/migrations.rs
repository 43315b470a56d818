//! The versions of the `tallas` database schema, in the style of matrix-sdk-indexeddb.
//!
//! Each version has a module with its store names and record shapes, frozen once shipped, and a
//! [`Migration`] that creates it from the previous one. Opening runs every migration between the
//! version on disk and [`Migration::CURRENT`], in order, inside the browser's upgrade transaction,
//! so a database is never left half-upgraded. To change the schema: add `mod v2`, a
//! `Migration::V2` that transforms v1 into v2, and point `CURRENT` at it; never edit `v1`.

use indexed_db_futures::database::Database;
use indexed_db_futures::error::OpenDbError;

/// One schema step. The discriminant-free enum keeps the order explicit in [`Migration::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Migration {
    /// Creates the playground history.
    V1,
}

impl Migration {
    /// Every migration, oldest first.
    pub const ALL: [Migration; 1] = [Migration::V1];
    /// The schema this build of the app reads and writes.
    pub const CURRENT: Migration = Migration::V1;

    /// The IndexedDB version number a database has once this migration ran.
    pub const fn version(self) -> u32 {
        match self {
            Migration::V1 => 1,
        }
    }

    /// The migrations a database at `old_version` (0 when it did not exist) still needs, in order.
    pub fn pending_after(old_version: u32) -> impl Iterator<Item = Migration> {
        Self::ALL.into_iter().filter(move |m| m.version() > old_version && *m <= Self::CURRENT)
    }

    fn apply(self, db: &Database) -> indexed_db_futures::Result<()> {
        match self {
            Migration::V1 => v1::create_stores(db),
        }
    }
}

/// Opens (creating or upgrading as needed) the database called `name` at the current version.
pub async fn open(name: &str) -> Result<Database, OpenDbError> {
    Database::open(name)
        .with_version(Migration::CURRENT.version())
        .with_on_upgrade_needed(|event, db| {
            // Versions are f64 in IndexedDB; ours are small integers, so the cast is exact.
            let old_version = event.old_version() as u32;
            for migration in Migration::pending_after(old_version) {
                migration.apply(&db)?;
            }
            Ok(())
        })
        .await
}

/// Schema version 1.
pub mod v1 {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use serde::{Deserialize, Serialize};
    use tallas_core::api::TokenUsage;

    use crate::store::{Exchange, Stored};

    /// Playground exchanges, keyed by an auto-incremented `id` stored inside the record.
    pub const EXCHANGES: &str = "playground_exchanges";
    pub const EXCHANGES_KEY_PATH: &str = "id";

    pub(super) fn create_stores(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(EXCHANGES).with_key_path(EXCHANGES_KEY_PATH.into()).with_auto_increment(true).build()?;
        Ok(())
    }

    /// An exchange as v1 stores it. Kept apart from [`Exchange`] so that changing the app's type
    /// cannot silently change what is on disk.
    #[derive(Debug, Clone, Serialize, Deserialize)]
    pub struct ExchangeRow {
        /// Absent on insert: the key generator fills it in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub id: Option<u64>,
        pub keyword: String,
        pub joke: String,
        pub model: String,
        pub prompt_version: String,
        pub usage: TokenUsage,
        pub created_at_ms: u64,
    }

    impl ExchangeRow {
        pub fn new(exchange: Exchange) -> Self {
            let Exchange { keyword, joke, model, prompt_version, usage, created_at_ms } = exchange;
            Self { id: None, keyword, joke, model, prompt_version, usage, created_at_ms }
        }

        /// `None` for a row without a key, which only a broken write could leave behind.
        pub fn into_stored(self) -> Option<Stored<Exchange>> {
            let Self { id, keyword, joke, model, prompt_version, usage, created_at_ms } = self;
            let value = Exchange { keyword, joke, model, prompt_version, usage, created_at_ms };
            Some(Stored { id: id?, value })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_database_runs_every_migration_and_a_current_one_none() {
        assert_eq!(Migration::pending_after(0).collect::<Vec<_>>(), Migration::ALL.to_vec());
        assert_eq!(Migration::pending_after(Migration::CURRENT.version()).count(), 0);
    }

    #[test]
    fn migrations_are_listed_in_version_order() {
        let versions: Vec<u32> = Migration::ALL.iter().map(|m| m.version()).collect();
        assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
        assert_eq!(Migration::ALL.last(), Some(&Migration::CURRENT));
    }
}
