//! What the curator chose once and expects to find again, kept in this browser's `localStorage`:
//! the model for each pipeline task and the calls a run makes at a time. (The curator token and
//! the UI language keep their own keys, in `api` and `i18n`.)

use tallas_core::tasks::Task;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn model_key(task: Task) -> String {
    format!("tallas.model.{}", task.name())
}

const CONCURRENCY_KEY: &str = "tallas.concurrency";

/// The model last used for `task`, if one was named.
pub fn model_for(task: Task) -> Option<String> {
    storage()?.get_item(&model_key(task)).ok()?.filter(|m| !m.is_empty())
}

/// The calls a run made at a time last.
pub fn concurrency() -> Option<String> {
    storage()?.get_item(CONCURRENCY_KEY).ok()?
}

/// Remembers a run's choices: its task's model (none: the worker's default) and its concurrency.
pub fn remember_run(task: Task, model: Option<&str>, concurrency: u8) {
    let Some(storage) = storage() else { return };
    let _ = match model {
        Some(model) => storage.set_item(&model_key(task), model),
        None => storage.remove_item(&model_key(task)),
    };
    let _ = storage.set_item(CONCURRENCY_KEY, &concurrency.to_string());
}
