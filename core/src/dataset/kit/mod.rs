//! The training kit: a frozen dataset and the workspace's preference data as the files that train
//! a model on the curator's own GPU ([`build_kit`]), one zip to download ([`Kit::to_zip`]).
//!
//! - `data/train.jsonl`, `data/validation.jsonl`: the frozen dataset's SFT files, as the dataset
//!   writes them ([`to_jsonl`]).
//! - `data/preferences.jsonl`: DPO pairs from the arena's votes and the judge's both-orders wins
//!   (`preferences.rs`); `data/labels.jsonl`: KTO rows from the jokes people decided funny or
//!   not (`decide.rs`, `labels.rs`). Both in TRL's conversational formats (`rows.rs`), neither
//!   touching the validation split (`held_out.rs`).
//! - `README.md` a Hugging Face dataset card (`card.rs`), `kit.json` a manifest (`manifest.rs`),
//!   `train.py`, `requirements.txt` and `serve.md` as they are beside this module (`assets.rs`).
//!
//! A file without rows is never written: it is in [`Kit::absent`] with the reason in words. Built
//! twice from the same input, a kit is the same bytes: rows in a fixed order, no clock but the
//! dataset's `created_at_ms`. [`validate_kit`] checks every row against TRL's rules.

mod archive;
mod assets;
mod card;
mod decide;
mod held_out;
mod input;
mod labels;
mod manifest;
mod preferences;
mod rows;
mod rules_words;
mod slug;
mod time;
mod validate;
mod words;

use serde::{Deserialize, Serialize};

pub use archive::KitZipError;
pub use decide::{DEFAULT_CROWD_RULE, DecidedBy, crowd_rule};
pub use input::{ArenaVote, EvaluationPair, KitDataset, KitInput, LabelledJoke};
pub use labels::{LabelCounts, LeftOut};
pub use manifest::{FORMAT, KitManifest, VERSION};
pub use preferences::{PreferenceCounts, Refused};
pub use slug::slug;
pub use validate::{KitIssue, KitProblem, validate_kit};

use super::to_jsonl;

pub const README: &str = "README.md";
pub const MANIFEST: &str = "kit.json";
pub const TRAIN: &str = "data/train.jsonl";
pub const VALIDATION: &str = "data/validation.jsonl";
pub const PREFERENCES: &str = "data/preferences.jsonl";
pub const LABELS: &str = "data/labels.jsonl";
pub const TRAIN_PY: &str = "train.py";
pub const REQUIREMENTS: &str = "requirements.txt";
pub const SERVE: &str = "serve.md";

/// A built kit: its files (paths relative to its folder) in a fixed order, the files it lacks and
/// why, and what went into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kit {
    /// The folder the files sit in once unzipped: `tallas-<slug of the dataset's name>`.
    pub folder: String,
    /// The dataset's `created_at_ms`: the zip entries' time.
    pub created_at_ms: u64,
    pub files: Vec<KitFile>,
    pub absent: Vec<Absent>,
    pub counts: KitCounts,
}

/// One file of a kit, never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitFile {
    pub path: String,
    pub contents: String,
}

/// A file the kit would hold if it had rows, and why it has none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Absent {
    pub path: String,
    pub why: String,
}

/// Rows of each data file, and what became of the preference data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KitCounts {
    pub train: usize,
    pub validation: usize,
    pub preferences: PreferenceCounts,
    pub labels: LabelCounts,
}

impl Kit {
    /// The file at `path`, if the kit has it.
    pub fn file(&self, path: &str) -> Option<&KitFile> {
        self.files.iter().find(|file| file.path == path)
    }
}

/// Builds the kit of `input`.
pub fn build_kit(input: &KitInput) -> Kit {
    let dataset = &input.dataset;
    let rules = &dataset.config.rules;
    let crowd = crowd_rule(rules);
    let held_out = held_out::HeldOut::of(dataset, &input.labelled);
    let (preference_rows, preferences) =
        preferences::preferences(&input.arena, input.arena_unvoted, &input.evaluation_pairs, &held_out);
    let (label_rows, labels) = labels::labels(&input.labelled, dataset, &crowd, &held_out);
    let counts = KitCounts { train: dataset.train.len(), validation: dataset.validation.len(), preferences, labels };

    let data = [
        (TRAIN, to_jsonl(&dataset.train), "the frozen dataset has no training example".to_owned()),
        (
            VALIDATION,
            to_jsonl(&dataset.validation),
            format!(
                "the frozen dataset has no validation example (its validation fraction is {})",
                dataset.config.validation_fraction
            ),
        ),
        (PREFERENCES, rows::jsonl(&preference_rows), words::no_preferences(&preferences)),
        (LABELS, rows::jsonl(&label_rows), words::no_labels(&labels)),
    ];
    let (mut data_files, mut absent) = (Vec::new(), Vec::new());
    for (path, contents, why) in data {
        if contents.is_empty() {
            absent.push(Absent { path: path.to_owned(), why });
        } else {
            data_files.push(KitFile { path: path.to_owned(), contents });
        }
    }

    let slug = slug(&dataset.name, &dataset.id);
    let folder = format!("tallas-{slug}");
    let card_input =
        card::CardInput { dataset, counts: &counts, absent: &absent, crowd, own_crowd_rule: rules.crowd.is_some() };
    let mut files = vec![KitFile { path: README.to_owned(), contents: card::card(&card_input) }];
    files.extend(data_files);
    files.extend([
        KitFile { path: TRAIN_PY.to_owned(), contents: assets::TRAIN_PY.to_owned() },
        KitFile { path: REQUIREMENTS.to_owned(), contents: assets::REQUIREMENTS.to_owned() },
        KitFile { path: SERVE.to_owned(), contents: assets::serve(&folder, &slug) },
    ]);
    files.insert(1, manifest_file(dataset, &files, &absent, counts));
    Kit { folder, created_at_ms: dataset.created_at_ms, files, absent, counts }
}

/// `kit.json`, listing `files` with itself second (after the card), as the kit orders them.
fn manifest_file(dataset: &KitDataset, files: &[KitFile], absent: &[Absent], counts: KitCounts) -> KitFile {
    let mut paths: Vec<String> = files.iter().map(|file| file.path.clone()).collect();
    paths.insert(1.min(paths.len()), MANIFEST.to_owned());
    let manifest = KitManifest {
        format: FORMAT.to_owned(),
        version: VERSION,
        dataset_id: dataset.id.clone(),
        dataset_name: dataset.name.clone(),
        created_at_ms: dataset.created_at_ms,
        prompt_version: dataset.prompt_version.clone(),
        files: paths,
        absent: absent.to_vec(),
        counts,
    };
    KitFile { path: MANIFEST.to_owned(), contents: manifest.to_json() }
}
