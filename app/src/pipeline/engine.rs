//! Runs a planned run to its end, a pause or a cancel: calls the worker for each pending item,
//! at most `concurrency` at a time, and records each result with its effects in one transaction.
//!
//! Generic over the store and the caller, so the same code runs in the background worker (real
//! IndexedDB, real `/api`) and in native tests (the in-memory store, a scripted caller).

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;

use futures_util::future::join_all;
use tallas_core::api::{ErrorCode, ExtractRequest, JokeRequest, TokenUsage};
use tallas_core::pricing;
use tallas_core::scores::pairwise::Verdict;
use tallas_core::tasks::Task;

pub use super::call::{Answer, CallRequest, CallResult, Caller};
use super::evaluation::{self, Prepared};
use super::protocol::Progress;
use crate::api::ClientError;
use crate::domain::evaluation::CallOutput;
use crate::domain::run::{
    Answered, ItemStatus, Run, RunCounts, RunItem, RunState, WindowRecord, extraction_effects, joke_effects,
    joke_failed,
};
use crate::store::{ItemEffects, ItemOutcome, RunRepo, StoreError};

/// What the page can change while a run goes: set from outside between two awaits.
#[derive(Debug, Default)]
pub struct Control {
    /// Set to `Paused` or `Cancelled` to stop dispatching; calls in flight still finish and are
    /// recorded (they are paid for).
    stop: Cell<Option<RunState>>,
    /// Why the run paused itself (a problem no item can get past, such as a wrong token).
    reason: RefCell<Option<String>>,
}

impl Control {
    pub fn stop(&self, state: RunState) {
        self.stop.set(Some(state));
    }

    /// Lets a run that was asked to stop carry on (a resume that came before it stopped).
    pub fn carry_on(&self) {
        self.stop.set(None);
        self.reason.replace(None);
    }

    fn pause_because(&self, reason: String) {
        self.stop.set(Some(RunState::Paused));
        self.reason.replace(Some(reason));
    }
}

/// The engine's view of time, so throughput can be measured without the browser's clock.
pub trait Clock {
    fn now_ms(&self) -> u64;
}

/// Runs `run_id` until no pending item is left or `control` stops it, reporting progress after
/// every item. Returns the run in its final state (`Finished`, `Paused` or `Cancelled`).
pub async fn drive(
    repo: &impl RunRepo,
    caller: &impl Caller,
    run_id: &str,
    control: &Control,
    clock: &impl Clock,
    report: &impl Fn(Progress),
) -> Result<Run, StoreError> {
    let run = repo
        .runs()
        .await?
        .into_iter()
        .find(|r| r.id == run_id)
        .ok_or_else(|| StoreError::UnknownRun(run_id.to_owned()))?;
    let run = if run.state == RunState::Running { run } else { repo.set_run_state(run_id, RunState::Running).await? };
    let items = repo.run_items(run_id).await?;
    let state = Shared {
        counts: Cell::new(RunCounts::of(&items)),
        queue: RefCell::new(items.into_iter().filter(|i| i.status == ItemStatus::Pending).collect()),
        run: RefCell::new(run),
        in_flight: Cell::new(0),
        finished_here: Cell::new(0),
        started_ms: clock.now_ms(),
        error: RefCell::new(None),
    };
    report(state.progress(control, clock));
    let lanes = usize::from(state.run.borrow().concurrency.max(1));
    loop {
        join_all((0..lanes).map(|_| lane(repo, caller, &state, control, clock, report))).await;
        if let Some(error) = state.error.take() {
            return Err(error);
        }
        // The lanes stop on a pause or cancel (unless a resume withdrew it while the last calls
        // finished: `Control::carry_on`), or when the queue is empty.
        if control.stop.get().is_some() {
            break;
        }
        // Items put back meanwhile (failed ones retried from another tab) are part of this run too.
        let items = repo.run_items(run_id).await?;
        let pending: VecDeque<RunItem> = items.iter().filter(|i| i.status == ItemStatus::Pending).cloned().collect();
        if pending.is_empty() {
            break;
        }
        state.counts.set(RunCounts::of(&items));
        state.queue.replace(pending);
    }
    let final_state = control.stop.take().unwrap_or(RunState::Finished);
    let run = repo.set_run_state(run_id, final_state).await?;
    state.run.replace(run.clone());
    report(state.progress(control, clock));
    Ok(run)
}

/// The state the lanes of one run share.
struct Shared {
    run: RefCell<Run>,
    queue: RefCell<VecDeque<RunItem>>,
    counts: Cell<RunCounts>,
    in_flight: Cell<u32>,
    /// Items finished since this drive started, for the throughput.
    finished_here: Cell<u32>,
    started_ms: u64,
    /// A storage failure stops every lane: results could not be kept.
    error: RefCell<Option<StoreError>>,
}

impl Shared {
    fn progress(&self, control: &Control, clock: &impl Clock) -> Progress {
        let elapsed_ms = clock.now_ms().saturating_sub(self.started_ms).max(1);
        let per_minute = u64::from(self.finished_here.get()) * 60_000 / elapsed_ms;
        Progress {
            run: self.run.borrow().clone(),
            counts: self.counts.get(),
            in_flight: self.in_flight.get(),
            per_minute: u32::try_from(per_minute).unwrap_or(u32::MAX),
            notice: control.reason.borrow().clone(),
        }
    }
}

/// One lane: takes the next pending item until none is left or the run is stopped.
async fn lane(
    repo: &impl RunRepo,
    caller: &impl Caller,
    state: &Shared,
    control: &Control,
    clock: &impl Clock,
    report: &impl Fn(Progress),
) {
    loop {
        if control.stop.get().is_some() || state.error.borrow().is_some() {
            return;
        }
        let Some(item) = state.queue.borrow_mut().pop_front() else { return };
        state.in_flight.set(state.in_flight.get() + 1);
        report(state.progress(control, clock));
        let run = state.run.borrow().clone();
        let outcome = process(repo, caller, &run, item, clock).await;
        state.in_flight.set(state.in_flight.get() - 1);
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(Halt::Stuck { item, reason }) => {
                // The item goes back to the queue untouched, so a resume sends it again.
                state.queue.borrow_mut().push_front(*item);
                control.pause_because(reason);
                report(state.progress(control, clock));
                return;
            }
            Err(Halt::Wait(item)) => {
                // An evaluation's judgement whose jokes another lane is still making: this lane
                // ends, and the run takes the item up again once the lanes in flight are done.
                state.queue.borrow_mut().push_back(*item);
                report(state.progress(control, clock));
                return;
            }
        };
        let failed = matches!(outcome.item.status, ItemStatus::Failed { .. });
        match repo.record_item(outcome).await {
            Ok(run) => {
                let mut counts = state.counts.get();
                counts.pending = counts.pending.saturating_sub(1);
                if failed {
                    counts.failed += 1
                } else {
                    counts.done += 1
                }
                state.counts.set(counts);
                state.finished_here.set(state.finished_here.get() + 1);
                state.run.replace(run);
            }
            Err(error) => {
                state.error.replace(Some(error));
                return;
            }
        }
        report(state.progress(control, clock));
    }
}

/// Why an item went back to the queue without a result.
enum Halt {
    /// A failure that no other item would get past either: the run pauses with the reason.
    Stuck { item: Box<RunItem>, reason: String },
    /// It needs the result of an item still in flight.
    Wait(Box<RunItem>),
}

/// Whether an error is about the setup (token, worker, key), not about this item.
fn stops_the_run(error: &ClientError) -> bool {
    match error {
        ClientError::WorkerDown | ClientError::BadResponse(_) | ClientError::Request(_) => true,
        ClientError::Api(api) => {
            matches!(api.code, ErrorCode::Unauthorized | ErrorCode::NotConfigured | ErrorCode::Forbidden)
        }
        ClientError::UnknownApi { status, .. } => matches!(status, 401 | 403),
        ClientError::UnexpectedStatus { .. } => false,
    }
}

/// Calls the worker for one item and turns the answer into its outcome.
async fn process(
    repo: &impl RunRepo,
    caller: &impl Caller,
    run: &Run,
    mut item: RunItem,
    clock: &impl Clock,
) -> Result<ItemOutcome, Halt> {
    let fail = |mut item: RunItem, error: String| {
        let at_ms = clock.now_ms();
        // A joke task's failure is also kept on the joke, where the curation page shows it.
        let effects = if run.task == Task::Extract || run.evaluation.is_some() {
            ItemEffects::None
        } else {
            let (task, message) = (run.task, error.clone());
            ItemEffects::Joke {
                joke_id: item.item_id.clone(),
                apply: Box::new(move |joke| joke_failed(joke, task, message, at_ms)),
            }
        };
        item.status = ItemStatus::Failed { error, at_ms };
        Ok(ItemOutcome { item, effects, usage: TokenUsage::default(), cost_nano_usd: Some(0) })
    };
    let prepared = match &run.evaluation {
        Some(spec) => match evaluation::prepare(repo, spec, &item).await {
            Ok(Prepared::Call(request)) => Ok((request, None)),
            Ok(Prepared::Wait) => return Err(Halt::Wait(Box::new(item))),
            Ok(Prepared::Fail(message)) => Err(message),
            Err(error) => Err(error.to_string()),
        },
        None => request_for(repo, run, &item).await,
    };
    item.attempts += 1;
    let (request, window) = match prepared {
        Ok(prepared) => prepared,
        Err(message) => return fail(item, message),
    };
    let judging = matches!(request, CallRequest::Judge(_));
    let answer = match caller.call(request).await {
        Ok(answer) => answer,
        Err(error) if stops_the_run(&error) => {
            return Err(Halt::Stuck { item: Box::new(item), reason: error.to_string() });
        }
        // The judge answered, but with no verdict even after the corrective retry: a counted
        // result of its own (unparseable), not a failure to retry.
        Err(ClientError::Api(api)) if judging && api.code == ErrorCode::InvalidReply => {
            let at_ms = clock.now_ms();
            let model = run.model.clone().unwrap_or_default();
            item.output = Some(CallOutput::Verdict { verdict: Verdict::Unparseable, reason: api.message, model });
            item.status = ItemStatus::Done { usage: TokenUsage::default(), at_ms };
            let usage = TokenUsage::default();
            return Ok(ItemOutcome { item, effects: ItemEffects::None, usage, cost_nano_usd: Some(0) });
        }
        Err(error) => return fail(item, error.to_string()),
    };
    let answered =
        Answered { model: answer.model.clone(), prompt_version: answer.prompt_version, at_ms: clock.now_ms() };
    let effects = match (answer.result, window) {
        (CallResult::Repertoire(repertoire), Some(window)) => {
            let run_id = run.id.clone();
            ItemEffects::RoutineJokes {
                routine_id: window.routine_id.clone(),
                apply: Box::new(move |existing| extraction_effects(&run_id, &window, &repertoire, existing, &answered)),
            }
        }
        (CallResult::Joke(result), None) => ItemEffects::Joke {
            joke_id: item.item_id.clone(),
            apply: Box::new(move |joke| joke_effects(joke, result, &answered)),
        },
        (CallResult::Generated(text), None) => {
            item.output = Some(CallOutput::Joke { text, model: answer.model.clone() });
            ItemEffects::None
        }
        (CallResult::Verdict(reply), None) => {
            let (verdict, reason) = (reply.verdict.into(), reply.reason);
            item.output = Some(CallOutput::Verdict { verdict, reason, model: answer.model.clone() });
            ItemEffects::None
        }
        _ => return fail(item, crate::i18n::t().PIPELINE_OTHER_TASK.into()),
    };
    item.status = ItemStatus::Done { usage: answer.usage, at_ms: clock.now_ms() };
    Ok(ItemOutcome {
        item,
        effects,
        usage: answer.usage,
        cost_nano_usd: pricing::cost_nano_usd(&answer.model, answer.usage),
    })
}

/// The call an item needs (with its window, for extraction, whose effects need it again), or
/// why it cannot be made (its window or joke is gone).
async fn request_for(
    repo: &impl RunRepo,
    run: &Run,
    item: &RunItem,
) -> Result<(CallRequest, Option<WindowRecord>), String> {
    let model = run.model.clone();
    if run.task == Task::Extract {
        let window = repo.window(&item.item_id).await.map_err(|e| e.to_string())?;
        let window = window.ok_or_else(|| crate::i18n::t().PIPELINE_NO_WINDOW.to_owned())?;
        let seconds = |ms: Option<u64>| ms.map(|ms| ms as f64 / 1000.0);
        let request = CallRequest::Extract(ExtractRequest {
            window_text: window.text.clone(),
            routine_label: window.routine_label.clone(),
            start_s: seconds(window.start_ms),
            end_s: seconds(window.end_ms),
            model,
        });
        return Ok((request, Some(window)));
    }
    let joke = repo.joke(&item.item_id).await.map_err(|e| e.to_string())?;
    let joke = joke.ok_or_else(|| crate::i18n::t().PIPELINE_NO_JOKE.to_owned())?;
    Ok((CallRequest::Joke(run.task, JokeRequest { text: joke.text().to_owned(), model }), None))
}
