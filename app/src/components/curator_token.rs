//! Asks for the curator token when the worker refused a curator call for lack of it, and keeps
//! it in this browser only, so the next call carries it.

use leptos::prelude::*;

use crate::api;
use crate::i18n;

#[component]
pub fn CuratorTokenForm() -> impl IntoView {
    let token = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Result<(), String>>);
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        status.set(Some(api::save_curator_token(&token.get_untracked()).map_err(|e| e.to_string())));
    };
    view! {
        <form class="token-form" on:submit=on_submit data-testid="curator-token-form">
            <label for="curator-token">{i18n::t().CURATOR_TOKEN_LABEL}</label>
            <div class="form-row">
                <input
                    id="curator-token"
                    type="password"
                    autocomplete="off"
                    aria-describedby="curator-token-hint"
                    bind:value=token
                />
                <button type="submit">{i18n::t().CURATOR_TOKEN_SAVE}</button>
            </div>
            <p id="curator-token-hint" class="hint">{i18n::t().CURATOR_TOKEN_HINT}</p>
            {move || match status.get() {
                Some(Ok(())) => Some(view! { <p role="status" class="hint">{i18n::t().CURATOR_TOKEN_SAVED}</p> }.into_any()),
                Some(Err(message)) => {
                    Some(super::failed(message, "token-error"))
                }
                None => None,
            }}
        </form>
    }
}
