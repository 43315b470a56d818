//! The background Web Worker: the work that must not run on the page's thread or weigh on the
//! page's WASM. One binary (`src/bin/background_worker.rs`, built by Trunk with a loader shim)
//! with two uses, told apart by the message:
//! - reading imported files (`parse_worker`): a request with `names` and `contents`, one reply;
//! - pipeline runs (`pipeline::driver`): a [`Command`], answered by a stream of events.

use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::parse_worker;
use crate::pipeline::driver;
use crate::pipeline::protocol::{Command, Event};

/// Where Trunk puts the worker's loader script (not hashed, unlike the page's assets).
pub const LOADER_URL: &str = "/background_worker_loader.js";
/// The worker's first message: a WASM worker drops messages that arrive before its module loaded.
pub const READY: &str = "ready";

/// Answers every message posted to the worker. Called by the worker binary's `main`.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let events_to = scope.clone();
    let post_event: Rc<dyn Fn(Event)> = Rc::new(move |event: Event| post(&events_to, &event));
    let reply_to = scope.clone();
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let data = event.data();
        let is_read = js_sys::Reflect::has(&data, &JsValue::from_str("names")).unwrap_or(false);
        if is_read {
            post(&reply_to, &parse_worker::answer(&data));
            return;
        }
        match serde_wasm_bindgen::from_value::<Command>(data) {
            Ok(command) => driver::handle(command, post_event.clone()),
            Err(error) => post(&reply_to, &Event::Failed(format!("el pipeline no entendió el pedido ({error})"))),
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
