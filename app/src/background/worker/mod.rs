//! The background worker's side: [`serve`] answers every [`Request`] posted to it, one module per
//! job. Called by the worker binary's `main`.

mod arena;
mod backup;
pub mod backup_file;
mod dataset;
mod details;
mod duplicates;
mod evaluation;
mod import;
mod pipeline;
mod qr;

use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::messages::{
    BackupJob, DatasetAsk, DetailsAsk, DrawQr, EvaluationAsk, FindDuplicates, ImportFiles, Job, RankArena,
};
use super::{Greeting, Request};
use crate::js::{from_js, to_js};
use crate::pipeline::protocol::Event;

/// Answers every message posted to the worker.
pub fn serve() {
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let search = scope.location().search();
    if let Some(lang) = search.strip_prefix("?lang=").and_then(crate::i18n::Lang::from_code) {
        crate::i18n::set_lang(lang);
    }
    let events_to = scope.clone();
    let post_event: Rc<dyn Fn(Event)> = Rc::new(move |event: Event| post(&events_to, &event));
    let reply_to = scope.clone();
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let request = match from_js::<Request>(event.data()) {
                Ok(request) => request,
                // A page of this build only sends requests; anything else is a bug to report, not to guess at.
                Err(error) => {
                    let message = crate::i18n::fill(crate::i18n::worker::t().PIPELINE_BAD_COMMAND, &[&error]);
                    return post(&reply_to, &Event::Failed(message));
                }
            };
            let reply_to = reply_to.clone();
            match request {
                Request::Pipeline(command) => pipeline::handle(command, post_event.clone()),
                Request::Import { files, lenient, now_ms } => wasm_bindgen_futures::spawn_local(async move {
                    reply::<ImportFiles>(&reply_to, import::answer(files, lenient, now_ms).await)
                }),
                Request::Arena(tallies) => reply::<RankArena>(&reply_to, arena::answer(&tallies)),
                Request::Qr(link) => reply::<DrawQr>(&reply_to, qr::answer(&link)),
                Request::Duplicates => wasm_bindgen_futures::spawn_local(async move {
                    reply::<FindDuplicates>(&reply_to, duplicates::answer().await)
                }),
                Request::Details(ask) => wasm_bindgen_futures::spawn_local(async move {
                    reply::<DetailsAsk>(&reply_to, details::answer(ask).await)
                }),
                Request::Backup { ask, text, now_ms } => wasm_bindgen_futures::spawn_local(async move {
                    reply::<BackupJob>(&reply_to, backup::answer(ask, text.unwrap_or_default(), now_ms).await)
                }),
                Request::Evaluation(ask) => wasm_bindgen_futures::spawn_local(async move {
                    reply::<EvaluationAsk>(&reply_to, evaluation::answer(ask).await)
                }),
                Request::Dataset(ask) => wasm_bindgen_futures::spawn_local(async move {
                    reply::<DatasetAsk>(&reply_to, dataset::answer(ask).await)
                }),
            }
        });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = scope.post_message(&JsValue::from_str(&Greeting::ready_message()));
}

/// Posts `message` as a plain JS object.
/// Answers a one-reply job with the reply type it declares.
fn reply<J: Job>(scope: &web_sys::DedicatedWorkerGlobalScope, answer: J::Reply) {
    post(scope, &answer);
}

fn post(scope: &web_sys::DedicatedWorkerGlobalScope, message: &impl Serialize) {
    let value = to_js(message).unwrap_or_else(|e| JsValue::from_str(&e));
    let _ = scope.post_message(&value);
}
