//! The workspace as one file: export it, and restore one, which replaces everything after a
//! confirmation. The background worker writes, checks and restores (`background::page::run`, `messages::BackupJob`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::background::messages::BackupJob;
use crate::background::messages::{BackupAsk, BackupReply};
use crate::background::page::run;
use crate::browser::{self, download};
use crate::clock;
use crate::components::failed;
use crate::failure::Failure;
use crate::i18n;

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
async fn restore_step(step: BackupAsk, text: String) -> RestoreState {
    match run(BackupJob { ask: step, text: Some(text.clone()), now_ms: clock::now_ms() }).await {
        Ok(BackupReply::Checked { summary }) => RestoreState::Confirm { text, summary },
        Ok(BackupReply::Restored { summary }) => RestoreState::Done(summary),
        Ok(BackupReply::Refused(message)) => RestoreState::Refused(message),
        Ok(BackupReply::Failed(message)) => RestoreState::Failed(message),
        Ok(BackupReply::Exported { .. }) => RestoreState::Failed(i18n::t().WORKER_OTHER_ANSWER.into()),
        Err(error) => RestoreState::Failed(error.to_string()),
    }
}

#[component]
pub fn BackupSection() -> impl IntoView {
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
                Ok(bytes) => restore_step(BackupAsk::Check, String::from_utf8_lossy(&bytes).into_owned()).await,
                Err(reason) => RestoreState::Refused(reason),
            };
            restore.set(Some(state));
        });
    };
    let confirm = move |text: String| {
        leptos::task::spawn_local(async move { restore.set(Some(restore_step(BackupAsk::Restore, text).await)) });
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
                Err(error) => failed(error.to_string(), "export-error"),
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
                RestoreState::Refused(error) => failed(error, "restore-error"),
                RestoreState::Failed(error) => failed(format!("{} {error}", i18n::t().RESTORE_FAILED), "restore-error"),
                RestoreState::Done(summary) => view! { <p role="status" class="hint" data-testid="restore-done">{format!("{} {summary}.", i18n::t().RESTORED)}</p> }.into_any(),
            })}
        </section>
    }
}

/// Has the background worker write the backup, and hands it to the browser as a download;
/// returns its summary.
async fn export_file() -> Result<String, Failure> {
    let (json, exported_at_ms, summary) =
        match run(BackupJob { ask: BackupAsk::Export, text: None, now_ms: clock::now_ms() }).await {
            Ok(BackupReply::Exported { json, exported_at_ms, summary }) => (json, exported_at_ms, summary),
            Ok(BackupReply::Failed(message) | BackupReply::Refused(message)) => return Err(Failure::Refused(message)),
            Ok(_) => return Err(Failure::OtherAnswer),
            Err(error) => return Err(Failure::from(error)),
        };
    let name = match clock::show(exported_at_ms) {
        Some(shown) => format!("tallas-{}.json", shown.iso.get(..10).unwrap_or("respaldo")),
        None => "tallas-respaldo.json".to_owned(),
    };
    download(&name, "application/json", &json).map_err(Failure::browser)?;
    Ok(summary)
}
