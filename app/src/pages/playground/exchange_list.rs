//! The playground history: past exchanges, newest first.

use leptos::prelude::*;

use crate::clock;
use crate::i18n;
use crate::store::{Exchange, Stored};

#[component]
pub fn ExchangeList(exchanges: Vec<Stored<Exchange>>) -> impl IntoView {
    if exchanges.is_empty() {
        return view! {
            <p class="empty-state" data-testid="history-empty">
                {i18n::t().HISTORY_EMPTY}
            </p>
        }
        .into_any();
    }
    view! {
        <ol class="history" data-testid="history">
            {exchanges.into_iter().map(|stored| view! { <ExchangeItem exchange=stored.value /> }).collect_view()}
        </ol>
    }
    .into_any()
}

#[component]
fn ExchangeItem(exchange: Exchange) -> impl IntoView {
    let Exchange { keyword, joke, model, usage, created_at_ms, .. } = exchange;
    let tokens = usage.prompt_tokens.saturating_add(usage.completion_tokens);
    let time = clock::show(created_at_ms).map(|shown| view! { <time datetime=shown.iso>{shown.local}</time> });
    view! {
        <li class="exchange">
            <p class="exchange-keyword">{keyword}</p>
            <p class="exchange-joke">{joke}</p>
            <p class="meta">
                <span>{model}</span>
                <span>{format!("{tokens} {}", i18n::t().TOKENS)}</span>
                {time}
            </p>
        </li>
    }
}
