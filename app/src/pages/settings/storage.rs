//! How much the browser lets Tallas keep, and whether it may evict it.

use leptos::prelude::*;

use crate::browser::load_local;
use crate::components::failed;
use crate::failure::Failure;
use crate::i18n;
use crate::js::field;
use crate::numbers::tenths;

/// The storage as the browser reports it.
#[derive(Debug, Clone, PartialEq)]
struct StorageState {
    persisted: bool,
    usage: Option<f64>,
    quota: Option<f64>,
}

async fn storage_state() -> Result<StorageState, Failure> {
    let storage =
        web_sys::window().ok_or_else(|| Failure::Browser(i18n::t().UNKNOWN_ERROR.to_owned()))?.navigator().storage();
    let persisted = wasm_bindgen_futures::JsFuture::from(storage.persisted().map_err(Failure::browser)?)
        .await
        .map_err(Failure::browser)?
        .as_bool()
        .unwrap_or(false);
    let estimate = wasm_bindgen_futures::JsFuture::from(storage.estimate().map_err(Failure::browser)?)
        .await
        .map_err(Failure::browser)?;
    let number = |name: &str| field(&estimate, &[name]).as_f64();
    Ok(StorageState { persisted, usage: number("usage"), quota: number("quota") })
}

async fn ask_to_persist() -> Result<bool, Failure> {
    let storage =
        web_sys::window().ok_or_else(|| Failure::Browser(i18n::t().UNKNOWN_ERROR.to_owned()))?.navigator().storage();
    let granted = wasm_bindgen_futures::JsFuture::from(storage.persist().map_err(Failure::browser)?)
        .await
        .map_err(Failure::browser)?;
    Ok(granted.as_bool().unwrap_or(false))
}

#[component]
pub fn StorageSection() -> impl IntoView {
    let persist = Action::new_local(|_: &()| ask_to_persist());
    let state = load_local(move || {
        persist.version().track();
        storage_state()
    });
    view! {
        <section aria-labelledby="storage-title">
            <h2 id="storage-title">{i18n::t().STORE_TITLE}</h2>
            {move || match state.get() {
                        None => view! { <p class="muted">{i18n::t().STORE_LOADING}</p> }.into_any(),
                        Some(Ok(state)) => view! {
                            <p data-testid="storage-usage">{usage_text(&state)}</p>
                            <p data-testid="storage-persisted">
                                {if state.persisted { i18n::t().STORE_PERSISTED } else { i18n::t().STORE_NOT_PERSISTED }}
                            </p>
                            <Show when=move || !state.persisted>
                                <button type="button" on:click=move |_| { persist.dispatch_local(()); }>
                                    {i18n::t().STORE_PERSIST}
                                </button>
                            </Show>
                        }
                        .into_any(),
                        Some(Err(error)) => failed(format!("{} ({error})", i18n::t().STORE_UNKNOWN), "storage-error"),
            }}
            {move || {
                persist.value().get().map(|outcome| match outcome {
                    Ok(true) => view! { <p role="status" class="hint">{i18n::t().STORE_GRANTED}</p> }.into_any(),
                    Ok(false) => {
                        view! { <p role="status" class="warning" data-testid="persist-refused">{i18n::t().STORE_REFUSED}</p> }
                            .into_any()
                    }
                    Err(error) => failed(error.to_string(), "persist-error"),
                })
            }}
        </section>
    }
}

fn usage_text(state: &StorageState) -> String {
    let mb = |bytes: f64| format!("{} MB", tenths(bytes / 1_048_576.0));
    match (state.usage, state.quota) {
        (Some(usage), Some(quota)) if quota > 0.0 => {
            i18n::fill(i18n::t().USAGE_OF, &[&mb(usage), &mb(quota), &tenths(usage / quota * 100.0)])
        }
        (Some(usage), _) => i18n::fill(i18n::t().USAGE, &[&mb(usage)]),
        _ => i18n::t().STORE_UNKNOWN.to_owned(),
    }
}
