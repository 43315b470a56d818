//! Pipeline runs end to end over a store, with a scripted caller in place of the worker API:
//! planning, overlapping windows merged into one joke, pause and resume without a repeated call,
//! per-item failures that never become labels, retries of failed items only, and a run that
//! pauses itself when the curator token is wrong. The same scenarios run natively against the
//! in-memory store and in Chromium against IndexedDB.

mod support;

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};

use tallas_app::api::ClientError;
use tallas_app::domain::import::ImportBatch;
use tallas_app::domain::model::{SegmentRecord, TranscriptRecord};
use tallas_app::domain::run::{ItemStatus, JokeResult, RunCounts, RunState};
use tallas_app::domain::search::{JokeFilter, SearchIndex};
use tallas_app::domain::{Joke, JokeSource, Label, Routine, VersionKind};
use tallas_app::pipeline::engine::{Answer, CallRequest, CallResult, Caller, Clock, Control, drive};
use tallas_app::pipeline::planner::{PlanError, plan};
use tallas_app::pipeline::protocol::{PlanRequest, Progress};
use tallas_app::store::{JokeRepo, RunRepo};
use tallas_core::api::{ApiError, ErrorCode, TokenUsage};
use tallas_core::tasks::{ExtractedJoke, Quality, Refinement, Repertoire, Task};

/// A joke told across the border of the first two windows: both see it.
const BORDER_JOKE: &str = "Mi suegra es tan buena que cuando se fue de vacaciones la extrañó hasta el perro";

/// A joke of each window's own, picked by the minute the window starts in.
const OWN_JOKES: [&str; 4] = [
    "El micro venía tan lleno que me bajé en el paradero equivocado y nadie notó que ya no estaba",
    "Fui al doctor por la rodilla y salí con receta de anteojos, porque claramente no vi venir la cuenta",
    "Mi cuñado dice que trabaja desde la casa, pero la casa no sabe nada de eso todavía",
    "En el asado familiar el único que no opina de fútbol es el perro, y es el que más sabe",
];

/// A routine of 80 captions of about 90 characters, three seconds each: three windows.
fn routine() -> Routine {
    let segments = (0..80u64)
        .map(|i| SegmentRecord {
            start_ms: Some(i * 3_000),
            end_ms: Some(i * 3_000 + 2_500),
            text: format!("Frase número {i} de la rutina, con la historia de la familia y del vecino que llega."),
            events: Vec::new(),
        })
        .collect();
    Routine {
        id: "100".into(),
        transcript: Some(TranscriptRecord {
            file_name: "routine_100.jsonl".into(),
            format: "segment_jsonl".into(),
            segments,
            imported_at_ms: 1,
        }),
        meta: None,
    }
}

/// Runs after a call is counted, with the number of calls so far.
type AfterCall = Box<dyn Fn(usize)>;

/// Answers by script: per window index (in the request's time range) or per joke text; `None`
/// scripted means an `upstream_error`.
#[derive(Default)]
struct ScriptedCaller {
    /// Every request, in order.
    calls: RefCell<Vec<CallRequest>>,
    /// Errors to return for the next calls, in order, before answering normally.
    errors: RefCell<VecDeque<ClientError>>,
    /// Called after each call has been counted, e.g. to pause the run.
    after_call: RefCell<Option<AfterCall>>,
}

impl ScriptedCaller {
    fn extract_calls(&self) -> Vec<u64> {
        self.calls
            .borrow()
            .iter()
            .filter_map(|c| match c {
                CallRequest::Extract(r) => r.start_s.map(|s| s as u64),
                _ => None,
            })
            .collect()
    }
}

fn usage() -> TokenUsage {
    TokenUsage { prompt_tokens: 1_000, completion_tokens: 200 }
}

impl Caller for ScriptedCaller {
    async fn call(&self, request: CallRequest) -> Result<Answer, ClientError> {
        self.calls.borrow_mut().push(request.clone());
        let count = self.calls.borrow().len();
        if let Some(hook) = self.after_call.borrow().as_ref() {
            hook(count);
        }
        if let Some(error) = self.errors.borrow_mut().pop_front() {
            return Err(error);
        }
        let result = match request {
            CallRequest::Extract(r) => {
                // The first two windows both contain the border joke; every window has one of its own.
                let start = r.start_s.unwrap_or(0.0) as u64;
                let own = OWN_JOKES[(start / 60) as usize % OWN_JOKES.len()];
                let mut jokes = vec![ExtractedJoke {
                    raw_span: own.to_lowercase(),
                    text: own.into(),
                    start_time_s: Some(start as f64 + 1.0),
                }];
                // Windows start about every 93 s (32 captions), the second overlapping the first.
                if start < 120 {
                    jokes.push(ExtractedJoke {
                        raw_span: BORDER_JOKE.to_lowercase(),
                        text: BORDER_JOKE.into(),
                        start_time_s: None,
                    });
                }
                CallResult::Repertoire(Repertoire { jokes })
            }
            CallRequest::Joke(Task::Refine, r) => CallResult::Joke(JokeResult::Refine(Refinement {
                corrected_text: format!("{} (refinada)", r.text),
                keywords: vec!["suegra".into()],
                quality: Quality::NotFunny,
            })),
            other => panic!("no script for {other:?}"),
        };
        Ok(Answer { result, model: "mistral-small-latest".into(), prompt_version: "v-test".into(), usage: usage() })
    }
}

struct TestClock;

impl Clock for TestClock {
    fn now_ms(&self) -> u64 {
        1_000
    }
}

fn extraction(concurrency: u8) -> PlanRequest {
    PlanRequest { task: Task::Extract, routine_ids: None, only_missing: true, model: None, concurrency }
}

async fn run(
    repo: &impl RunRepo,
    caller: &ScriptedCaller,
    run_id: &str,
    control: &Control,
) -> (RunState, Vec<Progress>) {
    let reports = RefCell::new(Vec::new());
    let report = |p: Progress| reports.borrow_mut().push(p);
    let run = drive(repo, caller, run_id, control, &TestClock, &report).await.unwrap();
    (run.state, reports.into_inner())
}

async fn with_routine<R: JokeRepo + RunRepo>(repo: &R) {
    let batch = ImportBatch { routines: vec![routine()], ..ImportBatch::default() };
    repo.import(batch).await.unwrap();
}

fn extracted(jokes: &[Joke]) -> Vec<&Joke> {
    jokes.iter().filter(|j| matches!(j.source, JokeSource::Extracted { .. })).collect()
}

mod scenarios {
    use super::*;

    pub async fn an_extraction_finds_each_joke_once_with_every_window_it_was_seen_in<R: JokeRepo + RunRepo>(repo: &R) {
        with_routine(repo).await;
        let planned = plan(repo, &extraction(2), 50).await.unwrap();
        assert_eq!(planned.items, 3, "80 captions of ~90 characters make three windows of at most 3,000");
        let caller = ScriptedCaller::default();
        let (state, reports) = run(repo, &caller, &planned.id, &Control::default()).await;

        assert_eq!(state, RunState::Finished);
        assert_eq!(caller.extract_calls().len(), 3);
        let last = reports.last().unwrap();
        assert_eq!(last.counts, RunCounts { pending: 0, done: 3, failed: 0 });
        assert_eq!(last.run.usage, TokenUsage { prompt_tokens: 3_000, completion_tokens: 600 });
        // mistral-small: 3,000 × $0.10 + 600 × $0.30 per million tokens.
        assert_eq!(last.run.cost_nano_usd, 3_000 * 100 + 600 * 300);

        let jokes = repo.jokes().await.unwrap();
        let found = extracted(&jokes);
        assert_eq!(found.len(), 4, "three jokes of their own and the border joke once: {found:#?}");
        let border = found.iter().find(|j| j.text() == BORDER_JOKE).unwrap();
        let JokeSource::Extracted { windows, .. } = &border.source else { unreachable!() };
        assert_eq!(windows.len(), 2, "{windows:?}");
        assert_eq!(
            border.versions.iter().map(|v| v.kind).collect::<Vec<_>>(),
            [VersionKind::Extracted, VersionKind::Corrected]
        );
        assert_eq!(border.stamps[0].prompt_version, "v-test");
        // A joke's time is the model's when it gave one.
        let own = found.iter().find(|j| j.text() == OWN_JOKES[0]).unwrap();
        assert_eq!(own.start_ms, Some(1_000));
        assert!(found.iter().all(|j| j.label.is_none() && j.llm_label.is_none()));

        // Only what is missing: the routine now has extracted jokes.
        assert_eq!(plan(repo, &extraction(2), 51).await.unwrap_err(), PlanError::NoWindows);
        // An empty choice is not "everything".
        let none = PlanRequest { routine_ids: Some(Vec::new()), only_missing: false, ..extraction(2) };
        assert_eq!(plan(repo, &none, 52).await.unwrap_err(), PlanError::NoRoutines);
    }

    pub async fn a_paused_run_resumes_without_repeating_a_finished_call<R: JokeRepo + RunRepo>(repo: &R) {
        with_routine(repo).await;
        let planned = plan(repo, &extraction(1), 50).await.unwrap();
        let control = std::rc::Rc::new(Control::default());
        let caller = ScriptedCaller::default();
        let pause = control.clone();
        caller.after_call.replace(Some(Box::new(move |count| {
            if count == 1 {
                pause.stop(RunState::Paused);
            }
        })));
        let (state, reports) = run(repo, &caller, &planned.id, &control).await;
        assert_eq!(state, RunState::Paused);
        // The call in flight when the pause came still counts: it was paid for.
        assert_eq!(reports.last().unwrap().counts, RunCounts { pending: 2, done: 1, failed: 0 });
        assert_eq!(repo.runs().await.unwrap()[0].state, RunState::Paused);

        // A new caller and control, as after a reload.
        let resumed = ScriptedCaller::default();
        let (state, _) = run(repo, &resumed, &planned.id, &Control::default()).await;
        assert_eq!(state, RunState::Finished);
        let mut all: Vec<u64> = caller.extract_calls().into_iter().chain(resumed.extract_calls()).collect();
        assert_eq!(all.len(), 3);
        all.dedup();
        assert_eq!(all.len(), 3, "no window was sent twice");
    }

    pub async fn a_failed_item_shows_its_error_labels_nothing_and_alone_is_retried<R: JokeRepo + RunRepo>(repo: &R) {
        with_routine(repo).await;
        let planned = plan(repo, &extraction(1), 50).await.unwrap();
        let caller = ScriptedCaller::default();
        let error = ApiError::new(ErrorCode::UpstreamError, "the model's reply failed validation at /jokes/0/text");
        caller.errors.borrow_mut().push_back(ClientError::Api(error));
        let (state, reports) = run(repo, &caller, &planned.id, &Control::default()).await;
        assert_eq!(state, RunState::Finished);
        assert_eq!(reports.last().unwrap().counts, RunCounts { pending: 0, done: 2, failed: 1 });
        let items = repo.run_items(&planned.id).await.unwrap();
        let failed: Vec<_> = items.iter().filter(|i| matches!(i.status, ItemStatus::Failed { .. })).collect();
        assert_eq!(failed.len(), 1);
        let ItemStatus::Failed { error, .. } = &failed[0].status else { unreachable!() };
        assert!(error.contains("/jokes/0/text"), "{error}");
        assert_eq!(extracted(&repo.jokes().await.unwrap()).len(), 3, "nothing stored for the failed window");

        let failed_window = failed[0].item_id.clone();
        repo.retry_failed(&planned.id).await.unwrap();
        let retry = ScriptedCaller::default();
        let (state, reports) = run(repo, &retry, &planned.id, &Control::default()).await;
        assert_eq!(state, RunState::Finished);
        assert_eq!(retry.extract_calls().len(), 1, "only the failed window is sent again");
        assert_eq!(reports.last().unwrap().counts, RunCounts { pending: 0, done: 3, failed: 0 });
        let item = repo.run_items(&planned.id).await.unwrap().into_iter().find(|i| i.item_id == failed_window).unwrap();
        assert_eq!(item.attempts, 2);
    }

    pub async fn a_wrong_token_pauses_the_run_with_the_reason_and_fails_no_item<R: JokeRepo + RunRepo>(repo: &R) {
        with_routine(repo).await;
        let planned = plan(repo, &extraction(1), 50).await.unwrap();
        let caller = ScriptedCaller::default();
        let error = ApiError::new(ErrorCode::Unauthorized, "this is a curator endpoint; send the curator token");
        caller.errors.borrow_mut().push_back(ClientError::Api(error));
        let (state, reports) = run(repo, &caller, &planned.id, &Control::default()).await;
        assert_eq!(state, RunState::Paused);
        let last = reports.last().unwrap();
        assert_eq!(last.counts, RunCounts { pending: 3, done: 0, failed: 0 });
        // The code's own words, which say where the token is, not the worker's English.
        assert!(last.notice.as_deref().unwrap_or_default().contains("CURATOR_TOKEN"), "{:?}", last.notice);
    }

    pub async fn refining_adds_a_version_and_the_models_verdict_but_never_the_curators_label<R: JokeRepo + RunRepo>(
        repo: &R,
    ) {
        with_routine(repo).await;
        let extraction_run = plan(repo, &extraction(4), 50).await.unwrap();
        run(repo, &ScriptedCaller::default(), &extraction_run.id, &Control::default()).await;
        let labelled = extracted(&repo.jokes().await.unwrap())[0].id.clone();
        let change = tallas_app::store::LabelChange { joke_id: labelled.clone(), label: Some(Label::Funny) };
        repo.set_labels(&[change], 60).await.unwrap();

        let request = PlanRequest {
            task: Task::Refine,
            routine_ids: Some(vec!["100".into()]),
            only_missing: true,
            model: None,
            concurrency: 3,
        };
        let refine = plan(repo, &request, 70).await.unwrap();
        assert_eq!(refine.items, 4);
        let caller = ScriptedCaller::default();
        let (state, _) = run(repo, &caller, &refine.id, &Control::default()).await;
        assert_eq!(state, RunState::Finished);

        let jokes: BTreeMap<String, Joke> =
            repo.jokes().await.unwrap().into_iter().map(|j| (j.id.clone(), j)).collect();
        let joke = &jokes[&labelled];
        assert_eq!(joke.label, Some(Label::Funny), "the curator's label stays");
        assert_eq!(joke.llm_label, Some(Label::NotFunny));
        assert_eq!(joke.versions.last().unwrap().kind, VersionKind::Refined);
        assert!(joke.text().ends_with("(refinada)"));
        assert_eq!(joke.keywords, ["suegra"]);
        assert_eq!(joke.stamps.iter().map(|s| s.task).collect::<Vec<_>>(), [Task::Extract, Task::Refine]);
        // Everything has the result now.
        assert_eq!(plan(repo, &request, 71).await.unwrap_err(), PlanError::NoJokes);
    }

    pub async fn a_joke_task_that_fails_marks_the_joke_until_a_retry_succeeds<R: JokeRepo + RunRepo>(repo: &R) {
        with_routine(repo).await;
        let extraction_run = plan(repo, &extraction(4), 50).await.unwrap();
        run(repo, &ScriptedCaller::default(), &extraction_run.id, &Control::default()).await;
        let request =
            PlanRequest { task: Task::Refine, routine_ids: None, only_missing: true, model: None, concurrency: 1 };
        let refine = plan(repo, &request, 70).await.unwrap();
        let caller = ScriptedCaller::default();
        let error = ApiError::new(ErrorCode::UpstreamTimeout, "the model did not answer in 60 s");
        caller.errors.borrow_mut().push_back(ClientError::Api(error));
        run(repo, &caller, &refine.id, &Control::default()).await;

        let failing =
            |jokes: &[Joke]| jokes.iter().filter(|j| !j.errors.is_empty()).map(|j| j.id.clone()).collect::<Vec<_>>();
        let jokes = repo.jokes().await.unwrap();
        let failed = failing(&jokes);
        assert_eq!(failed.len(), 1);
        let joke = jokes.iter().find(|j| j.id == failed[0]).unwrap();
        assert_eq!(
            (joke.errors[0].task, joke.errors[0].message.as_str()),
            (
                Task::Refine,
                "El proveedor del modelo no respondió a tiempo. Vuelve a intentar. (Detalle: the model did not answer in 60 s)"
            )
        );
        assert_eq!((joke.llm_label, joke.label), (None, None), "a failure is never a label");
        let filter = JokeFilter { has_errors: true, ..JokeFilter::default() };
        assert_eq!(SearchIndex::new(&jokes, Default::default()).matching(&jokes, &filter).len(), 1);

        repo.retry_failed(&refine.id).await.unwrap();
        run(repo, &ScriptedCaller::default(), &refine.id, &Control::default()).await;
        assert!(failing(&repo.jokes().await.unwrap()).is_empty());
    }
}

/// Every scenario above, as tests of the kind given (`support::scenario_tests!`).
macro_rules! all_scenarios {
    ($kind:ident: $make:expr) => {
        support::scenario_tests!(
            $kind,
            $make,
            [
                an_extraction_finds_each_joke_once_with_every_window_it_was_seen_in,
                a_paused_run_resumes_without_repeating_a_finished_call,
                a_failed_item_shows_its_error_labels_nothing_and_alone_is_retried,
                a_wrong_token_pauses_the_run_with_the_reason_and_fails_no_item,
                refining_adds_a_version_and_the_models_verdict_but_never_the_curators_label,
                a_joke_task_that_fails_marks_the_joke_until_a_retry_succeeds
            ]
        );
    };
}

#[cfg(not(target_arch = "wasm32"))]
mod memory_native {
    use super::*;
    use tallas_app::store::MemoryStore;

    all_scenarios!(native: MemoryStore::new());

    use std::future::Future;

    /// Failed items put back in the queue while the run is still going (by a retry in another
    /// tab: here, between two calls) are sent before the run calls itself finished.
    #[test]
    fn failed_items_retried_while_the_run_goes_on_are_sent_in_the_same_run() {
        futures_executor::block_on(async {
            let repo = MemoryStore::new();
            with_routine(&repo).await;
            let planned = plan(&repo, &extraction(1), 50).await.unwrap();
            let caller = ScriptedCaller::default();
            let error = ApiError::new(ErrorCode::UpstreamError, "the reply failed validation");
            caller.errors.borrow_mut().push_back(ClientError::Api(error));
            let (other_tab, run_id) = (repo.clone(), planned.id.clone());
            caller.after_call.replace(Some(Box::new(move |count| {
                if count == 2 {
                    // The in-memory store answers at once: one poll does the retry.
                    let mut retry = std::pin::pin!(other_tab.retry_failed(&run_id));
                    let done = retry.as_mut().poll(&mut std::task::Context::from_waker(std::task::Waker::noop()));
                    assert!(matches!(done, std::task::Poll::Ready(Ok(_))));
                }
            })));
            let (state, reports) = run(&repo, &caller, &planned.id, &Control::default()).await;
            assert_eq!(state, RunState::Finished);
            assert_eq!(caller.extract_calls().len(), 4, "three windows, the failed one twice");
            assert_eq!(reports.last().unwrap().counts, RunCounts { pending: 0, done: 3, failed: 0 });
        });
    }
}

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(target_arch = "wasm32")]
mod indexed_db {
    use super::*;
    use tallas_app::store::IndexedDbStore;

    async fn fresh() -> IndexedDbStore {
        let name = format!("tallas-test-pipeline-{}", js_sys::Math::random());
        IndexedDbStore::open(&name).await.expect("IndexedDB opens in the test browser")
    }

    all_scenarios!(browser: fresh().await);
}
