//! The list of jokes: only the rows on screen (plus a few beyond each edge) are rendered, so tens
//! of thousands of jokes scroll and filter without freezing the page; the selected row is kept
//! in view as the keyboard moves it.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::labels::{label_attr, label_text};
use crate::domain::Joke;
use crate::i18n;

/// Rows have a fixed height so the list only renders what is on screen (plus a margin): with
/// tens of thousands of jokes, rendering all of them would freeze the page.
const ROW_HEIGHT: usize = 76;
/// Rows rendered beyond each edge of the screen, so a fast scroll shows rows rather than blank
/// space before the next render. Every rendered row costs a search keystroke its style, layout and
/// paint, so the margin is kept to a few rows.
const ROWS_BEYOND: usize = 5;

#[component]
pub fn JokeList(
    /// The working copy of every joke.
    jokes: RwSignal<Vec<Joke>>,
    /// Positions in `jokes` of the jokes shown, in order.
    visible: Memo<Vec<usize>>,
    /// The selected row.
    cursor: RwSignal<usize>,
    routine_names: StoredValue<HashMap<String, String>>,
) -> impl IntoView {
    let scroll_top = RwSignal::new(0usize);
    let list_height = StoredValue::new(None::<usize>);
    // The window's height bounds the list's visible part; unlike the list's own height it can be
    // read before the list is laid out, and without laying it out.
    let window_rows = RwSignal::new(self::window_rows());
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        window_rows.set(self::window_rows());
        list_height.set_value(None);
    });
    on_cleanup(move || resize.remove());
    let list_ref = NodeRef::<leptos::html::Div>::new();
    keep_in_view(list_ref, cursor, scroll_top, list_height);

    let rendered = move || {
        let top_row = scroll_top.get() / ROW_HEIGHT;
        let first = top_row.saturating_sub(ROWS_BEYOND);
        visible.with(|v| {
            let end = (top_row + window_rows.get() + ROWS_BEYOND).min(v.len());
            (first.min(end)..end).map(|row| (row, v[row])).collect::<Vec<_>>()
        })
    };

    view! {
        <div
            class="joke-list"
            node_ref=list_ref
            role="listbox"
            aria-label=i18n::t().JOKES.label
            tabindex="0"
            data-testid="joke-list"
            on:scroll=move |event| {
                if let Some(list) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    scroll_top.set(usize::try_from(list.scroll_top()).unwrap_or(0));
                    list_height.set_value(usize::try_from(list.client_height()).ok());
                }
            }
        >
            <Show when=move || visible.with(Vec::is_empty)>
                <p class="empty-state" data-testid="no-matches">{i18n::t().NO_MATCHES}</p>
            </Show>
            <div class="joke-list-inner" style:height=move || format!("{}px", visible.with(Vec::len) * ROW_HEIGHT)>
                <For each=rendered key=|(row, position)| (*row, *position) let:item>
                    {row_view(item, jokes, cursor, routine_names)}
                </For>
            </div>
        </div>
    }
}

/// Rows that fit in the window's height, counting one cut at each edge.
fn window_rows() -> usize {
    let height = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(1080.0);
    // Saturating: a NaN or negative height gives 0, a huge one usize::MAX.
    (height as usize) / ROW_HEIGHT + 2
}

/// Keeps the selected row on screen when the keyboard moves it.
fn keep_in_view(
    list_ref: NodeRef<leptos::html::Div>,
    cursor: RwSignal<usize>,
    scroll_top: RwSignal<usize>,
    list_height: StoredValue<Option<usize>>,
) {
    Effect::new(move |_| {
        // Integers throughout: float formatting would add its machinery to the WASM for nothing.
        let row_top = cursor.get().saturating_mul(ROW_HEIGHT);
        let Some(list) = list_ref.get() else { return };
        // Known from the scroll events, not read from the list: reading them right after the list
        // changed would force the browser to lay the page out again in the middle of a keystroke.
        let top = scroll_top.get_untracked();
        let height = list_height.get_value().unwrap_or_else(|| {
            let height = usize::try_from(list.client_height()).unwrap_or(0);
            list_height.set_value(Some(height));
            height
        });
        if row_top < top {
            list.set_scroll_top(i32::try_from(row_top).unwrap_or(i32::MAX));
        } else if row_top + ROW_HEIGHT > top + height {
            list.set_scroll_top(i32::try_from(row_top + ROW_HEIGHT - height).unwrap_or(i32::MAX));
        }
    });
}

/// One row: `(row, position)` is its place in the list and its joke's in `jokes`.
fn row_view(
    (row, position): (usize, usize),
    jokes: RwSignal<Vec<Joke>>,
    cursor: RwSignal<usize>,
    routine_names: StoredValue<HashMap<String, String>>,
) -> impl IntoView {
    // Each row reads the fields it shows: a whole joke carries every version of its text.
    let label = move || jokes.with(|jokes| jokes.get(position).and_then(|j| j.label));
    let is_selected = move || cursor.get() == row;
    let routine = move || {
        jokes.with(|jokes| jokes.get(position).and_then(|j| j.routine_id.clone())).map(|id| {
            routine_names.with_value(|n| n.get(&id).cloned().unwrap_or_else(|| i18n::fill(i18n::t().ROUTINE_N, &[&id])))
        })
    };
    view! {
        <div
            class="joke-row"
            role="option"
            data-testid="joke-row"
            aria-selected=move || is_selected().to_string()
            data-label=move || label_attr(label())
            style:top=format!("{}px", row * ROW_HEIGHT)
            on:click=move |_| cursor.set(row)
        >
            <p class="joke-row-text">{move || jokes.with(|jokes| jokes.get(position).map(|j| j.text().to_owned()))}</p>
            <p class="joke-row-meta">
                <span class="badge">{move || label_text(label())}</span>
                <span>{routine}</span>
            </p>
        </div>
    }
}
