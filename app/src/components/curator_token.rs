//! Asks for the curator token and keeps it in this browser only, so the next call carries it:
//! in the header of every curator page whenever it is wanted (none saved, or the worker refused
//! one: `access`), and in Settings to change it. A save makes every page read again.

use leptos::prelude::*;

use crate::{access, api, i18n};

/// The header's ask: shown while the token is wanted, gone once one is saved.
#[component]
pub fn TokenPrompt() -> impl IntoView {
    move || {
        access::wanted().then(|| {
            // Read when it is asked again: a saved token the worker refused is said as that.
            let why = match api::curator_token() {
                Some(_) => i18n::t().CURATOR_TOKEN_REFUSED,
                None => i18n::t().CURATOR_TOKEN_WANTED,
            };
            view! {
                <aside class="token-prompt" aria-labelledby="token-prompt-title" data-testid="token-prompt">
                    <p id="token-prompt-title" class="token-prompt-why">{why}</p>
                    <CuratorTokenForm id="header-curator-token" />
                </aside>
            }
        })
    }
}

/// The token's field and its save button. `id`: the field's, unique in the page.
#[component]
pub fn CuratorTokenForm(#[prop(default = "curator-token")] id: &'static str) -> impl IntoView {
    let token = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Result<(), String>>);
    let hint = format!("{id}-hint");
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let saved = api::save_curator_token(&token.get_untracked()).map_err(|e| e.to_string());
        if saved.is_ok() {
            token.set(String::new());
            access::saved();
        }
        status.set(Some(saved));
    };
    view! {
        <form class="token-form" on:submit=on_submit data-testid="curator-token-form">
            <label for=id>{i18n::t().CURATOR_TOKEN_LABEL}</label>
            <div class="form-row">
                <input id=id type="password" autocomplete="off" aria-describedby=hint.clone() bind:value=token />
                <button type="submit">{i18n::t().CURATOR_TOKEN_SAVE}</button>
            </div>
            <p id=hint class="hint">{i18n::t().CURATOR_TOKEN_HINT}</p>
            {move || match status.get() {
                Some(Ok(())) => Some(view! { <p role="status" class="hint">{i18n::t().CURATOR_TOKEN_SAVED}</p> }.into_any()),
                Some(Err(message)) => Some(super::failed(message, "token-error")),
                None => None,
            }}
        </form>
    }
}
