//! Turning transcripts into routines, segments and extracted jokes. Not built yet: an empty state says what it will do.

use leptos::prelude::*;

use crate::components::ComingSoon;
use crate::i18n;

#[component]
pub fn ImportPage() -> impl IntoView {
    view! { <ComingSoon area=&i18n::IMPORT /> }
}
