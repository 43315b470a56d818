//! The list of keyboard shortcuts, opened with `?`.

use leptos::prelude::*;

use crate::domain::shortcuts::help;
use crate::i18n;

#[component]
pub fn ShortcutsHelp(on_close: Callback<()>) -> impl IntoView {
    view! {
        <section class="shortcuts" role="dialog" aria-labelledby="shortcuts-title" data-testid="shortcuts-help">
            <h2 id="shortcuts-title">{i18n::t().SHORTCUTS_TITLE}</h2>
            <dl>
                {help().into_iter().map(|(keys, what)| view! { <dt><kbd>{keys}</kbd></dt><dd>{what}</dd> }).collect_view()}
            </dl>
            <button type="button" on:click=move |_| on_close.run(())>{i18n::t().CLOSE}</button>
        </section>
    }
}
