//! The curation's views over its state (`curation::Curation`): the filters, the counts, the
//! toolbar of bulk actions, the list and the selected joke.

use leptos::prelude::*;

use super::curation::{Choices, Curation};
use super::detail::JokeDetail;
use super::list::JokeList;
use super::shortcuts_help::ShortcutsHelp;
use crate::components::failed;
use crate::components::joke_catalogue::Catalogue;
use crate::components::joke_filters::{DuplicatesFilter, Filters};
use crate::components::use_ballot_draft;
use crate::domain::undo::History;
use crate::domain::{Joke, Label};
use crate::i18n;

#[component]
pub fn Board(
    loaded: Catalogue,
    reloads: RwSignal<u32>,
    /// The last change or search that failed, with why.
    failure: RwSignal<Option<String>>,
) -> impl IntoView {
    if loaded.jokes.is_empty() {
        return view! {
            <div class="empty-state" data-testid="jokes-empty">
                <p>{i18n::t().JOKES_EMPTY}</p>
                <p>
                    <a href=crate::areas::Area::Import.path()>{i18n::t().IMPORT.label}</a>
                </p>
            </div>
        }
        .into_any();
    }
    let (curation, Choices { routines, comedians, years }) = Curation::new(loaded, reloads, failure);
    curation.listen();
    let duplicates = DuplicatesFilter {
        clusters: curation.clusters,
        on_change: Callback::new(move |shown| curation.show_duplicates(shown)),
    };
    view! {
        <div class="curation">
            // A menu or checkbox gives the keyboard back once a choice is made: the shortcuts ignore
            // keys typed into a field, and a focused one would keep swallowing them.
            <Filters
                query=curation.query
                filters=curation.filters
                search_ref=curation.search_ref
                routines
                comedians
                years
                duplicates
                show_help=curation.show_help
            />
            <p class="muted" data-testid="joke-counts" aria-live="polite">{move || curation.counts()}</p>
            <Toolbar curation />
            {move || failure.get().map(|message| failed(message, "curation-error"))}
            <Show when=move || curation.show_help.get()>
                <ShortcutsHelp on_close=Callback::new(move |_| curation.show_help.set(false)) />
            </Show>
            <div class="curation-panes">
                <JokeList
                    jokes=curation.jokes
                    visible=curation.visible
                    cursor=curation.cursor
                    routine_names=curation.routine_names
                />
                // Drawn again when the selection, the jokes or the duplicates found change.
                {move || {
                    curation.selected_joke().map(|joke| {
                        let relatives = curation.relatives(&joke);
                        view! { <SelectedJoke curation joke relatives /> }
                    })
                }}
            </div>
        </div>
    }
    .into_any()
}

/// Labels for every joke shown, a ballot of them, undo and redo, and whether the changes are stored.
#[component]
fn Toolbar(curation: Curation) -> impl IntoView {
    let w = i18n::t();
    // A ballot of what the list shows, made in the Vote area.
    let draft = use_ballot_draft().0;
    let navigate = leptos_router::hooks::use_navigate();
    let vote_on_shown = move |_| {
        draft.set(curation.shown_ids());
        navigate(crate::areas::Area::Vote.path(), Default::default());
    };
    let shown = move || curation.visible.with(Vec::len);
    view! {
        <div class="bulk" role="group" aria-label=w.BULK_LABEL>
            <span>{w.BULK_LABEL}</span>
            <button type="button" on:click=move |_| curation.label_shown(Some(Label::Funny))>{w.FUNNY}</button>
            <button type="button" on:click=move |_| curation.label_shown(Some(Label::NotFunny))>{w.NOT_FUNNY}</button>
            <button type="button" on:click=move |_| curation.label_shown(None)>{w.CLEAR_LABEL}</button>
            <button
                type="button"
                data-testid="vote-these"
                title=w.BALLOT_VOTE_THESE_HINT
                disabled=move || shown() == 0
                on:click=vote_on_shown
            >
                {move || i18n::fill(i18n::t().BALLOT_VOTE_THESE, &[&shown()])}
            </button>
            <button
                type="button"
                on:click=move |_| curation.undo()
                disabled=move || !curation.history.with(History::can_undo)
            >
                {w.UNDO}
            </button>
            <button
                type="button"
                on:click=move |_| curation.redo()
                disabled=move || !curation.history.with(History::can_redo)
            >
                {w.REDO}
            </button>
            <SaveState curation />
        </div>
    }
}

/// "Saving…" while writes are on their way to IndexedDB, "Changes saved" once they are stored.
#[component]
fn SaveState(curation: Curation) -> impl IntoView {
    view! {
        <span
            class="muted"
            data-testid="save-state"
            data-unsaved=move || curation.unsaved.get().to_string()
            aria-live="polite"
        >
            {move || match (curation.unsaved.get(), curation.wrote.get()) {
                (0, false) => "",
                (0, true) => i18n::t().CHANGES_SAVED,
                _ => i18n::t().CHANGES_SAVING,
            }}
        </span>
    }
}

/// The selected joke, with what the curator can do to it.
#[component]
fn SelectedJoke(
    curation: Curation,
    joke: Joke,
    /// Its listed near-duplicates, and the jokes merged into it.
    relatives: (Vec<Joke>, Vec<Joke>),
) -> impl IntoView {
    let routine = curation.routine_name(&joke);
    let (duplicates, merged_here) = relatives;
    let crowd = curation.crowd_of(&joke);
    view! {
        <JokeDetail
            crowd
            joke
            routine
            duplicates
            merged_here
            editing=curation.editing
            on_label=Callback::new(move |label| curation.label_selected_or_clear(label))
            on_save=Callback::new(move |text| curation.save_edit(text))
            on_keywords=Callback::new(move |keywords| curation.save_keywords(keywords))
            on_merge=Callback::new(move |()| curation.merge_selected())
            on_unmerge=Callback::new(move |joke_id| curation.unmerge(joke_id))
        />
    }
}
