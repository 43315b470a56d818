//! A routine's typed details, listed and saved by a background worker: the page's WASM then
//! carries neither the store's routine and catalog reads nor the import that saves them.

use super::run;
use crate::background::messages::{Choice, DetailsAsk};
use crate::domain::details::TypedDetails;
use crate::failure::Failure;

/// The routines and their details as they stand, read by a new worker.
pub async fn list() -> Result<Vec<Choice>, Failure> {
    run(DetailsAsk::List).await?.map_err(Failure::Refused)
}

/// Has a new worker save the details of the routine `routine_id`; the error says what to fix.
pub async fn save(routine_id: &str, details: &TypedDetails) -> Result<(), Failure> {
    let ask = DetailsAsk::Save { routine_id: routine_id.to_owned(), details: details.clone() };
    run(ask).await?.map(drop).map_err(Failure::Refused)
}
