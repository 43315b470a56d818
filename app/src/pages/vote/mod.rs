//! Crowd voting, still to be built: `/vote` and a shared `/vote/<id>` link say what they will do.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::ComingSoon;
use crate::i18n;

/// A shared vote link: the area's summary and the ballot it points at.
#[component]
pub fn VoteLinkPage() -> impl IntoView {
    let params = use_params_map();
    let ballot = move || params.read().get("id").map(|id| format!("{} {id}", i18n::t().VOTE_FOR));
    view! {
        <ComingSoon area=&i18n::t().VOTE>
            <p class="muted">{ballot}</p>
        </ComingSoon>
    }
}
