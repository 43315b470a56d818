//! Near-duplicate clusters off the page: the background worker reads the jokes and clusters them
//! (`workspace::duplicates`), which takes a second or more over tens of thousands of jokes, and
//! keeps the clustering code out of the page's WASM. The messages are plain JS values both ways,
//! so neither side needs a (de)serializer for them.

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;

use crate::background::{self, WorkerError};
use crate::store::{DB_NAME, IndexedDbStore, StoreError, WorkspaceRepo};
use crate::workspace::duplicates::duplicate_groups;

/// The key that tells the worker a request is for duplicates.
pub const REQUEST_KEY: &str = "duplicates";

/// The worker side: `{clusters: [[id, …], …]}`, or `{error: message}` when the jokes cannot be read.
pub async fn answer() -> JsValue {
    let reply = js_sys::Object::new();
    let (key, value): (&str, JsValue) = match read_groups().await {
        Ok(groups) => {
            let groups: Array =
                groups.iter().map(|group| group.iter().map(|id| JsValue::from_str(id)).collect::<Array>()).collect();
            ("clusters", groups.into())
        }
        Err(error) => ("error", JsValue::from_str(&error.to_string())),
    };
    let _ = Reflect::set(&reply, &JsValue::from_str(key), &value);
    reply.into()
}

async fn read_groups() -> Result<Vec<Vec<String>>, StoreError> {
    let jokes = IndexedDbStore::open(DB_NAME).await?.jokes().await?;
    Ok(duplicate_groups(&jokes))
}

/// Why the page got no clusters.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DuplicatesError {
    #[error(transparent)]
    Worker(#[from] WorkerError),
    #[error("{}", crate::i18n::fill(crate::i18n::t().DUPLICATES_FAILED, &[.0]))]
    Store(String),
}

/// The page side: asks a new worker for the clusters of the stored jokes.
pub async fn find() -> Result<Vec<Vec<String>>, DuplicatesError> {
    let request = js_sys::Object::new();
    let _ = Reflect::set(&request, &JsValue::from_str(REQUEST_KEY), &JsValue::TRUE);
    let reply = background::request(request.into()).await?;
    let field = |name: &str| Reflect::get(&reply, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED);
    if let Some(message) = field("error").as_string() {
        return Err(DuplicatesError::Store(message));
    }
    let groups = field("clusters").dyn_into::<Array>().unwrap_or_default();
    Ok(groups
        .iter()
        .map(|group| group.dyn_into::<Array>().unwrap_or_default().iter().filter_map(|id| id.as_string()).collect())
        .collect())
}
