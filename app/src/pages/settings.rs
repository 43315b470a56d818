//! Settings: the curator token, the browser's storage (persistence and usage), and the workspace
//! as one file (export, and restore that replaces everything after a confirmation).

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use crate::backup_worker::{self, Ask, BackupReply};
use crate::browser::{self, js_error_message, load_local};
use crate::clock;
use crate::components::CuratorTokenForm;
use crate::i18n;
use crate::numbers::tenths;

#[component]
pub fn SettingsPage() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{i18n::t().SETTINGS.label}</h1>
            <p class="lede">{i18n::t().SETTINGS.summary}</p>
            <section aria-labelledby="token-title">
                <h2 id="token-title">{i18n::t().CURATOR_TOKEN_LABEL}</h2>
                <CuratorTokenForm />
            </section>
            <section aria-labelledby="language-title">
                <h2 id="language-title">
                    <label for="language">{i18n::t().LANGUAGE}</label>
                </h2>
                <select
                    id="language"
                    data-testid="language"
                    aria-describedby="language-hint"
                    on:change=move |e| {
                        if let Some(lang) = i18n::Lang::from_code(&event_target_value(&e)) {
                            i18n::switch_to(lang);
                        }
                    }
                >
                    {i18n::Lang::ALL
                        .map(|lang| view! { <option value=lang.code() selected=lang == i18n::lang()>{lang.name()}</option> })
                        .collect_view()}
                </select>
                <p id="language-hint" class="hint">{i18n::t().LANGUAGE_HINT}</p>
            </section>
            <StorageSection />
            <BackupSection />
        </section>
    }
}

/// How much the browser lets Tallas keep, and whether it may evict it.
#[derive(Debug, Clone, PartialEq)]
struct StorageState {
    persisted: bool,
    usage: Option<f64>,
    quota: Option<f64>,
}

async fn storage_state() -> Result<StorageState, String> {
    let storage = web_sys::window().ok_or("sin ventana")?.navigator().storage();
    let persisted = wasm_bindgen_futures::JsFuture::from(storage.persisted().map_err(|e| js_error_message(&e))?)
        .await
        .map_err(|e| js_error_message(&e))?
        .as_bool()
        .unwrap_or(false);
    let estimate = wasm_bindgen_futures::JsFuture::from(storage.estimate().map_err(|e| js_error_message(&e))?)
        .await
        .map_err(|e| js_error_message(&e))?;
    let number = |name: &str| js_sys::Reflect::get(&estimate, &JsValue::from_str(name)).ok().and_then(|v| v.as_f64());
    Ok(StorageState { persisted, usage: number("usage"), quota: number("quota") })
}

async fn ask_to_persist() -> Result<bool, String> {
    let storage = web_sys::window().ok_or("sin ventana")?.navigator().storage();
    let granted = wasm_bindgen_futures::JsFuture::from(storage.persist().map_err(|e| js_error_message(&e))?)
        .await
        .map_err(|e| js_error_message(&e))?;
    Ok(granted.as_bool().unwrap_or(false))
}

#[component]
fn StorageSection() -> impl IntoView {
    let persist = Action::new_local(|_: &()| ask_to_persist());
    let state = load_local(move || {
        persist.version().track();
        storage_state()
    });
    view! {
        <section aria-labelledby="storage-title">
            <h2 id="storage-title">{i18n::t().STORAGE_TITLE}</h2>
            {move || match state.get() {
                        None => view! { <p class="muted">{i18n::t().STORAGE_LOADING}</p> }.into_any(),
                        Some(Ok(state)) => view! {
                            <p data-testid="storage-usage">{usage_text(&state)}</p>
                            <p data-testid="storage-persisted">
                                {if state.persisted { i18n::t().STORAGE_PERSISTED } else { i18n::t().STORAGE_NOT_PERSISTED }}
                            </p>
                            <Show when=move || !state.persisted>
                                <button type="button" on:click=move |_| { persist.dispatch_local(()); }>
                                    {i18n::t().STORAGE_PERSIST}
                                </button>
                            </Show>
                        }
                        .into_any(),
                        Some(Err(error)) => {
                            let message = format!("{} ({error})", i18n::t().STORAGE_UNKNOWN);
                            view! { <p class="error" role="alert" data-testid="storage-error">{message}</p> }.into_any()
                        }
            }}
            {move || {
                persist.value().get().map(|outcome| match outcome {
                    Ok(true) => view! { <p role="status" class="hint">{i18n::t().STORAGE_GRANTED}</p> }.into_any(),
                    Ok(false) => {
                        view! { <p role="status" class="warning" data-testid="persist-refused">{i18n::t().STORAGE_REFUSED}</p> }
                            .into_any()
                    }
                    Err(error) => view! { <p role="alert" class="error" data-testid="persist-error">{error}</p> }.into_any(),
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
        _ => i18n::t().STORAGE_UNKNOWN.to_owned(),
    }
}

/// What restoring is waiting for or did.
#[derive(Debug, Clone)]
enum RestoreState {
    /// The file's text, checked, and what it holds.
    Confirm {
        text: String,
        summary: String,
    },
    Refused(String),
    Failed(String),
    Done(String),
}

/// Asks the background worker, mapping every failure to the state that shows it.
async fn restore_step(step: Ask, text: String) -> RestoreState {
    match backup_worker::ask(step, Some(text.clone()), clock::now_ms()).await {
        Ok(BackupReply::Checked { summary }) => RestoreState::Confirm { text, summary },
        Ok(BackupReply::Restored { summary }) => RestoreState::Done(summary),
        Ok(BackupReply::Refused(message)) => RestoreState::Refused(message),
        Ok(BackupReply::Failed(message)) => RestoreState::Failed(message),
        Ok(BackupReply::Exported { .. }) => RestoreState::Failed(i18n::t().WORKER_OTHER_ANSWER.into()),
        Err(error) => RestoreState::Failed(error.to_string()),
    }
}

#[component]
fn BackupSection() -> impl IntoView {
    let export = Action::new_local(move |_: &()| export_file());
    let restore = RwSignal::new(None::<RestoreState>);
    let on_file = move |event: leptos::ev::Event| {
        let input = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
        let Some(file) = input.as_ref().and_then(|i| i.files()).and_then(|files| files.get(0)) else { return };
        if let Some(input) = input {
            input.set_value("");
        }
        leptos::task::spawn_local(async move {
            let state = match browser::file_bytes(&file).await {
                Ok(bytes) => restore_step(Ask::Check, String::from_utf8_lossy(&bytes).into_owned()).await,
                Err(reason) => RestoreState::Refused(reason),
            };
            restore.set(Some(state));
        });
    };
    let confirm = move |text: String| {
        leptos::task::spawn_local(async move { restore.set(Some(restore_step(Ask::Restore, text).await)) });
    };

    view! {
        <section aria-labelledby="backup-title">
            <h2 id="backup-title">{i18n::t().BACKUP_TITLE}</h2>
            <p class="hint">{i18n::t().BACKUP_HINT}</p>
            <div class="form-row">
                <button type="button" data-testid="export" on:click=move |_| { export.dispatch_local(()); } disabled=move || export.pending().get()>
                    {i18n::t().EXPORT}
                </button>
                <label class="file-button">
                    {i18n::t().RESTORE}
                    <input type="file" accept=".json,application/json" data-testid="restore-file" on:change=on_file />
                </label>
            </div>
            {move || export.value().get().map(|outcome| match outcome {
                Ok(summary) => view! { <p role="status" class="hint" data-testid="export-done">{format!("{} {summary}.", i18n::t().EXPORTED)}</p> }.into_any(),
                Err(error) => view! { <p role="alert" class="error" data-testid="export-error">{error}</p> }.into_any(),
            })}
            {move || restore.get().map(|state| match state {
                RestoreState::Confirm { text, summary } => {
                    let text = StoredValue::new(text);
                    view! {
                        <div class="warning" role="alertdialog" aria-labelledby="restore-question" data-testid="restore-confirm">
                            <p id="restore-question">{format!("{} {summary}. {}", i18n::t().RESTORE_HOLDS, i18n::t().RESTORE_REPLACES)}</p>
                            <div class="form-row">
                                <button type="button" class="primary" on:click=move |_| confirm(text.get_value())>{i18n::t().RESTORE_CONFIRM}</button>
                                <button type="button" on:click=move |_| restore.set(None)>{i18n::t().CANCEL}</button>
                            </div>
                        </div>
                    }
                    .into_any()
                }
                RestoreState::Refused(error) => view! { <p role="alert" class="error" data-testid="restore-error">{error}</p> }.into_any(),
                RestoreState::Failed(error) => view! { <p role="alert" class="error" data-testid="restore-error">{format!("{} {error}", i18n::t().RESTORE_FAILED)}</p> }.into_any(),
                RestoreState::Done(summary) => view! { <p role="status" class="hint" data-testid="restore-done">{format!("{} {summary}.", i18n::t().RESTORED)}</p> }.into_any(),
            })}
        </section>
    }
}

/// Has the background worker write the backup, and hands it to the browser as a download;
/// returns its summary.
async fn export_file() -> Result<String, String> {
    let (json, exported_at_ms, summary) = match backup_worker::ask(Ask::Export, None, clock::now_ms()).await {
        Ok(BackupReply::Exported { json, exported_at_ms, summary }) => (json, exported_at_ms, summary),
        Ok(BackupReply::Failed(message) | BackupReply::Refused(message)) => return Err(message),
        Ok(_) => return Err(i18n::t().WORKER_OTHER_ANSWER.into()),
        Err(error) => return Err(error.to_string()),
    };
    let name = match clock::show(exported_at_ms) {
        Some(shown) => format!("tallas-{}.json", shown.iso.get(..10).unwrap_or("respaldo")),
        None => "tallas-respaldo.json".to_owned(),
    };
    download(&name, &json).map_err(|e| js_error_message(&e))?;
    Ok(summary)
}

fn download(name: &str, json: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(json));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let link: web_sys::HtmlAnchorElement = document().create_element("a")?.unchecked_into();
    link.set_href(&url);
    link.set_download(name);
    link.click();
    web_sys::Url::revoke_object_url(&url)
}
