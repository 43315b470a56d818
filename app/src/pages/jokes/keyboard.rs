//! The curation keyboard on the page: a key pressed anywhere but in a field becomes a
//! [`Command`] (`domain::shortcuts` maps keys to commands).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::shortcuts::{self, Command, Press};

/// Runs `run` for every shortcut pressed while the page is open. Keys go to a field while the
/// curator types in one or edits a joke's text (`editing`); Escape first closes the help.
pub fn listen(editing: RwSignal<Option<String>>, show_help: RwSignal<bool>, run: impl Fn(Command) + 'static) {
    let keys = window_event_listener(leptos::ev::keydown, move |event: web_sys::KeyboardEvent| {
        if typing_in_a_field(&event) || editing.get_untracked().is_some() {
            return;
        }
        if event.key() == "Escape" && show_help.get_untracked() {
            show_help.set(false);
            return;
        }
        let key = event.key();
        let press = Press { key: &key, ctrl_or_meta: event.ctrl_key() || event.meta_key(), alt: event.alt_key() };
        if let Some(command) = shortcuts::command(press) {
            event.prevent_default();
            run(command);
        }
    });
    on_cleanup(move || keys.remove());
}

/// Moves the keyboard to the field with this id (the keywords field, for `p`).
pub fn focus_field(id: &str) {
    if let Some(field) = document().get_element_by_id(id)
        && let Ok(field) = field.dyn_into::<web_sys::HtmlElement>()
    {
        let _ = field.focus();
    }
}

/// Shortcuts must not fire while the curator types a search or an edit.
fn typing_in_a_field(event: &web_sys::KeyboardEvent) -> bool {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return false };
    matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || target.is_content_editable()
}
