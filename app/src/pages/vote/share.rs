//! Sharing a ballot: its link to read or copy, the phone's own share sheet where the browser has
//! one, and a QR code, also shown full screen to project in a venue.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::background::messages::DrawQr;
use crate::background::page::run;
use crate::browser::load_local;
use crate::i18n;

#[component]
pub fn ShareBallot(url: String, title: String) -> impl IntoView {
    let w = i18n::t();
    let copied = RwSignal::new(None::<bool>);
    let projecting = RwSignal::new(false);
    // Drawn by a background worker, so the page does not carry the encoder; an empty code (a
    // worker that could not start) leaves the link and its buttons.
    let qr = {
        let url = url.clone();
        load_local(move || {
            let url = url.clone();
            async move { run(DrawQr(url)).await.unwrap_or_default() }
        })
    };
    let svg = move || qr.get().unwrap_or_default();
    let navigator = window().navigator();
    let can_share = js_sys::Reflect::has(&navigator, &JsValue::from_str("share")).unwrap_or(false);
    let copy = {
        let url = url.clone();
        move |_| {
            let promise = window().navigator().clipboard().write_text(&url);
            leptos::task::spawn_local(async move {
                copied.set(Some(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()));
            });
        }
    };
    let share = {
        let (url, title) = (url.clone(), title.clone());
        move |_| {
            let data = web_sys::ShareData::new();
            data.set_url(&url);
            data.set_title(&title);
            // Dismissing the sheet rejects the promise; there is nothing to report then.
            let _ = window().navigator().share_with_data(&data);
        }
    };
    let close_on_escape = window_event_listener(leptos::ev::keydown, move |event| {
        if event.key() == "Escape" {
            projecting.set(false);
        }
    });
    on_cleanup(move || close_on_escape.remove());
    view! {
        <section class="ballot-share" aria-labelledby="ballot-share-title">
            <h3 id="ballot-share-title">{w.BALLOT_SHARE}</h3>
            <label for="ballot-link">{w.BALLOT_LINK}</label>
            <input id="ballot-link" type="url" readonly value=url.clone() data-testid="ballot-link" on:focus=|e| select_all(&e) />
            <div class="button-row">
                <button type="button" on:click=copy>{w.BALLOT_COPY}</button>
                {can_share.then(|| view! { <button type="button" on:click=share>{i18n::t().BALLOT_SHARE_BUTTON}</button> })}
                <button type="button" on:click=move |_| projecting.set(true)>{w.BALLOT_QR_BIG}</button>
            </div>
            {move || copied.get().map(|ok| {
                let text = if ok { i18n::t().BALLOT_COPIED } else { i18n::t().BALLOT_COPY_FAILED };
                view! { <p class="hint" role="status">{text}</p> }
            })}
            <div class="qr" role="img" aria-label=w.BALLOT_QR data-testid="ballot-qr" inner_html=svg></div>
            <Show when=move || projecting.get()>
                <div
                    class="qr-full"
                    role="dialog"
                    aria-modal="true"
                    aria-label=i18n::t().BALLOT_QR
                    data-testid="ballot-qr-full"
                    on:click=move |_| projecting.set(false)
                >
                    <div class="qr" inner_html=svg></div>
                </div>
            </Show>
        </section>
    }
}

fn select_all(event: &leptos::ev::FocusEvent) {
    if let Some(input) =
        event.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
    {
        input.select();
    }
}
