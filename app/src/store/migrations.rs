//! The versions of the `tallas` database schema, in the style of matrix-sdk-indexeddb.
//!
//! Each version has a module with its store names and record shapes, frozen once shipped, and a
//! [`Migration`] that creates it from the previous one. Opening runs every migration between the
//! version on disk and [`Migration::CURRENT`], in order, inside the browser's upgrade transaction,
//! so a database is never left half-upgraded. The schema is at v5: v1 the playground history, v2
//! the workspace (routines, jokes, label events, catalog), v3 pipeline runs (runs, items, windows),
//! v4 the crowd (ballots, crowd tallies), v5 frozen datasets. To change it: add `mod v6` with its
//! store names and frozen row types, a `Migration::V6` that turns v5 into v6 (in `ALL`, `version`
//! and `apply`), point `CURRENT` at it, and add its upgrade test; never edit a shipped version's
//! module.

use indexed_db_futures::database::Database;
use indexed_db_futures::error::OpenDbError;

/// One schema step. The discriminant-free enum keeps the order explicit in [`Migration::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Migration {
    /// Creates the playground history.
    V1,
    /// Adds the workspace: routines, jokes, their label history, and the comedians/shows catalog.
    V2,
    /// Adds pipeline runs: the runs, their items, and the transcript windows extraction sends.
    V3,
    /// Adds the crowd: the curator's ballots and the votes pulled from them.
    V4,
    /// Adds frozen datasets.
    V5,
    /// Adds tuned models (fine-tuning jobs, models registered by hand) and datasets' uploaded files.
    V6,
}

impl Migration {
    /// Every migration, oldest first.
    pub const ALL: [Migration; 6] =
        [Migration::V1, Migration::V2, Migration::V3, Migration::V4, Migration::V5, Migration::V6];
    /// The schema this build of the app reads and writes.
    pub const CURRENT: Migration = Migration::V6;

    /// The IndexedDB version number a database has once this migration ran.
    pub const fn version(self) -> u32 {
        match self {
            Migration::V1 => 1,
            Migration::V2 => 2,
            Migration::V3 => 3,
            Migration::V4 => 4,
            Migration::V5 => 5,
            Migration::V6 => 6,
        }
    }

    /// The migrations a database at `old_version` (0 when it did not exist) still needs, in order.
    pub fn pending_after(old_version: u32) -> impl Iterator<Item = Migration> {
        Self::ALL.into_iter().filter(move |m| m.version() > old_version && *m <= Self::CURRENT)
    }

    fn apply(self, db: &Database) -> indexed_db_futures::Result<()> {
        match self {
            Migration::V1 => v1::create_stores(db),
            Migration::V2 => v2::create_stores(db),
            Migration::V3 => v3::create_stores(db),
            Migration::V4 => v4::create_stores(db),
            Migration::V5 => v5::create_stores(db),
            Migration::V6 => v6::create_stores(db),
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

/// Schema version 2: the curator's workspace.
///
/// The records are stored as the `workspace` types serialise, and those serialised shapes are
/// pinned by snapshot tests (`workspace_records_keep_their_stored_shape`): a change that would
/// alter what is on disk fails there and needs a `v3` that converts the old records.
pub mod v2 {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;

    /// `Routine` records, keyed by their `id`.
    pub const ROUTINES: &str = "routines";
    /// `Joke` records, keyed by their `id`.
    pub const JOKES: &str = "jokes";
    /// Jokes by the routine they come from.
    pub const JOKES_BY_ROUTINE: &str = "by_routine";
    /// Jokes by the curator's label (unlabelled jokes are not in this index).
    pub const JOKES_BY_LABEL: &str = "by_label";
    /// `LabelEvent` records, auto-numbered in the order they happened.
    pub const LABEL_EVENTS: &str = "label_events";
    /// Label events by joke.
    pub const LABEL_EVENTS_BY_JOKE: &str = "by_joke";
    /// `CatalogEntry` records (comedians and shows), keyed by `CatalogEntry::key`.
    pub const CATALOG: &str = "catalog";

    pub(super) fn create_stores(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(ROUTINES).with_key_path("id".into()).build()?;
        let jokes = db.create_object_store(JOKES).with_key_path("id".into()).build()?;
        jokes.create_index(JOKES_BY_ROUTINE, "routine_id".into()).build()?;
        jokes.create_index(JOKES_BY_LABEL, "label".into()).build()?;
        let events = db.create_object_store(LABEL_EVENTS).with_auto_increment(true).build()?;
        events.create_index(LABEL_EVENTS_BY_JOKE, "joke_id".into()).build()?;
        db.create_object_store(CATALOG).build()?;
        Ok(())
    }
}

/// Schema version 3: pipeline runs. Jokes gain optional fields (`llm_label`, `graph`, `stamps`)
/// that are absent from jokes no model touched, so v2's jokes read unchanged and need no
/// conversion.
pub mod v3 {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;

    /// `Run` records, keyed by their `id`.
    pub const RUNS: &str = "runs";
    /// `RunItem` records, keyed by their `key` (`<run id>/<item id>`).
    pub const RUN_ITEMS: &str = "run_items";
    /// Run items by run.
    pub const RUN_ITEMS_BY_RUN: &str = "by_run";
    /// `WindowRecord` records, keyed by their `id` (`<routine id>#<index>`).
    pub const WINDOWS: &str = "windows";

    pub(super) fn create_stores(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(RUNS).with_key_path("id".into()).build()?;
        let items = db.create_object_store(RUN_ITEMS).with_key_path("key".into()).build()?;
        items.create_index(RUN_ITEMS_BY_RUN, "run_id".into()).build()?;
        db.create_object_store(WINDOWS).with_key_path("id".into()).build()?;
        Ok(())
    }
}

/// Schema version 4: the crowd. New stores only; nothing earlier changes.
pub mod v4 {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;

    /// `BallotRecord` records, keyed by their `id` (the worker's ballot id).
    pub const BALLOTS: &str = "ballots";
    /// `CrowdTally` records, keyed by their `key` (`<ballot id>/<joke id>`).
    pub const CROWD: &str = "crowd_tallies";
    /// Crowd tallies by ballot, to replace one ballot's at a pull.
    pub const CROWD_BY_BALLOT: &str = "by_ballot";

    pub(super) fn create_stores(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(BALLOTS).with_key_path("id".into()).build()?;
        let crowd = db.create_object_store(CROWD).with_key_path("key".into()).build()?;
        crowd.create_index(CROWD_BY_BALLOT, "ballot_id".into()).build()?;
        Ok(())
    }
}

/// Schema version 5: frozen datasets. A new store only.
pub mod v5 {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;

    /// `dataset::Snapshot` records, keyed by their `id` (`ds-<created_at_ms>`).
    pub const DATASETS: &str = "datasets";

    pub(super) fn create_stores(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(DATASETS).with_key_path("id".into()).build()?;
        Ok(())
    }
}

/// Schema version 6: tuned models and uploaded files. New stores only.
pub mod v6 {
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;

    /// `tuning::TunedModel` records, keyed by their `id` (`job-<job id>`, `model-<ms>`).
    pub const TUNED: &str = "tuned_models";
    /// `tuning::Upload` records, keyed by their `dataset_id`.
    pub const UPLOADS: &str = "uploads";

    pub(super) fn create_stores(db: &Database) -> indexed_db_futures::Result<()> {
        db.create_object_store(TUNED).with_key_path("id".into()).build()?;
        db.create_object_store(UPLOADS).with_key_path("dataset_id".into()).build()?;
        Ok(())
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
