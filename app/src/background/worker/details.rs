//! A routine's details: the routines with their details as they stand, and typed ones turned
//! into their records (`domain::details`) written as an import.

use crate::background::messages::{Choice, DetailsAsk, DetailsReply};
use crate::domain::details::{self, TypedDetails};
use crate::domain::names::routine_names;
use crate::domain::{CatalogEntry, RoutineHead};
use crate::store::{DB_NAME, IndexedDbStore, JokeRepo, StoreError};

/// A list answers the routines; a save answers none, or what to fix instead (and writes nothing).
pub(super) async fn answer(ask: DetailsAsk) -> DetailsReply {
    match ask {
        DetailsAsk::List => list().await,
        DetailsAsk::Save { routine_id, details } => save(&routine_id, &details).await.map(|()| Vec::new()),
    }
}

/// The store, its routines and its catalog.
async fn read() -> Result<(IndexedDbStore, Vec<RoutineHead>, Vec<CatalogEntry>), String> {
    let read = async {
        let store = IndexedDbStore::open(DB_NAME).await?;
        let (heads, catalog) = (store.routine_heads().await?, store.catalog().await?);
        Ok::<_, StoreError>((store, heads, catalog))
    };
    read.await.map_err(|e| e.to_string())
}

async fn list() -> Result<Vec<Choice>, String> {
    let (_, mut heads, catalog) = read().await?;
    // As the corpus numbers them ("9" before "10").
    heads.sort_by(|a, b| (a.id.len(), &a.id).cmp(&(b.id.len(), &b.id)));
    let names = routine_names(&heads, &catalog);
    let choices = heads.iter().map(|head| Choice {
        id: head.id.clone(),
        name: names.get(&head.id).cloned().unwrap_or_default(),
        described: head.meta.is_some(),
        details: details::current(head, &catalog),
    });
    Ok(choices.collect())
}

async fn save(routine_id: &str, typed: &TypedDetails) -> Result<(), String> {
    let (store, heads, catalog) = read().await?;
    let head = heads
        .iter()
        .find(|h| h.id == routine_id)
        .ok_or_else(|| crate::i18n::fill(crate::i18n::worker::t().DETAILS_NO_ROUTINE, &[&routine_id]))?;
    let batch = details::batch(head, &heads, &catalog, typed).map_err(|e| e.to_string())?;
    store.import(batch).await.map(drop).map_err(|e| e.to_string())
}
