//! The records of the workspace. Their serialised form is what the store keeps (through the
//! frozen row types of each schema version), so field names here are part of no wire contract.

use serde::{Deserialize, Serialize};
use tallas_core::api::TokenUsage;
use tallas_core::scores::mentalization::{Graph, Mentalization};
use tallas_core::tasks::Task;
use tallas_core::transcript::{Event, Segment};

/// A routine: one performance, with its transcript once one was imported and its metadata once
/// the routines table was. Either may come first; importing the other fills in the rest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routine {
    /// The corpus's routine id ("100") when known, else the transcript's file name.
    pub id: String,
    pub transcript: Option<TranscriptRecord>,
    pub meta: Option<RoutineMeta>,
}

/// A routine without its transcript's segments: what lists, names and counts need. Reading these
/// instead of whole routines skips converting a corpus's thousands of segments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutineHead {
    pub id: String,
    pub meta: Option<RoutineMeta>,
    pub has_transcript: bool,
}

impl Routine {
    pub fn head(&self) -> RoutineHead {
        RoutineHead { id: self.id.clone(), meta: self.meta.clone(), has_transcript: self.transcript.is_some() }
    }
}

/// A transcript as imported: where it came from and its clean segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptRecord {
    pub file_name: String,
    /// How the file was read (`tallas_core::transcript::Format`'s wire name, e.g. `srt`).
    pub format: String,
    pub segments: Vec<SegmentRecord>,
    pub imported_at_ms: u64,
}

/// A transcript segment: [`Segment`] in a shape the store can read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentRecord {
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
    pub text: String,
    /// Event markers as `(marker, byte offset)`, e.g. `("[risas]", 12)`.
    pub events: Vec<(String, usize)>,
}

impl From<&Segment> for SegmentRecord {
    fn from(segment: &Segment) -> Self {
        Self {
            start_ms: segment.start_ms,
            end_ms: segment.end_ms,
            text: segment.text.clone(),
            events: segment.events.iter().map(|e: &Event| (e.marker().to_owned(), e.at())).collect(),
        }
    }
}

/// What the routines, comedians and shows tables say about a routine.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutineMeta {
    pub show_id: Option<u32>,
    /// The festival, e.g. "Viña del Mar".
    pub event: Option<String>,
    pub year: Option<u16>,
    pub date: Option<String>,
    pub video_id: Option<String>,
}

/// A row of the comedians or shows table, kept so routines can be shown with names.
// Externally tagged (`{"show": {...}}`), like every enum here: an internally tagged one would
// compile a buffering deserializer per type into the app's WASM.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatalogEntry {
    Show { id: u32, title: String },
    Comedian { id: u32, show_id: u32, name: String },
}

impl CatalogEntry {
    /// The store's key: ids are only unique within a kind.
    pub fn key(&self) -> String {
        match self {
            CatalogEntry::Show { id, .. } => format!("show:{id}"),
            CatalogEntry::Comedian { id, .. } => format!("comedian:{id}"),
        }
    }
}

/// A joke with every version of its text, oldest first; the last one is the current text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joke {
    /// Stable across re-imports of the same source, so importing a file twice adds nothing.
    pub id: String,
    pub routine_id: Option<String>,
    pub start_ms: Option<u64>,
    pub video_id: Option<String>,
    pub versions: Vec<TextVersion>,
    pub keywords: Vec<String>,
    /// The curator's current label; its history is in the label events.
    pub label: Option<Label>,
    pub source: JokeSource,
    // The pipeline's results. Absent fields are skipped when stored, so a joke no model has
    // touched keeps the shape schema v2 gave it.
    /// The refinement model's verdict (`funny` / `not_funny`), never the curator's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm_label: Option<Label>,
    /// The knowledge graph the graph task drew, for the mentalization scores.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph: Option<Graph>,
    /// The graph's measures (node count, intentionality depth and its chain), computed when the
    /// graph arrives so that showing and filtering them needs no graph analysis in the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentalization: Option<Mentalization>,
    /// Which model and prompt version produced each pipeline result, latest last.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stamps: Vec<TaskStamp>,
    /// The last failure of each pipeline task on this joke, until the task succeeds on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<TaskError>,
    /// The joke the curator merged this near-duplicate into. A merged joke is kept whole (so a
    /// merge loses nothing, can be undone, and a re-import does not bring it back) but is no
    /// longer listed, counted or sent to the pipeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
}

/// A pipeline task that failed on a joke, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskError {
    pub task: Task,
    pub message: String,
    pub at_ms: u64,
}

/// What produced one pipeline result of a joke.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskStamp {
    pub task: Task,
    pub model: String,
    pub prompt_version: String,
    pub at_ms: u64,
}

impl Joke {
    /// A joke as it first appears: one text version, from `source`, untouched by any model, label
    /// or merge. Callers add what their source knows (`Joke { routine_id, ..Joke::new(…) }`).
    pub fn new(id: String, source: JokeSource, first: TextVersion) -> Self {
        Joke {
            id,
            routine_id: None,
            start_ms: None,
            video_id: None,
            versions: vec![first],
            keywords: Vec::new(),
            label: None,
            source,
            llm_label: None,
            graph: None,
            mentalization: None,
            stamps: Vec::new(),
            errors: Vec::new(),
            merged_into: None,
        }
    }

    /// The text as it stands now.
    pub fn text(&self) -> &str {
        self.versions.last().map_or("", |v| v.text.as_str())
    }

    /// A link to the moment of the video where the joke is told, when both are known.
    pub fn video_url(&self) -> Option<String> {
        let id = self.video_id.as_deref()?;
        let seconds = self.start_ms? / 1000;
        Some(format!("https://www.youtube.com/watch?v={id}&t={seconds}s"))
    }
}

/// Where a joke came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JokeSource {
    /// A row (counted from 1, after the header) of an imported jokes table.
    Table { file_name: String, row: usize },
    /// Found by an extraction run. A joke told across overlapping windows is found in each and
    /// merged into one: `windows` lists every window it was found in (`WindowRecord::id`).
    Extracted { run_id: String, windows: Vec<String> },
    /// Told by `model` in an evaluation (`run_id`), brought here to be labelled or voted on, so
    /// the judge's verdicts can be compared with people's.
    Generated { run_id: String, model: String },
}

/// One version of a joke's text and what made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextVersion {
    pub kind: VersionKind,
    pub text: String,
    pub at_ms: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VersionKind {
    /// As a curated table had it.
    Imported,
    /// As the extraction model found it in a transcript.
    Extracted,
    /// The extraction's corrected text.
    Corrected,
    Refined,
    Rewritten,
    /// Changed by the curator.
    Edited,
    /// As a model told it in an evaluation.
    Generated,
}

/// The curator's verdict on a joke: the one funny / not funny of core, which the crowd's and the
/// gold answers' labels are too.
pub use tallas_core::scores::crowd::Label;

/// One change of a joke's label (`None`: the label was removed), kept for its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelEvent {
    pub joke_id: String,
    pub label: Option<Label>,
    pub at_ms: u64,
}

impl Routine {
    /// This routine with what `newer` brings: a newer transcript or metadata replaces the older,
    /// and what `newer` lacks is kept.
    pub fn merge(&mut self, newer: Routine) {
        if newer.transcript.is_some() {
            self.transcript = newer.transcript;
        }
        if newer.meta.is_some() {
            self.meta = newer.meta;
        }
    }
}

/// One keyword-to-joke round trip of the playground, with what produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exchange {
    /// The keyword as sent, i.e. trimmed by `GenerateRequest::validate`.
    pub keyword: String,
    pub joke: String,
    /// The model that answered, as the worker reported it.
    pub model: String,
    pub prompt_version: String,
    pub usage: TokenUsage,
    /// When the answer arrived, in milliseconds since the Unix epoch (browser clock).
    pub created_at_ms: u64,
}

/// A record as a store returns it: the key the store gave it, plus the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored<T> {
    /// Assigned by the store on insert; increases with every insert, so it orders records.
    pub id: u64,
    pub value: T,
}
