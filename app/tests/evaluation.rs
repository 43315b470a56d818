//! Evaluations end to end over a store, with a scripted caller in place of the worker API: the
//! calls a definition needs (each joke once, each pair judged in both orders, a judgement only
//! after both its jokes), a pause and a resume that repeat no call, a judge answering without a
//! verdict (unparseable, counted, not retried), a joke that could not be made (its judgements
//! fail with why, and a retry finishes them), and the report core computes from what was stored.
//! The same scenarios run natively against the in-memory store and in Chromium against IndexedDB.

mod support;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use tallas_app::api::ClientError;
use tallas_app::domain::evaluation::{self, CallOutput};
use tallas_app::domain::run::{ItemStatus, Run, RunCounts, RunState};
use tallas_app::pipeline::engine::{Answer, CallRequest, CallResult, Caller, Clock, Control, drive};
use tallas_app::pipeline::planner::plan_evaluation;
use tallas_app::pipeline::protocol::{EvaluationRequest, KeywordSource, Progress};
use tallas_app::store::RunRepo;
use tallas_core::api::{ApiError, ErrorCode, TokenUsage};
use tallas_core::evaluation::{Design, PairOutcome, report};
use tallas_core::scores::pairwise::Verdict;
use tallas_core::tasks::{JudgeChoice, JudgeReply};

const MODELS: [&str; 3] = ["mistral-large-latest", "ft:open-mistral-7b:tallas", "local:qwen2.5-7b"];

/// Runs after a call is counted, with the number of calls so far.
type AfterCall = Box<dyn Fn(usize)>;

/// Jokes say who wrote them; the judge prefers the first model's, then the second's.
#[derive(Default)]
struct ScriptedCaller {
    calls: RefCell<Vec<CallRequest>>,
    /// Judgements of jokes whose both texts hold this word answer without a verdict.
    garbled: RefCell<Option<String>>,
    /// Generations for this model fail while set.
    failing_model: RefCell<Option<String>>,
    /// Called with the number of calls so far, after each is counted.
    after_call: RefCell<Option<AfterCall>>,
}

fn rank(joke: &str) -> usize {
    MODELS.iter().position(|m| joke.starts_with(m)).unwrap_or(MODELS.len())
}

impl Caller for ScriptedCaller {
    async fn call(&self, request: CallRequest) -> Result<Answer, ClientError> {
        self.calls.borrow_mut().push(request.clone());
        if let Some(hook) = self.after_call.borrow().as_ref() {
            hook(self.calls.borrow().len());
        }
        let usage = TokenUsage { prompt_tokens: 100, completion_tokens: 20 };
        let result = match request {
            CallRequest::Generate(r) => {
                let model = r.model.unwrap_or_default();
                if self.failing_model.borrow().as_deref() == Some(model.as_str()) {
                    return Err(ClientError::Api(ApiError::new(ErrorCode::UpstreamError, "the provider is down")));
                }
                // Lengths differ by model, so the length analysis has something to read.
                CallResult::Generated(format!("{model}: una talla sobre {}{}", r.keyword, "!".repeat(rank(&model) * 7)))
            }
            CallRequest::Judge(r) => {
                let garbled = self.garbled.borrow();
                if garbled.as_deref().is_some_and(|w| r.keyword == w) {
                    let error = ApiError::new(ErrorCode::InvalidReply, "the judge's reply was still invalid");
                    return Err(ClientError::Api(error));
                }
                let verdict = if rank(&r.candidate_a) < rank(&r.candidate_b) { JudgeChoice::A } else { JudgeChoice::B };
                CallResult::Verdict(JudgeReply { reason: "mejor remate".into(), verdict })
            }
            other => panic!("no script for {other:?}"),
        };
        Ok(Answer { result, model: "scripted".into(), prompt_version: "v-test".into(), usage })
    }
}

impl ScriptedCaller {
    fn ids(&self) -> Vec<String> {
        self.calls
            .borrow()
            .iter()
            .map(|c| match c {
                CallRequest::Generate(r) => format!("g {} {}", r.model.as_deref().unwrap_or(""), r.keyword),
                CallRequest::Judge(r) => format!("j {} | {}", r.candidate_a, r.candidate_b),
                other => format!("{other:?}"),
            })
            .collect()
    }
}

struct TestClock;

impl Clock for TestClock {
    fn now_ms(&self) -> u64 {
        1_000
    }
}

fn request(keywords: &str) -> EvaluationRequest {
    EvaluationRequest {
        name: "tres modelos".into(),
        keywords: KeywordSource::Typed(keywords.into()),
        models: MODELS.iter().map(|m| (*m).to_owned()).collect(),
        judge: "mistral-large-latest".into(),
        design: Design::AllPairs,
        show_reference: false,
        concurrency: 3,
    }
}

async fn drive_to_stop(repo: &impl RunRepo, caller: &ScriptedCaller, run_id: &str, control: &Control) -> Run {
    drive(repo, caller, run_id, control, &TestClock, &|_| {}).await.unwrap()
}

pub mod scenarios {
    use super::*;
    use tallas_app::domain::import::ImportBatch;
    use tallas_app::domain::{JokeSource, Label};
    use tallas_app::store::{DatasetRepo, JokeRepo, LabelChange};

    pub async fn every_joke_is_made_once_and_every_pair_judged_in_both_orders<R: RunRepo + DatasetRepo>(repo: &R) {
        let planned = plan_evaluation(repo, &request("suegra\n\n micro \ncarrete"), 10).await.unwrap();
        let caller = ScriptedCaller::default();
        let run = drive_to_stop(repo, &caller, &planned.id, &Control::default()).await;
        assert_eq!(run.state, RunState::Finished);
        let ids = caller.ids();
        assert_eq!(ids.len(), 3 * 3 + 3 * 3 * 2, "9 jokes and 3 pairs × 3 keywords × 2 orders");
        assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len(), "no call twice");
        // Every judgement compared jokes that had been made, in both orders.
        let jokes: BTreeSet<String> = repo
            .run_items(&planned.id)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|i| match i.output {
                Some(CallOutput::Joke { text, .. }) => Some(text),
                _ => None,
            })
            .collect();
        for call in caller.calls.borrow().iter() {
            if let CallRequest::Judge(r) = call {
                assert!(jokes.contains(&r.candidate_a) && jokes.contains(&r.candidate_b), "{r:?}");
                assert_eq!(r.model.as_deref(), Some("mistral-large-latest"));
                assert_eq!(r.reference, None);
            }
        }
        let spec = run.evaluation.clone().unwrap();
        assert_eq!(spec.definition.cases[1].keyword, "micro");
        let rows = evaluation::rows(&spec.definition, &repo.run_items(&planned.id).await.unwrap());
        assert_eq!(rows.len(), 9);
        assert!(rows.iter().all(|r| r.outcome == Some(PairOutcome::Win)), "the judge prefers X in every pair");
        let report = report(&evaluation::judged(&rows), 100, 1);
        assert_eq!(report.ranking.iter().map(|r| r.model.as_str()).collect::<Vec<_>>(), MODELS);
        assert_eq!(report.pairs[0].win_rate, Some(1.0));
        assert_eq!(report.position.orders_disagree, 0);
        assert!(run.usage.prompt_tokens == 100 * 27, "{:?}", run.usage);
        // The page's table, as the background worker words it (dates need the browser).
        #[cfg(target_arch = "wasm32")]
        {
            let items = repo.run_items(&planned.id).await.unwrap();
            let labels = evaluation::PeopleLabels::default();
            let text =
                tallas_app::domain::evaluation_text::worded(&evaluation::view(&run, &spec, &items, None, &labels));
            let pairs = &text.sections[0].tables[0];
            assert_eq!(pairs.rows.len(), 3);
            let first = format!("{} / {}", MODELS[0], MODELS[1]);
            assert_eq!(pairs.rows[0][..8], [first.as_str(), "3", "0", "0", "0", "0", "0", "100 %"]);
            assert_eq!(text.chart.len(), 3);
            assert_eq!(text.keywords.rows.len(), 9);
            assert!(text.status.starts_with("Terminada"));
        }
    }

    pub async fn a_paused_evaluation_resumes_without_repeating_a_call<R: RunRepo + DatasetRepo>(repo: &R) {
        let planned = plan_evaluation(repo, &request("suegra\nmicro"), 10).await.unwrap();
        let control = Rc::new(Control::default());
        let caller = ScriptedCaller::default();
        let pause = control.clone();
        caller.after_call.replace(Some(Box::new(move |count| {
            if count == 8 {
                pause.stop(RunState::Paused);
            }
        })));
        let paused = drive_to_stop(repo, &caller, &planned.id, &control).await;
        assert_eq!(paused.state, RunState::Paused);
        let before = caller.ids();
        assert!(before.len() < 18, "paused part-way: {} calls", before.len());
        // A reload: a new engine, a new control, the same store.
        let again = ScriptedCaller::default();
        let finished = drive_to_stop(repo, &again, &planned.id, &Control::default()).await;
        assert_eq!(finished.state, RunState::Finished);
        let all: Vec<String> = before.iter().chain(again.ids().iter()).cloned().collect();
        assert_eq!(all.len(), 2 * 3 + 2 * 3 * 2);
        assert_eq!(all.iter().collect::<BTreeSet<_>>().len(), all.len(), "no call made twice across the reload");
    }

    pub async fn a_judge_without_a_verdict_counts_as_unparseable_and_is_not_retried<R: RunRepo + DatasetRepo>(
        repo: &R,
    ) {
        let planned = plan_evaluation(repo, &request("suegra\nmicro"), 10).await.unwrap();
        let caller = ScriptedCaller::default();
        caller.garbled.replace(Some("micro".into()));
        drive_to_stop(repo, &caller, &planned.id, &Control::default()).await;
        let items = repo.run_items(&planned.id).await.unwrap();
        assert!(items.iter().all(|i| matches!(i.status, ItemStatus::Done { .. })), "nothing failed");
        let run = repo.runs().await.unwrap().pop().unwrap();
        let rows = evaluation::rows(&run.evaluation.unwrap().definition, &items);
        let report = report(&evaluation::judged(&rows), 100, 1);
        let pair = &report.pairs[0];
        assert_eq!((pair.counts.wins, pair.counts.unparseable, pair.decided), (1, 1, 1));
        let garbled = rows.iter().find(|r| r.keyword == "micro").unwrap();
        assert_eq!(garbled.x_first.as_ref().unwrap().verdict, Verdict::Unparseable);
        assert_eq!(garbled.x_first.as_ref().unwrap().reason, "the judge's reply was still invalid");
        repo.retry_failed(&planned.id).await.unwrap();
        let again = ScriptedCaller::default();
        drive_to_stop(repo, &again, &planned.id, &Control::default()).await;
        assert!(again.ids().is_empty(), "an unparseable verdict is a result, not a failure to retry");
    }

    pub async fn a_joke_not_made_fails_its_judgements_until_a_retry<R: RunRepo + DatasetRepo>(repo: &R) {
        let planned = plan_evaluation(repo, &request("suegra"), 10).await.unwrap();
        let caller = ScriptedCaller::default();
        caller.failing_model.replace(Some(MODELS[2].into()));
        drive_to_stop(repo, &caller, &planned.id, &Control::default()).await;
        let items = repo.run_items(&planned.id).await.unwrap();
        let failed: BTreeMap<String, String> = items
            .iter()
            .filter_map(|i| match &i.status {
                ItemStatus::Failed { error, .. } => Some((i.item_id.clone(), error.clone())),
                _ => None,
            })
            .collect();
        // The joke, and both orders of its two pairs.
        assert_eq!(failed.len(), 1 + 2 * 2, "{failed:?}");
        assert!(failed["g-2-0"].contains("the provider is down"));
        assert!(failed["j-0-2-0-xy"].contains(MODELS[2]) && failed["j-0-2-0-xy"].contains("the provider is down"));
        let rows = evaluation::rows(&planned.evaluation.clone().unwrap().definition, &items);
        let report = report(&evaluation::judged(&rows), 100, 1);
        assert_eq!(report.pairs[1].counts.errors, 1, "a pair without its joke is an error, never a loss");

        repo.retry_failed(&planned.id).await.unwrap();
        let again = ScriptedCaller::default();
        let finished = drive_to_stop(repo, &again, &planned.id, &Control::default()).await;
        assert_eq!(finished.state, RunState::Finished);
        assert_eq!(again.ids().len(), 5, "only the failed calls are made again");
        let items = repo.run_items(&planned.id).await.unwrap();
        assert!(items.iter().all(|i| matches!(i.status, ItemStatus::Done { .. })));
    }

    pub async fn the_judge_is_compared_with_the_curators_labels_on_its_jokes<R: RunRepo + DatasetRepo + JokeRepo>(
        repo: &R,
    ) {
        let planned = plan_evaluation(repo, &request("suegra\nmicro\ncarrete"), 10).await.unwrap();
        let run = drive_to_stop(repo, &ScriptedCaller::default(), &planned.id, &Control::default()).await;
        let spec = run.evaluation.clone().unwrap();
        let items = repo.run_items(&planned.id).await.unwrap();
        let jokes = evaluation::workspace_jokes(&run, &spec, &items, 50);
        assert_eq!(jokes.len(), 9, "each model's joke on each keyword");
        assert!(jokes.iter().all(|j| j.keywords.len() == 1 && j.label.is_none()));
        assert_eq!(
            repo.import(ImportBatch { jokes: jokes.clone(), ..ImportBatch::default() }).await.unwrap().jokes_added,
            9
        );
        let again = repo.import(ImportBatch { jokes: jokes.clone(), ..ImportBatch::default() }).await.unwrap();
        assert_eq!((again.jokes_added, again.jokes_already_there), (0, 9), "brought twice, kept once");

        // The curator finds the first model's jokes funny and the others' not: the labels then
        // prefer the first model's joke over either other, and neither between the other two,
        // where the judge (preferring the second model) still picks one.
        let changes: Vec<LabelChange> = jokes
            .iter()
            .map(|j| {
                let first = matches!(&j.source, JokeSource::Generated { model, .. } if model == MODELS[0]);
                LabelChange { joke_id: j.id.clone(), label: Some(if first { Label::Funny } else { Label::NotFunny }) }
            })
            .collect();
        repo.set_labels(&changes, 60).await.unwrap();
        let labels = evaluation::PeopleLabels::of(&run.id, &repo.jokes().await.unwrap(), |_| None);
        let people = evaluation::view(&run, &spec, &items, None, &labels).people;
        assert_eq!(people.curator.pairs, 9);
        let kappa = people.curator.kappa.expect("nine pairs with both jokes labelled");
        // Agreement on the six pairs with the first model, none on the three without: 6/9
        // observed, and 6/9 by chance (the judge always picks X), so κ = 0.
        assert_eq!(kappa.items, 9);
        assert!(kappa.value.abs() < 1e-12, "{kappa:?}");
        assert_eq!((people.crowd.pairs, people.crowd.kappa), (0, None), "no ballot, no crowd label");
    }

    pub async fn a_definition_that_cannot_run_plans_nothing<R: RunRepo + DatasetRepo>(repo: &R) {
        let message =
            |r: EvaluationRequest| async move { plan_evaluation(repo, &r, 10).await.unwrap_err().to_string() };
        assert!(message(request("\n  \n")).await.starts_with("No hay palabras clave"));
        let one_model = EvaluationRequest { models: vec![MODELS[0].into()], ..request("suegra") };
        assert!(message(one_model).await.starts_with("Elige al menos dos modelos"));
        let gone = EvaluationRequest { keywords: KeywordSource::Dataset("ds-1".into()), ..request("") };
        assert!(message(gone).await.contains("ds-1"));
        assert_eq!(repo.runs().await.unwrap(), vec![]);
    }

    pub async fn what_the_page_is_told_after_each_call_stays_small<R: RunRepo + DatasetRepo>(repo: &R) {
        let keywords: Vec<String> = (0..300).map(|i| format!("palabra número {i}")).collect();
        let planned = plan_evaluation(repo, &request(&keywords.join("\n")), 10).await.unwrap();
        let progress =
            Progress { run: planned.clone(), counts: RunCounts::default(), in_flight: 0, per_minute: 0, notice: None };
        let full = serde_json::to_string(&progress).unwrap().len();
        let told = progress.for_page();
        let sent = serde_json::to_string(&told).unwrap().len();
        assert!(full > 9_000 && sent < 2_000, "{full} bytes with the definition, {sent} without");
        let spec = told.run.evaluation.unwrap();
        assert_eq!((spec.name.as_str(), spec.definition.models.len()), ("tres modelos", 3));
        // The store keeps the whole definition, for the report.
        let stored = repo.runs().await.unwrap().into_iter().find(|r| r.id == planned.id).unwrap();
        assert_eq!(stored.evaluation.unwrap().definition.cases.len(), 300);
    }
}

/// Every scenario above, as tests of the kind given (`support::scenario_tests!`).
macro_rules! all_scenarios {
    ($kind:ident: $make:expr) => {
        support::scenario_tests!(
            $kind,
            $make,
            [
                every_joke_is_made_once_and_every_pair_judged_in_both_orders,
                a_paused_evaluation_resumes_without_repeating_a_call,
                a_judge_without_a_verdict_counts_as_unparseable_and_is_not_retried,
                a_joke_not_made_fails_its_judgements_until_a_retry,
                the_judge_is_compared_with_the_curators_labels_on_its_jokes,
                a_definition_that_cannot_run_plans_nothing,
                what_the_page_is_told_after_each_call_stays_small
            ]
        );
    };
}

#[cfg(not(target_arch = "wasm32"))]
mod memory_native {
    use super::*;
    use tallas_app::store::MemoryStore;

    all_scenarios!(native: MemoryStore::new());
}

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(target_arch = "wasm32")]
mod indexed_db {
    use super::*;
    use tallas_app::store::IndexedDbStore;

    async fn fresh() -> IndexedDbStore {
        let name = format!("tallas-test-evaluation-{}", js_sys::Math::random());
        IndexedDbStore::open(&name).await.expect("IndexedDB opens in the test browser")
    }

    all_scenarios!(browser: fresh().await);
}
