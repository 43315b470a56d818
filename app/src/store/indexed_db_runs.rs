//! [`RunRepo`] over IndexedDB (schema [`v3`]).

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;

use super::indexed_db_jokes::read_all;
use super::migrations::{v2, v3};
use super::{IndexedDbStore, ItemEffects, ItemOutcome, RunRepo, StoreError};
use crate::domain::Joke;
use crate::domain::run::{ItemStatus, Run, RunItem, RunState, WindowRecord, item_key};

impl RunRepo for IndexedDbStore {
    async fn create_run(&self, run: Run, items: Vec<RunItem>, windows: Vec<WindowRecord>) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction([v3::RUNS, v3::RUN_ITEMS, v3::WINDOWS])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let runs = tx.object_store(v3::RUNS)?;
        let existing: Option<Run> = runs.get(run.id.as_str()).serde()?.await?;
        if existing.is_some() {
            return Err(StoreError::RunExists(run.id));
        }
        drop(runs.put(run).serde()?);
        let store = tx.object_store(v3::RUN_ITEMS)?;
        for item in items {
            drop(store.put(item).serde()?);
        }
        let store = tx.object_store(v3::WINDOWS)?;
        for window in windows {
            drop(store.put(window).serde()?);
        }
        tx.commit().await?;
        Ok(())
    }

    async fn runs(&self) -> Result<Vec<Run>, StoreError> {
        read_all(self, v3::RUNS).await
    }

    async fn run_items(&self, run_id: &str) -> Result<Vec<RunItem>, StoreError> {
        let tx = self.db.transaction(v3::RUN_ITEMS).build()?;
        let items = tx.object_store(v3::RUN_ITEMS)?;
        let index = items.index(v3::RUN_ITEMS_BY_RUN)?;
        let rows = index.get_all::<RunItem>().with_query(run_id).serde()?.await?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    async fn run_item(&self, run_id: &str, item_id: &str) -> Result<Option<RunItem>, StoreError> {
        read_one(self, v3::RUN_ITEMS, &item_key(run_id, item_id)).await
    }

    async fn window(&self, id: &str) -> Result<Option<WindowRecord>, StoreError> {
        read_one(self, v3::WINDOWS, id).await
    }

    async fn joke(&self, id: &str) -> Result<Option<Joke>, StoreError> {
        read_one(self, v2::JOKES, id).await
    }

    async fn record_item(&self, outcome: ItemOutcome) -> Result<Run, StoreError> {
        let ItemOutcome { item, effects, usage, cost_nano_usd } = outcome;
        let tx =
            self.db.transaction([v3::RUNS, v3::RUN_ITEMS, v2::JOKES]).with_mode(TransactionMode::Readwrite).build()?;
        let runs = tx.object_store(v3::RUNS)?;
        let run: Option<Run> = runs.get(item.run_id.as_str()).serde()?.await?;
        let mut run = run.ok_or_else(|| StoreError::UnknownRun(item.run_id.clone()))?;
        if matches!(item.status, ItemStatus::Done { .. }) {
            run.add_usage(usage, cost_nano_usd);
            drop(runs.put(run.clone()).serde()?);
        }
        let jokes = tx.object_store(v2::JOKES)?;
        match effects {
            ItemEffects::None => {}
            ItemEffects::RoutineJokes { routine_id, apply } => {
                let index = jokes.index(v2::JOKES_BY_ROUTINE)?;
                let existing: Vec<Joke> = index
                    .get_all::<Joke>()
                    .with_query(routine_id.as_str())
                    .serde()?
                    .await?
                    .collect::<Result<_, _>>()?;
                for joke in apply(&existing) {
                    drop(jokes.put(joke).serde()?);
                }
            }
            ItemEffects::Joke { joke_id, apply } => {
                let joke: Option<Joke> = jokes.get(joke_id.as_str()).serde()?.await?;
                if let Some(joke) = joke {
                    drop(jokes.put(apply(joke)).serde()?);
                }
            }
        }
        drop(tx.object_store(v3::RUN_ITEMS)?.put(item).serde()?);
        tx.commit().await?;
        Ok(run)
    }

    async fn set_run_state(&self, run_id: &str, state: RunState) -> Result<Run, StoreError> {
        let tx = self.db.transaction(v3::RUNS).with_mode(TransactionMode::Readwrite).build()?;
        let runs = tx.object_store(v3::RUNS)?;
        let run: Option<Run> = runs.get(run_id).serde()?.await?;
        let mut run = run.ok_or_else(|| StoreError::UnknownRun(run_id.to_owned()))?;
        run.state = state;
        runs.put(run.clone()).serde()?.await?;
        tx.commit().await?;
        Ok(run)
    }

    async fn retry_failed(&self, run_id: &str) -> Result<Run, StoreError> {
        let tx = self.db.transaction([v3::RUNS, v3::RUN_ITEMS]).with_mode(TransactionMode::Readwrite).build()?;
        let runs = tx.object_store(v3::RUNS)?;
        let run: Option<Run> = runs.get(run_id).serde()?.await?;
        let mut run = run.ok_or_else(|| StoreError::UnknownRun(run_id.to_owned()))?;
        run.state = RunState::Running;
        drop(runs.put(run.clone()).serde()?);
        let items = tx.object_store(v3::RUN_ITEMS)?;
        let index = items.index(v3::RUN_ITEMS_BY_RUN)?;
        let rows: Vec<RunItem> = index.get_all().with_query(run_id).serde()?.await?.collect::<Result<_, _>>()?;
        for mut item in rows.into_iter().filter(|i| matches!(i.status, ItemStatus::Failed { .. })) {
            item.status = ItemStatus::Pending;
            drop(items.put(item).serde()?);
        }
        tx.commit().await?;
        Ok(run)
    }
}

/// One record by key, `None` when there is none.
async fn read_one<T: serde::de::DeserializeOwned>(
    store: &IndexedDbStore,
    name: &str,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let tx = store.db.transaction(name).build()?;
    Ok(tx.object_store(name)?.get(key).serde()?.await?)
}
