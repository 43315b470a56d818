//! The curator's workspace over the loaded jokes: a working copy that a change updates at once
//! and writes to the store in the background, the search over it, the selection, undo and redo,
//! and the page's parts (filters, list, joke view) wired to them. If a write fails, the page says
//! so and reloads the store's truth.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tallas_core::scores::agreement::cohen_kappa;

use super::detail::{JokeDetail, KEYWORDS_INPUT_ID};
use super::keyboard;
use super::list::JokeList;
use super::shortcuts_help::ShortcutsHelp;
use crate::background::page::duplicates;
use crate::clock;
use crate::components::failed;
use crate::components::joke_catalogue::{Catalogue, load_catalogue};
use crate::components::joke_filters::{Clusters, DuplicatesFilter, Filters, routine_options};
use crate::components::use_ballot_draft;
use crate::i18n;
use crate::numbers::hundredths;
use crate::store::{LabelChange, Store, StoreError, WorkspaceRepo, use_store};
use crate::workspace::edits::JokeEdit;
use crate::workspace::search::{JokeFilter, SearchIndex};
use crate::workspace::shortcuts::Command;
use crate::workspace::undo::{Change, History, Writes};
use crate::workspace::{Label, TextVersion, VersionKind};

pub async fn load(store: Store) -> Result<Catalogue, StoreError> {
    load_catalogue(&store.open().await?).await
}

#[component]
pub fn Workspace(
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
                    <a href=i18n::t().IMPORT.path>{i18n::t().IMPORT.label}</a>
                </p>
            </div>
        }
        .into_any();
    }
    let store = use_store();
    let Catalogue { jokes, routines, crowd } = loaded;
    let routine_names: HashMap<String, String> = routines.iter().map(|(id, f)| (id.clone(), f.name.clone())).collect();
    let routine_choices = routine_options(&jokes, &routines);
    let mut index = SearchIndex::new(&jokes, routines);
    index.set_crowd(&jokes, &crowd);
    let crowd = StoredValue::new(crowd);
    let (years, comedians) = index.choices();
    let index = RwSignal::new(index);
    let jokes = RwSignal::new(jokes);
    let routine_names = StoredValue::new(routine_names);
    let query = RwSignal::new(String::new());
    // Every filter but the query, which has its own signal for the search box.
    let filters = RwSignal::new(JokeFilter::default());
    // Bumped by every change to the jokes or the index, after which an earlier result is stale.
    let revision = RwSignal::new(0u64);
    let last_search = StoredValue::new(None::<(JokeFilter, u64)>);
    let visible = Memo::new(move |previous: Option<&Vec<usize>>| {
        let filter = JokeFilter { query: query.get(), ..filters.get() };
        let current = revision.get();
        let narrows = last_search
            .with_value(|last| last.as_ref().is_some_and(|(older, at)| *at == current && filter.narrows(older)));
        let found = index.with(|index| {
            jokes.with(|jokes| match previous.filter(|_| narrows) {
                Some(shown) => index.narrowing(jokes, &filter, shown),
                None => index.matching(jokes, &filter),
            })
        });
        last_search.set_value(Some((filter, current)));
        found
    });
    let cursor = RwSignal::new(0usize);
    let history = RwSignal::new(History::default());
    let editing = RwSignal::new(None::<String>);
    let show_help = RwSignal::new(false);
    let clusters = RwSignal::new(Clusters::NotAsked);
    let search_ref = NodeRef::<leptos::html::Input>::new();
    // Writes handed to the store and not yet committed; leaving the page now would lose them.
    let unsaved = RwSignal::new(0u32);
    let wrote = RwSignal::new(false);
    let leaving = window_event_listener(leptos::ev::beforeunload, move |event| {
        if unsaved.get_untracked() > 0 {
            // The browser asks the curator whether to leave; the writes go on meanwhile.
            event.prevent_default();
        }
    });
    on_cleanup(move || leaving.remove());

    // A new filter starts at the top of its results.
    Effect::watch(move || (query.get(), filters.get()), move |_, _, _| cursor.set(0), false);

    let selected = move || visible.with(|v| v.get(cursor.get()).copied());
    let position_of = move |id: &str| jokes.with_untracked(|jokes| jokes.iter().position(|j| j.id == id));

    // Applies writes to the working copy now and to the store in the background.
    let write = move |writes: Writes| {
        let at_ms = clock::now_ms();
        revision.update(|r| *r += 1);
        match &writes {
            Writes::Labels(labels) => {
                // One pass, whatever the number of labels: a bulk step can cover every joke.
                let by_id: HashMap<&str, Option<Label>> = labels.iter().map(|(id, l)| (id.as_str(), *l)).collect();
                jokes.update(|jokes| {
                    for joke in jokes.iter_mut() {
                        if let Some(label) = by_id.get(joke.id.as_str()) {
                            joke.label = *label;
                        }
                    }
                });
            }
            Writes::Text { joke_id, text } => {
                if let Some(position) = position_of(joke_id) {
                    let version = TextVersion { kind: VersionKind::Edited, text: text.clone(), at_ms };
                    jokes.update(|jokes| jokes[position].versions.push(version));
                    jokes.with_untracked(|jokes| index.update(|index| index.update(position, &jokes[position])));
                }
            }
            Writes::Edit(edit) => {
                for position in edit.joke_ids().iter().filter_map(|id| position_of(id)) {
                    jokes.update(|jokes| edit.apply(&mut jokes[position]));
                    jokes.with_untracked(|jokes| index.update(|index| index.update(position, &jokes[position])));
                }
            }
        }
        unsaved.update(|n| *n += 1);
        wrote.set(true);
        spawn_local(async move {
            let saved = persist(store, writes, at_ms).await;
            unsaved.update(|n| *n = n.saturating_sub(1));
            if let Err(error) = saved {
                failure.set(Some(format!("{} {error}", i18n::t().CHANGE_NOT_SAVED)));
                // The store is the truth: show it again, and forget steps that no longer apply.
                history.set(History::default());
                reloads.update(|n| *n += 1);
            }
        });
    };
    let change = move |change: Change| {
        failure.set(None);
        write(change.applied());
        history.update(|h| h.record(change));
    };
    // Takes positions in the working copy, so a bulk label reads each joke once.
    let label_jokes = move |positions: Vec<usize>, label: Option<Label>| {
        let before: Vec<(String, Option<Label>)> = jokes.with_untracked(|jokes| {
            positions.iter().filter_map(|&p| jokes.get(p)).map(|j| (j.id.clone(), j.label)).collect()
        });
        if !before.is_empty() {
            change(Change::Labels { before, after: label });
        }
    };
    let label_selected = move |label: Label| {
        let Some(position) = selected() else { return };
        label_jokes(vec![position], Some(label));
        // Labelling moves on, so a curator can go through a list without touching `j`.
        move_cursor(cursor, visible, 1);
    };
    let undo = move || {
        if let Some(step) = history.try_update(|h| h.undo()).flatten() {
            failure.set(None);
            write(step.reverted());
        }
    };
    let redo = move || {
        if let Some(step) = history.try_update(|h| h.redo()).flatten() {
            failure.set(None);
            write(step.applied());
        }
    };
    let save_edit = move |text: String| {
        editing.set(None);
        let Some(position) = selected() else { return };
        let (joke_id, before) =
            jokes.with_untracked(|jokes| (jokes[position].id.clone(), jokes[position].text().to_owned()));
        let after = text.trim().to_owned();
        if after.is_empty() {
            failure.set(Some(i18n::t().EMPTY_EDIT.into()));
        } else if after != before {
            change(Change::Text { joke_id, before, after });
        }
    };

    let save_keywords = move |keywords: Vec<String>| {
        let Some(position) = selected() else { return };
        let (joke_id, before) =
            jokes.with_untracked(|jokes| (jokes[position].id.clone(), jokes[position].keywords.clone()));
        if keywords != before {
            let edit = |keywords| JokeEdit::Keywords { joke_id: joke_id.clone(), keywords };
            change(Change::Edit { before: edit(before), after: edit(keywords) });
        }
    };
    // Merges the selected joke's listed near-duplicates into it, and keeps it selected.
    let merge_selected = move || {
        let Some(survivor) = selected() else { return };
        let (into, joke_ids) = jokes.with_untracked(|jokes| {
            let ids = index.with_untracked(|index| index.duplicates_of(survivor));
            (jokes[survivor].id.clone(), ids.into_iter().map(|p| jokes[p].id.clone()).collect::<Vec<_>>())
        });
        if joke_ids.is_empty() {
            return;
        }
        let merge = |into| JokeEdit::MergedInto { joke_ids: joke_ids.clone(), into };
        change(Change::Edit { before: merge(None), after: merge(Some(into)) });
        if let Some(row) = visible.with_untracked(|v| v.iter().position(|&p| p == survivor)) {
            cursor.set(row);
        }
    };
    let unmerge = move |joke_id: String| {
        let Some(position) = selected() else { return };
        let into = jokes.with_untracked(|jokes| jokes[position].id.clone());
        let edit = |into| JokeEdit::MergedInto { joke_ids: vec![joke_id.clone()], into };
        change(Change::Edit { before: edit(Some(into)), after: edit(None) });
    };
    let show_duplicates = move |shown: bool| {
        if !shown || clusters.get_untracked() == Clusters::Found {
            filters.update(|f| f.duplicates = shown);
            return;
        }
        clusters.set(Clusters::Finding);
        spawn_local(async move {
            match duplicates::find().await {
                Ok(groups) => {
                    jokes.with_untracked(|jokes| index.update(|index| index.set_clusters(jokes, &groups)));
                    revision.update(|r| *r += 1);
                    clusters.set(Clusters::Found);
                    filters.update(|f| f.duplicates = true);
                }
                Err(error) => {
                    clusters.set(Clusters::NotAsked);
                    failure.set(Some(error.to_string()));
                }
            }
        });
    };

    let run = move |command: Command| match command {
        Command::Next => move_cursor(cursor, visible, 1),
        Command::Previous => move_cursor(cursor, visible, -1),
        Command::Funny => label_selected(Label::Funny),
        Command::NotFunny => label_selected(Label::NotFunny),
        Command::Skip => move_cursor(cursor, visible, 1),
        Command::Edit => {
            if let Some(position) = selected() {
                editing.set(Some(jokes.with_untracked(|jokes| jokes[position].text().to_owned())));
            }
        }
        Command::Undo => undo(),
        Command::Redo => redo(),
        Command::Search => {
            if let Some(input) = search_ref.get_untracked() {
                let _ = input.focus();
            }
        }
        Command::ToggleHelp => show_help.update(|shown| *shown = !*shown),
        Command::Merge => merge_selected(),
        Command::Keywords => keyboard::focus_field(KEYWORDS_INPUT_ID),
    };

    keyboard::listen(editing, show_help, run);

    // The workspace's totals and agreement depend on the jokes only, so a search keystroke (which
    // changes what is shown) does not count 20,000 jokes again.
    let totals = Memo::new(move |_| {
        jokes.with(|jokes| {
            // A joke merged into another is counted through that one.
            let (mut total, mut funny, mut not_funny) = (0, 0, 0);
            for joke in jokes.iter().filter(|j| j.merged_into.is_none()) {
                total += 1;
                funny += usize::from(joke.label == Some(Label::Funny));
                not_funny += usize::from(joke.label == Some(Label::NotFunny));
            }
            let w = i18n::t();
            let mut agreement = String::new();
            // Agreement between the refinement model's verdict and the curator, where both exist.
            let pairs = jokes
                .iter()
                .filter(|j| j.merged_into.is_none())
                .map(|j| (j.llm_label.map(|l| l == Label::Funny), j.label.map(|l| l == Label::Funny)));
            if let Some(kappa) = cohen_kappa(pairs) {
                agreement = i18n::fill(w.AGREEMENT_COUNT, &[&w.AGREEMENT, &hundredths(kappa.value), &kappa.items]);
            }
            (total, funny, not_funny, agreement)
        })
    });
    let counts = move || {
        totals.with(|(total, funny, not_funny, agreement)| {
            let shown = visible.with(Vec::len);
            let unlabelled = total - funny - not_funny;
            i18n::fill(i18n::t().COUNTS, &[&shown, total, funny, not_funny, &unlabelled]) + agreement
        })
    };
    let bulk = move |label: Option<Label>| label_jokes(visible.get_untracked(), label);
    // A ballot of what the list shows, made in the Vote area.
    let draft = use_ballot_draft().0;
    let navigate = leptos_router::hooks::use_navigate();
    let vote_on_shown = move |_| {
        let ids = jokes.with_untracked(|jokes| {
            visible.with_untracked(|shown| shown.iter().filter_map(|&p| jokes.get(p)).map(|j| j.id.clone()).collect())
        });
        draft.set(ids);
        navigate(i18n::t().VOTE.path, Default::default());
    };
    view! {
        <div class="curation">
            // A menu or checkbox gives the keyboard back once a choice is made: the shortcuts ignore
            // keys typed into a field, and a focused one would keep swallowing them.
            <Filters
                query
                filters
                search_ref
                routines=routine_choices
                comedians
                years
                duplicates=DuplicatesFilter { clusters, on_change: Callback::new(show_duplicates) }
                show_help
            />
            <p class="muted" data-testid="joke-counts" aria-live="polite">{counts}</p>
            <div class="bulk" role="group" aria-label=i18n::t().BULK_LABEL>
                <span>{i18n::t().BULK_LABEL}</span>
                <button type="button" on:click=move |_| bulk(Some(Label::Funny))>{i18n::t().FUNNY}</button>
                <button type="button" on:click=move |_| bulk(Some(Label::NotFunny))>{i18n::t().NOT_FUNNY}</button>
                <button type="button" on:click=move |_| bulk(None)>{i18n::t().CLEAR_LABEL}</button>
                <button
                    type="button"
                    data-testid="vote-these"
                    title=i18n::t().BALLOT_VOTE_THESE_HINT
                    disabled=move || visible.with(Vec::is_empty)
                    on:click=vote_on_shown
                >
                    {move || i18n::fill(i18n::t().BALLOT_VOTE_THESE, &[&visible.with(Vec::len)])}
                </button>
                <button type="button" on:click=move |_| undo() disabled=move || !history.with(History::can_undo)>
                    {i18n::t().UNDO}
                </button>
                <button type="button" on:click=move |_| redo() disabled=move || !history.with(History::can_redo)>
                    {i18n::t().REDO}
                </button>
                <span
                    class="muted"
                    data-testid="save-state"
                    data-unsaved=move || unsaved.get().to_string()
                    aria-live="polite"
                >
                    {move || match (unsaved.get(), wrote.get()) {
                        (0, false) => "",
                        (0, true) => i18n::t().CHANGES_SAVED,
                        _ => i18n::t().CHANGES_SAVING,
                    }}
                </span>
            </div>
            {move || failure.get().map(|message| failed(message, "curation-error"))}
            <Show when=move || show_help.get()>
                <ShortcutsHelp on_close=Callback::new(move |_| show_help.set(false)) />
            </Show>
            <div class="curation-panes">
                <JokeList jokes visible cursor routine_names />
                {move || {
                    selected()
                        .and_then(|position| jokes.with(|jokes| jokes.get(position).cloned()))
                        .map(|joke| {
                            let routine = joke.routine_id.as_ref().and_then(|id| routine_names.with_value(|n| n.get(id).cloned()));
                            let duplicates = selected().map_or_else(Vec::new, |position| {
                                let positions = index.with(|index| index.duplicates_of(position));
                                jokes.with(|jokes| positions.into_iter().map(|p| jokes[p].clone()).collect())
                            });
                            let merged_here =
                                jokes.with(|jokes| jokes.iter().filter(|j| j.merged_into.as_ref() == Some(&joke.id)).cloned().collect());
                            let crowd_label = crowd.with_value(|crowd| crowd.get(&joke.id).cloned());
                            view! {
                                <JokeDetail
                                    crowd=crowd_label
                                    joke
                                    routine
                                    duplicates
                                    merged_here
                                    editing
                                    on_label=Callback::new(move |label: Option<Label>| match label {
                                        Some(label) => label_selected(label),
                                        None => {
                                            if let Some(position) = selected() {
                                                label_jokes(vec![position], None);
                                            }
                                        }
                                    })
                                    on_save=Callback::new(save_edit)
                                    on_keywords=Callback::new(save_keywords)
                                    on_merge=Callback::new(move |()| merge_selected())
                                    on_unmerge=Callback::new(unmerge)
                                />
                            }
                        })
                }}
            </div>
        </div>
    }
    .into_any()
}

async fn persist(store: Store, writes: Writes, at_ms: u64) -> Result<(), StoreError> {
    let repo = store.open().await?;
    match writes {
        Writes::Labels(labels) => {
            let changes: Vec<LabelChange> =
                labels.into_iter().map(|(joke_id, label)| LabelChange { joke_id, label }).collect();
            repo.set_labels(&changes, at_ms).await
        }
        Writes::Text { joke_id, text } => {
            repo.add_version(&joke_id, TextVersion { kind: VersionKind::Edited, text, at_ms }).await.map(drop)
        }
        Writes::Edit(edit) => repo.edit_jokes(&edit).await,
    }
}

fn move_cursor(cursor: RwSignal<usize>, visible: Memo<Vec<usize>>, step: isize) {
    let len = visible.with_untracked(Vec::len);
    if len == 0 {
        return;
    }
    cursor.update(|c| *c = c.saturating_add_signed(step).min(len - 1));
}
