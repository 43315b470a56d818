//! The background Web Worker: the work that must not run on the page's thread or weigh on the
//! page's WASM. One binary (`src/bin/background_worker.rs`, built by Trunk with a loader shim)
//! with four uses, told apart by the message:
//! - importing files (`import_worker`): a request with `files`, one reply;
//! - backups (`backup_worker`): a request with `backup`, one reply;
//! - near-duplicate clusters (`dupes_worker`): a request with `duplicates`, one reply;
//! - a routine's typed details (`details_worker`): a request with `details`, one reply;
//! - pipeline runs (`pipeline::driver`): a [`Command`], answered by a stream of events.
//!
//! The one-reply uses start a worker per request ([`request`]) and end it after the reply; the
//! pipeline keeps one for the tab (`pipeline::client`).

use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::browser::js_error_message;
use crate::pipeline::driver;
use crate::pipeline::protocol::{Command, Event};
use crate::{backup_worker, details_worker, dupes_worker, import_worker};

/// Where Trunk puts the worker's loader script (not content-hashed, unlike the page's assets: see
/// [`Greeting`]).
pub const LOADER_URL: &str = "/background_worker_loader.js";
/// The start of the worker's first message (a WASM worker drops messages that arrive before its
/// module loaded), followed by its build's identity.
const READY: &str = "ready ";
/// This build's identity (`app/build.rs`).
const BUILD: &str = env!("TALLAS_BUILD");

/// What a message from a background worker says about its readiness.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Greeting {
    /// Its first message: it is ready, built with this page.
    Ready,
    /// Its first message, from another build (deployed since the page was opened).
    OtherBuild,
    /// Not a first message.
    None,
}

impl Greeting {
    pub fn of(message: &JsValue) -> Self {
        match message.as_string().as_deref().and_then(|m| m.strip_prefix(READY)) {
            Some(build) if build == BUILD => Greeting::Ready,
            Some(_) => Greeting::OtherBuild,
            None => Greeting::None,
        }
    }
}

/// Starts a background worker, telling it the UI's language (in its address: a worker has no
/// `localStorage`), so the messages it writes read like the rest of the page.
pub fn start_worker() -> Result<web_sys::Worker, JsValue> {
    web_sys::Worker::new(&format!("{LOADER_URL}?lang={}", crate::i18n::lang().code()))
}

/// Answers every message posted to the worker. Called by the worker binary's `main`.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let search = scope.location().search();
    if let Some(lang) = search.strip_prefix("?lang=").and_then(crate::i18n::Lang::from_code) {
        crate::i18n::set_lang(lang);
    }
    let events_to = scope.clone();
    let post_event: Rc<dyn Fn(Event)> = Rc::new(move |event: Event| post(&events_to, &event));
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let data = event.data();
        let is_read = js_sys::Reflect::has(&data, &JsValue::from_str("files")).unwrap_or(false);
        if is_read {
            let reply_to = reply_to.clone();
            wasm_bindgen_futures::spawn_local(async move { post(&reply_to, &import_worker::answer(&data).await) });
            return;
        }
        if js_sys::Reflect::has(&data, &JsValue::from_str(dupes_worker::REQUEST_KEY)).unwrap_or(false) {
            let reply_to = reply_to.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = reply_to.post_message(&dupes_worker::answer().await);
            });
            return;
        }
        if js_sys::Reflect::has(&data, &JsValue::from_str(details_worker::REQUEST_KEY)).unwrap_or(false) {
            let reply_to = reply_to.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let _ = reply_to.post_message(&details_worker::answer(&data).await);
            });
            return;
        }
        if js_sys::Reflect::has(&data, &JsValue::from_str("backup")).unwrap_or(false) {
            let reply_to = reply_to.clone();
            wasm_bindgen_futures::spawn_local(async move { post(&reply_to, &backup_worker::answer(&data).await) });
            return;
        }
        match serde_wasm_bindgen::from_value::<Command>(data) {
            Ok(command) => driver::handle(command, post_event.clone()),
            Err(error) => {
                post(&reply_to, &Event::Failed(crate::i18n::fill(crate::i18n::t().PIPELINE_BAD_COMMAND, &[&error])))
            }
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(&format!("{READY}{BUILD}")));
}

/// Posts `message` as a plain JS object.
fn post(scope: &web_sys::DedicatedWorkerGlobalScope, message: &impl Serialize) {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    let value = message.serialize(&serializer).unwrap_or_else(|e| JsValue::from_str(&e.to_string()));
    let _ = scope.post_message(&value);
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

/// The page side of a one-reply use: starts a worker, sends `request` once it is ready, waits for
/// its one reply and ends it.
pub async fn request(request: JsValue) -> Result<JsValue, WorkerError> {
    Spare::start().map_err(|e| WorkerError::Start(js_error_message(&e)))?.request(request).await
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

    /// Sends `request` once the worker is ready and waits for its one reply.
    pub async fn request(self, request: JsValue) -> Result<JsValue, WorkerError> {
        let ready = wasm_bindgen_futures::JsFuture::from(self.ready.clone()).await;
        if !ready.map_err(|e| WorkerError::Start(js_error_message(&e)))?.is_truthy() {
            return Err(WorkerError::OtherBuild);
        }
        self.worker.post_message(&request).map_err(|e| WorkerError::Crashed(js_error_message(&e)))?;
        let reply = wasm_bindgen_futures::JsFuture::from(self.reply.clone()).await;
        reply.map_err(|e| WorkerError::Crashed(js_error_message(&e)))
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
