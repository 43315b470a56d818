//! `README.md`: the kit as a Hugging Face dataset card. YAML front matter the Hub reads
//! (<https://huggingface.co/docs/hub/datasets-cards>; `configs` as in
//! <https://huggingface.co/docs/hub/datasets-manual-configuration>), then what the data is, how it
//! was selected, the prompt, what is absent and why, and how to train and publish.

use super::rules_words;
use super::time::Utc;
use super::words::{count, left_out, refused};
use super::{Absent, KitCounts, KitDataset, LABELS, PREFERENCES, TRAIN, VALIDATION};
use crate::dataset::CrowdRule;
use crate::prompts::generate;

/// What the card is written from.
pub(super) struct CardInput<'a> {
    pub dataset: &'a KitDataset,
    pub counts: &'a KitCounts,
    pub absent: &'a [Absent],
    pub crowd: CrowdRule,
    pub own_crowd_rule: bool,
}

impl CardInput<'_> {
    fn present(&self, path: &str) -> bool {
        !self.absent.iter().any(|absent| absent.path == path)
    }
}

/// The whole card.
pub(super) fn card(input: &CardInput) -> String {
    let sections = [
        front_matter(input),
        about(input),
        sft(input),
        preferences(input),
        labels(input),
        prompt(input),
        absent(input),
        usage(input),
    ];
    let mut out = sections.concat().join("\n");
    out.push('\n');
    out
}

fn front_matter(input: &CardInput) -> Vec<String> {
    let mut lines: Vec<String> = [
        "---",
        "license: other",
        "license_name: comedians-rights-reserved",
        "language:",
        "- es",
        "task_categories:",
        "- text-generation",
        "size_categories:",
    ]
    .map(str::to_owned)
    .to_vec();
    lines.push(format!("- {}", size_category(rows(input.counts))));
    lines.extend(["tags:", "- chilean-spanish", "- humor", "- stand-up-comedy", "- tallas"].map(str::to_owned));
    // A JSON string is a YAML double-quoted scalar: any name is safe there.
    lines.push(format!("pretty_name: {}", serde_json::Value::from(input.dataset.name.as_str())));
    lines.push("configs:".to_owned());
    lines.extend(configs(input));
    lines.extend(["---".to_owned(), String::new()]);
    lines
}

/// One config per kind of file present: `sft` (train and validation splits, the default),
/// `preferences`, `labels`.
fn configs(input: &CardInput) -> Vec<String> {
    let groups = [
        ("sft", vec![("train", TRAIN), ("validation", VALIDATION)]),
        ("preferences", vec![("train", PREFERENCES)]),
        ("labels", vec![("train", LABELS)]),
    ];
    let mut lines = Vec::new();
    let mut first = true;
    for (name, splits) in groups {
        let present: Vec<_> = splits.into_iter().filter(|(_, path)| input.present(path)).collect();
        if present.is_empty() {
            continue;
        }
        lines.extend([format!("- config_name: {name}"), "  data_files:".to_owned()]);
        for (split, path) in present {
            lines.extend([format!("  - split: {split}"), format!("    path: {path}")]);
        }
        if std::mem::take(&mut first) {
            lines.push("  default: true".to_owned());
        }
    }
    lines
}

/// Rows in all data files.
fn rows(counts: &KitCounts) -> usize {
    counts.train + counts.validation + counts.preferences.rows + counts.labels.rows
}

/// The Hub's `size_categories` bucket for `n` rows.
fn size_category(n: usize) -> &'static str {
    const BUCKETS: [(u64, &str); 10] = [
        (1_000, "n<1K"),
        (10_000, "1K<n<10K"),
        (100_000, "10K<n<100K"),
        (1_000_000, "100K<n<1M"),
        (10_000_000, "1M<n<10M"),
        (100_000_000, "10M<n<100M"),
        (1_000_000_000, "100M<n<1B"),
        (10_000_000_000, "1B<n<10B"),
        (100_000_000_000, "10B<n<100B"),
        (1_000_000_000_000, "100B<n<1T"),
    ];
    let n = n as u64;
    BUCKETS.iter().find(|(below, _)| n < *below).map_or("n>1T", |(_, name)| name)
}

fn about(input: &CardInput) -> Vec<String> {
    let dataset = input.dataset;
    vec![
        format!("# {}", dataset.name.trim()),
        String::new(),
        "Keyword → joke conversations in Chilean Spanish, from stand-up comedy transcripts curated in Tallas: asked \
         for a joke about a keyword, the model answers with one joke. Made for supervised fine-tuning (SFT) and, \
         where people's votes allow, preference tuning (DPO, KTO)."
            .to_owned(),
        String::new(),
        format!(
            "Built from the frozen dataset `{}` (frozen {}) and the workspace's votes and labels.",
            dataset.id,
            Utc::from_ms(dataset.created_at_ms).minutes()
        ),
        String::new(),
    ]
}

fn sft(input: &CardInput) -> Vec<String> {
    let (dataset, counts) = (input.dataset, input.counts);
    let mut lines = vec![
        "## How the data was selected".to_owned(),
        String::new(),
        format!(
            "**SFT** (`{TRAIN}`: {}, `{VALIDATION}`: {}; `{{\"messages\": [system, user, assistant]}}`). Each joke was:",
            count(counts.train, "example", "examples"),
            count(counts.validation, "example", "examples")
        ),
        String::new(),
    ];
    lines.extend(rules_words::selection(&dataset.config.rules).into_iter().map(|rule| format!("- {rule}")));
    lines.extend([
        String::new(),
        format!(
            "Split with seed {} and a validation fraction of {}: whole near-duplicate clusters go to one side.",
            dataset.config.seed, dataset.config.validation_fraction
        ),
        String::new(),
    ]);
    lines
}

fn preferences(input: &CardInput) -> Vec<String> {
    if !input.present(PREFERENCES) {
        return vec!["**Preferences** (DPO): none in this kit (see the absent files below).".to_owned(), String::new()];
    }
    let p = &input.counts.preferences;
    let mut lines = vec![
        format!(
            "**Preferences** (`{PREFERENCES}`, DPO: {}; `{{\"prompt\", \"chosen\", \"rejected\"}}`): one pair per arena \
             vote for one of two jokes (the player's choice chosen) and per win of an LLM judge that held with the \
             two jokes shown in both orders, from evaluations the curator accepted as a source. Both jokes of a \
             pair answer the same keyword.",
            count(p.rows, "row", "rows")
        ),
        String::new(),
        format!(
            "- arena: {}, of which {}; {} and {} prefer nothing and are left out, as are {}",
            count(p.arena_votes, "vote", "votes"),
            count(p.arena_rows, "became a row", "became rows"),
            count(p.ties, "tie", "ties"),
            count(p.neither, "vote for \"neither\" (both bad)", "votes for \"neither\" (both bad)"),
            count(p.unvoted, "match served and never voted on", "matches served and never voted on")
        ),
        format!(
            "- evaluations: {}, of which {}",
            count(p.evaluation_pairs, "both-orders win", "both-orders wins"),
            count(p.evaluation_rows, "became a row", "became rows")
        ),
    ];
    if p.refused.total() > 0 {
        lines.push(format!("- refused: {}", refused(&p.refused)));
    }
    lines.push(String::new());
    lines
}

fn labels(input: &CardInput) -> Vec<String> {
    if !input.present(LABELS) {
        return vec![
            format!(
                "**Labels** (KTO): none in this kit (see the absent files below). A joke would be decided by the \
                 curator's label or, without one, by the crowd's votes: {}.",
                rules_words::kit_crowd(&input.crowd, input.own_crowd_rule)
            ),
            String::new(),
        ];
    }
    let l = &input.counts.labels;
    let mut lines = vec![
        format!(
            "**Labels** (`{LABELS}`, KTO: {}, {} funny and {} not funny; `{{\"prompt\", \"completion\", \"label\"}}`): \
             every joke people decided, funny (`true`) and not funny (`false`) alike. The curator's label decides; \
             without one, the crowd's votes, {}. Decided by the curator: {}; by the crowd: {}; undecided: {}.",
            count(l.rows, "row", "rows"),
            l.funny,
            l.not_funny,
            rules_words::kit_crowd(&input.crowd, input.own_crowd_rule),
            l.by_curator,
            l.by_crowd,
            l.undecided
        ),
        String::new(),
        "A joke of the training split is asked with its keyword there; any other with its first keyword the app \
         can ask that no validation example uses (a keyword may come back: KTO's rows are unpaired). No row is a \
         validation joke, a near-duplicate of one or its text, and no row of either preference file uses a \
         validation keyword: the evaluation asks those."
            .to_owned(),
    ];
    if l.left_out.total() > 0 {
        lines.push(String::new());
        lines.push(format!("Decided but left out: {}.", left_out(&l.left_out)));
    }
    lines.push(String::new());
    lines
}

fn prompt(input: &CardInput) -> Vec<String> {
    vec![
        "## Prompt".to_owned(),
        String::new(),
        format!(
            "Prompt version `{}`. Every row asks as the Tallas app does: this system prompt, then the user's turn \
             `Palabra clave: <keyword>`.",
            input.dataset.prompt_version
        ),
        String::new(),
        "```text".to_owned(),
        generate::SYSTEM.to_owned(),
        "```".to_owned(),
        String::new(),
    ]
}

fn absent(input: &CardInput) -> Vec<String> {
    if input.absent.is_empty() {
        return Vec::new();
    }
    let mut lines = vec!["## Absent files".to_owned(), String::new()];
    lines.extend(input.absent.iter().map(|absent| format!("- `{}`: {}", absent.path, absent.why)));
    lines.push(String::new());
    lines
}

fn usage(input: &CardInput) -> Vec<String> {
    let mut lines = vec![
        "## Training".to_owned(),
        String::new(),
        "`train.py` tunes a LoRA adapter on a base model of your choice, with the model's own chat template \
         (`pip install -r requirements.txt`, and `torch` for your machine; `python train.py --help` for the rest):"
            .to_owned(),
        String::new(),
        "```sh".to_owned(),
        "python train.py --model <base> --dry-run          # the data and the steps, no weights".to_owned(),
        "python train.py --model <base> --output out/sft   # SFT".to_owned(),
    ];
    for (path, method) in [(PREFERENCES, "dpo"), (LABELS, "kto")] {
        if input.present(path) {
            lines.push(format!(
                "python train.py --model <base> --method {method} --adapter out/sft --output out/{method}"
            ));
        }
    }
    lines.extend(
        [
            "```",
            "",
            "`serve.md` serves the result (vLLM, llama.cpp, Ollama) and names it back in Tallas.",
            "",
            "## Publishing",
            "",
            "```sh",
            "hf upload <user>/<repo> . --repo-type dataset",
            "```",
            "",
            "## License",
            "",
            "The jokes are transcribed from stand-up routines whose rights stay with their comedians; the selection, \
             labels and votes are the curator's and their voters'. Ask before publishing beyond research use.",
        ]
        .map(str::to_owned),
    );
    lines
}
