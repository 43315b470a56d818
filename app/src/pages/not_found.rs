//! Every path the app has no page for.

use leptos::prelude::*;

use crate::i18n;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{i18n::t().NOT_FOUND_TITLE}</h1>
            <div class="empty-state" data-testid="not-found">
                <p>{i18n::t().NOT_FOUND_TEXT}</p>
                <p>
                    <a href=crate::areas::Area::Playground.path()>{i18n::t().NOT_FOUND_LINK}</a>
                </p>
            </div>
        </section>
    }
}
