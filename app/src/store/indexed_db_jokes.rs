//! [`JokeRepo`] over IndexedDB (schema [`v2`]).

use std::collections::HashSet;

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::migrations::{v1, v2, v3, v4, v5, v6};
use super::{ImportCounts, IndexedDbStore, JokeRepo, LabelChange, StoreError, StoredCounts};
use crate::domain::backup::{self, Backup, StoredExchange};
use crate::domain::crowd::{BallotRecord, CrowdTally};
use crate::domain::dataset::Snapshot;
use crate::domain::edits::JokeEdit;
use crate::domain::import::ImportBatch;
use crate::domain::run::{Run, RunItem, WindowRecord};
use crate::domain::tuning::{TunedModel, Upload};
use crate::domain::{CatalogEntry, Joke, LabelEvent, Routine, RoutineHead, RoutineMeta, TextVersion};

impl JokeRepo for IndexedDbStore {
    async fn import(&self, batch: ImportBatch) -> Result<ImportCounts, StoreError> {
        let batch = batch.deduplicated();
        let tx = self
            .db
            .transaction([v2::ROUTINES, v2::JOKES, v2::CATALOG])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let mut counts = ImportCounts::default();

        // Every request is issued before any is awaited: awaiting each one in turn costs a trip
        // through the event loop per routine, most of the import's time for a corpus of them.
        let routines = tx.object_store(v2::ROUTINES)?;
        let stored = keys(&routines).await?;
        let mut updates = Vec::new();
        for routine in batch.routines {
            if stored.contains(&routine.id) {
                updates.push((routines.get(routine.id.as_str()).serde()?, routine));
            } else {
                counts.routines_added += 1;
                drop(routines.put(routine).serde()?);
            }
        }
        for (existing, routine) in updates {
            let existing: Option<Routine> = existing.await?;
            let merged = match existing {
                Some(mut existing) => {
                    existing.merge(routine);
                    existing
                }
                // Deleted since the keys were read: not possible inside this transaction.
                None => routine,
            };
            counts.routines_updated += 1;
            drop(routines.put(merged).serde()?);
        }

        let jokes = tx.object_store(v2::JOKES)?;
        let known = keys(&jokes).await?;
        for joke in batch.jokes {
            if known.contains(&joke.id) {
                counts.jokes_already_there += 1;
            } else {
                counts.jokes_added += 1;
                // Not awaited one by one: the requests queue in the transaction and the commit
                // below waits for all of them (and fails if any failed).
                drop(jokes.put(joke).serde()?);
            }
        }

        let catalog = tx.object_store(v2::CATALOG)?;
        for key in batch.catalog_removed {
            drop(catalog.delete(key.as_str()).primitive()?);
        }
        for entry in batch.catalog {
            counts.catalog_entries += 1;
            let key = entry.key();
            drop(catalog.put(entry).with_key(key).serde()?);
        }
        tx.commit().await?;
        Ok(counts)
    }

    async fn routines(&self) -> Result<Vec<Routine>, StoreError> {
        read_all(self, v2::ROUTINES).await
    }

    async fn routine_heads(&self) -> Result<Vec<RoutineHead>, StoreError> {
        let stored: Vec<StoredHead> = read_all(self, v2::ROUTINES).await?;
        Ok(stored
            .into_iter()
            .map(|head| RoutineHead { id: head.id, meta: head.meta, has_transcript: head.transcript.is_some() })
            .collect())
    }

    async fn counts(&self) -> Result<StoredCounts, StoreError> {
        let tx = self.db.transaction([v2::ROUTINES, v2::JOKES]).build()?;
        let routines = tx.object_store(v2::ROUTINES)?.count().primitive()?.await?;
        let marks = tx.object_store(v2::JOKES)?.get_all::<MergeMark>().serde()?.await?;
        // As `read_all` does, a record that no longer reads is not counted (nor listed).
        let jokes = marks.filter(|mark| mark.as_ref().is_ok_and(|m| m.merged_into.is_none())).count();
        Ok(StoredCounts { routines: routines as usize, jokes })
    }

    async fn catalog(&self) -> Result<Vec<CatalogEntry>, StoreError> {
        read_all(self, v2::CATALOG).await
    }

    async fn jokes(&self) -> Result<Vec<Joke>, StoreError> {
        read_all(self, v2::JOKES).await
    }

    async fn set_labels(&self, changes: &[LabelChange], at_ms: u64) -> Result<(), StoreError> {
        let tx = self.db.transaction([v2::JOKES, v2::LABEL_EVENTS]).with_mode(TransactionMode::Readwrite).build()?;
        let jokes = tx.object_store(v2::JOKES)?;
        let events = tx.object_store(v2::LABEL_EVENTS)?;
        // Every read is queued before the first is awaited: a bulk change of thousands of jokes
        // then costs one pass through the store, not a round trip per joke.
        let reads = changes
            .iter()
            .map(|c| jokes.get::<Joke, _, _>(c.joke_id.as_str()).serde())
            .collect::<Result<Vec<_>, _>>()?;
        for (change, read) in changes.iter().zip(reads) {
            let joke: Option<Joke> = read.await?;
            // Returning before the commit drops the transaction, which rolls back every change so far.
            let mut joke = joke.ok_or_else(|| StoreError::UnknownJoke(change.joke_id.clone()))?;
            joke.label = change.label;
            drop(jokes.put(joke).serde()?);
            let event = LabelEvent { joke_id: change.joke_id.clone(), label: change.label, at_ms };
            drop(events.add(event).serde()?);
        }
        tx.commit().await?;
        Ok(())
    }

    async fn add_version(&self, joke_id: &str, version: TextVersion) -> Result<Joke, StoreError> {
        let tx = self.db.transaction(v2::JOKES).with_mode(TransactionMode::Readwrite).build()?;
        let jokes = tx.object_store(v2::JOKES)?;
        let joke: Option<Joke> = jokes.get(joke_id).serde()?.await?;
        let mut joke = joke.ok_or_else(|| StoreError::UnknownJoke(joke_id.to_owned()))?;
        joke.versions.push(version);
        jokes.put(joke.clone()).serde()?.await?;
        tx.commit().await?;
        Ok(joke)
    }

    async fn edit_jokes(&self, edit: &JokeEdit) -> Result<(), StoreError> {
        let tx = self.db.transaction(v2::JOKES).with_mode(TransactionMode::Readwrite).build()?;
        let jokes = tx.object_store(v2::JOKES)?;
        let reads = edit
            .joke_ids()
            .iter()
            .map(|id| jokes.get::<Joke, _, _>(id.as_str()).serde())
            .collect::<Result<Vec<_>, _>>()?;
        for (id, read) in edit.joke_ids().iter().zip(reads) {
            // A missing joke drops the transaction before its commit: nothing is changed.
            let mut joke = read.await?.ok_or_else(|| StoreError::UnknownJoke(id.clone()))?;
            edit.apply(&mut joke);
            drop(jokes.put(joke).serde()?);
        }
        tx.commit().await?;
        Ok(())
    }

    async fn label_history(&self, joke_id: &str) -> Result<Vec<LabelEvent>, StoreError> {
        let tx = self.db.transaction(v2::LABEL_EVENTS).build()?;
        let events = tx.object_store(v2::LABEL_EVENTS)?;
        let index = events.index(v2::LABEL_EVENTS_BY_JOKE)?;
        // An index returns records in key order, i.e. the order they were written.
        let rows = index.get_all::<LabelEvent>().with_query(joke_id).serde()?.await?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    async fn export(&self, now_ms: u64) -> Result<Backup, StoreError> {
        let tx = self.db.transaction(ALL_STORES).build()?;
        let read = |name: &'static str| tx.object_store(name);
        let routines = read(v2::ROUTINES)?.get_all::<Routine>().serde()?.await?.collect::<Result<_, _>>()?;
        let jokes = read(v2::JOKES)?.get_all::<Joke>().serde()?.await?.collect::<Result<_, _>>()?;
        // Key order is the order the events happened.
        let label_events = read(v2::LABEL_EVENTS)?.get_all::<LabelEvent>().serde()?.await?.collect::<Result<_, _>>()?;
        let catalog = read(v2::CATALOG)?.get_all::<CatalogEntry>().serde()?.await?.collect::<Result<_, _>>()?;
        let rows: Vec<v1::ExchangeRow> = read(v1::EXCHANGES)?.get_all().serde()?.await?.collect::<Result<_, _>>()?;
        let exchanges = rows.into_iter().filter_map(v1::ExchangeRow::into_stored).map(StoredExchange::from).collect();
        let runs = read(v3::RUNS)?.get_all::<Run>().serde()?.await?.collect::<Result<_, _>>()?;
        let run_items = read(v3::RUN_ITEMS)?.get_all::<RunItem>().serde()?.await?.collect::<Result<_, _>>()?;
        let windows = read(v3::WINDOWS)?.get_all::<WindowRecord>().serde()?.await?.collect::<Result<_, _>>()?;
        let ballots = read(v4::BALLOTS)?.get_all::<BallotRecord>().serde()?.await?.collect::<Result<_, _>>()?;
        let crowd = read(v4::CROWD)?.get_all::<CrowdTally>().serde()?.await?.collect::<Result<_, _>>()?;
        let datasets = read(v5::DATASETS)?.get_all::<Snapshot>().serde()?.await?.collect::<Result<_, _>>()?;
        let tuned = read(v6::TUNED)?.get_all::<TunedModel>().serde()?.await?.collect::<Result<_, _>>()?;
        let uploads = read(v6::UPLOADS)?.get_all::<Upload>().serde()?.await?.collect::<Result<_, _>>()?;
        Ok(Backup {
            format: backup::FORMAT.into(),
            version: backup::VERSION,
            exported_at_ms: now_ms,
            routines,
            jokes,
            label_events,
            catalog,
            exchanges,
            runs,
            run_items,
            windows,
            ballots,
            crowd,
            datasets,
            tuned,
            uploads,
        })
    }

    async fn restore(&self, backup: Backup) -> Result<(), StoreError> {
        let tx = self.db.transaction(ALL_STORES).with_mode(TransactionMode::Readwrite).build()?;
        for name in ALL_STORES {
            tx.object_store(name)?.clear()?.await?;
        }
        // Requests queue in the transaction; the commit waits for all of them, and any failure
        // aborts the whole restore, clears included.
        let routines = tx.object_store(v2::ROUTINES)?;
        for routine in backup.routines {
            drop(routines.put(routine).serde()?);
        }
        let jokes = tx.object_store(v2::JOKES)?;
        for joke in backup.jokes {
            drop(jokes.put(joke).serde()?);
        }
        let events = tx.object_store(v2::LABEL_EVENTS)?;
        for event in backup.label_events {
            drop(events.add(event).serde()?);
        }
        let catalog = tx.object_store(v2::CATALOG)?;
        for entry in backup.catalog {
            let key = entry.key();
            drop(catalog.put(entry).with_key(key).serde()?);
        }
        let exchanges = tx.object_store(v1::EXCHANGES)?;
        for StoredExchange { id, exchange } in backup.exchanges {
            let mut row = v1::ExchangeRow::new(exchange);
            row.id = Some(id);
            drop(exchanges.put(row).serde()?);
        }
        let runs = tx.object_store(v3::RUNS)?;
        for run in backup.runs {
            drop(runs.put(run).serde()?);
        }
        let items = tx.object_store(v3::RUN_ITEMS)?;
        for item in backup.run_items {
            drop(items.put(item).serde()?);
        }
        let windows = tx.object_store(v3::WINDOWS)?;
        for window in backup.windows {
            drop(windows.put(window).serde()?);
        }
        let ballots = tx.object_store(v4::BALLOTS)?;
        for ballot in backup.ballots {
            drop(ballots.put(ballot).serde()?);
        }
        let crowd = tx.object_store(v4::CROWD)?;
        for tally in backup.crowd {
            drop(crowd.put(tally).serde()?);
        }
        let datasets = tx.object_store(v5::DATASETS)?;
        for snapshot in backup.datasets {
            drop(datasets.put(snapshot).serde()?);
        }
        let tuned = tx.object_store(v6::TUNED)?;
        for model in backup.tuned {
            drop(tuned.put(model).serde()?);
        }
        let uploads = tx.object_store(v6::UPLOADS)?;
        for upload in backup.uploads {
            drop(uploads.put(upload).serde()?);
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Every store the workspace and its backups cover.
const ALL_STORES: [&str; 13] = [
    v2::ROUTINES,
    v2::JOKES,
    v2::LABEL_EVENTS,
    v2::CATALOG,
    v1::EXCHANGES,
    v3::RUNS,
    v3::RUN_ITEMS,
    v3::WINDOWS,
    v4::BALLOTS,
    v4::CROWD,
    v5::DATASETS,
    v6::TUNED,
    v6::UPLOADS,
];

/// A routine record's fields but the transcript's content. The record converter reads only the
/// fields a struct names, and `IgnoredAny` reads nothing, so the segments stay on the JS side.
#[derive(serde::Deserialize)]
struct StoredHead {
    id: String,
    meta: Option<RoutineMeta>,
    transcript: Option<serde::de::IgnoredAny>,
}

/// Of a joke record, only whether it was merged into another.
#[derive(serde::Deserialize)]
struct MergeMark {
    merged_into: Option<serde::de::IgnoredAny>,
}

/// The keys of a store of string-keyed records.
async fn keys(store: &ObjectStore<'_>) -> Result<HashSet<String>, StoreError> {
    Ok(store.get_all_keys::<String>().primitive()?.await?.collect::<Result<_, _>>()?)
}

/// Every record of a store. A record that no longer reads is skipped with a console warning,
/// so one damaged record cannot hide the whole workspace.
pub(super) async fn read_all<T: serde::de::DeserializeOwned>(
    store: &IndexedDbStore,
    name: &str,
) -> Result<Vec<T>, StoreError> {
    let tx = store.db.transaction(name).build()?;
    let rows = tx.object_store(name)?.get_all::<T>().serde()?.await?;
    Ok(rows
        .filter_map(|row| {
            row.map_err(|error| leptos::logging::warn!("skipping an unreadable record in {name}: {error}")).ok()
        })
        .collect())
}
