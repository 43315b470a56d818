//! The curator's local data, kept in the browser's IndexedDB (database [`DB_NAME`]).
//!
//! Pages talk to repository traits ([`PlaygroundRepo`], [`JokeRepo`], [`RunRepo`],
//! [`BallotRepo`], [`DatasetRepo`], [`TuningRepo`], [`SummaryRepo`]), never to IndexedDB, so
//! every repository has an in-memory twin ([`MemoryStore`]) and one test suite runs against both
//! (`app/tests/store.rs`). The schema and its versions live in [`migrations`].

mod error;
mod indexed_db;
mod indexed_db_ballots;
mod indexed_db_datasets;
mod indexed_db_jokes;
mod indexed_db_runs;
mod indexed_db_summary;
mod indexed_db_tuning;
mod memory;
pub mod migrations;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use tallas_core::api::TokenUsage;

use crate::domain::backup::Backup;
use crate::domain::crowd::{BallotRecord, CrowdTally};
use crate::domain::dataset::Snapshot;
use crate::domain::edits::JokeEdit;
use crate::domain::import::ImportBatch;
use crate::domain::run::{Run, RunItem, RunState, WindowRecord};
use crate::domain::tuning::{TunedModel, Upload};
use crate::domain::{CatalogEntry, Joke, Label, LabelEvent, Routine, RoutineHead, TextVersion};
// The records a store returns, defined with the rest of the model.
pub use crate::domain::{Exchange, Stored};

pub use error::StoreError;
pub use indexed_db::IndexedDbStore;
pub use memory::MemoryStore;

/// The name of the app's IndexedDB database.
pub const DB_NAME: &str = "tallas";

/// The playground's history of exchanges.
// Native `async fn` in a trait is fine here: the app is single-threaded WASM and callers are
// generic (`&impl PlaygroundRepo`), so the futures need no `Send` bound.
#[allow(async_fn_in_trait)]
pub trait PlaygroundRepo {
    /// Saves an exchange and returns it with its new id.
    async fn add_exchange(&self, exchange: Exchange) -> Result<Stored<Exchange>, StoreError>;

    /// Every saved exchange, newest (highest id) first.
    async fn list_exchanges(&self) -> Result<Vec<Stored<Exchange>>, StoreError>;
}

/// What an import changed, for the import page to report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub routines_added: usize,
    /// Routines that existed and gained a transcript or metadata.
    pub routines_updated: usize,
    pub jokes_added: usize,
    /// Jokes already in the workspace (same source row), left as they were with their labels.
    pub jokes_already_there: usize,
    pub catalog_entries: usize,
}

/// How much the workspace holds, as the import page shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoredCounts {
    pub routines: usize,
    /// Jokes in the list: a joke merged into another is not one more joke.
    pub jokes: usize,
}

/// How far the workspace has come on each step of the work, as the home page shows it: counts,
/// read without reading the jokes' or runs' contents where an index or a key count answers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkspaceSummary {
    pub routines: usize,
    /// Jokes in the list (a joke merged into another is not one more).
    pub jokes: usize,
    /// Of those, the ones the curator labelled.
    pub labelled: usize,
    /// Pipeline runs (extraction, refinement, …), evaluations apart.
    pub runs: usize,
    pub ballots: usize,
    /// Votes pulled from the ballots (funny, not funny and skipped).
    pub votes: u64,
    pub datasets: usize,
    pub tuned: usize,
    pub evaluations: usize,
}

/// A label to set on a joke (`None` removes it), as one step of a possibly bulk change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelChange {
    pub joke_id: String,
    pub label: Option<Label>,
}

/// The curator's routines, jokes and labels. Every method is one transaction: it happens
/// completely or not at all.
#[allow(async_fn_in_trait)]
pub trait JokeRepo {
    /// Writes what an import read, or the details a curator typed about a routine. Routines merge
    /// into existing ones (a transcript or metadata fills in what is missing, and a newer one
    /// replaces the older); jokes already present keep their labels and edits.
    async fn import(&self, batch: ImportBatch) -> Result<ImportCounts, StoreError>;

    /// Every routine, by id.
    async fn routines(&self) -> Result<Vec<Routine>, StoreError>;

    /// Every routine without its transcript's segments, by id.
    async fn routine_heads(&self) -> Result<Vec<RoutineHead>, StoreError>;

    /// How many routines and (listed) jokes there are, without reading them whole.
    async fn counts(&self) -> Result<StoredCounts, StoreError>;

    /// Every comedian and show.
    async fn catalog(&self) -> Result<Vec<CatalogEntry>, StoreError>;

    /// Every joke, by id.
    async fn jokes(&self) -> Result<Vec<Joke>, StoreError>;

    /// Sets labels (one or many jokes, as one step) and records each change in the label history.
    /// Fails without changing anything when a joke does not exist.
    async fn set_labels(&self, changes: &[LabelChange], at_ms: u64) -> Result<(), StoreError>;

    /// Appends a version of a joke's text (which becomes its current text) and returns the joke.
    async fn add_version(&self, joke_id: &str, version: TextVersion) -> Result<Joke, StoreError>;

    /// Changes jokes' keywords or merges (see [`JokeEdit`]), all of them or, when one does not
    /// exist, none.
    async fn edit_jokes(&self, edit: &JokeEdit) -> Result<(), StoreError>;

    /// A joke's label history, oldest first.
    async fn label_history(&self, joke_id: &str) -> Result<Vec<LabelEvent>, StoreError>;

    /// Everything, for a backup file (read in one transaction, so it is consistent).
    async fn export(&self, now_ms: u64) -> Result<Backup, StoreError>;

    /// Replaces everything with a backup's contents, in one transaction: on any failure the
    /// workspace is left as it was.
    async fn restore(&self, backup: Backup) -> Result<(), StoreError>;
}

/// Given a routine's jokes, the jokes to add or replace.
pub type RoutineJokesFn = Box<dyn FnOnce(&[Joke]) -> Vec<Joke>>;

/// What a finished run item changes in the workspace, computed from the jokes as they are inside
/// the item's transaction, so two items finishing at once cannot overwrite each other's jokes and
/// a curator's edit made while the call was out is kept.
pub enum ItemEffects {
    /// A failed item: nothing changes but the item.
    None,
    /// An extraction: given the routine's jokes, the jokes to add or replace.
    RoutineJokes { routine_id: String, apply: RoutineJokesFn },
    /// A joke task: the joke with its result applied. A joke deleted meanwhile is skipped.
    Joke { joke_id: String, apply: Box<dyn FnOnce(Joke) -> Joke> },
}

/// The outcome of one run item, to record in one transaction with its effects.
pub struct ItemOutcome {
    /// The item with its new status (and attempts).
    pub item: RunItem,
    pub effects: ItemEffects,
    pub usage: TokenUsage,
    /// Estimated cost of the call; `None` when the model has no known price.
    pub cost_nano_usd: Option<u64>,
}

/// Pipeline runs, their items and the windows extraction sends. Every method is one transaction.
/// The workspace at a glance.
#[allow(async_fn_in_trait)]
pub trait SummaryRepo {
    /// Every step's count, in one read.
    async fn summary(&self) -> Result<WorkspaceSummary, StoreError>;
}

#[allow(async_fn_in_trait)]
pub trait RunRepo {
    /// Saves a new run with its items and the windows they name (a window already stored is
    /// replaced by the same cut). Fails without writing anything when the run id exists.
    async fn create_run(&self, run: Run, items: Vec<RunItem>, windows: Vec<WindowRecord>) -> Result<(), StoreError>;

    /// Every run, oldest first.
    async fn runs(&self) -> Result<Vec<Run>, StoreError>;

    /// A run's items, in key order.
    async fn run_items(&self, run_id: &str) -> Result<Vec<RunItem>, StoreError>;

    /// One item of a run (an evaluation's judgement reads the two jokes it compares).
    async fn run_item(&self, run_id: &str, item_id: &str) -> Result<Option<RunItem>, StoreError>;

    async fn window(&self, id: &str) -> Result<Option<WindowRecord>, StoreError>;

    async fn joke(&self, id: &str) -> Result<Option<Joke>, StoreError>;

    /// Records an item's outcome: its status, the jokes it adds or changes, and the run's totals.
    /// Returns the run as it now is.
    async fn record_item(&self, outcome: ItemOutcome) -> Result<Run, StoreError>;

    /// Pauses, resumes (`Running`), cancels or finishes a run.
    async fn set_run_state(&self, run_id: &str, state: RunState) -> Result<Run, StoreError>;

    /// Puts the run's failed items back in the queue and the run back to `Running`.
    async fn retry_failed(&self, run_id: &str) -> Result<Run, StoreError>;
}

/// The curator's ballots and the crowd's votes pulled from them. Every method is one transaction.
#[allow(async_fn_in_trait)]
pub trait BallotRepo {
    /// Saves a ballot, new or as it now is.
    async fn save_ballot(&self, ballot: &BallotRecord) -> Result<(), StoreError>;

    /// Every ballot, by id.
    async fn ballots(&self) -> Result<Vec<BallotRecord>, StoreError>;

    /// Replaces the tallies of `ballot_id` with `tallies` (its results as they now are): pulling a
    /// ballot twice leaves one set of its votes.
    async fn record_crowd(&self, ballot_id: &str, tallies: Vec<CrowdTally>) -> Result<(), StoreError>;

    /// Every ballot's tallies, by key.
    async fn crowd(&self) -> Result<Vec<CrowdTally>, StoreError>;
}

/// Frozen datasets. A snapshot is written once and never changed; it is only deleted.
#[allow(async_fn_in_trait)]
pub trait DatasetRepo {
    /// Keeps a new snapshot; fails without writing when its id exists.
    async fn save_snapshot(&self, snapshot: &Snapshot) -> Result<(), StoreError>;

    /// Every snapshot, oldest first.
    async fn snapshots(&self) -> Result<Vec<Snapshot>, StoreError>;

    async fn snapshot(&self, id: &str) -> Result<Option<Snapshot>, StoreError>;

    async fn delete_snapshot(&self, id: &str) -> Result<(), StoreError>;
}

/// Tuned models and the datasets' uploaded files. Every method is one transaction.
#[allow(async_fn_in_trait)]
pub trait TuningRepo {
    /// Saves a tuned model, new or as it now is (a job's latest status).
    async fn save_tuned(&self, tuned: &TunedModel) -> Result<(), StoreError>;

    /// Every tuned model, by id.
    async fn tuned(&self) -> Result<Vec<TunedModel>, StoreError>;

    async fn delete_tuned(&self, id: &str) -> Result<(), StoreError>;

    /// Keeps a dataset's uploaded files, replacing an earlier upload of the same dataset.
    async fn save_upload(&self, upload: &Upload) -> Result<(), StoreError>;

    async fn upload(&self, dataset_id: &str) -> Result<Option<Upload>, StoreError>;
}

/// The app's store, shared through context. Opening IndexedDB is asynchronous and can fail
/// (private windows, a newer schema), so the context holds the pending result, opened once.
#[derive(Clone, Copy)]
pub struct Store(LocalResource<Result<IndexedDbStore, StoreError>>);

impl Store {
    /// Waits for the database to be open; the error says what the person can do about it.
    pub async fn open(self) -> Result<IndexedDbStore, StoreError> {
        self.0.await
    }
}

/// Starts opening the database and makes it available to every component below.
pub fn provide_store() {
    provide_context(Store(LocalResource::new(|| IndexedDbStore::open(DB_NAME))));
}

/// The store provided by [`provide_store`] (called once in `App`).
pub fn use_store() -> Store {
    expect_context::<Store>()
}
