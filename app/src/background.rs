//! The background Web Worker: the work that must not run on the page's thread or weigh on the
//! page's WASM. One binary (`src/bin/background_worker.rs`, built by Trunk with a loader shim)
//! with four uses, told apart by the message:
//! - importing files (`import_worker`): a request with `files`, one reply;
//! - backups (`backup_worker`): a request with `backup`, one reply;
//! - near-duplicate clusters (`dupes_worker`): a request with `duplicates`, one reply;
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
use crate::{backup_worker, dupes_worker, import_worker};

/// Where Trunk puts the worker's loader script (not hashed, unlike the page's assets).
pub const LOADER_URL: &str = "/background_worker_loader.js";
/// The worker's first message: a WASM worker drops messages that arrive before its module loaded.
pub const READY: &str = "ready";

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
    let _ = scope.post_message(&JsValue::from_str(READY));
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
}

/// The page side of a one-reply use: starts a worker, sends `request` once it is ready, waits for
/// its one reply and ends it.
pub async fn request(request: JsValue) -> Result<JsValue, WorkerError> {
    let worker = start_worker().map_err(|e| WorkerError::Start(js_error_message(&e)))?;
    let reply = wasm_bindgen_futures::JsFuture::from(exchange(&worker, request)).await;
    worker.terminate();
    reply.map_err(|e| WorkerError::Crashed(js_error_message(&e)))
}

/// A promise of the worker's reply: sends `request` once the worker is ready, resolves with the
/// next message, rejects if the worker fails to load or crashes.
fn exchange(worker: &web_sys::Worker, request: JsValue) -> js_sys::Promise {
    let worker = worker.clone();
    js_sys::Promise::new(&mut move |resolve, reject| {
        let sender = worker.clone();
        let request = request.clone();
        let reject_on_error = reject.clone();
        let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let data = event.data();
            if data.as_string().as_deref() == Some(READY) {
                if let Err(error) = sender.post_message(&request) {
                    let _ = reject.call1(&JsValue::NULL, &error);
                }
            } else {
                let _ = resolve.call1(&JsValue::NULL, &data);
            }
        });
        // A worker that fails to load (missing script) or panics reports an `error` event.
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |event: web_sys::ErrorEvent| {
            event.prevent_default();
            let message = event.message();
            let reason = if message.is_empty() { "no se pudo cargar".to_owned() } else { message };
            let _ = reject_on_error.call1(&JsValue::NULL, &JsValue::from_str(&reason));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        // The worker is terminated after the reply; the handlers go with it.
        on_message.forget();
        on_error.forget();
    })
}
