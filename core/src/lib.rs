//! The Tallas domain, "sans I/O": callers (the browser app, the worker, test tools) do all
//! input and output; this crate only computes. It must never depend on web-sys, gloo, the
//! `worker` crate or any IndexedDB type, so that every rule here is testable natively and
//! runs unchanged in WASM.

// The unit tests run natively and, under wasm-bindgen-test, in headless Chromium (scripts/test.sh).
#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

pub mod api;
pub mod ballot;
pub mod dataset;
pub mod dedupe;
pub mod evaluation;
pub mod fine_tuning;
pub mod limits;
pub mod mistral;
pub mod play;
pub mod pricing;
pub mod prompts;
pub mod providers;
pub mod retry;
pub mod scores;
pub mod streaming;
pub mod tasks;
pub mod transcript;
pub mod upstream;
