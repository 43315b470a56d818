//! Settings: the curator token, the browser's storage (persistence and usage), and the workspace
//! as one file (export, and restore that replaces everything after a confirmation).

mod backup;
mod storage;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::components::CuratorTokenForm;
use crate::i18n;
use backup::BackupSection;
use storage::StorageSection;

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
                            // The page is drawn again in the new language: the keyboard stays here.
                            leptos::task::spawn_local(async {
                                leptos::task::tick().await;
                                if let Some(select) = document().get_element_by_id("language") {
                                    let _ = select.unchecked_into::<web_sys::HtmlElement>().focus();
                                }
                            });
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
