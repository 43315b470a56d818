//! What the curator chose once and expects to find again, kept in this browser's `localStorage`:
//! the model for each pipeline task and the calls a run makes at a time. (The curator token and
//! the UI language keep their own keys, in `api` and `i18n`.)

use tallas_core::tasks::Task;

use crate::local_storage;

fn model_key(task: Task) -> String {
    format!("tallas.model.{}", task.name())
}

const CONCURRENCY_KEY: &str = "tallas.concurrency";

/// The model last used for `task`, if one was named.
pub fn model_for(task: Task) -> Option<String> {
    local_storage::read(&model_key(task)).filter(|m| !m.is_empty())
}

/// The calls a run made at a time last.
pub fn concurrency() -> Option<String> {
    local_storage::read(CONCURRENCY_KEY)
}

/// Remembers a run's choices: its task's model (none: the worker's default) and its concurrency.
pub fn remember_run(task: Task, model: Option<&str>, concurrency: u8) {
    match model {
        Some(model) => local_storage::write(&model_key(task), model),
        None => local_storage::forget(&model_key(task)),
    };
    local_storage::write(CONCURRENCY_KEY, &concurrency.to_string());
}
