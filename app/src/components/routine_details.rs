//! The form to type a routine's details (comedians, show, year, YouTube video): for transcripts no
//! routines table described, or to correct what one said. The background worker saves them as an
//! import of that routine's metadata (`details_worker`), so lists and filters name the routine by
//! them and windows cut afterwards carry its video.
//!
//! The section is closed until the curator opens it, and only then does a worker read the
//! routines: most visits to the import page are to import. The fields are plain inputs read when
//! the form is sent, and the form is drawn anew for each routine chosen: one reactive binding per
//! field would cost the page's WASM more than the form.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::load_local;
use crate::details_worker;
use crate::i18n;
use crate::workspace::details::TypedDetails;

/// The inputs' ids, in the order of [`TypedDetails`]'s fields.
const FIELDS: [&str; 4] = ["details-comedians", "details-show", "details-year", "details-video"];

#[component]
pub fn RoutineDetails(
    /// Changes after each import, which may have brought routines to describe.
    imports: RwSignal<usize>,
) -> impl IntoView {
    let saves = RwSignal::new(0u32);
    let open = RwSignal::new(false);
    let loaded = load_local(move || {
        imports.track();
        saves.track();
        let open = open.get();
        async move { if open { details_worker::list().await.map(Some) } else { Ok(None) } }
    });
    let chosen = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<Result<(), String>>);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(id) = chosen.get_untracked() else { return };
        let [comedians, show, year, video] = FIELDS.map(input_value);
        let typed = TypedDetails { comedians, show, year, video };
        leptos::task::spawn_local(async move {
            let saved = details_worker::save(&id, &typed).await;
            if saved.is_ok() {
                // Read again, for the routine's new name.
                saves.update(|n| *n += 1);
            }
            status.set(Some(saved));
        });
    };

    let form = move || {
        let choices = match loaded.get()? {
            Ok(None) => return None,
            Ok(Some(choices)) if choices.is_empty() => {
                return Some(view! { <p class="empty-state">{i18n::t().RUNS_NOTHING}</p> }.into_any());
            }
            Ok(Some(choices)) => choices,
            Err(error) => {
                return Some(
                    view! { <p class="error" role="alert" data-testid="details-outcome">{error}</p> }.into_any(),
                );
            }
        };
        // The first routine without details, until the curator chooses one.
        if chosen.get_untracked().is_none() {
            chosen.set(choices.iter().find(|c| !c.described).or(choices.first()).map(|c| c.id.clone()));
        }
        let w = i18n::t();
        let options = choices
            .iter()
            .map(|c| {
                let selected = chosen.get_untracked().as_deref() == Some(c.id.as_str());
                view! { <option value=c.id.clone() selected=selected>{c.name.clone()}</option> }
            })
            .collect_view();
        let fields = move || {
            let id = chosen.get()?;
            let typed = choices.iter().find(|c| c.id == id).map(|c| c.details.clone()).unwrap_or_default();
            let values = [typed.comedians, typed.show, typed.year, typed.video];
            let labels = [w.DETAILS_COMEDIANS, w.DETAILS_SHOW, w.DETAILS_YEAR, w.DETAILS_VIDEO];
            let inputs = FIELDS.into_iter().zip(labels).zip(values).map(|((id, label), value)| {
                view! {
                    <label for=id>{label}</label>
                    <input id=id type="text" value=value />
                }
            });
            Some(inputs.collect_view())
        };
        let outcome = move || {
            status.get().map(|outcome| {
                let (role, class, text) = match outcome {
                    Ok(()) => ("status", "hint", i18n::t().DETAILS_SAVED.to_owned()),
                    Err(error) => ("alert", "error", error),
                };
                view! { <p role=role class=class data-testid="details-outcome">{text}</p> }
            })
        };
        Some(
            view! {
                    <form class="routine-details" on:submit=save data-testid="routine-details">
                        <label for="details-routine">{w.DETAILS_ROUTINE}</label>
                        <select
                            id="details-routine"
                            on:change=move |e| {
                                status.set(None);
                                chosen.set(Some(event_target_value(&e)));
                            }
                        >
                            {options}
                        </select>
                        {fields}
                        <button type="submit" class="primary">{w.SAVE}</button>
                        {outcome}
                    </form>
            }
            .into_any(),
        )
    };
    view! {
        <details class="routine-details-section" on:toggle=move |e| open.set(event_target::<web_sys::HtmlDetailsElement>(&e).open())>
            <summary>
                <h2>{i18n::t().DETAILS_TITLE}</h2>
            </summary>
            <p class="hint">{i18n::t().DETAILS_HINT}</p>
            {form}
        </details>
    }
}

/// The text in the input with this id.
fn input_value(id: &str) -> String {
    let input = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    input.and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok()).map(|i| i.value()).unwrap_or_default()
}
