//! The selection rules as a form: every field bound to a draft, read into core's `BuildConfig`
//! with a message that names the field when a number is out of range.

use leptos::prelude::*;
use tallas_core::dataset::{BuildConfig, CrowdRule, LabelPolicy, MentalizationRule, SelectionRules};

use crate::i18n::{self, fill};

/// The form's fields, as typed.
#[derive(Clone, Copy)]
pub struct Draft {
    labels: RwSignal<String>,
    crowd: RwSignal<bool>,
    crowd_min: RwSignal<String>,
    crowd_votes: RwSignal<String>,
    crowd_require: RwSignal<bool>,
    mentalization: RwSignal<bool>,
    min_nodes: RwSignal<String>,
    max_nodes: RwSignal<String>,
    min_depth: RwSignal<String>,
    min_chars: RwSignal<String>,
    max_chars: RwSignal<String>,
    per_cluster: RwSignal<String>,
    seed: RwSignal<String>,
    validation: RwSignal<String>,
}

impl Draft {
    /// Core's defaults, and the original project's mentalization range (3 to 6 nodes) ready to tick.
    pub fn new() -> Self {
        let defaults = SelectionRules::default();
        let text = |n: usize| RwSignal::new(n.to_string());
        Draft {
            labels: RwSignal::new("curator_over_llm".into()),
            crowd: RwSignal::new(false),
            crowd_min: RwSignal::new("50".into()),
            crowd_votes: text(3),
            crowd_require: RwSignal::new(false),
            mentalization: RwSignal::new(false),
            min_nodes: text(3),
            max_nodes: text(6),
            min_depth: text(2),
            min_chars: text(defaults.min_chars),
            max_chars: text(defaults.max_chars),
            per_cluster: RwSignal::new(defaults.max_per_cluster.map(|n| n.to_string()).unwrap_or_default()),
            seed: RwSignal::new("0".into()),
            validation: RwSignal::new("5".into()),
        }
    }

    /// The build the form describes (tracked: a preview reads it), or what to fix.
    pub fn config(self) -> Result<BuildConfig, String> {
        let w = i18n::lab::t();
        let number = |field: RwSignal<String>, name: &str, min: usize, max: usize| -> Result<usize, String> {
            match field.get().trim().parse::<usize>() {
                Ok(n) if (min..=max).contains(&n) => Ok(n),
                _ => Err(fill(w.DATASET_BAD_NUMBER, &[&name, &min, &max])),
            }
        };
        let labels = match self.labels.get().as_str() {
            "curator" => LabelPolicy::Curator,
            "llm" => LabelPolicy::Llm,
            "none" => LabelPolicy::None,
            _ => LabelPolicy::CuratorOverLlm,
        };
        let crowd = if self.crowd.get() {
            let percent = number(self.crowd_min, w.DATASET_CROWD_MIN, 0, 100)?;
            Some(CrowdRule {
                min_lower_bound: percent as f64 / 100.0,
                min_votes: number(self.crowd_votes, w.DATASET_CROWD_MIN_VOTES, 1, 10_000)? as u32,
                require_votes: self.crowd_require.get(),
            })
        } else {
            None
        };
        let mentalization = if self.mentalization.get() {
            let min_nodes = number(self.min_nodes, w.DATASET_MIN_NODES, 0, 100)?;
            Some(MentalizationRule {
                min_nodes,
                max_nodes: number(self.max_nodes, w.DATASET_MAX_NODES, min_nodes, 100)?,
                min_depth: number(self.min_depth, w.DATASET_MIN_DEPTH, 0, 20)?,
            })
        } else {
            None
        };
        let min_chars = number(self.min_chars, w.DATASET_MIN_CHARS, 0, 100_000)?;
        let per_cluster = match self.per_cluster.get().trim() {
            "" => None,
            _ => Some(number(self.per_cluster, w.DATASET_PER_CLUSTER, 1, 1_000)?),
        };
        Ok(BuildConfig {
            rules: SelectionRules {
                labels,
                crowd,
                min_chars,
                max_chars: number(self.max_chars, w.DATASET_MAX_CHARS, min_chars, 100_000)?,
                max_per_cluster: per_cluster,
                mentalization,
            },
            seed: number(self.seed, w.DATASET_SEED, 0, 1_000_000_000)? as u64,
            validation_fraction: number(self.validation, w.DATASET_VALIDATION, 0, 50)? as f64 / 100.0,
        })
    }
}

#[component]
pub fn RulesForm(draft: Draft) -> impl IntoView {
    let w = i18n::lab::t();
    let field = |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="number" inputmode="numeric" min="0" bind:value=value />
        }
    };
    view! {
        <fieldset class="dataset-rules">
            <legend>{w.DATASET_RULES}</legend>
            <label for="dataset-labels">{w.DATASET_LABELS}</label>
            <select id="dataset-labels" on:change=move |e| draft.labels.set(event_target_value(&e))>
                <option value="curator_over_llm">{w.DATASET_LABELS_CURATOR_OVER_LLM}</option>
                <option value="curator">{w.DATASET_LABELS_CURATOR}</option>
                <option value="llm">{w.DATASET_LABELS_LLM}</option>
                <option value="none">{w.DATASET_LABELS_NONE}</option>
            </select>
            {field("dataset-min-chars", w.DATASET_MIN_CHARS, draft.min_chars)}
            {field("dataset-max-chars", w.DATASET_MAX_CHARS, draft.max_chars)}
            {field("dataset-per-cluster", w.DATASET_PER_CLUSTER, draft.per_cluster)}
            <label class="check">
                <input type="checkbox" data-testid="dataset-crowd" bind:checked=draft.crowd />
                {w.DATASET_CROWD}
            </label>
            <Show when=move || draft.crowd.get()>
                {field("dataset-crowd-min", w.DATASET_CROWD_MIN, draft.crowd_min)}
                {field("dataset-crowd-votes", w.DATASET_CROWD_MIN_VOTES, draft.crowd_votes)}
                <label class="check">
                    <input type="checkbox" bind:checked=draft.crowd_require />
                    {w.DATASET_CROWD_REQUIRE}
                </label>
            </Show>
            <label class="check">
                <input type="checkbox" data-testid="dataset-mentalization" bind:checked=draft.mentalization />
                {w.DATASET_MENTALIZATION}
            </label>
            <Show when=move || draft.mentalization.get()>
                {field("dataset-min-nodes", w.DATASET_MIN_NODES, draft.min_nodes)}
                {field("dataset-max-nodes", w.DATASET_MAX_NODES, draft.max_nodes)}
                {field("dataset-min-depth", w.DATASET_MIN_DEPTH, draft.min_depth)}
            </Show>
            {field("dataset-seed", w.DATASET_SEED, draft.seed)}
            {field("dataset-validation", w.DATASET_VALIDATION, draft.validation)}
        </fieldset>
    }
}
