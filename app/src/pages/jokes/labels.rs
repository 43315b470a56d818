//! How a label reads in the list and in the joke view.

use crate::domain::Label;
use crate::i18n;

/// The label as a `data-label` value, which the styles colour.
pub fn label_attr(label: Option<Label>) -> &'static str {
    match label {
        Some(Label::Funny) => "funny",
        Some(Label::NotFunny) => "not_funny",
        None => "none",
    }
}

/// The label in words.
pub fn label_text(label: Option<Label>) -> &'static str {
    match label {
        Some(Label::Funny) => i18n::t().FUNNY,
        Some(Label::NotFunny) => i18n::t().NOT_FUNNY,
        None => i18n::t().UNLABELLED,
    }
}
