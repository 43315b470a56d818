//! Reviewing jokes with their provenance, versions and the three kinds of label. Not built yet: an empty state says what it will do.

use leptos::prelude::*;

use crate::components::ComingSoon;
use crate::i18n;

#[component]
pub fn JokesPage() -> impl IntoView {
    view! { <ComingSoon area=&i18n::JOKES /> }
}
