//! A new fine-tuning job from a frozen dataset: its files uploaded once (their ids kept with the
//! dataset), a dry run's tokens, steps and cost, then the job created without starting (spending
//! is the job card's second, explicit step).

use leptos::prelude::*;
use tallas_core::api::{CreateFineTune, FineTuneEstimate, Hyperparameters};

use crate::api::{self, ClientError, ModelChoice};
use crate::background::messages::{DatasetAsk, DatasetReply};
use crate::background::page;
use crate::clock;
use crate::components::failed;
use crate::domain::dataset::SnapshotSummary;
use crate::domain::evaluation::DatasetRef;
use crate::domain::tuning::{TunedModel, Upload};
use crate::failure::Failure;
use crate::i18n::{self, fill};
use crate::store::{Store, TuningRepo, use_store};

/// Mistral's defaults, as its docs give them.
const DEFAULT_STEPS: &str = "10";
const DEFAULT_LEARNING_RATE: &str = "0.0001";

/// Where a request stands.
#[derive(Clone, PartialEq)]
enum Step {
    Idle,
    Working(String),
    Estimated(FineTuneEstimate),
    Created(String),
    Failed(Failure),
}

/// The new job's form, the lists it chooses from, and where its request stands.
#[derive(Clone, Copy)]
struct JobForm {
    store: Store,
    /// The frozen datasets; `None` while they are read.
    datasets: RwSignal<Option<Result<Vec<SnapshotSummary>, Failure>>>,
    bases: RwSignal<Option<Result<Vec<ModelChoice>, ClientError>>>,
    /// Bumped when a job is kept, so the page lists it.
    saved: RwSignal<u32>,
    chosen: RwSignal<String>,
    base: RwSignal<String>,
    steps: RwSignal<String>,
    rate: RwSignal<String>,
    suffix: RwSignal<String>,
    step: RwSignal<Step>,
}

impl JobForm {
    /// Takes the first dataset and base model as the choices once the lists arrive.
    fn choose_first(self) {
        if self.chosen.get_untracked().is_empty()
            && let Some(Ok(all)) = self.datasets.get()
            && let Some(first) = all.first()
        {
            self.chosen.set(first.id.clone());
        }
        if let Some(Ok(list)) = self.bases.get()
            && self.base.get_untracked().is_empty()
        {
            self.base.set(list.first().map(|m| m.id.clone()).unwrap_or_default());
        }
    }

    /// Uploads the dataset's files where the base model is tuned (once), then estimates the job
    /// or creates it without starting it.
    fn go(self, create: bool) {
        let dataset_id = self.chosen.get_untracked();
        let listed = self.datasets.get_untracked().and_then(Result::ok).unwrap_or_default();
        let Some(summary) = listed.into_iter().find(|d| d.id == dataset_id) else {
            return self.step.set(Step::Failed(Failure::Refused(i18n::lab::t().FT_CHOOSE_DATASET.to_owned())));
        };
        let Some(hyperparameters) = hyperparameters(&self.steps.get_untracked(), &self.rate.get_untracked()) else {
            return self.step.set(Step::Failed(Failure::Refused(i18n::lab::t().FT_BAD_NUMBERS.to_owned())));
        };
        let model = self.base.get_untracked();
        let suffix = Some(self.suffix.get_untracked()).filter(|s| !s.trim().is_empty());
        // Its files go to the upstream that tunes it.
        let provider = self.bases.with_untracked(|listed| {
            let listed = listed.as_ref()?.as_ref().ok()?;
            listed.iter().find(|m| m.id == model)?.provider.clone()
        });
        leptos::task::spawn_local(async move {
            let outcome = async {
                let repo = self.store.open().await?;
                let upload = match repo.upload(&summary.id).await? {
                    Some(upload) if upload.provider == provider => upload,
                    _ => {
                        let upload = upload_files(&summary, provider, self.step).await?;
                        repo.save_upload(&upload).await?;
                        upload
                    }
                };
                let request = CreateFineTune {
                    model,
                    training_files: vec![upload.training_file],
                    validation_files: upload.validation_file.into_iter().collect(),
                    hyperparameters,
                    suffix,
                    auto_start: false,
                    dry_run: !create,
                };
                if !create {
                    self.step.set(Step::Working(i18n::lab::t().FT_ESTIMATING.to_owned()));
                    return api::estimate_fine_tune(&request).await.map(Step::Estimated).map_err(Failure::from);
                }
                self.step.set(Step::Working(i18n::lab::t().FT_CREATING.to_owned()));
                let job = api::create_fine_tune(&request).await?;
                let dataset = Some(DatasetRef { id: summary.id.clone(), name: summary.name.clone() });
                let tuned = TunedModel::from_job(&job, dataset, clock::now_ms());
                repo.save_tuned(&tuned).await?;
                self.saved.update(|n| *n += 1);
                Ok::<Step, Failure>(Step::Created(job.id))
            };
            self.step.set(outcome.await.unwrap_or_else(Step::Failed));
        });
    }
}

#[component]
pub fn NewJob(
    /// The frozen datasets; `None` while they are read.
    datasets: RwSignal<Option<Result<Vec<SnapshotSummary>, Failure>>>,
    bases: RwSignal<Option<Result<Vec<ModelChoice>, ClientError>>>,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let form = JobForm {
        store: use_store(),
        datasets,
        bases,
        saved,
        chosen: RwSignal::new(String::new()),
        base: RwSignal::new(String::new()),
        steps: RwSignal::new(DEFAULT_STEPS.to_owned()),
        rate: RwSignal::new(DEFAULT_LEARNING_RATE.to_owned()),
        suffix: RwSignal::new(String::new()),
        step: RwSignal::new(Step::Idle),
    };
    Effect::new(move |_| form.choose_first());
    let w = i18n::lab::t();
    // The form once both lists are known: a click cannot come before the datasets it needs.
    let fields = move || match (bases.get(), datasets.get()) {
        (None, _) => view! { <p class="muted">{w.FT_READING_MODELS}</p> }.into_any(),
        (Some(Err(error)), _) => {
            failed(format!("{} {error}", i18n::t().RUN_MODELS_UNAVAILABLE), "fine-tune-models-error")
        }
        (Some(Ok(list)), _) if list.is_empty() => {
            view! { <p class="notice" data-testid="fine-tune-no-bases">{w.FT_NO_BASES}</p> }.into_any()
        }
        (_, None) => view! { <p class="muted">{w.FT_READING_DATASETS}</p> }.into_any(),
        (_, Some(Err(why))) => failed(why.to_string(), "fine-tune-datasets-error"),
        (_, Some(Ok(all))) if all.is_empty() => view! {
            <p class="notice" data-testid="fine-tune-no-datasets">
                {w.FT_NO_DATASETS}" "<a href="/dataset">{w.FT_TO_DATASET}</a>
            </p>
        }
        .into_any(),
        (Some(Ok(list)), Some(Ok(all))) => job_fields(form, all, list).into_any(),
    };
    view! {
        <section class="card evaluation-form" aria-labelledby="new-job-title" data-testid="new-fine-tune">
            <h2 id="new-job-title">{w.FT_NEW}</h2>
            <p class="hint">{w.FT_EXPORT_HINT}</p>
            {fields}
            {move || step_view(form.step.get())}
        </section>
    }
}

fn job_fields(form: JobForm, datasets: Vec<SnapshotSummary>, bases: Vec<ModelChoice>) -> impl IntoView {
    let w = i18n::lab::t();
    view! {
        <label>
            {w.FT_DATASET}
            <select data-testid="fine-tune-dataset" on:change=move |e| form.chosen.set(event_target_value(&e)) prop:value=move || form.chosen.get()>
                {datasets.into_iter().map(|d| {
                    let label = fill(w.FT_DATASET_OPTION, &[&d.name, &d.train, &d.validation]);
                    view! { <option value=d.id.clone()>{label}</option> }
                }).collect_view()}
            </select>
        </label>
        <label>
            {w.FT_BASE}
            <select data-testid="fine-tune-base" on:change=move |e| form.base.set(event_target_value(&e)) prop:value=move || form.base.get()>
                {bases.into_iter().map(|m| { let label = m.id.clone(); view! { <option value=m.id>{label}</option> } }).collect_view()}
            </select>
        </label>
        <label>{w.FT_STEPS}<input type="number" min="1" max="10000" data-testid="fine-tune-steps" bind:value=form.steps /></label>
        <label>{w.FT_RATE}<input type="text" inputmode="decimal" data-testid="fine-tune-rate" bind:value=form.rate /></label>
        <label>{w.FT_SUFFIX}<input type="text" maxlength="18" data-testid="fine-tune-suffix" bind:value=form.suffix /></label>
        <div class="actions">
            <button type="button" data-testid="fine-tune-estimate" on:click=move |_| form.go(false)>{w.FT_ESTIMATE}</button>
            <button type="button" class="primary" data-testid="fine-tune-create" on:click=move |_| form.go(true)>{w.FT_CREATE}</button>
        </div>
    }
}

fn step_view(step: Step) -> AnyView {
    match step {
        Step::Idle => ().into_any(),
        Step::Working(what) => {
            view! { <p class="muted" role="status" data-testid="fine-tune-working">{what}</p> }.into_any()
        }
        Step::Estimated(estimate) => {
            view! { <p role="status" data-testid="fine-tune-estimate-result">{worded(&estimate)}</p> }.into_any()
        }
        Step::Created(id) => {
            view! { <p role="status" data-testid="fine-tune-created">{fill(i18n::lab::t().FT_CREATED, &[&id])}</p> }
                .into_any()
        }
        Step::Failed(why) => failed(why.to_string(), "fine-tune-error"),
    }
}

/// The hyperparameters typed, or `None` when a number does not read (the worker checks ranges).
fn hyperparameters(steps: &str, rate: &str) -> Option<Hyperparameters> {
    let training_steps = Some(steps.trim().parse::<u32>().ok()?);
    let learning_rate = Some(rate.trim().replace(',', ".").parse::<f64>().ok().filter(|r| r.is_finite())?);
    Some(Hyperparameters { training_steps, learning_rate, ..Hyperparameters::default() })
}

/// Uploads the dataset's two files, saying which one goes.
async fn upload_files(
    summary: &SnapshotSummary,
    provider: Option<String>,
    step: RwSignal<Step>,
) -> Result<Upload, Failure> {
    let files = match page::run(DatasetAsk::Files(summary.id.clone())).await? {
        DatasetReply::Files(files) => files,
        DatasetReply::Failed(why) => return Err(Failure::Refused(why)),
        _ => return Err(Failure::OtherAnswer),
    };
    step.set(Step::Working(i18n::lab::t().FT_UPLOADING_TRAIN.to_owned()));
    let to = provider.as_deref();
    let training = api::upload_file(&format!("{}-train.jsonl", files.name), &files.train, to).await?;
    let validation = if files.validation.trim().is_empty() {
        None
    } else {
        step.set(Step::Working(i18n::lab::t().FT_UPLOADING_VALIDATION.to_owned()));
        Some(api::upload_file(&format!("{}-validation.jsonl", files.name), &files.validation, to).await?.id)
    };
    Ok(Upload {
        dataset_id: summary.id.clone(),
        provider,
        training_file: training.id,
        validation_file: validation,
        uploaded_at_ms: clock::now_ms(),
    })
}

/// A dry run's answer in a sentence.
fn worded(estimate: &FineTuneEstimate) -> String {
    let number = |n: Option<u64>| n.map_or_else(|| "—".to_owned(), |n| n.to_string());
    // Cents: the cast saturates, so it cannot panic.
    let cost = estimate.cost.map_or_else(
        || "—".to_owned(),
        |c| {
            let cents = (c * 100.0).round().max(0.0) as u64;
            format!("{}.{:02} {}", cents / 100, cents % 100, estimate.cost_currency.as_deref().unwrap_or("USD"))
        },
    );
    fill(i18n::lab::t().FT_ESTIMATED, &[&number(estimate.train_tokens), &number(estimate.training_steps), &cost])
}
