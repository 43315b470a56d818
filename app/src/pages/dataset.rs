//! Building frozen dataset snapshots. Not built yet: an empty state says what it will do.

use leptos::prelude::*;

use crate::components::ComingSoon;
use crate::i18n;

#[component]
pub fn DatasetPage() -> impl IntoView {
    view! { <ComingSoon area=&i18n::t().DATASET /> }
}
