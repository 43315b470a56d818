//! A new fine-tuning job from a frozen dataset: its files uploaded once (their ids kept with the
//! dataset), an estimate of its tokens and cost, then the job. The fields follow the base model's
//! dialect: Mistral's steps, or the others' epochs and LoRA rank. A Mistral job is created without
//! starting (spending is the job card's second, explicit step); where creating is starting
//! (OpenAI-shaped providers, Together) the button says it spends.

use leptos::prelude::*;
use tallas_core::api::{CreateFineTune, FineTuneEstimate, Hyperparameters, Tuning};
use tallas_core::fine_tuning::Creation;
use tallas_core::fine_tuning::lifecycle::Dialect;
use tallas_core::pricing::openai_fine_tune_cost_nano_usd;

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

/// Mistral's default, as its docs give it.
const DEFAULT_STEPS: &str = "10";
/// Asked explicitly where epochs count, so the estimate and the job agree.
const DEFAULT_EPOCHS: &str = "3";

/// Where a request stands.
#[derive(Clone, PartialEq)]
enum Step {
    Idle,
    Working(String),
    Estimated(FineTuneEstimate),
    /// The job's id, and whether it started when created.
    Created(String, bool),
    Failed(Failure),
}

/// The new job's form, the lists it chooses from, and where its request stands.
#[derive(Clone, Copy)]
struct JobForm {
    store: Store,
    /// The frozen datasets; `None` while they are read.
    datasets: RwSignal<Option<Result<Vec<SnapshotSummary>, Failure>>>,
    bases: ReadSignal<Option<Result<Vec<ModelChoice>, ClientError>>>,
    /// Bumped when a job is kept, so the page lists it.
    saved: RwSignal<u32>,
    chosen: RwSignal<String>,
    base: RwSignal<String>,
    steps: RwSignal<String>,
    epochs: RwSignal<String>,
    rate: RwSignal<String>,
    rank: RwSignal<String>,
    suffix: RwSignal<String>,
    step: RwSignal<Step>,
}

impl JobForm {
    /// How the chosen base model is tuned (Mistral's way while none is chosen).
    fn tuning(self) -> Tuning {
        let base = self.base.get();
        self.bases
            .with(|listed| {
                let listed = listed.as_ref()?.as_ref().ok()?;
                listed.iter().find(|m| m.id == base)?.tuning
            })
            .unwrap_or(Tuning { dialect: Dialect::Mistral, serverless: true })
    }

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
        let tuning = untrack(|| self.tuning());
        let typed = Typed {
            steps: self.steps.get_untracked(),
            epochs: self.epochs.get_untracked(),
            rate: self.rate.get_untracked(),
            rank: self.rank.get_untracked(),
        };
        let Some(hyperparameters) = typed.read(tuning.dialect) else {
            return self.step.set(Step::Failed(Failure::Refused(i18n::lab::t().FT_BAD_NUMBERS.to_owned())));
        };
        let starts = tuning.dialect.creation() == Creation::Started;
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
                    auto_start: starts,
                    dry_run: !create,
                };
                if !create {
                    self.step.set(Step::Working(i18n::lab::t().FT_ESTIMATING.to_owned()));
                    let estimate = api::estimate_fine_tune(&request).await?;
                    return Ok(Step::Estimated(priced(estimate, &request, tuning.dialect, summary.train_tokens)));
                }
                self.step.set(Step::Working(i18n::lab::t().FT_CREATING.to_owned()));
                let job = api::create_fine_tune(&request).await?;
                let dataset = Some(DatasetRef { id: summary.id.clone(), name: summary.name.clone() });
                let tuned = TunedModel {
                    needs_endpoint: !tuning.serverless,
                    ..TunedModel::from_job(&job, dataset, clock::now_ms())
                };
                repo.save_tuned(&tuned).await?;
                self.saved.update(|n| *n += 1);
                Ok::<Step, Failure>(Step::Created(job.id, starts))
            };
            self.step.set(outcome.await.unwrap_or_else(Step::Failed));
        });
    }
}

#[component]
pub fn NewJob(
    /// The frozen datasets; `None` while they are read.
    datasets: RwSignal<Option<Result<Vec<SnapshotSummary>, Failure>>>,
    bases: ReadSignal<Option<Result<Vec<ModelChoice>, ClientError>>>,
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
        epochs: RwSignal::new(DEFAULT_EPOCHS.to_owned()),
        rate: RwSignal::new(String::new()),
        rank: RwSignal::new(String::new()),
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
        {move || numbers(form, form.tuning())}
        <label>{w.FT_SUFFIX}<input type="text" maxlength="18" data-testid="fine-tune-suffix" bind:value=form.suffix /></label>
        <div class="actions">
            <button type="button" data-testid="fine-tune-estimate" on:click=move |_| form.go(false)>{w.FT_ESTIMATE}</button>
            <button type="button" class="primary" data-testid="fine-tune-create" on:click=move |_| form.go(true)>
                {move || if form.tuning().dialect.creation() == Creation::Started { w.FT_CREATE_STARTED } else { w.FT_CREATE }}
            </button>
        </div>
    }
}

/// The numbers the base model's dialect takes: Mistral's steps, or epochs and a LoRA rank.
fn numbers(form: JobForm, tuning: Tuning) -> impl IntoView {
    let w = i18n::lab::t();
    let rate = view! { <label>{w.FT_RATE}<input type="text" inputmode="decimal" placeholder="0.0001" data-testid="fine-tune-rate" bind:value=form.rate /></label> };
    if tuning.dialect == Dialect::Mistral {
        return view! {
            <label>{w.FT_STEPS}<input type="number" min="1" max="10000" data-testid="fine-tune-steps" bind:value=form.steps /></label>
            {rate}
        }
        .into_any();
    }
    view! {
        <label>{w.FT_EPOCHS}<input type="number" min="1" max="100" data-testid="fine-tune-epochs" bind:value=form.epochs /></label>
        {rate}
        <label>{w.FT_RANK}<input type="number" min="1" max="1024" data-testid="fine-tune-rank" bind:value=form.rank /></label>
        {(tuning.dialect == Dialect::OpenAi).then(|| view! { <p class="hint">{w.FT_OPENAI_HINT}</p> })}
        {(!tuning.serverless).then(|| view! { <p class="notice" data-testid="fine-tune-needs-endpoint">{w.FT_NEEDS_ENDPOINT}</p> })}
    }
    .into_any()
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
        Step::Created(id, started) => {
            let w = i18n::lab::t();
            let said = fill(if started { w.FT_STARTED } else { w.FT_CREATED }, &[&id]);
            view! { <p role="status" data-testid="fine-tune-created">{said}</p> }.into_any()
        }
        Step::Failed(why) => failed(why.to_string(), "fine-tune-error"),
    }
}

/// The numbers as typed.
struct Typed {
    steps: String,
    epochs: String,
    rate: String,
    rank: String,
}

impl Typed {
    /// The hyperparameters `dialect` takes, or `None` when a number does not read (the worker
    /// checks ranges). An empty rate or rank leaves the provider's default.
    fn read(&self, dialect: Dialect) -> Option<Hyperparameters> {
        fn optional<T: std::str::FromStr>(text: &str) -> Option<Option<T>> {
            let text = text.trim().replace(',', ".");
            if text.is_empty() { Some(None) } else { text.parse().ok().map(Some) }
        }
        let learning_rate = optional::<f64>(&self.rate)?.filter(|r| r.is_finite());
        if dialect == Dialect::Mistral {
            let training_steps = Some(self.steps.trim().parse::<u32>().ok()?);
            return Some(Hyperparameters { training_steps, learning_rate, ..Hyperparameters::default() });
        }
        let epochs = Some(self.epochs.trim().parse::<u32>().ok()?);
        Some(Hyperparameters { epochs, learning_rate, lora_rank: optional(&self.rank)?, ..Hyperparameters::default() })
    }
}

/// The provider's estimate with the epochs asked, priced here where it gives no price and the
/// price is known (OpenAI's bases, from the dataset's training tokens).
fn priced(
    estimate: FineTuneEstimate,
    request: &CreateFineTune,
    dialect: Dialect,
    train_tokens: usize,
) -> FineTuneEstimate {
    let asked = request.hyperparameters.epochs;
    let estimate = FineTuneEstimate { epochs: estimate.epochs.or(asked.map(f64::from)), ..estimate };
    if estimate.cost.is_some() || dialect != Dialect::OpenAi {
        return estimate;
    }
    let epochs = asked.unwrap_or(1);
    let base = request.model.split_once(':').map_or(request.model.as_str(), |(_, id)| id);
    let tokens = train_tokens as u64;
    let cost = openai_fine_tune_cost_nano_usd(base, tokens, epochs).map(|nano| nano as f64 / 1e9);
    FineTuneEstimate {
        cost,
        cost_currency: cost.map(|_| "USD".to_owned()),
        train_tokens: Some(tokens.saturating_mul(u64::from(epochs))),
        epochs: Some(f64::from(epochs)),
        ..estimate
    }
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

/// An estimate in a sentence: steps for Mistral's, epochs for the others'; a price nobody gave is
/// said to be unknown, never 0.
fn worded(estimate: &FineTuneEstimate) -> String {
    let w = i18n::lab::t();
    let number = |n: Option<u64>| n.map_or_else(|| "—".to_owned(), |n| n.to_string());
    // Cents: the cast saturates, so it cannot panic.
    let cost = estimate.cost.map_or_else(
        || w.FT_PRICE_UNKNOWN.to_owned(),
        |c| {
            let cents = (c * 100.0).round().max(0.0) as u64;
            format!("{}.{:02} {}", cents / 100, cents % 100, estimate.cost_currency.as_deref().unwrap_or("USD"))
        },
    );
    match (estimate.training_steps, estimate.epochs) {
        (None, Some(epochs)) => {
            fill(w.FT_ESTIMATED_EPOCHS, &[&number(estimate.train_tokens), &epochs.to_string(), &cost])
        }
        _ => fill(w.FT_ESTIMATED, &[&number(estimate.train_tokens), &number(estimate.training_steps), &cost]),
    }
}
