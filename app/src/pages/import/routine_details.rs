//! The form to type a routine's details (comedians, show, year, YouTube video): for transcripts no
//! routines table described, or to correct what one said. The background worker saves them as an
//! import of that routine's metadata (`details_worker`), so lists and filters name the routine by
//! them and windows cut afterwards carry its video.
//!
//! The section is closed until the curator opens it, and only then does a worker read the
//! routines: most visits to the import page are to import. Each field is bound to a draft, which
//! choosing a routine fills with what it has; what the curator typed survives a re-read of the
//! routines (after an import or a save).

use std::rc::Rc;

use leptos::prelude::*;

use crate::background::messages::Choice;
use crate::background::page::details;
use crate::browser::load_local;
use crate::components::failed;
use crate::domain::details::TypedDetails;
use crate::failure::Failure;
use crate::i18n;

/// The inputs' ids, in the order of [`TypedDetails`]'s fields.
const FIELDS: [&str; 4] = ["details-comedians", "details-show", "details-year", "details-video"];

/// The form's drafts, one per field of [`TypedDetails`].
#[derive(Clone, Copy)]
struct Drafts([RwSignal<String>; 4]);

impl Drafts {
    fn new() -> Self {
        Drafts(std::array::from_fn(|_| RwSignal::new(String::new())))
    }

    fn fill(self, typed: TypedDetails) {
        for (draft, value) in self.0.iter().zip([typed.comedians, typed.show, typed.year, typed.video]) {
            draft.set(value);
        }
    }

    fn typed(self) -> TypedDetails {
        let [comedians, show, year, video] = self.0.map(|draft| draft.get_untracked());
        TypedDetails { comedians, show, year, video }
    }
}

/// The routine chosen, its drafts, and what the last save came to.
#[derive(Clone, Copy)]
struct DetailsForm {
    /// Bumped by a save, to read the routines again (for the routine's new name).
    saves: RwSignal<u32>,
    chosen: RwSignal<Option<String>>,
    drafts: Drafts,
    status: RwSignal<Option<Result<(), Failure>>>,
}

impl DetailsForm {
    /// Shows a routine's details as they stand.
    fn choose(self, choice: Option<&Choice>) {
        self.status.set(None);
        self.drafts.fill(choice.map(|c| c.details.clone()).unwrap_or_default());
        self.chosen.set(choice.map(|c| c.id.clone()));
    }

    fn save(self) {
        let Some(id) = self.chosen.get_untracked() else { return };
        let typed = self.drafts.typed();
        leptos::task::spawn_local(async move {
            let saved = details::save(&id, &typed).await;
            if saved.is_ok() {
                self.saves.update(|n| *n += 1);
            }
            self.status.set(Some(saved));
        });
    }
}

#[component]
pub fn RoutineDetails(
    /// Changes after each import, which may have brought routines to describe.
    imports: RwSignal<usize>,
) -> impl IntoView {
    let form = DetailsForm {
        saves: RwSignal::new(0),
        chosen: RwSignal::new(None),
        drafts: Drafts::new(),
        status: RwSignal::new(None),
    };
    let open = RwSignal::new(false);
    let loaded = load_local(move || {
        imports.track();
        form.saves.track();
        let open = open.get();
        async move { if open { details::list().await.map(Some) } else { Ok(None) } }
    });
    let shown = move || match loaded.get()? {
        Ok(None) => None,
        Ok(Some(choices)) if choices.is_empty() => {
            Some(view! { <p class="empty-state">{i18n::t().RUN_NOTHING}</p> }.into_any())
        }
        Ok(Some(choices)) => Some(details_form(form, choices).into_any()),
        Err(error) => Some(failed(error.to_string(), "details-outcome")),
    };
    view! {
        <details class="routine-details-section" on:toggle=move |e| open.set(event_target::<web_sys::HtmlDetailsElement>(&e).open())>
            <summary>
                <h2>{i18n::t().DETAILS_TITLE}</h2>
            </summary>
            <p class="hint">{i18n::t().DETAILS_HINT}</p>
            {shown}
        </details>
    }
}

fn details_form(form: DetailsForm, choices: Vec<Choice>) -> impl IntoView {
    // The first routine without details, until the curator chooses one.
    if form.chosen.get_untracked().is_none() {
        form.choose(choices.iter().find(|c| !c.described).or(choices.first()));
    }
    let w = i18n::t();
    let options = choices
        .iter()
        .map(|c| {
            let selected = form.chosen.get_untracked().as_deref() == Some(c.id.as_str());
            view! { <option value=c.id.clone() selected=selected>{c.name.clone()}</option> }
        })
        .collect_view();
    let labels = [w.DETAILS_COMEDIANS, w.DETAILS_SHOW, w.DETAILS_YEAR, w.DETAILS_VIDEO];
    let fields = FIELDS.into_iter().zip(labels).zip(form.drafts.0).map(|((id, label), draft)| {
        view! {
            <label for=id>{label}</label>
            <input id=id type="text" bind:value=draft />
        }
    });
    let fields = fields.collect_view();
    let choices = Rc::new(choices);
    let outcome = move || {
        form.status.get().map(|outcome| {
            let (role, class, text) = match outcome {
                Ok(()) => ("status", "hint", i18n::t().DETAILS_SAVED.to_owned()),
                Err(error) => ("alert", "error", error.to_string()),
            };
            view! { <p role=role class=class data-testid="details-outcome">{text}</p> }
        })
    };
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        form.save();
    };
    view! {
        <form class="routine-details" on:submit=save data-testid="routine-details">
            <label for="details-routine">{w.DETAILS_ROUTINE}</label>
            <select
                id="details-routine"
                on:change=move |e| {
                    let id = event_target_value(&e);
                    form.choose(choices.iter().find(|c| c.id == id));
                }
            >
                {options}
            </select>
            {fields}
            <button type="submit" class="primary">{w.SAVE}</button>
            {outcome}
        </form>
    }
}
