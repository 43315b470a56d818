//! The background worker's side of the pipeline: carries out the page's commands, drives each
//! run with the real store and the worker API, and posts progress back.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use tallas_core::api::{GenerateResponse, TaskResponse};
use tallas_core::scores::mentalization::Graph;
use tallas_core::tasks::{JudgeReply, KeywordList, Refinement, Repertoire, Rewritten, Task};

use crate::api::{self, ClientError};
use crate::browser::js_error_message;
use crate::domain::run::{JokeResult, RunCounts, RunState};
use crate::js::{field, from_js, to_js};
use crate::pipeline::engine::{self, Answer, CallRequest, CallResult, Caller, Clock, Control};
use crate::pipeline::planner;
use crate::pipeline::protocol::{Command, Event, Progress};
use crate::store::{DB_NAME, IndexedDbStore, RunRepo, StoreError};

thread_local! {
    /// The runs this worker is driving, with the handle that pauses or cancels them.
    static ACTIVE: RefCell<HashMap<String, Rc<Control>>> = RefCell::new(HashMap::new());
    /// Where the tabs' pipeline workers tell each other of a pause or cancel (see [`stop`]).
    static STOPS: Option<web_sys::BroadcastChannel> = listen_for_stops();
}

/// The channel every tab's pipeline worker shares.
const STOPS_CHANNEL: &str = "tallas-run-stops";

/// Carries out `command`, posting what happens through `post`.
pub fn handle(command: Command, post: Rc<dyn Fn(Event)>) {
    // Listening from the first command on, so a stop pressed in another tab reaches this one.
    STOPS.with(|_| ());
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(message) = carry_out(command, post.clone()).await {
            post(Event::Failed(message));
        }
    });
}

async fn carry_out(command: Command, post: Rc<dyn Fn(Event)>) -> Result<(), String> {
    let store = IndexedDbStore::open(DB_NAME).await.map_err(|e| e.to_string())?;
    match command {
        Command::Plan { plan, token, now_ms } => {
            let run = planner::plan(&store, &plan, now_ms).await.map_err(|e| e.to_string())?;
            drive(store, run.id, token, post).await
        }
        Command::PlanEvaluation { plan, token, now_ms } => {
            let run = planner::plan_evaluation(&store, &plan, now_ms).await.map_err(|e| e.to_string())?;
            drive(store, run.id, token, post).await
        }
        Command::Resume { run_id, token } => drive(store, run_id, token, post).await,
        Command::RetryFailed { run_id, token } => {
            store.retry_failed(&run_id).await.map_err(|e| e.to_string())?;
            drive(store, run_id, token, post).await
        }
        Command::Pause { run_id } => stop(&store, &run_id, RunState::Paused, &post).await,
        Command::Cancel { run_id } => stop(&store, &run_id, RunState::Cancelled, &post).await,
    }
}

/// Drives a run here, unless this worker already does (then a stop asked before is withdrawn).
async fn drive(
    store: IndexedDbStore,
    run_id: String,
    token: Option<String>,
    post: Rc<dyn Fn(Event)>,
) -> Result<(), String> {
    let existing = ACTIVE.with_borrow(|active| active.get(&run_id).cloned());
    if let Some(control) = existing {
        control.carry_on();
        return Ok(());
    }
    let control = Rc::new(Control::default());
    ACTIVE.with_borrow_mut(|active| active.insert(run_id.clone(), control.clone()));
    let lock = format!("tallas-run-{run_id}");
    let work = {
        let (run_id, control) = (run_id.clone(), control.clone());
        async move {
            let caller = ApiCaller { token };
            let report = |progress: Progress| post(Event::Progress(progress.for_page()));
            engine::drive(&store, &caller, &run_id, &control, &BrowserClock, &report)
                .await
                .map(drop)
                .map_err(|e| e.to_string())
        }
    };
    let result = holding_lock(&lock, Box::pin(work)).await;
    ACTIVE.with_borrow_mut(|active| active.remove(&run_id));
    result
}

/// Runs `work` while holding the Web Lock `name`, which every tab of the origin shares: a run is
/// driven by one tab at a time, so two tabs resuming it never send an item twice. A second tab
/// waits for the lock and then finds only what the first left pending. Without Web Locks (an old
/// browser) the work just runs.
async fn holding_lock(name: &str, work: Pin<Box<dyn Future<Output = Result<(), String>>>>) -> Result<(), String> {
    let locks = Some(field(&js_sys::global(), &["navigator", "locks"])).filter(JsValue::is_object);
    let request = locks.as_ref().and_then(|l| field(l, &["request"]).dyn_into::<js_sys::Function>().ok());
    let (Some(locks), Some(request)) = (locks, request) else { return work.await };
    let work = Rc::new(RefCell::new(Some(work)));
    // Called once the lock is granted; the lock is held until the promise it returns settles.
    let granted = Closure::once(move |_lock: JsValue| -> js_sys::Promise {
        let work = work.borrow_mut().take();
        wasm_bindgen_futures::future_to_promise(async move {
            if let Some(work) = work {
                work.await.map_err(|message| JsValue::from_str(&message))?;
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let promise = request
        .call2(&locks, &JsValue::from_str(name), granted.as_ref())
        .and_then(|p| p.dyn_into::<js_sys::Promise>())
        .map_err(|e| js_error_message(&e))?;
    wasm_bindgen_futures::JsFuture::from(promise).await.map(drop).map_err(|e| js_error_message(&e))
}

/// Stops a run: through its control when it is being driven (calls in flight finish), directly
/// in the store when not (a run left `Running` by a closed tab). Other tabs are told too, since
/// the one driving the run may be another (this one then only waits for its lock, or nothing).
async fn stop(store: &IndexedDbStore, run_id: &str, state: RunState, post: &Rc<dyn Fn(Event)>) -> Result<(), String> {
    STOPS.with(|channel| {
        if let Some(channel) = channel {
            let _ = channel.post_message(&stop_message(run_id, state));
        }
    });
    if let Some(control) = ACTIVE.with_borrow(|active| active.get(run_id).cloned()) {
        control.stop(state);
        return Ok(());
    }
    let run = store.set_run_state(run_id, state).await.map_err(|e| e.to_string())?;
    let counts = RunCounts::of(&store.run_items(run_id).await.map_err(|e: StoreError| e.to_string())?);
    post(Event::Progress(Progress { run, counts, in_flight: 0, per_minute: 0, notice: None }.for_page()));
    Ok(())
}

/// The run another tab paused (`cancel: false`) or cancelled.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stop {
    run_id: String,
    cancel: bool,
}

fn stop_message(run_id: &str, state: RunState) -> JsValue {
    to_js(&Stop { run_id: run_id.to_owned(), cancel: state == RunState::Cancelled }).unwrap_or(JsValue::NULL)
}

/// Opens the stops channel and stops the runs this worker drives when another tab asks to.
fn listen_for_stops() -> Option<web_sys::BroadcastChannel> {
    let channel = web_sys::BroadcastChannel::new(STOPS_CHANNEL).ok()?;
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
        let Ok(Stop { run_id, cancel }) = from_js(event.data()) else { return };
        let state = if cancel { RunState::Cancelled } else { RunState::Paused };
        if let Some(control) = ACTIVE.with_borrow(|active| active.get(&run_id).cloned()) {
            control.stop(state);
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The channel and its handler live as long as the worker.
    on_message.forget();
    Some(channel)
}

struct BrowserClock;

impl Clock for BrowserClock {
    fn now_ms(&self) -> u64 {
        crate::clock::now_ms()
    }
}

/// Calls the worker's task endpoints with the curator token the page handed over.
struct ApiCaller {
    token: Option<String>,
}

impl ApiCaller {
    async fn post<T: serde::de::DeserializeOwned>(
        &self,
        task: Task,
        body: &impl serde::Serialize,
    ) -> Result<TaskResponse<T>, ClientError> {
        api::post_curator(&format!("/api/{}", task.name()), body, self.token.as_deref()).await
    }
}

impl Caller for ApiCaller {
    async fn call(&self, request: CallRequest) -> Result<Answer, ClientError> {
        fn answer<T>(response: TaskResponse<T>, wrap: impl FnOnce(T) -> CallResult) -> Answer {
            let TaskResponse { result, model, prompt_version, usage, .. } = response;
            Answer { result: wrap(result), model, prompt_version, usage }
        }
        Ok(match request {
            CallRequest::Extract(body) => {
                answer(self.post::<Repertoire>(Task::Extract, &body).await?, CallResult::Repertoire)
            }
            CallRequest::Joke(task, body) => match task {
                Task::Refine => {
                    answer(self.post::<Refinement>(task, &body).await?, |r| CallResult::Joke(JokeResult::Refine(r)))
                }
                Task::Keywords => {
                    answer(self.post::<KeywordList>(task, &body).await?, |r| CallResult::Joke(JokeResult::Keywords(r)))
                }
                Task::Graph => {
                    answer(self.post::<Graph>(task, &body).await?, |r| CallResult::Joke(JokeResult::Graph(r)))
                }
                Task::Rewrite => {
                    answer(self.post::<Rewritten>(task, &body).await?, |r| CallResult::Joke(JokeResult::Rewrite(r)))
                }
                other => return Err(ClientError::Request(format!("the pipeline does not run {}", other.name()))),
            },
            CallRequest::Generate(body) => {
                let response: GenerateResponse =
                    api::post_curator("/api/generate", &body, self.token.as_deref()).await?;
                let GenerateResponse { joke, model, prompt_version, usage } = response;
                Answer { result: CallResult::Generated(joke), model, prompt_version, usage }
            }
            CallRequest::Judge(body) => answer(self.post::<JudgeReply>(Task::Judge, &body).await?, CallResult::Verdict),
        })
    }
}
