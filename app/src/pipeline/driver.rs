//! The background worker's side of the pipeline: carries out the page's commands, drives each
//! run with the real store and the worker API, and posts progress back.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use tallas_core::api::TaskResponse;
use tallas_core::scores::mentalization::Graph;
use tallas_core::tasks::{KeywordList, Refinement, Repertoire, Rewritten, Task};

use super::engine::{self, Answer, CallRequest, CallResult, Caller, Clock, Control};
use super::planner;
use super::protocol::{Command, Event, Progress};
use crate::api::{self, ClientError};
use crate::store::{DB_NAME, IndexedDbStore, RunRepo, StoreError};
use crate::workspace::run::{JokeResult, RunCounts, RunState};

thread_local! {
    /// The runs this worker is driving, with the handle that pauses or cancels them.
    static ACTIVE: RefCell<HashMap<String, Rc<Control>>> = RefCell::new(HashMap::new());
}

/// Carries out `command`, posting what happens through `post`.
pub fn handle(command: Command, post: Rc<dyn Fn(Event)>) {
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
    let caller = ApiCaller { token };
    let report = |progress: Progress| post(Event::Progress(progress));
    let result = engine::drive(&store, &caller, &run_id, &control, &BrowserClock, &report).await;
    ACTIVE.with_borrow_mut(|active| active.remove(&run_id));
    result.map(drop).map_err(|e| e.to_string())
}

/// Stops a run: through its control when it is being driven (calls in flight finish), directly
/// in the store when not (a run left `Running` by a closed tab).
async fn stop(store: &IndexedDbStore, run_id: &str, state: RunState, post: &Rc<dyn Fn(Event)>) -> Result<(), String> {
    if let Some(control) = ACTIVE.with_borrow(|active| active.get(run_id).cloned()) {
        control.stop(state);
        return Ok(());
    }
    let run = store.set_run_state(run_id, state).await.map_err(|e| e.to_string())?;
    let counts = RunCounts::of(&store.run_items(run_id).await.map_err(|e: StoreError| e.to_string())?);
    post(Event::Progress(Progress { run, counts, in_flight: 0, per_minute: 0, notice: None }));
    Ok(())
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
        })
    }
}
