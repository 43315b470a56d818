//! Pipeline runs: extraction, the joke tasks and evaluations, run by the background worker.
//!
//! The page sends [`protocol::Command`]s and gets [`protocol::Event`]s
//! (`background::page::pipeline`); the worker plans runs (`planner`) and drives them (`engine`,
//! over the store and the worker API, `background::worker::pipeline`). Every finished item is
//! stored with its effects in one transaction, which is what lets a run resume after a reload
//! without repeating a finished call.

pub mod call;
pub mod engine;
pub mod evaluation;
pub mod planner;
pub mod protocol;
