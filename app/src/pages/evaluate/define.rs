//! The form that defines an evaluation and starts it: keywords (a frozen dataset's validation
//! examples, whose jokes can be shown to the judge as references, or typed), the models (one id
//! per line, any provider: `provider:model`), the judge, and the design (all pairs, or each model
//! against a reference model as the original experiment did). Core checks the definition in the
//! background worker; what is wrong comes back as the pipeline's failure, worded to fix.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use tallas_core::evaluation::Design;
use tallas_core::prompts;

use crate::api::{self, curator_token};
use crate::background::page::dataset;
use crate::background::page::pipeline::Pipeline;
use crate::browser::load_local;
use crate::clock;
use crate::components::Lineage;
use crate::domain::dataset::SnapshotSummary;
use crate::i18n;
use crate::pipeline::planner::DEFAULT_CONCURRENCY;
use crate::pipeline::protocol::{Command, EvaluationRequest, KeywordSource};

/// The judge the original experiment used, offered first.
const DEFAULT_JUDGE: &str = "mistral-large-latest";

/// The `<select>` value for typed keywords (dataset ids start with `ds-`).
const TYPED: &str = "typed";

/// The form's fields and what the page read for it.
#[derive(Clone, Copy)]
struct Definition {
    name: RwSignal<String>,
    /// A frozen dataset's id, or [`TYPED`].
    source: RwSignal<String>,
    typed: RwSignal<String>,
    /// Whether the curator chose the keywords' source: then the datasets' arrival leaves it be.
    picked: RwSignal<bool>,
    /// One model id per line.
    models: RwSignal<String>,
    judge: RwSignal<String>,
    versus: RwSignal<bool>,
    reference_model: RwSignal<String>,
    show_reference: RwSignal<bool>,
    concurrency: RwSignal<String>,
    datasets: RwSignal<Vec<SnapshotSummary>>,
    served: ReadSignal<Option<Result<Vec<api::ModelChoice>, api::ClientError>>>,
}

impl Definition {
    /// The form, with the models handed over in the address (`?models=a,b`: "Evaluate it" on the
    /// Fine-tune page); the frozen datasets and the served models are read in the background.
    fn new() -> Self {
        let handed = use_query_map().with_untracked(|query| query.get("models")).unwrap_or_default();
        let models = handed.split(',').map(str::trim).filter(|m| !m.is_empty()).collect::<Vec<_>>().join("\n");
        let form = Self {
            name: RwSignal::new(String::new()),
            source: RwSignal::new(TYPED.to_owned()),
            typed: RwSignal::new(String::new()),
            picked: RwSignal::new(false),
            models: RwSignal::new(models),
            judge: RwSignal::new(DEFAULT_JUDGE.to_owned()),
            versus: RwSignal::new(false),
            reference_model: RwSignal::new(String::new()),
            show_reference: RwSignal::new(true),
            concurrency: RwSignal::new(DEFAULT_CONCURRENCY.to_string()),
            datasets: RwSignal::new(Vec::new()),
            served: load_local(api::models),
        };
        // Filled by tasks rather than resources: the lists need no suspense.
        leptos::task::spawn_local(async move {
            if let Ok(all) = dataset::snapshots().await {
                form.offer(all);
            }
        });
        form
    }

    /// The frozen datasets: the newest with validation examples becomes the keywords' source,
    /// unless the curator chose a source or typed keywords meanwhile.
    fn offer(self, all: Vec<SnapshotSummary>) {
        if let Some(first) = all.iter().find(|d| d.validation > 0)
            && !self.picked.get_untracked()
            && self.typed.get_untracked().is_empty()
        {
            self.source.set(first.id.clone());
        }
        self.datasets.set(all);
    }

    fn is_typed(self) -> bool {
        self.source.get() == TYPED
    }

    /// The keywords' source the curator chose.
    fn pick(self, source: String) {
        self.picked.set(true);
        self.source.set(source);
    }

    /// Adds a served model's id to the list of models, once.
    fn add_model(self, id: String) {
        self.models.update(|text| {
            if !text.lines().any(|line| line.trim() == id) {
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(&id);
                text.push('\n');
            }
        })
    }

    /// The evaluation as the form defines it; core checks it in the background worker.
    fn plan(self) -> EvaluationRequest {
        let from = self.source.get_untracked();
        let keywords =
            if from == TYPED { KeywordSource::Typed(self.typed.get_untracked()) } else { KeywordSource::Dataset(from) };
        let design = match self.versus.get_untracked() {
            true => Design::VersusReference { reference_model: self.reference_model.get_untracked() },
            false => Design::AllPairs,
        };
        let models = self.models.get_untracked();
        EvaluationRequest {
            name: self.name.get_untracked(),
            keywords,
            models: models.lines().map(str::trim).filter(|m| !m.is_empty()).map(str::to_owned).collect(),
            judge: self.judge.get_untracked(),
            design,
            show_reference: self.show_reference.get_untracked(),
            concurrency: self.concurrency.get_untracked().trim().parse().unwrap_or(DEFAULT_CONCURRENCY),
        }
    }
}

#[component]
pub fn NewEvaluation(pipeline: Pipeline, selected: RwSignal<Option<String>>) -> impl IntoView {
    let form = Definition::new();
    let awaited = RwSignal::new(None::<String>);
    let start = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let now_ms = clock::now_ms();
        pipeline.send(Command::PlanEvaluation { plan: form.plan(), token: curator_token(), now_ms });
        // The planner names the run after the time it was asked for.
        awaited.set(Some(format!("run-{now_ms}")));
    };
    // The new evaluation's results are shown once it exists (a definition refused never does).
    Effect::new(move |_| {
        let Some(id) = awaited.get() else { return };
        if pipeline.progress.with(|all| all.contains_key(&id)) {
            awaited.set(None);
            selected.set(Some(id));
        }
    });
    let w = i18n::t();
    view! {
        <form class="card evaluation-form" on:submit=start aria-labelledby="new-evaluation-title" data-testid="new-evaluation">
            <h2 id="new-evaluation-title">{i18n::lab::t().EVAL_NEW}</h2>
            <label>
                {i18n::lab::t().EVAL_NAME}
                <input type="text" data-testid="evaluation-name" bind:value=form.name placeholder=i18n::lab::t().EVAL_NAME_PLACEHOLDER />
            </label>
            {keywords_fields(form)}
            {models_fields(form)}
            {design_fields(form)}
            <label>
                {i18n::lab::t().EVAL_JUDGE}
                <input type="text" autocomplete="off" data-testid="evaluation-judge" bind:value=form.judge />
            </label>
            <p class="hint" data-testid="evaluation-prompts">
                {i18n::fill(i18n::lab::t().EVAL_PROMPTS, &[&prompts::judge::PROMPT_VERSION, &prompts::generate::PROMPT_VERSION])}
            </p>
            <label class="check">
                <input type="checkbox" prop:checked=move || form.show_reference.get() prop:disabled=move || form.is_typed()
                    on:change=move |e| form.show_reference.set(event_target_checked(&e)) />
                {i18n::lab::t().EVAL_SHOW_REFERENCE}
            </label>
            <label>
                {w.RUN_CONCURRENCY}
                <input type="number" min="1" max="16" bind:value=form.concurrency />
            </label>
            <p class="hint">{i18n::lab::t().EVAL_HOW}</p>
            <button type="submit" class="primary" data-testid="evaluation-start">{i18n::lab::t().EVAL_START}</button>
        </form>
    }
}

/// Where the keywords come from: a frozen dataset's validation examples, or typed.
fn keywords_fields(form: Definition) -> impl IntoView {
    let w = i18n::t();
    view! {
        <label>
            {i18n::lab::t().EVAL_KEYWORDS}
            <select data-testid="evaluation-source" on:change=move |e| form.pick(event_target_value(&e)) prop:value=move || form.source.get()>
                {move || form.datasets.get().into_iter().map(|d| {
                    let label = i18n::fill(i18n::lab::t().EVAL_DATASET_OPTION, &[&d.name, &d.validation]);
                    view! { <option value=d.id.clone() prop:disabled=d.validation == 0>{label}</option> }
                }).collect_view()}
                <option value=TYPED>{w.EVAL_TYPED}</option>
            </select>
        </label>
        {move || form.is_typed().then(|| view! {
            <label>
                {i18n::lab::t().EVAL_TYPED_LABEL}
                <textarea rows="4" data-testid="evaluation-keywords" bind:value=form.typed></textarea>
            </label>
        })}
    }
}

/// The models, one per line, with the served ones a click away.
fn models_fields(form: Definition) -> impl IntoView {
    view! {
        <label>
            {i18n::lab::t().EVAL_MODELS}
            <textarea rows="3" data-testid="evaluation-models" bind:value=form.models placeholder="mistral-small-latest\nft:open-mistral-7b:…\nlocal:qwen2.5-7b"></textarea>
        </label>
        <Lineage models=Signal::derive(move || form.models.get().lines().map(|m| m.trim().to_owned()).collect::<Vec<_>>()) />
        {move || match form.served.get() {
            Some(Ok(list)) => view! {
                <p class="chips" data-testid="evaluation-served">
                    {list.into_iter().map(|m| {
                        let id = m.id.clone();
                        view! { <button type="button" class="chip" on:click=move |_| form.add_model(id.clone())>{m.id}</button> }
                    }).collect_view()}
                </p>
            }.into_any(),
            Some(Err(error)) => view! { <p class="muted" data-testid="evaluation-models-error">{format!("{} {error}", i18n::t().RUN_MODELS_UNAVAILABLE)}</p> }.into_any(),
            None => ().into_any(),
        }}
    }
}

/// All pairs, or each model against a reference model.
fn design_fields(form: Definition) -> impl IntoView {
    let w = i18n::t();
    view! {
        <fieldset>
            <legend>{i18n::lab::t().EVAL_DESIGN}</legend>
            <label class="check">
                <input type="radio" name="evaluation-design" prop:checked=move || !form.versus.get() on:change=move |_| form.versus.set(false) />
                {w.EVAL_ALL_PAIRS}
            </label>
            <label class="check">
                <input type="radio" name="evaluation-design" data-testid="evaluation-versus" prop:checked=move || form.versus.get() on:change=move |_| form.versus.set(true) />
                {i18n::lab::t().EVAL_VERSUS}
            </label>
            {move || form.versus.get().then(|| view! {
                <label>
                    {i18n::lab::t().EVAL_REFERENCE_MODEL}
                    <input type="text" autocomplete="off" data-testid="evaluation-reference-model" bind:value=form.reference_model />
                </label>
            })}
        </fieldset>
    }
}
