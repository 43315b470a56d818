//! The whole workspace as one file: what "Exportar" writes and "Restaurar" reads back.
//!
//! The file is JSON with a format name and a version, so a foreign or newer file is refused with
//! a message that says what it is, before anything is written. Turning the file's text into a
//! [`Backup`] is the browser's job (`background::worker::backup_file`); the checks are here.

use serde::{Deserialize, Serialize};

use super::crowd::{BallotRecord, CrowdTally};
use super::dataset::Snapshot;
use super::model::{CatalogEntry, Exchange, Joke, LabelEvent, Routine, Stored};
use super::run::{Run, RunItem, WindowRecord};
use super::tuning::{TunedModel, Upload};
use crate::i18n::{fill, t};

/// The `format` field of every backup.
pub const FORMAT: &str = "tallas-workspace";
/// The backup layout this build writes and reads.
pub const VERSION: u32 = 1;

/// Everything the curator keeps in this browser.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    pub format: String,
    pub version: u32,
    pub exported_at_ms: u64,
    pub routines: Vec<Routine>,
    pub jokes: Vec<Joke>,
    /// Oldest first.
    pub label_events: Vec<LabelEvent>,
    pub catalog: Vec<CatalogEntry>,
    /// The playground history, with the ids it had.
    pub exchanges: Vec<StoredExchange>,
    // Pipeline runs came with schema v3; files written before have none.
    #[serde(default)]
    pub runs: Vec<Run>,
    #[serde(default)]
    pub run_items: Vec<RunItem>,
    #[serde(default)]
    pub windows: Vec<WindowRecord>,
    // Ballots and the crowd's votes came with schema v4; files written before have none.
    #[serde(default)]
    pub ballots: Vec<BallotRecord>,
    #[serde(default)]
    pub crowd: Vec<CrowdTally>,
    // Frozen datasets came with schema v5.
    #[serde(default)]
    pub datasets: Vec<Snapshot>,
    // Tuned models and uploaded files came with schema v6.
    #[serde(default)]
    pub tuned: Vec<TunedModel>,
    #[serde(default)]
    pub uploads: Vec<Upload>,
}

/// A playground exchange with its id, as a backup stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredExchange {
    pub id: u64,
    pub exchange: Exchange,
}

impl From<Stored<Exchange>> for StoredExchange {
    fn from(stored: Stored<Exchange>) -> Self {
        Self { id: stored.id, exchange: stored.value }
    }
}

impl Backup {
    /// What is in it, for the curator to confirm before it replaces the workspace.
    pub fn summary(&self) -> String {
        format!(
            "{} rutinas, {} tallas, {} cambios de etiqueta, {} comediantes y shows, {} tallas del playground, {} votaciones, {} datasets",
            self.routines.len(),
            self.jokes.len(),
            self.label_events.len(),
            self.catalog.len(),
            self.exchanges.len(),
            self.ballots.len(),
            self.datasets.len()
        )
    }
}

/// Why a file is not a backup this build can restore.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BackupError {
    #[error("{}", fill(t().BACKUP_NOT_JSON, &[.0]))]
    NotJson(String),
    #[error("{}", fill(t().BACKUP_FOREIGN, &[&FORMAT]))]
    Foreign,
    #[error("{}", fill(t().BACKUP_NEWER, &[.0, &VERSION]))]
    Newer(u32),
    #[error("{}", fill(t().BACKUP_DAMAGED, &[.0]))]
    Damaged(String),
}

/// Checks a file's `format` and `version` fields before its contents are read.
pub fn check_header(format: Option<&str>, version: Option<f64>) -> Result<(), BackupError> {
    if format != Some(FORMAT) {
        return Err(BackupError::Foreign);
    }
    match version {
        // The cast saturates, so a nonsense version cannot panic.
        Some(version) if version > f64::from(VERSION) => Err(BackupError::Newer(version as u32)),
        Some(_) => Ok(()),
        None => Err(BackupError::Damaged(t().BACKUP_NO_VERSION.into())),
    }
}

/// Checks what a backup's records say about each other.
pub fn check(backup: Backup) -> Result<Backup, BackupError> {
    check_references(&backup)?;
    Ok(backup)
}

/// Label events must point at jokes in the same backup, or a restored history would dangle.
fn check_references(backup: &Backup) -> Result<(), BackupError> {
    let ids: std::collections::HashSet<&str> = backup.jokes.iter().map(|j| j.id.as_str()).collect();
    if ids.len() != backup.jokes.len() {
        return Err(BackupError::Damaged(t().BACKUP_SAME_ID.into()));
    }
    match backup.label_events.iter().find(|e| !ids.contains(e.joke_id.as_str())) {
        Some(event) => Err(BackupError::Damaged(fill(t().BACKUP_DANGLING_LABELS, &[&event.joke_id]))),
        None => Ok(()),
    }
}
