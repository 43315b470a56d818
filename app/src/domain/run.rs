//! Pipeline runs: a task (extract, refine, keywords, graph, rewrite) over many items (transcript
//! windows or jokes), the state of each item, and what a finished item changes in the workspace.
//!
//! Pure: the background worker (`pipeline::driver`) does the calls and the writes. Each item's
//! result and its effects on the jokes are written in one transaction, so a run stopped at any
//! moment (pause, a closed tab) resumes with exactly the items that have no result yet.

use serde::{Deserialize, Serialize};
use tallas_core::api::TokenUsage;
use tallas_core::dedupe::{DedupeConfig, find_clusters};
use tallas_core::tasks::{KeywordList, Quality, Refinement, Repertoire, Rewritten, Task};
use tallas_core::transcript::{Event, Segment, SegmentationConfig, group_utterances, pack_windows};

use super::evaluation_record::{CallOutput, EvaluationSpec};
use super::{Joke, JokeSource, Label, Routine, TaskError, TaskStamp, TextVersion, VersionKind};
use tallas_core::scores::mentalization::{Graph, measure};

/// The tasks a run can do, in pipeline order.
pub const RUN_TASKS: [Task; 5] = [Task::Extract, Task::Refine, Task::Keywords, Task::Graph, Task::Rewrite];

/// One run of a task over a fixed list of items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    /// `run-<creation time in ms>`: ordered by creation.
    pub id: String,
    pub task: Task,
    pub state: RunState,
    /// The model asked for, as `/api/models` lists it; the worker's default for the task when absent.
    pub model: Option<String>,
    /// Calls in flight at once.
    pub concurrency: u8,
    pub created_at_ms: u64,
    /// How many items the run has (fixed when it is planned).
    pub items: u32,
    /// Tokens of every finished item.
    pub usage: TokenUsage,
    /// Estimated cost of the finished items in billionths of a US dollar (see `tallas_core::pricing`).
    pub cost_nano_usd: u64,
    /// Tokens spent by models without a known price, so the estimate can say it is a lower bound.
    pub unpriced_tokens: u64,
    /// Set when the run is an evaluation: its items are the definition's calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evaluation: Option<Box<EvaluationSpec>>,
}

impl Run {
    /// Adds a finished call's tokens and cost to the run's totals.
    pub fn add_usage(&mut self, usage: TokenUsage, cost_nano_usd: Option<u64>) {
        self.usage = self.usage + usage;
        match cost_nano_usd {
            Some(cost) => self.cost_nano_usd = self.cost_nano_usd.saturating_add(cost),
            None => {
                let tokens = u64::from(usage.prompt_tokens) + u64::from(usage.completion_tokens);
                self.unpriced_tokens = self.unpriced_tokens.saturating_add(tokens);
            }
        }
    }
}

/// Where a run stands. A run that was `Running` when its tab closed is still `Running` on disk:
/// the app resumes it when it starts again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunState {
    Running,
    Paused,
    Cancelled,
    /// Every item has a result or an error.
    Finished,
}

impl RunState {
    /// Whether the run may still make calls (after a resume, for a paused one).
    pub fn is_open(self) -> bool {
        matches!(self, RunState::Running | RunState::Paused)
    }
}

/// One item of a run and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunItem {
    /// `<run id>/<item id>`, the store's key.
    pub key: String,
    pub run_id: String,
    /// A window id for extraction, a joke id otherwise.
    pub item_id: String,
    /// How the item is shown in the run's list of failures.
    pub title: String,
    pub status: ItemStatus,
    /// Calls made for it so far (a retry adds one).
    pub attempts: u32,
    /// An evaluation call's answer (a pipeline task's goes to its jokes instead).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<CallOutput>,
}

impl RunItem {
    pub fn new(run_id: &str, item_id: String, title: String) -> Self {
        Self {
            key: item_key(run_id, &item_id),
            run_id: run_id.to_owned(),
            item_id,
            title,
            status: ItemStatus::Pending,
            attempts: 0,
            output: None,
        }
    }
}

/// The store key of a run's item.
pub fn item_key(run_id: &str, item_id: &str) -> String {
    format!("{run_id}/{item_id}")
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Pending,
    Done {
        usage: TokenUsage,
        at_ms: u64,
    },
    /// The call or its reply failed; the message says why. Never turned into a label.
    Failed {
        error: String,
        at_ms: u64,
    },
}

/// The counts a progress bar shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunCounts {
    pub pending: u32,
    pub done: u32,
    pub failed: u32,
}

impl RunCounts {
    pub fn of<'a>(items: impl IntoIterator<Item = &'a RunItem>) -> Self {
        let mut counts = RunCounts::default();
        for item in items {
            match item.status {
                ItemStatus::Pending => counts.pending += 1,
                ItemStatus::Done { .. } => counts.done += 1,
                ItemStatus::Failed { .. } => counts.failed += 1,
            }
        }
        counts
    }

    pub fn total(self) -> u32 {
        self.pending + self.done + self.failed
    }
}

/// A transcript window as extraction sends it, kept so a resumed run sends the same text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowRecord {
    /// `<routine id>#<index>`.
    pub id: String,
    pub routine_id: String,
    /// How the routine is named to the model ("Edo Caroe · Viña del Mar · 2020").
    pub routine_label: String,
    /// The routine's YouTube video, so the jokes found link to their moment.
    pub video_id: Option<String>,
    pub index: u32,
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
    pub text: String,
    pub estimated_tokens: u32,
}

/// The windows of a routine's transcript, cut by core's segmentation (none without a transcript).
pub fn windows_of(routine: &Routine, routine_label: &str, config: &SegmentationConfig) -> Vec<WindowRecord> {
    let Some(transcript) = &routine.transcript else { return Vec::new() };
    let segments: Vec<Segment> = transcript
        .segments
        .iter()
        .map(|s| Segment {
            start_ms: s.start_ms,
            end_ms: s.end_ms,
            text: s.text.clone(),
            events: s.events.iter().filter_map(|(marker, at)| Event::from_marker(marker, *at)).collect(),
        })
        .collect();
    let utterances = group_utterances(&segments, config);
    pack_windows(&utterances, &routine.id, config)
        .into_iter()
        .map(|w| WindowRecord {
            id: format!("{}#{}", routine.id, w.index),
            routine_id: routine.id.clone(),
            routine_label: routine_label.to_owned(),
            video_id: routine.meta.as_ref().and_then(|m| m.video_id.clone()),
            index: u32::try_from(w.index).unwrap_or(u32::MAX),
            start_ms: w.start_ms,
            end_ms: w.end_ms,
            text: w.text,
            estimated_tokens: w.estimated_tokens,
        })
        .collect()
}

/// How a window is named in a run's list: the routine and where the window starts.
pub fn window_title(window: &WindowRecord) -> String {
    match window.start_ms {
        Some(ms) => format!("{} · {}:{:02}", window.routine_id, ms / 60_000, ms / 1000 % 60),
        None => format!("{} · ventana {}", window.routine_id, window.index + 1),
    }
}

/// How a joke is named in a run's list: the start of its text.
pub fn joke_title(joke: &Joke) -> String {
    const SHOWN: usize = 60;
    let text = joke.text();
    match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Who answered a call: the model as the worker reported it and the prompt version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub model: String,
    pub prompt_version: String,
    pub at_ms: u64,
}

impl Answered {
    fn stamp(&self, task: Task) -> TaskStamp {
        TaskStamp { task, model: self.model.clone(), prompt_version: self.prompt_version.clone(), at_ms: self.at_ms }
    }

    fn version(&self, kind: VersionKind, text: &str) -> TextVersion {
        TextVersion { kind, text: text.to_owned(), at_ms: self.at_ms }
    }
}

/// The jokes an extraction adds or changes: each joke found becomes a new joke, unless a joke
/// already extracted from the same routine is a near-duplicate of it (the same joke seen through
/// an overlapping window, or a second run), in which case that joke gains this window in its
/// provenance. `existing` are the routine's jokes.
pub fn extraction_effects(
    run_id: &str,
    window: &WindowRecord,
    repertoire: &Repertoire,
    existing: &[Joke],
    answered: &Answered,
) -> Vec<Joke> {
    let mut extracted: Vec<Joke> =
        existing.iter().filter(|j| matches!(j.source, JokeSource::Extracted { .. })).cloned().collect();
    let known = extracted.len();
    let mut changed = vec![false; known];
    let config = DedupeConfig::default();
    for (n, found) in repertoire.jokes.iter().enumerate() {
        let text = found.text.trim();
        if text.is_empty() {
            continue;
        }
        let mut texts: Vec<&str> = extracted.iter().map(Joke::text).collect();
        texts.push(text);
        let newcomer = texts.len() - 1;
        let twin = find_clusters(&texts, &config)
            .into_iter()
            .find(|c| c.members.iter().any(|m| m.index == newcomer))
            .and_then(|c| c.members.iter().map(|m| m.index).find(|&i| i != newcomer));
        if let Some(twin) = twin {
            if let JokeSource::Extracted { windows, .. } = &mut extracted[twin].source
                && !windows.contains(&window.id)
            {
                windows.push(window.id.clone());
                if twin < known {
                    changed[twin] = true;
                }
            }
            continue;
        }
        // The model's time when it gave one (seconds from the routine's start), else the window's.
        let start_ms =
            found.start_time_s.filter(|s| s.is_finite() && *s >= 0.0).map(|s| (s * 1000.0) as u64).or(window.start_ms);
        let mut joke = Joke {
            routine_id: Some(window.routine_id.clone()),
            start_ms,
            video_id: window.video_id.clone(),
            stamps: vec![answered.stamp(Task::Extract)],
            ..Joke::new(
                format!("{run_id}/{}/{n}", window.id),
                JokeSource::Extracted { run_id: run_id.to_owned(), windows: vec![window.id.clone()] },
                answered.version(VersionKind::Extracted, found.raw_span.trim()),
            )
        };
        if found.raw_span.trim() != text {
            joke.versions.push(answered.version(VersionKind::Corrected, text));
        }
        extracted.push(joke);
    }
    let mut effects: Vec<Joke> =
        extracted.drain(..known).zip(changed).filter_map(|(joke, changed)| changed.then_some(joke)).collect();
    effects.extend(extracted);
    effects
}

/// A joke task's result, as the worker answered it.
#[derive(Debug, Clone, PartialEq)]
pub enum JokeResult {
    Refine(Refinement),
    Keywords(KeywordList),
    Graph(Graph),
    Rewrite(Rewritten),
}

impl JokeResult {
    pub fn task(&self) -> Task {
        match self {
            JokeResult::Refine(_) => Task::Refine,
            JokeResult::Keywords(_) => Task::Keywords,
            JokeResult::Graph(_) => Task::Graph,
            JokeResult::Rewrite(_) => Task::Rewrite,
        }
    }
}

/// The joke with a task's result applied. A new text becomes a new version (the old ones stay);
/// the refinement's quality goes to `llm_label`, never to the curator's label.
pub fn joke_effects(mut joke: Joke, result: JokeResult, answered: &Answered) -> Joke {
    let task = result.task();
    joke.stamps.push(answered.stamp(task));
    joke.errors.retain(|e| e.task != task);
    match result {
        JokeResult::Refine(refinement) => {
            push_text(&mut joke, VersionKind::Refined, &refinement.corrected_text, answered);
            joke.keywords = refinement.keywords;
            joke.llm_label = Some(match refinement.quality {
                Quality::Funny => Label::Funny,
                Quality::NotFunny => Label::NotFunny,
            });
        }
        JokeResult::Keywords(list) => joke.keywords = list.keywords,
        JokeResult::Graph(graph) => {
            joke.mentalization = Some(measure(&graph));
            joke.graph = Some(graph);
        }
        JokeResult::Rewrite(rewritten) => push_text(&mut joke, VersionKind::Rewritten, &rewritten.text, answered),
    }
    joke
}

/// The joke with `task`'s failure recorded (replacing an earlier one of the same task), so the
/// curator can find the jokes a run could not process and see why.
pub fn joke_failed(mut joke: Joke, task: Task, message: String, at_ms: u64) -> Joke {
    joke.errors.retain(|e| e.task != task);
    joke.errors.push(TaskError { task, message, at_ms });
    joke
}

/// Adds a version unless the text is unchanged (or empty), which would only clutter the history.
fn push_text(joke: &mut Joke, kind: VersionKind, text: &str, answered: &Answered) {
    let text = text.trim();
    if !text.is_empty() && text != joke.text() {
        joke.versions.push(answered.version(kind, text));
    }
}

/// Whether a joke still lacks the result of `task` (what "only jokes without it" selects).
pub fn lacks(joke: &Joke, task: Task) -> bool {
    !joke.stamps.iter().any(|s| s.task == task)
}
