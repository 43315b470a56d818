//! The empty state of a section that is not built yet.

use leptos::prelude::*;

use crate::i18n::{self, Area};

/// A page heading plus one sentence about what the section will do. `children` may add
/// context, such as the joke a vote link points at.
#[component]
pub fn ComingSoon(area: &'static Area, #[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">{area.label}</h1>
            {children.map(|children| children())}
            <div class="empty-state" data-testid="empty-state">
                <p>{area.summary}</p>
                <p class="muted">{i18n::t().COMING_SOON}</p>
            </div>
        </section>
    }
}
