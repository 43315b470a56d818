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
use crate::clock;
use crate::i18n;
use crate::pipeline::planner::DEFAULT_CONCURRENCY;
use crate::pipeline::protocol::{Command, EvaluationRequest, KeywordSource};
use crate::workspace::dataset::SnapshotSummary;

/// The judge the original experiment used, offered first.
const DEFAULT_JUDGE: &str = "mistral-large-latest";

/// The `<select>` value for typed keywords (dataset ids start with `ds-`).
const TYPED: &str = "typed";

#[component]
pub fn NewEvaluation(pipeline: Pipeline, selected: RwSignal<Option<String>>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let source = RwSignal::new(TYPED.to_owned());
    let typed = RwSignal::new(String::new());
    // Whether the curator chose the keywords' source: then the datasets' arrival leaves it be.
    let picked = RwSignal::new(false);
    // Models handed over in the address (`?models=a,b`: "Evaluate it" on the Fine-tune page).
    let handed = use_query_map().with_untracked(|query| query.get("models")).unwrap_or_default();
    let models =
        RwSignal::new(handed.split(',').map(str::trim).filter(|m| !m.is_empty()).collect::<Vec<_>>().join("\n"));
    let judge = RwSignal::new(DEFAULT_JUDGE.to_owned());
    let versus = RwSignal::new(false);
    let reference_model = RwSignal::new(String::new());
    let show_reference = RwSignal::new(true);
    let concurrency = RwSignal::new(DEFAULT_CONCURRENCY.to_string());
    // Filled by tasks rather than resources: the lists need no suspense.
    let datasets = RwSignal::new(Vec::<SnapshotSummary>::new());
    let served = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        if let Ok(all) = dataset::snapshots().await {
            // The newest dataset with validation examples is the natural choice, unless the
            // curator chose a source or typed keywords meanwhile.
            if let Some(first) = all.iter().find(|d| d.validation > 0)
                && !picked.get_untracked()
                && typed.get_untracked().is_empty()
            {
                source.set(first.id.clone());
            }
            datasets.set(all);
        }
    });
    leptos::task::spawn_local(async move { served.set(Some(api::models().await)) });
    let awaited = RwSignal::new(None::<String>);
    let start = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let from = source.get_untracked();
        let keywords =
            if from == TYPED { KeywordSource::Typed(typed.get_untracked()) } else { KeywordSource::Dataset(from) };
        let design = match versus.get_untracked() {
            true => Design::VersusReference { reference_model: reference_model.get_untracked() },
            false => Design::AllPairs,
        };
        let plan = EvaluationRequest {
            name: name.get_untracked(),
            keywords,
            models: models
                .get_untracked()
                .lines()
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_owned)
                .collect(),
            judge: judge.get_untracked(),
            design,
            show_reference: show_reference.get_untracked(),
            concurrency: concurrency.get_untracked().trim().parse().unwrap_or(DEFAULT_CONCURRENCY),
        };
        let now_ms = clock::now_ms();
        pipeline.send(Command::PlanEvaluation { plan, token: curator_token(), now_ms });
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
    // A served model's id added to the list of models with one click.
    let add = move |id: String| {
        models.update(|text| {
            if !text.lines().any(|line| line.trim() == id) {
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(&id);
                text.push('\n');
            }
        })
    };
    let w = i18n::t();
    view! {
        <form class="card evaluation-form" on:submit=start aria-labelledby="new-evaluation-title" data-testid="new-evaluation">
            <h2 id="new-evaluation-title">{w.EVAL_NEW}</h2>
            <label>
                {w.EVAL_NAME}
                <input type="text" data-testid="evaluation-name" bind:value=name placeholder=w.EVAL_NAME_PLACEHOLDER />
            </label>
            <label>
                {w.EVAL_KEYWORDS}
                <select data-testid="evaluation-source" on:change=move |e| { picked.set(true); source.set(event_target_value(&e)) } prop:value=move || source.get()>
                    {move || datasets.get().into_iter().map(|d| {
                        let label = i18n::fill(i18n::t().EVAL_DATASET_OPTION, &[&d.name, &d.validation]);
                        view! { <option value=d.id.clone() prop:disabled=d.validation == 0>{label}</option> }
                    }).collect_view()}
                    <option value=TYPED>{w.EVAL_TYPED}</option>
                </select>
            </label>
            {move || (source.get() == TYPED).then(|| view! {
                <label>
                    {i18n::t().EVAL_TYPED_LABEL}
                    <textarea rows="4" data-testid="evaluation-keywords" bind:value=typed></textarea>
                </label>
            })}
            <label>
                {w.EVAL_MODELS}
                <textarea rows="3" data-testid="evaluation-models" bind:value=models placeholder="mistral-small-latest\nft:open-mistral-7b:…\nlocal:qwen2.5-7b"></textarea>
            </label>
            {move || match served.get() {
                Some(Ok(list)) => view! {
                    <p class="chips" data-testid="evaluation-served">
                        {list.into_iter().map(|m| {
                            let id = m.id.clone();
                            view! { <button type="button" class="chip" on:click=move |_| add(id.clone())>{m.id}</button> }
                        }).collect_view()}
                    </p>
                }.into_any(),
                Some(Err(error)) => view! { <p class="muted" data-testid="evaluation-models-error">{format!("{} {error}", i18n::t().RUN_MODELS_UNAVAILABLE)}</p> }.into_any(),
                None => ().into_any(),
            }}
            <fieldset>
                <legend>{w.EVAL_DESIGN}</legend>
                <label class="check">
                    <input type="radio" name="evaluation-design" prop:checked=move || !versus.get() on:change=move |_| versus.set(false) />
                    {w.EVAL_ALL_PAIRS}
                </label>
                <label class="check">
                    <input type="radio" name="evaluation-design" data-testid="evaluation-versus" prop:checked=move || versus.get() on:change=move |_| versus.set(true) />
                    {w.EVAL_VERSUS}
                </label>
                {move || versus.get().then(|| view! {
                    <label>
                        {i18n::t().EVAL_REFERENCE_MODEL}
                        <input type="text" autocomplete="off" data-testid="evaluation-reference-model" bind:value=reference_model />
                    </label>
                })}
            </fieldset>
            <label>
                {w.EVAL_JUDGE}
                <input type="text" autocomplete="off" data-testid="evaluation-judge" bind:value=judge />
            </label>
            <p class="hint" data-testid="evaluation-prompts">
                {i18n::fill(w.EVAL_PROMPTS, &[&prompts::judge::PROMPT_VERSION, &prompts::generate::PROMPT_VERSION])}
            </p>
            <label class="check">
                <input type="checkbox" prop:checked=move || show_reference.get() prop:disabled=move || source.get() == TYPED
                    on:change=move |e| show_reference.set(event_target_checked(&e)) />
                {w.EVAL_SHOW_REFERENCE}
            </label>
            <label>
                {w.RUN_CONCURRENCY}
                <input type="number" min="1" max="16" bind:value=concurrency />
            </label>
            <p class="hint">{w.EVAL_HOW}</p>
            <button type="submit" class="primary" data-testid="evaluation-start">{w.EVAL_START}</button>
        </form>
    }
}
