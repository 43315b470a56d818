//! Publishing the public playground (`/play`): which models anyone with the link may try, under
//! which public names, and how long an answer may be. The worker keeps these settings
//! (`PUT /api/play/config`); the form reads them back from it, so what it shows is what players get.

use leptos::prelude::*;
use tallas_core::play::DEFAULT_MAX_OUTPUT_TOKENS;

use crate::api::{self, ClientError, PlaySettings};
use crate::browser::load_local;
use crate::i18n::{self, fill};

/// One model row of the form.
#[derive(Clone, Copy)]
struct Row {
    id: RwSignal<String>,
    name: RwSignal<String>,
}

impl Row {
    fn new(id: &str, name: &str) -> Self {
        Self { id: RwSignal::new(id.to_owned()), name: RwSignal::new(name.to_owned()) }
    }

    /// The model this row names, id and public name; `None` for a row left empty.
    fn model(self) -> Option<(String, String)> {
        let (id, name) = (self.id.get_untracked(), self.name.get_untracked());
        (!id.trim().is_empty()).then_some((id, name))
    }
}

/// Why publishing did not happen.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
enum PublishError {
    #[error("{}", i18n::t().PUBLISH_NUMBER)]
    NotANumber,
    #[error(transparent)]
    Worker(#[from] ClientError),
}

#[component]
pub fn PublishForm() -> impl IntoView {
    let rows = RwSignal::new(vec![Row::new("", "")]);
    let max_tokens = RwSignal::new(DEFAULT_MAX_OUTPUT_TOKENS.to_string());
    // One keyword a line.
    let suggestions = RwSignal::new(String::new());
    let stored = load_local(api::play_settings);
    // The form shows once the settings the worker keeps have filled it, so nothing typed before
    // they arrive is overwritten; if they cannot be read, it shows empty, under the reason.
    let ready = RwSignal::new(false);
    Effect::new(move |_| match stored.get() {
        Some(Ok(config)) => {
            fill_form(rows, max_tokens, suggestions, &config);
            ready.set(true);
        }
        Some(Err(_)) => ready.set(true),
        None => {}
    });
    let unread = move || match stored.get() {
        Some(Err(error)) => {
            Some(view! { <p class="error" role="alert" data-testid="publish-unread">{error.to_string()}</p> })
        }
        _ => None,
    };
    let publish = Action::new_local(move |(): &()| {
        let models: Vec<(String, String)> = rows.get_untracked().into_iter().filter_map(Row::model).collect();
        let max = max_tokens.get_untracked().trim().parse::<u32>();
        let keywords =
            suggestions.get_untracked().lines().map(|line| line.trim().to_owned()).filter(|k| !k.is_empty()).collect();
        async move {
            let max_output_tokens = max.map_err(|_| PublishError::NotANumber)?;
            let settings = PlaySettings { models, max_output_tokens, suggestions: keywords };
            let saved = api::publish_play(&settings).await?;
            fill_form(rows, max_tokens, suggestions, &saved);
            Ok::<PlaySettings, PublishError>(saved)
        }
    });
    let outcome = publish.value();
    let w = i18n::t();
    view! {
        <section class="card publish" aria-labelledby="publish-title" data-testid="publish">
            <h2 id="publish-title">{w.PUBLISH_TITLE}</h2>
            <p class="hint">{w.PUBLISH_SUMMARY}</p>
            {unread}
            <p class="muted" hidden=move || ready.get()>{w.PUBLISH_LOADING}</p>
            <form hidden=move || !ready.get() on:submit=move |event| {
                event.prevent_default();
                if !publish.pending().get_untracked() {
                    publish.dispatch_local(());
                }
            }>
                {move || {
                    rows.get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, row)| view! { <ModelRow i row rows /> })
                        .collect_view()
                }}
                <button type="button" data-testid="publish-add" on:click=move |_| rows.update(|r| r.push(Row::new("", "")))>
                    {w.PUBLISH_ADD}
                </button>
                <div class="field">
                    <label for="publish-max-tokens">{w.PUBLISH_MAX_TOKENS}</label>
                    <input id="publish-max-tokens" type="number" min="1" max="1000" inputmode="numeric" data-testid="publish-max-tokens" bind:value=max_tokens />
                </div>
                <div class="field">
                    <label for="publish-suggestions">{w.PUBLISH_SUGGESTIONS}</label>
                    <textarea id="publish-suggestions" rows="4" data-testid="publish-suggestions" bind:value=suggestions></textarea>
                </div>
                <button type="submit" class="primary" data-testid="publish-save" disabled=move || publish.pending().get()>
                    {w.PUBLISH_SAVE}
                </button>
            </form>
            {move || outcome.get().map(published)}
        </section>
    }
}

/// What a publish came to: the names now on `/play`, the playground closed, or why not.
fn published(result: Result<PlaySettings, PublishError>) -> AnyView {
    match result {
        Ok(config) if config.models.is_empty() => {
            view! { <p role="status" data-testid="publish-saved">{i18n::t().PUBLISH_CLOSED}</p> }.into_any()
        }
        Ok(config) => {
            let shown = config.models.iter().map(|(id, name)| if name.is_empty() { id } else { name });
            let names = shown.cloned().collect::<Vec<_>>().join(", ");
            view! {
                <p role="status" data-testid="publish-saved">
                    {fill(i18n::t().PUBLISH_SAVED, &[&names])}" "<a href="/play" target="_blank" rel="noopener">"/play"</a>
                </p>
            }
            .into_any()
        }
        Err(error) => {
            view! { <p class="error" role="alert" data-testid="publish-error">{error.to_string()}</p> }.into_any()
        }
    }
}

#[component]
fn ModelRow(i: usize, row: Row, rows: RwSignal<Vec<Row>>) -> impl IntoView {
    let w = i18n::t();
    let (id_field, name_field) = (format!("publish-id-{i}"), format!("publish-name-{i}"));
    view! {
        <div class="form-row publish-row">
            <div class="field">
                <label for=id_field.clone()>{w.PUBLISH_MODEL}</label>
                <input id=id_field type="text" autocomplete="off" data-testid="publish-id" bind:value=row.id />
            </div>
            <div class="field">
                <label for=name_field.clone()>{w.PUBLISH_NAME}</label>
                <input id=name_field type="text" autocomplete="off" data-testid="publish-name" bind:value=row.name />
            </div>
            <button type="button" on:click=move |_| rows.update(|r| { r.remove(i); })>{w.PUBLISH_REMOVE}</button>
        </div>
    }
}

fn fill_form(
    rows: RwSignal<Vec<Row>>,
    max_tokens: RwSignal<String>,
    suggestions: RwSignal<String>,
    settings: &PlaySettings,
) {
    let mut filled: Vec<Row> = settings.models.iter().map(|(id, name)| Row::new(id, name)).collect();
    if filled.is_empty() {
        filled.push(Row::new("", ""));
    }
    rows.set(filled);
    max_tokens.set(settings.max_output_tokens.to_string());
    suggestions.set(settings.suggestions.join("\n"));
}
