//! In-memory twins of the IndexedDB repositories, for tests and for any place that must not
//! touch the browser's storage. They follow the same contract, checked by the same test suite.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::{
    BallotRepo, DatasetRepo, Exchange, ImportCounts, ItemEffects, ItemOutcome, JokeRepo, LabelChange, PlaygroundRepo,
    RunRepo, StoreError, Stored, StoredCounts, SummaryRepo, TuningRepo, WorkspaceSummary,
};
use crate::domain::backup::{self, Backup, StoredExchange};
use crate::domain::crowd::{BallotRecord, CrowdTally};
use crate::domain::dataset::Snapshot;
use crate::domain::edits::JokeEdit;
use crate::domain::import::ImportBatch;
use crate::domain::run::{ItemStatus, Run, RunItem, RunState, WindowRecord, item_key};
use crate::domain::tuning::{TunedModel, Upload};
use crate::domain::{CatalogEntry, Joke, LabelEvent, Routine, RoutineHead, TextVersion};

/// A store that forgets everything when dropped. Clones share the same data.
#[derive(Clone, Default)]
pub struct MemoryStore {
    exchanges: Rc<RefCell<Vec<Stored<Exchange>>>>,
    workspace: Rc<RefCell<Workspace>>,
}

/// Maps keyed like the IndexedDB stores, so listing order matches theirs (key order).
#[derive(Default)]
struct Workspace {
    routines: BTreeMap<String, Routine>,
    jokes: BTreeMap<String, Joke>,
    label_events: Vec<LabelEvent>,
    catalog: BTreeMap<String, CatalogEntry>,
    runs: BTreeMap<String, Run>,
    run_items: BTreeMap<String, RunItem>,
    windows: BTreeMap<String, WindowRecord>,
    ballots: BTreeMap<String, BallotRecord>,
    crowd: BTreeMap<String, CrowdTally>,
    datasets: BTreeMap<String, Snapshot>,
    tuned: BTreeMap<String, TunedModel>,
    uploads: BTreeMap<String, Upload>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl PlaygroundRepo for MemoryStore {
    async fn add_exchange(&self, exchange: Exchange) -> Result<Stored<Exchange>, StoreError> {
        let mut exchanges = self.exchanges.borrow_mut();
        // Like IndexedDB's key generator: starts at 1, never reuses a key.
        let id = exchanges.last().map_or(1, |last| last.id.saturating_add(1));
        let stored = Stored { id, value: exchange };
        exchanges.push(stored.clone());
        Ok(stored)
    }

    async fn list_exchanges(&self) -> Result<Vec<Stored<Exchange>>, StoreError> {
        Ok(self.exchanges.borrow().iter().rev().cloned().collect())
    }
}

impl JokeRepo for MemoryStore {
    async fn import(&self, batch: ImportBatch) -> Result<ImportCounts, StoreError> {
        let batch = batch.deduplicated();
        let mut workspace = self.workspace.borrow_mut();
        let mut counts = ImportCounts::default();
        for routine in batch.routines {
            match workspace.routines.get_mut(&routine.id) {
                Some(existing) => {
                    counts.routines_updated += 1;
                    existing.merge(routine);
                }
                None => {
                    counts.routines_added += 1;
                    workspace.routines.insert(routine.id.clone(), routine);
                }
            }
        }
        for joke in batch.jokes {
            if workspace.jokes.contains_key(&joke.id) {
                counts.jokes_already_there += 1;
            } else {
                counts.jokes_added += 1;
                workspace.jokes.insert(joke.id.clone(), joke);
            }
        }
        for key in &batch.catalog_removed {
            workspace.catalog.remove(key);
        }
        for entry in batch.catalog {
            counts.catalog_entries += 1;
            workspace.catalog.insert(entry.key(), entry);
        }
        Ok(counts)
    }

    async fn routines(&self) -> Result<Vec<Routine>, StoreError> {
        Ok(self.workspace.borrow().routines.values().cloned().collect())
    }

    async fn routine_heads(&self) -> Result<Vec<RoutineHead>, StoreError> {
        Ok(self.workspace.borrow().routines.values().map(Routine::head).collect())
    }

    async fn counts(&self) -> Result<StoredCounts, StoreError> {
        let workspace = self.workspace.borrow();
        let jokes = workspace.jokes.values().filter(|joke| joke.merged_into.is_none()).count();
        Ok(StoredCounts { routines: workspace.routines.len(), jokes })
    }

    async fn catalog(&self) -> Result<Vec<CatalogEntry>, StoreError> {
        Ok(self.workspace.borrow().catalog.values().cloned().collect())
    }

    async fn jokes(&self) -> Result<Vec<Joke>, StoreError> {
        Ok(self.workspace.borrow().jokes.values().cloned().collect())
    }

    async fn set_labels(&self, changes: &[LabelChange], at_ms: u64) -> Result<(), StoreError> {
        let mut workspace = self.workspace.borrow_mut();
        // All or nothing, like the IndexedDB transaction: check every joke before changing any.
        if let Some(missing) = changes.iter().find(|c| !workspace.jokes.contains_key(&c.joke_id)) {
            return Err(StoreError::UnknownJoke(missing.joke_id.clone()));
        }
        for change in changes {
            if let Some(joke) = workspace.jokes.get_mut(&change.joke_id) {
                joke.label = change.label;
            }
            workspace.label_events.push(LabelEvent { joke_id: change.joke_id.clone(), label: change.label, at_ms });
        }
        Ok(())
    }

    async fn add_version(&self, joke_id: &str, version: TextVersion) -> Result<Joke, StoreError> {
        let mut workspace = self.workspace.borrow_mut();
        let joke = workspace.jokes.get_mut(joke_id).ok_or_else(|| StoreError::UnknownJoke(joke_id.to_owned()))?;
        joke.versions.push(version);
        Ok(joke.clone())
    }

    async fn edit_jokes(&self, edit: &JokeEdit) -> Result<(), StoreError> {
        let mut workspace = self.workspace.borrow_mut();
        if let Some(missing) = edit.joke_ids().iter().find(|id| !workspace.jokes.contains_key(*id)) {
            return Err(StoreError::UnknownJoke(missing.clone()));
        }
        for id in edit.joke_ids() {
            if let Some(joke) = workspace.jokes.get_mut(id) {
                edit.apply(joke);
            }
        }
        Ok(())
    }

    async fn label_history(&self, joke_id: &str) -> Result<Vec<LabelEvent>, StoreError> {
        Ok(self.workspace.borrow().label_events.iter().filter(|e| e.joke_id == joke_id).cloned().collect())
    }

    async fn export(&self, now_ms: u64) -> Result<Backup, StoreError> {
        let workspace = self.workspace.borrow();
        Ok(Backup {
            format: backup::FORMAT.into(),
            version: backup::VERSION,
            exported_at_ms: now_ms,
            routines: workspace.routines.values().cloned().collect(),
            jokes: workspace.jokes.values().cloned().collect(),
            label_events: workspace.label_events.clone(),
            catalog: workspace.catalog.values().cloned().collect(),
            exchanges: self.exchanges.borrow().iter().cloned().map(StoredExchange::from).collect(),
            runs: workspace.runs.values().cloned().collect(),
            run_items: workspace.run_items.values().cloned().collect(),
            windows: workspace.windows.values().cloned().collect(),
            ballots: workspace.ballots.values().cloned().collect(),
            crowd: workspace.crowd.values().cloned().collect(),
            datasets: workspace.datasets.values().cloned().collect(),
            tuned: workspace.tuned.values().cloned().collect(),
            uploads: workspace.uploads.values().cloned().collect(),
        })
    }

    async fn restore(&self, backup: Backup) -> Result<(), StoreError> {
        *self.workspace.borrow_mut() = Workspace {
            routines: backup.routines.into_iter().map(|r| (r.id.clone(), r)).collect(),
            jokes: backup.jokes.into_iter().map(|j| (j.id.clone(), j)).collect(),
            label_events: backup.label_events,
            catalog: backup.catalog.into_iter().map(|c| (c.key(), c)).collect(),
            runs: backup.runs.into_iter().map(|r| (r.id.clone(), r)).collect(),
            run_items: backup.run_items.into_iter().map(|i| (i.key.clone(), i)).collect(),
            windows: backup.windows.into_iter().map(|w| (w.id.clone(), w)).collect(),
            ballots: backup.ballots.into_iter().map(|b| (b.id.clone(), b)).collect(),
            crowd: backup.crowd.into_iter().map(|t| (t.key.clone(), t)).collect(),
            datasets: backup.datasets.into_iter().map(|d| (d.id.clone(), d)).collect(),
            tuned: backup.tuned.into_iter().map(|t| (t.id.clone(), t)).collect(),
            uploads: backup.uploads.into_iter().map(|u| (u.dataset_id.clone(), u)).collect(),
        };
        let mut exchanges: Vec<Stored<Exchange>> =
            backup.exchanges.into_iter().map(|e| Stored { id: e.id, value: e.exchange }).collect();
        exchanges.sort_by_key(|stored| stored.id);
        *self.exchanges.borrow_mut() = exchanges;
        Ok(())
    }
}

impl SummaryRepo for MemoryStore {
    async fn summary(&self) -> Result<WorkspaceSummary, StoreError> {
        let workspace = self.workspace.borrow();
        let listed = || workspace.jokes.values().filter(|joke| joke.merged_into.is_none());
        let evaluations = workspace.runs.values().filter(|run| run.evaluation.is_some()).count();
        Ok(WorkspaceSummary {
            routines: workspace.routines.len(),
            jokes: listed().count(),
            labelled: listed().filter(|joke| joke.label.is_some()).count(),
            runs: workspace.runs.len() - evaluations,
            ballots: workspace.ballots.len(),
            votes: workspace
                .crowd
                .values()
                .map(|t| u64::from(t.funny) + u64::from(t.not_funny) + u64::from(t.skip))
                .sum(),
            datasets: workspace.datasets.len(),
            tuned: workspace.tuned.len(),
            evaluations,
        })
    }
}

impl BallotRepo for MemoryStore {
    async fn save_ballot(&self, ballot: &BallotRecord) -> Result<(), StoreError> {
        self.workspace.borrow_mut().ballots.insert(ballot.id.clone(), ballot.clone());
        Ok(())
    }

    async fn ballots(&self) -> Result<Vec<BallotRecord>, StoreError> {
        Ok(self.workspace.borrow().ballots.values().cloned().collect())
    }

    async fn record_crowd(&self, ballot_id: &str, tallies: Vec<CrowdTally>) -> Result<(), StoreError> {
        let mut workspace = self.workspace.borrow_mut();
        workspace.crowd.retain(|_, tally| tally.ballot_id != ballot_id);
        workspace.crowd.extend(tallies.into_iter().map(|t| (t.key.clone(), t)));
        Ok(())
    }

    async fn crowd(&self) -> Result<Vec<CrowdTally>, StoreError> {
        Ok(self.workspace.borrow().crowd.values().cloned().collect())
    }
}

impl DatasetRepo for MemoryStore {
    async fn save_snapshot(&self, snapshot: &Snapshot) -> Result<(), StoreError> {
        let mut workspace = self.workspace.borrow_mut();
        if workspace.datasets.contains_key(&snapshot.id) {
            return Err(StoreError::SnapshotExists(snapshot.id.clone()));
        }
        workspace.datasets.insert(snapshot.id.clone(), snapshot.clone());
        Ok(())
    }

    async fn snapshots(&self) -> Result<Vec<Snapshot>, StoreError> {
        Ok(self.workspace.borrow().datasets.values().cloned().collect())
    }

    async fn snapshot(&self, id: &str) -> Result<Option<Snapshot>, StoreError> {
        Ok(self.workspace.borrow().datasets.get(id).cloned())
    }

    async fn delete_snapshot(&self, id: &str) -> Result<(), StoreError> {
        self.workspace.borrow_mut().datasets.remove(id);
        Ok(())
    }
}

impl TuningRepo for MemoryStore {
    async fn save_tuned(&self, tuned: &TunedModel) -> Result<(), StoreError> {
        self.workspace.borrow_mut().tuned.insert(tuned.id.clone(), tuned.clone());
        Ok(())
    }

    async fn tuned(&self) -> Result<Vec<TunedModel>, StoreError> {
        Ok(self.workspace.borrow().tuned.values().cloned().collect())
    }

    async fn delete_tuned(&self, id: &str) -> Result<(), StoreError> {
        self.workspace.borrow_mut().tuned.remove(id);
        Ok(())
    }

    async fn save_upload(&self, upload: &Upload) -> Result<(), StoreError> {
        self.workspace.borrow_mut().uploads.insert(upload.dataset_id.clone(), upload.clone());
        Ok(())
    }

    async fn upload(&self, dataset_id: &str) -> Result<Option<Upload>, StoreError> {
        Ok(self.workspace.borrow().uploads.get(dataset_id).cloned())
    }
}

impl RunRepo for MemoryStore {
    async fn create_run(&self, run: Run, items: Vec<RunItem>, windows: Vec<WindowRecord>) -> Result<(), StoreError> {
        let mut workspace = self.workspace.borrow_mut();
        if workspace.runs.contains_key(&run.id) {
            return Err(StoreError::RunExists(run.id));
        }
        workspace.runs.insert(run.id.clone(), run);
        workspace.run_items.extend(items.into_iter().map(|i| (i.key.clone(), i)));
        workspace.windows.extend(windows.into_iter().map(|w| (w.id.clone(), w)));
        Ok(())
    }

    async fn runs(&self) -> Result<Vec<Run>, StoreError> {
        Ok(self.workspace.borrow().runs.values().cloned().collect())
    }

    async fn run_items(&self, run_id: &str) -> Result<Vec<RunItem>, StoreError> {
        Ok(self.workspace.borrow().run_items.values().filter(|i| i.run_id == run_id).cloned().collect())
    }

    async fn run_item(&self, run_id: &str, item_id: &str) -> Result<Option<RunItem>, StoreError> {
        Ok(self.workspace.borrow().run_items.get(&item_key(run_id, item_id)).cloned())
    }

    async fn window(&self, id: &str) -> Result<Option<WindowRecord>, StoreError> {
        Ok(self.workspace.borrow().windows.get(id).cloned())
    }

    async fn joke(&self, id: &str) -> Result<Option<Joke>, StoreError> {
        Ok(self.workspace.borrow().jokes.get(id).cloned())
    }

    async fn record_item(&self, outcome: ItemOutcome) -> Result<Run, StoreError> {
        let mut workspace = self.workspace.borrow_mut();
        let ItemOutcome { item, effects, usage, cost_nano_usd } = outcome;
        let run = workspace.runs.get_mut(&item.run_id).ok_or_else(|| StoreError::UnknownRun(item.run_id.clone()))?;
        if matches!(item.status, ItemStatus::Done { .. }) {
            run.add_usage(usage, cost_nano_usd);
        }
        let run = run.clone();
        match effects {
            ItemEffects::None => {}
            ItemEffects::RoutineJokes { routine_id, apply } => {
                let existing: Vec<Joke> = workspace
                    .jokes
                    .values()
                    .filter(|j| j.routine_id.as_deref() == Some(&routine_id))
                    .cloned()
                    .collect();
                for joke in apply(&existing) {
                    workspace.jokes.insert(joke.id.clone(), joke);
                }
            }
            ItemEffects::Joke { joke_id, apply } => {
                if let Some(joke) = workspace.jokes.remove(&joke_id) {
                    let joke = apply(joke);
                    workspace.jokes.insert(joke.id.clone(), joke);
                }
            }
        }
        workspace.run_items.insert(item.key.clone(), item);
        Ok(run)
    }

    async fn set_run_state(&self, run_id: &str, state: RunState) -> Result<Run, StoreError> {
        let mut workspace = self.workspace.borrow_mut();
        let run = workspace.runs.get_mut(run_id).ok_or_else(|| StoreError::UnknownRun(run_id.to_owned()))?;
        run.state = state;
        Ok(run.clone())
    }

    async fn retry_failed(&self, run_id: &str) -> Result<Run, StoreError> {
        let mut workspace = self.workspace.borrow_mut();
        let run = workspace.runs.get_mut(run_id).ok_or_else(|| StoreError::UnknownRun(run_id.to_owned()))?;
        run.state = RunState::Running;
        let run = run.clone();
        for item in workspace.run_items.values_mut().filter(|i| i.run_id == run_id) {
            if matches!(item.status, ItemStatus::Failed { .. }) {
                item.status = ItemStatus::Pending;
            }
        }
        Ok(run)
    }
}
