//! The fine-tuning dataset as the curator builds it from the workspace: every listed joke becomes
//! a candidate of core's builder (`tallas_core::dataset`) with its three kinds of label, its
//! near-duplicate cluster and its graph's measures; a build is previewed as a [`Preview`] and
//! frozen as a [`Snapshot`], which keeps the exact joke texts it used, so later edits never change
//! it. Pure: the background worker reads the store, calls these and writes.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use tallas_core::dataset::{
    BuildConfig, Candidate, DataFile, Dataset, Example, Exclusion, GraphMeasures, Issue, Judge, LabelPolicy, Rule,
    Totals, ValidatorReport, to_jsonl,
};
use tallas_core::pricing::{fine_tunable_bases, fine_tune_cost_nano_usd};

use super::crowd::CrowdLabel;
use super::model::Joke;
use crate::i18n::{self, fill};

/// Excluded jokes listed in a preview, at most (the counts cover all of them).
pub const SHOWN_EXCLUDED: usize = 200;

/// Every listed joke as a candidate, in the order given: `crowd` by joke id (every ballot pulled),
/// `clusters` the near-duplicate groups (joke ids) whose members share a cluster number.
pub fn candidates(jokes: &[Joke], crowd: &BTreeMap<String, CrowdLabel>, clusters: &[Vec<String>]) -> Vec<Candidate> {
    let cluster_of: HashMap<&str, usize> =
        clusters.iter().enumerate().flat_map(|(n, group)| group.iter().map(move |id| (id.as_str(), n))).collect();
    jokes
        .iter()
        .filter(|joke| joke.merged_into.is_none())
        .map(|joke| Candidate {
            id: joke.id.clone(),
            text: joke.text().to_owned(),
            keywords: joke.keywords.clone(),
            llm_quality: joke.llm_label,
            curator: joke.label,
            crowd: crowd.get(&joke.id).map(|label| label.counts),
            cluster: cluster_of.get(joke.id.as_str()).copied(),
            graph: joke
                .mentalization
                .as_ref()
                .map(|m| GraphMeasures { nodes: m.node_count, depth: m.intentionality_depth }),
        })
        .collect()
}

/// What the curator sees of a build before freezing it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Preview {
    pub candidates: usize,
    pub train: usize,
    pub validation: usize,
    /// How many jokes each kind of reason left out, most first.
    pub excluded_by_reason: Vec<(Reason, usize)>,
    /// The first [`SHOWN_EXCLUDED`] left out.
    pub excluded: Vec<Left>,
    /// Jokes that pass every rule but the keywords', and how many of them got a keyword of their
    /// own (the rest: none usable, or each taken by another joke).
    pub passing_rules: usize,
    pub assigned: usize,
    pub totals: Totals,
    pub report: Verdict,
    /// What fine-tuning each base model of known price on the training file would cost.
    pub costs: Vec<FineTuneCost>,
}

/// The validator's report as the page shows it: each problem already worded, with where it is
/// (the page need not deserialize core's issue types).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub valid: bool,
    pub examples: usize,
    pub bytes: usize,
    pub issues: Vec<String>,
}

impl Verdict {
    pub fn of(report: &ValidatorReport) -> Verdict {
        Verdict {
            valid: report.valid,
            examples: report.examples,
            bytes: report.bytes,
            issues: report.issues.iter().map(worded).collect(),
        }
    }
}

/// A validator's issue in the reader's language: where it is, what rule it breaks, and core's
/// message as detail.
fn worded(issue: &Issue) -> String {
    let w = i18n::worker::t();
    let place = match (issue.file, issue.line) {
        (Some(file), Some(line)) => format!("{}, {}", file_name(file), fill(w.DV_LINE, &[&line])),
        (Some(file), None) => file_name(file).to_owned(),
        (None, Some(line)) => fill(w.DV_LINE_ALONE, &[&line]),
        (None, None) => String::new(),
    };
    let rule = match issue.rule {
        Rule::NoExamples => w.DV_NO_EXAMPLES,
        Rule::BlankLine => w.DV_BLANK_LINE,
        Rule::InvalidJson => w.DV_INVALID_JSON,
        Rule::NotAnObject => w.DV_NOT_AN_OBJECT,
        Rule::NoMessages => w.DV_NO_MESSAGES,
        Rule::EmptyConversation => w.DV_EMPTY_CONVERSATION,
        Rule::MessageNotObject => w.DV_MESSAGE_NOT_OBJECT,
        Rule::UnknownRole => w.DV_UNKNOWN_ROLE,
        Rule::MissingContent => w.DV_MISSING_CONTENT,
        Rule::EmptyContent => w.DV_EMPTY_CONTENT,
        Rule::MultipleSystemMessages => w.DV_MULTIPLE_SYSTEM_MESSAGES,
        Rule::MisplacedToolMessage => w.DV_MISPLACED_TOOL_MESSAGE,
        Rule::MissingToolCallId => w.DV_MISSING_TOOL_CALL_ID,
        Rule::InvalidWeight => w.DV_INVALID_WEIGHT,
        Rule::LastNotAssistant => w.DV_LAST_NOT_ASSISTANT,
        Rule::ValidationTooLarge => w.DV_VALIDATION_TOO_LARGE,
        Rule::SystemPromptDiffers => w.DV_SYSTEM_PROMPT_DIFFERS,
        Rule::UserPromptDiffers => w.DV_USER_PROMPT_DIFFERS,
    };
    let text = fill(w.DV_ISSUE, &[&place, &rule, &issue.message]);
    // A whole-pair problem has no place: no leading ": ".
    text.strip_prefix(": ").map(str::to_owned).unwrap_or(text)
}

fn file_name(file: DataFile) -> &'static str {
    match file {
        DataFile::Training => i18n::worker::t().DV_TRAINING_FILE,
        DataFile::Validation => i18n::worker::t().DV_VALIDATION_FILE,
    }
}

/// A joke a build left out: its id, the start of its text, and why in the curator's language
/// (worded where the build ran: deserializing core's `Exclusion` would cost the page 10 KB).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Left {
    pub id: String,
    pub text: String,
    pub why: String,
}

/// The estimated price of a fine-tune on a build's training file, in billionths of a dollar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FineTuneCost {
    pub base: String,
    pub one_epoch: u64,
    pub three_epochs: u64,
}

/// Why a joke is left out, without what is particular to it: what a preview counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    DuplicateId,
    Empty,
    TooShort,
    TooLong,
    Unlabelled,
    NotFunny,
    TooFewVotes,
    CrowdTooLow,
    NoGraph,
    Mentalization,
    ClusterFull,
    NoUsableKeyword,
    KeywordsTaken,
}

impl Reason {
    pub fn of(exclusion: &Exclusion) -> Reason {
        match exclusion {
            Exclusion::DuplicateId => Reason::DuplicateId,
            Exclusion::EmptyText => Reason::Empty,
            Exclusion::TooShort { .. } => Reason::TooShort,
            Exclusion::TooLong { .. } => Reason::TooLong,
            Exclusion::Unlabelled { .. } => Reason::Unlabelled,
            Exclusion::NotFunny { .. } => Reason::NotFunny,
            Exclusion::TooFewVotes { .. } => Reason::TooFewVotes,
            Exclusion::CrowdTooLow { .. } => Reason::CrowdTooLow,
            Exclusion::NoGraph => Reason::NoGraph,
            Exclusion::Mentalization { .. } => Reason::Mentalization,
            Exclusion::ClusterFull { .. } => Reason::ClusterFull,
            Exclusion::NoUsableKeyword { .. } => Reason::NoUsableKeyword,
            Exclusion::KeywordsTaken { .. } => Reason::KeywordsTaken,
        }
    }
}

/// The preview of `dataset`, built from `candidates`.
pub fn preview(dataset: &Dataset, candidates: &[Candidate]) -> Preview {
    let mut by_reason: BTreeMap<Reason, usize> = BTreeMap::new();
    for excluded in &dataset.excluded {
        *by_reason.entry(Reason::of(&excluded.reason)).or_default() += 1;
    }
    let mut excluded_by_reason: Vec<(Reason, usize)> = by_reason.into_iter().collect();
    excluded_by_reason.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let excluded = dataset
        .excluded
        .iter()
        .take(SHOWN_EXCLUDED)
        .map(|e| {
            let text = candidates.get(e.index).map_or("", |c| c.text.as_str());
            Left { id: e.id.clone(), text: text.chars().take(120).collect(), why: exclusion_words(&e.reason) }
        })
        .collect();
    let examples = dataset.train.len() + dataset.validation.len();
    let keywordless = dataset
        .excluded
        .iter()
        .filter(|e| matches!(Reason::of(&e.reason), Reason::NoUsableKeyword | Reason::KeywordsTaken))
        .count();
    let tokens = dataset.totals.train.tokens as u64;
    let costs = fine_tunable_bases()
        .filter_map(|base| {
            Some(FineTuneCost {
                base: base.to_owned(),
                one_epoch: fine_tune_cost_nano_usd(base, tokens, 1)?,
                three_epochs: fine_tune_cost_nano_usd(base, tokens, 3)?,
            })
        })
        .collect();
    Preview {
        candidates: candidates.len(),
        train: dataset.train.len(),
        validation: dataset.validation.len(),
        excluded_by_reason,
        excluded,
        passing_rules: examples + keywordless,
        assigned: examples,
        totals: dataset.totals,
        report: Verdict::of(&dataset.report),
        costs,
    }
}

/// Why one joke was left out, in the curator's language.
pub fn exclusion_words(reason: &Exclusion) -> String {
    let w = i18n::t();
    let percent = |share: f64| format!("{:.0}", share * 100.0);
    match reason {
        Exclusion::DuplicateId => w.EXCLUDED_DUPLICATE_ID.to_owned(),
        Exclusion::EmptyText => w.EXCLUDED_EMPTY.to_owned(),
        Exclusion::TooShort { chars, min } => fill(w.EXCLUDED_TOO_SHORT, &[chars, min]),
        Exclusion::TooLong { chars, max } => fill(w.EXCLUDED_TOO_LONG, &[chars, max]),
        Exclusion::Unlabelled { policy: LabelPolicy::Curator } => w.EXCLUDED_UNLABELLED_CURATOR.to_owned(),
        Exclusion::Unlabelled { policy: LabelPolicy::CuratorOverLlm } => w.EXCLUDED_UNLABELLED_ANY.to_owned(),
        Exclusion::Unlabelled { .. } => w.EXCLUDED_UNLABELLED_LLM.to_owned(),
        Exclusion::NotFunny { by: Judge::Curator } => w.EXCLUDED_NOT_FUNNY_CURATOR.to_owned(),
        Exclusion::NotFunny { by: Judge::Llm } => w.EXCLUDED_NOT_FUNNY_LLM.to_owned(),
        Exclusion::TooFewVotes { votes, min } => fill(w.EXCLUDED_TOO_FEW_VOTES, &[votes, min]),
        Exclusion::CrowdTooLow { funny, not_funny, lower_bound, min } => {
            fill(w.EXCLUDED_CROWD_TOO_LOW, &[funny, &(funny + not_funny), &percent(*lower_bound), &percent(*min)])
        }
        Exclusion::NoGraph => w.EXCLUDED_NO_GRAPH.to_owned(),
        Exclusion::Mentalization { nodes, depth, min_nodes, max_nodes, min_depth } => {
            fill(w.EXCLUDED_MENTALIZATION, &[nodes, depth, min_nodes, max_nodes, min_depth])
        }
        Exclusion::ClusterFull { kept, max, .. } => fill(w.EXCLUDED_CLUSTER_FULL, &[kept, max]),
        Exclusion::NoUsableKeyword { invalid } if invalid.is_empty() => {
            fill(w.EXCLUDED_NO_USABLE_KEYWORD, &[&w.EXCLUDED_NO_KEYWORDS])
        }
        Exclusion::NoUsableKeyword { invalid } => fill(w.EXCLUDED_NO_USABLE_KEYWORD, &[&invalid.join(", ")]),
        Exclusion::KeywordsTaken { keywords } => fill(w.EXCLUDED_KEYWORDS_TAKEN, &[&keywords.join(", ")]),
    }
}

/// A frozen dataset: what was built, from which rules and seed, with the exact texts used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// `ds-<created_at_ms>`: unique in this browser, and orders snapshots by age.
    pub id: String,
    pub name: String,
    pub created_at_ms: u64,
    pub config: BuildConfig,
    /// The generation prompt every example asks with.
    pub prompt_version: String,
    pub train: Vec<Example>,
    pub validation: Vec<Example>,
    pub excluded: usize,
    pub report: ValidatorReport,
    pub totals: Totals,
}

impl Snapshot {
    pub fn new(name: String, dataset: Dataset, created_at_ms: u64) -> Self {
        Snapshot {
            id: format!("ds-{created_at_ms}"),
            name,
            created_at_ms,
            config: BuildConfig {
                rules: dataset.rules,
                seed: dataset.seed,
                validation_fraction: dataset.validation_fraction,
            },
            prompt_version: dataset.prompt_version,
            train: dataset.train,
            validation: dataset.validation,
            excluded: dataset.excluded.len(),
            report: dataset.report,
            totals: dataset.totals,
        }
    }

    /// The summary lists show.
    pub fn summary(&self) -> SnapshotSummary {
        SnapshotSummary {
            id: self.id.clone(),
            name: self.name.clone(),
            created_at_ms: self.created_at_ms,
            train: self.train.len(),
            validation: self.validation.len(),
            excluded: self.excluded,
            valid: self.report.valid,
            tokens: self.totals.train.tokens + self.totals.validation.tokens,
            train_tokens: self.totals.train.tokens,
        }
    }

    /// The files to download: train JSONL, validation JSONL (empty when there is none) and the
    /// manifest.
    pub fn files(&self) -> SnapshotFiles {
        SnapshotFiles {
            train: to_jsonl(&self.train),
            validation: to_jsonl(&self.validation),
            manifest: Manifest {
                format: "tallas-dataset".to_owned(),
                name: self.name.clone(),
                id: self.id.clone(),
                created_at_ms: self.created_at_ms,
                prompt_version: self.prompt_version.clone(),
                config: self.config,
                train: self.train.len(),
                validation: self.validation.len(),
                excluded: self.excluded,
                totals: self.totals,
                valid: self.report.valid,
                train_fingerprint: fingerprint(&to_jsonl(&self.train)),
                validation_fingerprint: fingerprint(&to_jsonl(&self.validation)),
            },
        }
    }
}

/// A snapshot in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotSummary {
    pub id: String,
    pub name: String,
    pub created_at_ms: u64,
    pub train: usize,
    pub validation: usize,
    pub excluded: usize,
    pub valid: bool,
    pub tokens: usize,
    /// The training file's alone: what a job trains on, each epoch.
    #[serde(default)]
    pub train_tokens: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotFiles {
    pub train: String,
    pub validation: String,
    pub manifest: Manifest,
}

/// `dataset.json`: how the files were made, to rebuild or to check them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub name: String,
    pub id: String,
    pub created_at_ms: u64,
    pub prompt_version: String,
    pub config: BuildConfig,
    pub train: usize,
    pub validation: usize,
    pub excluded: usize,
    pub totals: Totals,
    pub valid: bool,
    /// FNV-1a (64-bit, hex) of each file's bytes: enough to tell two files apart, not a security
    /// hash.
    pub train_fingerprint: String,
    pub validation_fingerprint: String,
}

fn fingerprint(text: &str) -> String {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    format!("{hash:016x}")
}

/// Two snapshots side by side: their sizes and how many jokes they share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    pub first: SnapshotSummary,
    pub second: SnapshotSummary,
    /// Jokes (by id) in both, in either split.
    pub shared: usize,
    /// Jokes in both whose text differs (edited between the two).
    pub changed: usize,
}

pub fn compare(first: &Snapshot, second: &Snapshot) -> Comparison {
    let texts = |s: &Snapshot| -> HashMap<String, String> {
        s.train
            .iter()
            .chain(&s.validation)
            .map(|e| (e.id.clone(), e.messages.last().map(|m| m.content.clone()).unwrap_or_default()))
            .collect()
    };
    let (a, b) = (texts(first), texts(second));
    let shared: Vec<&String> = a.keys().filter(|id| b.contains_key(*id)).collect();
    let changed = shared.iter().filter(|id| a.get(**id) != b.get(**id)).count();
    Comparison { first: first.summary(), second: second.summary(), shared: shared.len(), changed }
}
