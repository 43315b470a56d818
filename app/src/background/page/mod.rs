//! The page's side of the background worker: starting one (ahead of its request, as a
//! [`Spare`]), running a [`Job`] and reading its one reply; and the pipeline's long-lived worker
//! (`pipeline`). A job whose reply the pages read as it comes runs with [`run`]; the modules here
//! serve the jobs whose reply the pages turn into something else first.

pub mod dataset;
pub mod details;
pub mod duplicates;
pub mod import;
pub mod pipeline;

use std::rc::Rc;

use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::messages::Job;
use super::{Greeting, LOADER_URL};
use crate::browser::js_error_message;
use crate::js::{from_js, to_js};

/// Starts a background worker, telling it the UI's language (in its address: a worker has no
/// `localStorage`), so the messages it writes read like the rest of the page.
pub fn start_worker() -> Result<web_sys::Worker, JsValue> {
    web_sys::Worker::new(&format!("{LOADER_URL}?lang={}", crate::i18n::lang().code()))
}

/// Why a one-reply request got no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkerError {
    #[error("{}", crate::i18n::fill(crate::i18n::t().WORKER_START, &[.0, &LOADER_URL]))]
    Start(String),
    #[error("{}", crate::i18n::fill(crate::i18n::t().WORKER_CRASHED, &[.0]))]
    Crashed(String),
    #[error("{}", crate::i18n::t().WORKER_OTHER_BUILD)]
    OtherBuild,
}

/// Runs a one-reply job: starts a worker, sends the job once it is ready, waits for its one reply
/// and ends it.
pub async fn run<J: Job>(job: J) -> Result<J::Reply, WorkerError> {
    Spare::start().map_err(|e| WorkerError::Start(js_error_message(&e)))?.run(job).await
}

/// A background worker for one request, started before the request is known: its WASM loads
/// (a few hundred milliseconds) while the curator is still choosing what to send. Ended when
/// dropped, answered or not.
pub struct Spare {
    worker: web_sys::Worker,
    /// Settles with the worker's first message (`true` if from this build), or with its failure to
    /// load.
    ready: js_sys::Promise,
    /// Settles with the next message, the reply, or with a crash after it was ready.
    reply: js_sys::Promise,
}

impl Spare {
    pub fn start() -> Result<Self, JsValue> {
        let worker = start_worker()?;
        let (ready, settle_ready) = settled_by_caller()?;
        let (reply, settle_reply) = settled_by_caller()?;
        let is_ready = Rc::new(std::cell::Cell::new(false));
        let on_message = {
            let is_ready = is_ready.clone();
            let (settle_ready, settle_reply) = (settle_ready.clone(), settle_reply.clone());
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
                let data = event.data();
                let greeting = if is_ready.get() { Greeting::None } else { Greeting::of(&data) };
                if greeting != Greeting::None {
                    is_ready.set(true);
                    let same_build = JsValue::from_bool(greeting == Greeting::Ready);
                    let _ = settle_ready.0.call1(&JsValue::NULL, &same_build);
                } else {
                    let _ = settle_reply.0.call1(&JsValue::NULL, &data);
                }
            })
        };
        // A worker that fails to load (missing script) or panics reports an `error` event: before
        // it was ready that is a failure to start, after it a crash.
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            event.prevent_default();
            let message = event.message();
            let reason =
                JsValue::from_str(if message.is_empty() { crate::i18n::t().WORKER_NOT_LOADED } else { &message });
            let failed = if is_ready.get() { &settle_reply.1 } else { &settle_ready.1 };
            let _ = failed.call1(&JsValue::NULL, &reason);
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The worker is terminated after its reply or when dropped; the handlers go with it.
        on_message.forget();
        on_error.forget();
        Ok(Self { worker, ready, reply })
    }

    /// Sends the job once the worker is ready and waits for its one reply.
    pub async fn run<J: Job>(self, job: J) -> Result<J::Reply, WorkerError> {
        self.request(&job.into_request()).await
    }

    async fn request<R: DeserializeOwned>(self, request: &super::Request) -> Result<R, WorkerError> {
        let request = to_js(request).map_err(WorkerError::Start)?;
        let ready = wasm_bindgen_futures::JsFuture::from(self.ready.clone()).await;
        if !ready.map_err(|e| WorkerError::Start(js_error_message(&e)))?.is_truthy() {
            return Err(WorkerError::OtherBuild);
        }
        self.worker.post_message(&request).map_err(|e| WorkerError::Crashed(js_error_message(&e)))?;
        let reply = wasm_bindgen_futures::JsFuture::from(self.reply.clone()).await;
        from_js(reply.map_err(|e| WorkerError::Crashed(js_error_message(&e)))?).map_err(WorkerError::Crashed)
    }
}

impl Drop for Spare {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// A promise and its `(resolve, reject)` functions, for a promise settled by event handlers. The
/// promise counts as handled from the start, so a worker that fails while nobody waits for it
/// (a spare never used) is not reported as an unhandled rejection.
fn settled_by_caller() -> Result<(js_sys::Promise, Rc<(js_sys::Function, js_sys::Function)>), JsValue> {
    let mut settle = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let ignore = Closure::<dyn FnMut(JsValue)>::new(|_| {});
    let _ = promise.catch(&ignore);
    ignore.forget();
    // `Promise::new` runs its executor before returning.
    let settle = settle.ok_or_else(|| JsValue::from_str("Promise"))?;
    Ok((promise, Rc::new(settle)))
}
