//! How a page shows what it read (`browser::load_local`) and what failed: one look and one
//! accessible role for every loading line and every error in the app.

use std::fmt::Display;

use leptos::prelude::*;

/// An error where it happened, announced at once to screen readers. `test_id` names the place
/// for the end-to-end tests.
pub fn failed(message: impl IntoView + 'static, test_id: &'static str) -> AnyView {
    view! { <p class="error" role="alert" data-testid=test_id>{message}</p> }.into_any()
}

/// A read's state as a view: `loading` until its first value, its error through [`failed`]
/// (under `error_id`), or `ready` with the value.
pub fn loaded<T, E: Display, V: IntoView + 'static>(
    state: Option<Result<T, E>>,
    loading: &'static str,
    error_id: &'static str,
    ready: impl FnOnce(T) -> V,
) -> AnyView {
    match state {
        None => view! { <p class="muted">{loading}</p> }.into_any(),
        Some(Ok(value)) => ready(value).into_any(),
        Some(Err(error)) => failed(error.to_string(), error_id),
    }
}
