//! The header: brand, the sections of the app, the upstream status, and the curator token when
//! it is wanted.

use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use crate::areas::Area;
use crate::components::{TokenPrompt, UpstreamStatus};
use crate::i18n;

/// `lab`: whether this page is the experiment's app (`Lab`) rather than the first page (`App`); a
/// link to an area of the other one is a plain link the router lets the browser follow.
#[component]
pub fn Nav(lab: bool) -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="skip-link" href="#main" on:click=skip_to_main>
                {i18n::t().SKIP_TO_CONTENT}
            </a>
            // A plain link: `<A>` would mark "/" as current on every page.
            <a class="brand" href="/">
                {i18n::t().APP_NAME}
            </a>
            <nav class="site-nav" aria-label=i18n::t().NAV_LABEL>
                <ul>
                    {Area::ALL
                        .into_iter()
                        .map(|area| {
                            let (path, label) = (area.path(), area.words().label);
                            // `<A>` sets aria-current="page" on the active section, also on /vote/:id.
                            if area.in_lab() == lab {
                                view! { <li><A href=path>{label}</A></li> }.into_any()
                            } else {
                                view! { <li><a href=path rel="external">{label}</a></li> }.into_any()
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <UpstreamStatus />
            <TokenPrompt />
        </header>
    }
}

/// Moves keyboard focus to the page content. Done by hand because the router would treat
/// `#main` as a navigation, and browsers do not all move focus on fragment links.
fn skip_to_main(event: leptos::ev::MouseEvent) {
    event.prevent_default();
    let main = document().get_element_by_id("main").and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(main) = main {
        let _ = main.focus();
    }
}
