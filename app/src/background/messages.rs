//! Every message between the page and the background worker: one [`Request`] enum names every
//! job, and each one-reply job is a [`Job`] that names its reply type once, for both sides. Both
//! convert them with `crate::js` (plain JS objects, no JSON text); a `File` list crosses as it is,
//! without copying its bytes.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use tallas_core::dataset::BuildConfig;
use tallas_core::play::arena::{ArenaResults, ArenaTally};

use crate::domain::dataset::{Comparison, Preview, SnapshotSummary, Verdict};
use crate::domain::details::TypedDetails;
use crate::domain::evaluation_text::ReportText;
use crate::domain::import::FileReport;
use crate::pipeline::protocol::Command;
use crate::store::ImportCounts;

/// A one-reply job: the request the page sends and, as `Reply`, what the worker answers. The page
/// runs it with `page::run`, the worker answers it with `worker::reply::<Job>`, so the two sides
/// cannot disagree on the reply's type.
pub trait Job {
    type Reply: Serialize + DeserializeOwned;
    fn into_request(self) -> Request;
}

/// Read, parse and save files.
pub struct ImportFiles {
    pub files: js_sys::Array,
    pub lenient: bool,
    pub now_ms: u64,
}

impl Job for ImportFiles {
    type Reply = ImportReply;
    fn into_request(self) -> Request {
        Request::Import { files: self.files, lenient: self.lenient, now_ms: self.now_ms }
    }
}

/// The stored jokes' near-duplicate clusters.
pub struct FindDuplicates;

impl Job for FindDuplicates {
    type Reply = DuplicatesReply;
    fn into_request(self) -> Request {
        Request::Duplicates
    }
}

impl Job for DetailsAsk {
    type Reply = DetailsReply;
    fn into_request(self) -> Request {
        Request::Details(self)
    }
}

/// Write, check or restore a backup (`text`: the backup file's, to check or restore).
pub struct BackupJob {
    pub ask: BackupAsk,
    pub text: Option<String>,
    pub now_ms: u64,
}

impl Job for BackupJob {
    type Reply = BackupReply;
    fn into_request(self) -> Request {
        Request::Backup { ask: self.ask, text: self.text, now_ms: self.now_ms }
    }
}

impl Job for DatasetAsk {
    type Reply = DatasetReply;
    fn into_request(self) -> Request {
        Request::Dataset(self)
    }
}

/// Rank the arena's models from its counted votes.
pub struct RankArena(pub Vec<ArenaTally>);

impl Job for RankArena {
    type Reply = ArenaResults;
    fn into_request(self) -> Request {
        Request::Arena(self.0)
    }
}

/// A link as a QR code: its SVG text, empty when the link is too long for one.
pub struct DrawQr(pub String);

impl Job for DrawQr {
    type Reply = String;
    fn into_request(self) -> Request {
        Request::Qr(self.0)
    }
}

impl Job for EvaluationAsk {
    type Reply = EvaluationReply;
    fn into_request(self) -> Request {
        Request::Evaluation(self)
    }
}

/// What the page asks a background worker.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Read, parse and save files: one [`ImportReply`].
    Import {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        files: js_sys::Array,
        lenient: bool,
        now_ms: u64,
    },
    /// The stored jokes' near-duplicate clusters: one [`DuplicatesReply`].
    Duplicates,
    /// A routine's typed details: one [`DetailsReply`].
    Details(DetailsAsk),
    /// Write, check or restore a backup: one [`BackupReply`].
    Backup {
        ask: BackupAsk,
        /// The backup file's text, to check or restore.
        text: Option<String>,
        now_ms: u64,
    },
    /// A pipeline command, answered by a stream of `pipeline::protocol::Event`s.
    Pipeline(Command),
    /// Build, freeze, list, read, compare or delete datasets, or check a JSONL file: one [`DatasetReply`].
    Dataset(DatasetAsk),
    /// Rank the arena's models from its counted votes: one `ArenaResults`.
    Arena(Vec<ArenaTally>),
    /// A link as a QR code: one SVG text (empty when the link is too long for one).
    Qr(String),
    /// An evaluation's results, or its export: one [`EvaluationReply`].
    Evaluation(EvaluationAsk),
}

/// What the Evaluate page asks of an evaluation (a run with an evaluation spec).
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationAsk {
    /// Its report from the verdicts stored so far, beside the arena's ranking when `arena` has
    /// the arena's counted votes.
    Report { run_id: String, arena: Option<Vec<ArenaTally>> },
    /// The same as a file: JSON (everything) or CSV (the per-keyword table).
    Export { run_id: String, arena: Option<Vec<ArenaTally>>, csv: bool },
    /// Its jokes into the workspace, to be labelled or voted on: one `Brought`.
    ToWorkspace { run_id: String, now_ms: u64 },
}

/// The evaluation job's answer.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvaluationReply {
    Report(ReportText),
    Export {
        file_name: String,
        text: String,
    },
    /// The jokes added to the workspace, and those already there.
    Brought {
        added: usize,
        already: usize,
    },
    /// The evaluation could not be read; the message says why.
    Failed(String),
}

/// What the dataset page asks.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetAsk {
    /// Builds with `config` from the workspace as it is now, keeping nothing.
    Preview(BuildConfig),
    /// Builds the same way and keeps the result as a frozen snapshot named `name`.
    Freeze {
        name: String,
        config: BuildConfig,
        now_ms: u64,
    },
    /// Every frozen snapshot, newest first.
    List,
    /// A snapshot's files.
    Files(String),
    Compare(String, String),
    Delete(String),
    /// Checks a JSONL file (the first of `files`) as Mistral would.
    Validate {
        #[serde(with = "serde_wasm_bindgen::preserve")]
        files: js_sys::Array,
    },
    /// The evaluations that can give a training kit preference pairs: `(run id, name)`.
    Sources,
    /// Snapshot `id`'s training kit, with the arena's votes as the worker answered them (its
    /// `ArenaPreferences`, read here so the page carries no reader for it) and the both-orders wins
    /// of the evaluations named.
    Kit {
        id: String,
        evaluations: Vec<String>,
        #[serde(with = "serde_wasm_bindgen::preserve")]
        arena: wasm_bindgen::JsValue,
    },
}

/// The dataset job's answer.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetReply {
    Preview(Preview),
    Frozen(SnapshotSummary),
    Snapshots(Vec<SnapshotSummary>),
    Files(FileTexts),
    Compared(Comparison),
    Deleted,
    Report(Verdict),
    Sources(Vec<(String, String)>),
    Kit(KitDownload),
    /// The workspace could not be read or written, or the file read; nothing changed.
    Failed(String),
}

/// A frozen dataset's files as they are saved: the manifest already written as JSON, so the page
/// only hands texts to the browser.
#[derive(Debug, Serialize, Deserialize)]
pub struct FileTexts {
    /// The dataset's name.
    pub name: String,
    /// The name as its files are named (`tallas_core::dataset::kit::slug`, as the kit's folder).
    pub stem: String,
    pub train: String,
    pub validation: String,
    pub manifest: String,
}

/// A training kit as the page saves it: the zip's bytes, and the files it lacks with why.
#[derive(Debug, Serialize, Deserialize)]
pub struct KitDownload {
    pub file_name: String,
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub zip: js_sys::Uint8Array,
    /// `(path, why)` of each file the kit has no rows for.
    pub absent: Vec<(String, String)>,
}

/// The import's answer.
#[derive(Debug, Serialize, Deserialize)]
pub struct ImportReply {
    pub reports: Vec<FileReport>,
    /// What the store made of the files' contents, or why nothing was saved.
    pub saved: Result<ImportCounts, String>,
}

/// The clusters (joke ids), or why the jokes could not be read.
pub type DuplicatesReply = Result<Vec<Vec<String>>, String>;

/// What the routine details form asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DetailsAsk {
    /// The routines and their details as they stand.
    List,
    /// Save the details of one routine.
    Save { routine_id: String, details: TypedDetails },
}

/// A routine as the details form offers it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub name: String,
    /// Whether a table or the curator gave it details.
    pub described: bool,
    pub details: TypedDetails,
}

/// The routines (for a list; none for a save), or what to fix instead (a save then wrote nothing).
pub type DetailsReply = Result<Vec<Choice>, String>;

/// What the page asks of backups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupAsk {
    /// The whole workspace as a backup file.
    Export,
    /// Reads and checks a file, without writing anything: what it holds, for the curator to confirm.
    Check,
    /// Reads, checks and restores a file (replacing the workspace, in one transaction).
    Restore,
}

/// The backup's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupReply {
    Exported {
        json: String,
        exported_at_ms: u64,
        summary: String,
    },
    /// The file is a backup holding this.
    Checked {
        summary: String,
    },
    Restored {
        summary: String,
    },
    /// The file is not a backup this build can restore; nothing was written.
    Refused(String),
    /// The workspace could not be read or written; nothing changed.
    Failed(String),
}
