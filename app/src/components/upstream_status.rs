//! The badge in the header that says whether jokes can be generated right now.

use leptos::prelude::*;
use tallas_core::api::Health;

use crate::api::{self, ClientError};
use crate::browser::load_local;
use crate::i18n;

/// What the badge shows for one answer of `GET /api/health`.
#[derive(Debug, Clone, PartialEq)]
struct Badge {
    /// For CSS and tests: `checking`, `ok`, `no-key` or `down`.
    state: &'static str,
    label: &'static str,
    /// How to fix it, or details when all is well.
    hint: String,
}

impl Badge {
    fn of(health: Option<Result<Health, ClientError>>) -> Self {
        match health {
            None => Badge {
                state: "checking",
                label: i18n::t().UPSTREAM_CHECKING,
                hint: i18n::t().UPSTREAM_CHECKING_HINT.into(),
            },
            Some(Ok(health)) if health.key_configured => Badge {
                state: "ok",
                label: i18n::t().UPSTREAM_OK,
                hint: i18n::fill(
                    i18n::t().UPSTREAM_OK_HINT,
                    &[&health.version, &health.models.generate, &health.upstream_base_url],
                ),
            },
            Some(Ok(_)) => {
                Badge { state: "no-key", label: i18n::t().UPSTREAM_NO_KEY, hint: i18n::t().UPSTREAM_NO_KEY_HINT.into() }
            }
            Some(Err(error)) => Badge { state: "down", label: i18n::t().UPSTREAM_DOWN, hint: error.to_string() },
        }
    }
}

/// Asks the worker once on load; clicking asks again (e.g. after restarting `make dev`).
#[component]
pub fn UpstreamStatus() -> impl IntoView {
    let checks = RwSignal::new(0u32);
    let health = load_local(move || {
        checks.track();
        api::health()
    });
    let badge = Memo::new(move |_| Badge::of(health.get()));

    view! {
        <button
            type="button"
            class="upstream-status"
            data-testid="upstream-status"
            data-state=move || badge.read().state
            title=move || badge.read().hint.clone()
            aria-label=move || {
                let badge = badge.read();
                format!("{}. {} {}", badge.label, badge.hint, i18n::t().UPSTREAM_RECHECK)
            }
            on:click=move |_| checks.update(|n| *n += 1)
        >
            <span class="dot" aria-hidden="true"></span>
            {move || badge.read().label}
        </button>
    }
}
