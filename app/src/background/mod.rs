//! The background Web Worker: the work that must not run on the page's thread or weigh on the
//! page's WASM. One binary (`src/bin/background_worker.rs`, built by Trunk with a loader shim)
//! serves every [`Request`]; `page` is the page's side (starting workers, sending requests),
//! `worker` the worker's (serving them, one module per job). Neither side imports the other:
//! they share only this module's messages.
//!
//! The one-reply jobs start a worker per request (a [`page::Spare`]) and end it after the reply;
//! the pipeline keeps one for the tab (`page::pipeline`), answered by a stream of events.

pub mod messages;
pub mod page;
pub mod worker;

pub use messages::Request;

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
    pub fn of(message: &wasm_bindgen::JsValue) -> Self {
        match message.as_string().as_deref().and_then(|m| m.strip_prefix(READY)) {
            Some(build) if build == BUILD => Greeting::Ready,
            Some(_) => Greeting::OtherBuild,
            None => Greeting::None,
        }
    }

    /// The worker's first message.
    fn ready_message() -> String {
        format!("{READY}{BUILD}")
    }
}
