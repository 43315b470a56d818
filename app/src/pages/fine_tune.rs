//! Uploading a dataset and following a fine-tune job. Not built yet: an empty state says what it will do.

use leptos::prelude::*;

use crate::components::ComingSoon;
use crate::i18n;

#[component]
pub fn FineTunePage() -> impl IntoView {
    view! { <ComingSoon area=&i18n::t().FINE_TUNE /> }
}
