//! Voting on jokes from a shared link (`/vote/:id`), or the voting area itself (`/vote`).
//! Not built yet: an empty state says what it will do.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::ComingSoon;
use crate::i18n;

#[component]
pub fn VotePage() -> impl IntoView {
    let params = use_params_map();
    let joke_id = move || params.read().get("id");
    view! {
        <ComingSoon area=&i18n::t().VOTE>
            {move || joke_id().map(|id| view! { <p class="muted">{format!("{} {id}", i18n::t().VOTE_FOR)}</p> })}
        </ComingSoon>
    }
}
