//! The page's side of the pipeline: one background worker for the whole app (started on first
//! use, kept across pages so a run goes on while the curator labels), commands out, progress in.
//!
//! When the app starts it resumes the runs left `Running` by a closed or reloaded tab.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::start_worker;
use crate::api::curator_token;
use crate::background::{Greeting, Request};
use crate::browser::js_error_message;
use crate::domain::run::RunState;
use crate::js::{from_js, to_js};
use crate::pipeline::protocol::{Command, Event, Progress};
use crate::store::{RunRepo, use_store};

/// The pipeline, shared through context.
#[derive(Clone, Copy)]
pub struct Pipeline {
    worker: StoredValue<Option<Connection>, LocalStorage>,
    /// The latest progress of every run this tab has heard about, by run id.
    pub progress: RwSignal<BTreeMap<String, Progress>>,
    /// The last command that failed, with why.
    pub failure: RwSignal<Option<String>>,
}

/// The worker and what waits for it to be ready.
struct Connection {
    worker: web_sys::Worker,
    ready: bool,
    queued: Vec<JsValue>,
}

impl Pipeline {
    /// Sends a command with the curator token where it needs one.
    pub fn send(self, command: Command) {
        self.failure.set(None);
        let message = match to_js(&Request::Pipeline(command)) {
            Ok(message) => message,
            Err(error) => return self.failure.set(Some(error)),
        };
        if self.worker.with_value(Option::is_none) {
            match self.start() {
                Ok(connection) => self.worker.set_value(Some(connection)),
                Err(error) => return self.failure.set(Some(error)),
            }
        }
        self.worker.update_value(|connection| {
            if let Some(connection) = connection {
                if connection.ready {
                    let _ = connection.worker.post_message(&message);
                } else {
                    connection.queued.push(message);
                }
            }
        });
    }

    fn start(self) -> Result<Connection, String> {
        let worker =
            start_worker().map_err(|e| crate::i18n::fill(crate::i18n::t().PIPELINE_START, &[&js_error_message(&e)]))?;
        let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            let greeting = Greeting::of(&data);
            if greeting == Greeting::OtherBuild {
                self.failure.set(Some(crate::i18n::t().WORKER_OTHER_BUILD.to_owned()));
                // Its messages may not be this page's: the next command tries a new one (after a
                // reload, the same build).
                if let Some(connection) = self.worker.try_update_value(Option::take).flatten() {
                    connection.worker.terminate();
                }
                return;
            }
            if greeting == Greeting::Ready {
                self.worker.update_value(|connection| {
                    if let Some(connection) = connection {
                        connection.ready = true;
                        for message in connection.queued.drain(..) {
                            let _ = connection.worker.post_message(&message);
                        }
                    }
                });
                return;
            }
            match from_js::<Event>(data) {
                Ok(Event::Progress(progress)) => {
                    self.progress.update(|all| {
                        all.insert(progress.run.id.clone(), progress);
                    });
                }
                Ok(Event::Failed(message)) => self.failure.set(Some(message)),
                Err(error) => self.failure.set(Some(error)),
            }
        });
        let on_error = Closure::<dyn Fn(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            event.prevent_default();
            self.failure.set(Some(crate::i18n::fill(crate::i18n::t().PIPELINE_STOPPED, &[&event.message()])));
            // A crashed worker is gone: the next command starts a new one.
            self.worker.set_value(None);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The handlers live as long as the app (one worker per tab).
        on_message.forget();
        on_error.forget();
        Ok(Connection { worker, ready: false, queued: Vec::new() })
    }
}

/// Makes the pipeline available below and resumes interrupted runs.
pub fn provide_pipeline() {
    let pipeline = Pipeline {
        worker: StoredValue::new_local(None),
        progress: RwSignal::new(BTreeMap::new()),
        failure: RwSignal::new(None),
    };
    provide_context(pipeline);
    let store = use_store();
    spawn_local(async move {
        let Ok(store) = store.open().await else { return };
        let Ok(runs) = store.runs().await else { return };
        for run in runs.into_iter().filter(|r| r.state == RunState::Running) {
            pipeline.send(Command::Resume { run_id: run.id, token: curator_token() });
        }
    });
}

/// The pipeline provided by [`provide_pipeline`] (called once in `App`).
pub fn use_pipeline() -> Pipeline {
    expect_context::<Pipeline>()
}
