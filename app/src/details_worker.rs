//! Routine details off the page: the background worker lists the routines with their details as
//! they stand, and turns typed ones into their records (`workspace::details`) written as an import.
//! The page's WASM then carries neither the store's routine and catalog reads nor the import; the
//! messages are plain JS values both ways.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::background;
use crate::store::{DB_NAME, IndexedDbStore, StoreError, WorkspaceRepo};
use crate::workspace::details::{self, TypedDetails};
use crate::workspace::names::routine_names;
use crate::workspace::{CatalogEntry, RoutineHead};

/// The key that tells the worker a request is for routine details: the id of the routine whose
/// details to save, or `""` for the routines and their details as they stand.
pub const REQUEST_KEY: &str = "details";
const FIELDS: [&str; 4] = ["comedians", "show", "year", "video"];

/// A routine as the form offers it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Choice {
    pub id: String,
    pub name: String,
    /// Whether a table or the curator gave it details.
    pub described: bool,
    pub details: TypedDetails,
}

/// The worker side. A list answers `{routines: [[id, name, described ("1" or ""), comedians, show,
/// year, video], …]}`, a save `{}`; either answers `{error: message}` saying what to fix instead,
/// and a save then writes nothing.
pub async fn answer(request: &JsValue) -> JsValue {
    let field = |name: &str| Reflect::get(request, &JsValue::from_str(name)).ok().and_then(|v| v.as_string());
    let [comedians, show, year, video] = FIELDS.map(|name| field(name).unwrap_or_default());
    let typed = TypedDetails { comedians, show, year, video };
    let reply = Object::new();
    let routine_id = field(REQUEST_KEY).unwrap_or_default();
    let answered = if routine_id.is_empty() {
        list_here().await.map(|rows| drop(Reflect::set(&reply, &JsValue::from_str("routines"), &rows)))
    } else {
        save_here(&routine_id, &typed).await
    };
    if let Err(error) = answered {
        let _ = Reflect::set(&reply, &JsValue::from_str("error"), &JsValue::from_str(&error));
    }
    reply.into()
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

async fn list_here() -> Result<JsValue, String> {
    let (_, mut heads, catalog) = read().await?;
    // As the corpus numbers them ("9" before "10").
    heads.sort_by(|a, b| (a.id.len(), &a.id).cmp(&(b.id.len(), &b.id)));
    let names = routine_names(&heads, &catalog);
    let rows = heads.iter().map(|head| {
        let typed = details::current(head, &catalog);
        let described = if head.meta.is_some() { "1" } else { "" };
        let name = names.get(&head.id).map_or("", String::as_str);
        [head.id.as_str(), name, described, &typed.comedians, &typed.show, &typed.year, &typed.video]
            .into_iter()
            .map(JsValue::from_str)
            .collect::<Array>()
    });
    Ok(rows.collect::<Array>().into())
}

async fn save_here(routine_id: &str, typed: &TypedDetails) -> Result<(), String> {
    let (store, heads, catalog) = read().await?;
    let head = heads
        .iter()
        .find(|h| h.id == routine_id)
        .ok_or_else(|| crate::i18n::fill(crate::i18n::t().DETAILS_NO_ROUTINE, &[&routine_id]))?;
    let batch = details::batch(head, &heads, &catalog, typed).map_err(|e| e.to_string())?;
    store.import(batch).await.map(drop).map_err(|e| e.to_string())
}

/// The page side: the routines and their details as they stand, read by a new worker.
pub async fn list() -> Result<Vec<Choice>, String> {
    let request = Object::new();
    let _ = Reflect::set(&request, &JsValue::from_str(REQUEST_KEY), &JsValue::from_str(""));
    let reply = background::request(request.into()).await.map_err(|e| e.to_string())?;
    let field = |name: &str| Reflect::get(&reply, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if let Some(error) = field("error").as_string() {
        return Err(error);
    }
    let rows = field("routines").dyn_into::<Array>().unwrap_or_default();
    Ok(rows
        .iter()
        .map(|row| {
            let row = row.dyn_into::<Array>().unwrap_or_default();
            let [id, name, described, comedians, show, year, video] =
                std::array::from_fn(|i| row.get(i as u32).as_string().unwrap_or_default());
            Choice {
                id,
                name,
                described: !described.is_empty(),
                details: TypedDetails { comedians, show, year, video },
            }
        })
        .collect())
}

/// The page side: has a new worker save the details of the routine `routine_id`.
pub async fn save(routine_id: &str, typed: &TypedDetails) -> Result<(), String> {
    let request = Object::new();
    let set = |name: &str, value: &str| Reflect::set(&request, &JsValue::from_str(name), &JsValue::from_str(value));
    let _ = set(REQUEST_KEY, routine_id);
    for (name, value) in FIELDS.into_iter().zip([&typed.comedians, &typed.show, &typed.year, &typed.video]) {
        let _ = set(name, value);
    }
    let reply = background::request(request.into()).await.map_err(|e| e.to_string())?;
    match Reflect::get(&reply, &JsValue::from_str("error")).ok().and_then(|v| v.as_string()) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}
