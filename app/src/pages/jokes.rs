//! The curation workspace: every joke in the browser, searchable and filterable, labelled from
//! the keyboard, with undo and redo for every label and edit (bulk ones included).
//!
//! The page keeps a working copy of the jokes; a change updates it at once and is written to the
//! store in the background. If a write fails, the page says so and reloads the store's truth.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use tallas_core::scores::agreement::cohen_kappa;
use wasm_bindgen::JsCast;

use crate::browser::load_local;
use crate::clock;
use crate::components::{JokeDetail, ShortcutsHelp};
use crate::dupes_worker;
use crate::i18n;
use crate::numbers::hundredths;
use crate::store::{LabelChange, Store, StoreError, WorkspaceRepo, use_store};
use crate::workspace::edits::JokeEdit;
use crate::workspace::names::RoutineFacts;
use crate::workspace::names::routine_facts;
use crate::workspace::search::{JokeFilter, LabelFilter, SearchIndex, SortOrder};
use crate::workspace::shortcuts::{self, Command, Press};
use crate::workspace::undo::{Change, History, Writes};
use crate::workspace::{Joke, Label, TextVersion, VersionKind};

/// Rows have a fixed height so the list only renders what is on screen (plus a margin): with
/// tens of thousands of jokes, rendering all of them would freeze the page.
const ROW_HEIGHT: usize = 76;
/// Rows rendered beyond each edge of the screen, so a fast scroll shows rows rather than blank
/// space before the next render. Every rendered row costs a search keystroke its style, layout and
/// paint, so the margin is kept to a few rows.
const ROWS_BEYOND: usize = 5;

/// What the page loads from the store.
#[derive(Clone)]
struct Loaded {
    jokes: Vec<Joke>,
    routines: HashMap<String, RoutineFacts>,
}

async fn load(store: Store) -> Result<Loaded, StoreError> {
    let repo = store.open().await?;
    let mut jokes = repo.jokes().await?;
    // In the order they were told: routine by routine ("9" before "10"), then by time.
    fn told_order(joke: &Joke) -> (Option<(usize, &str)>, Option<u64>, &str) {
        (joke.routine_id.as_deref().map(|id| (id.len(), id)), joke.start_ms, &joke.id)
    }
    jokes.sort_by(|a, b| told_order(a).cmp(&told_order(b)));
    let routines = routine_facts(&repo.routine_heads().await?, &repo.catalog().await?);
    Ok(Loaded { jokes, routines })
}

#[component]
pub fn JokesPage() -> impl IntoView {
    let store = use_store();
    // Bumped to reload from the store after a failed write.
    let reloads = RwSignal::new(0u32);
    // Here rather than in the workspace, which a reload builds anew: the failure that caused the
    // reload stays on screen.
    let failure = RwSignal::new(None::<String>);
    let loaded = load_local(move || {
        reloads.track();
        load(store)
    });
    view! {
        <section class="page page-wide" aria-labelledby="page-title">
            <h1 id="page-title">{i18n::t().JOKES.label}</h1>
            {move || match loaded.get() {
                None => view! { <p class="muted">{i18n::t().JOKES_LOADING}</p> }.into_any(),
                Some(Ok(loaded)) => view! { <Workspace loaded reloads failure /> }.into_any(),
                Some(Err(error)) => view! { <p class="error" role="alert" data-testid="jokes-error">{error.to_string()}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Workspace(
    loaded: Loaded,
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
    let Loaded { jokes, routines } = loaded;
    let routine_names: HashMap<String, String> = routines.iter().map(|(id, f)| (id.clone(), f.name.clone())).collect();
    let index = SearchIndex::new(&jokes, routines);
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
    let scroll_top = RwSignal::new(0usize);
    let list_height = StoredValue::new(None::<usize>);
    // The window's height bounds the list's visible part; unlike the list's own height it can be
    // read before the list is laid out, and without laying it out.
    let window_rows = RwSignal::new(window_rows());
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        window_rows.set(self::window_rows());
        list_height.set_value(None);
    });
    on_cleanup(move || resize.remove());
    // Near-duplicate clusters are found (in the background worker) the first time they are asked for.
    let clusters = RwSignal::new(Clusters::NotAsked);
    let list_ref = NodeRef::<leptos::html::Div>::new();
    let search_ref = NodeRef::<leptos::html::Input>::new();

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
        spawn_local(async move {
            if let Err(error) = persist(store, writes, at_ms).await {
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
            match dupes_worker::find().await {
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
        Command::Keywords => {
            if let Some(input) = leptos::prelude::document().get_element_by_id(KEYWORDS_INPUT_ID)
                && let Ok(input) = input.dyn_into::<web_sys::HtmlElement>()
            {
                let _ = input.focus();
            }
        }
    };

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

    // Keeps the selected row on screen when the keyboard moves it.
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

    let rendered = move || {
        let top_row = scroll_top.get() / ROW_HEIGHT;
        let first = top_row.saturating_sub(ROWS_BEYOND);
        visible.with(|v| {
            let end = (top_row + window_rows.get() + ROWS_BEYOND).min(v.len());
            (first.min(end)..end).map(|row| (row, v[row])).collect::<Vec<_>>()
        })
    };
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
    let routine_options = move || {
        let mut options: Vec<(String, String)> = routine_names.with_value(|names| {
            let ids: std::collections::BTreeSet<String> =
                jokes.with_untracked(|jokes| jokes.iter().filter_map(|j| j.routine_id.clone()).collect());
            ids.into_iter()
                .map(|id| (names.get(&id).cloned().unwrap_or_else(|| i18n::fill(i18n::t().ROUTINE_N, &[&id])), id))
                .collect()
        });
        options.sort();
        options
    };

    view! {
        <div class="curation">
            // A menu or checkbox gives the keyboard back once a choice is made: the shortcuts ignore
            // keys typed into a field, and a focused one would keep swallowing them.
            <div class="filters" role="search" on:change=release_menu>
                <label class="visually-hidden" for="joke-search">{i18n::t().SEARCH_LABEL}</label>
                <input
                    id="joke-search"
                    type="search"
                    node_ref=search_ref
                    placeholder=i18n::t().SEARCH_PLACEHOLDER
                    autocomplete="off"
                    bind:value=query
                    on:keydown=move |event: web_sys::KeyboardEvent| {
                        // Down, Enter or Escape hands the keyboard back to the list, keeping the
                        // search: Chrome's own Escape would empty the box without telling the list.
                        if matches!(event.key().as_str(), "Escape" | "ArrowDown" | "Enter")
                            && let Some(input) = search_ref.get_untracked()
                        {
                            event.prevent_default();
                            let _ = input.blur();
                        }
                    }
                />
                <label for="label-filter">{i18n::t().LABEL_FILTER}</label>
                <select id="label-filter" on:change=move |e| filters.update(|f| f.label = label_filter_from(&event_target_value(&e)))>
                    {label_options()}
                </select>
                <label for="llm-label-filter">{i18n::t().LLM_LABEL_FILTER}</label>
                <select id="llm-label-filter" on:change=move |e| filters.update(|f| f.llm_label = label_filter_from(&event_target_value(&e)))>
                    {label_options()}
                </select>
                <label for="routine-filter">{i18n::t().ROUTINE_FILTER}</label>
                <select id="routine-filter" on:change=move |e| filters.update(|f| f.routine_id = chosen(&e))>
                    <option value="">{i18n::t().FILTER_ANY_ROUTINE}</option>
                    {routine_options()
                        .into_iter()
                        .map(|(name, id)| view! { <option value=id>{name}</option> })
                        .collect_view()}
                </select>
                <label for="comedian-filter">{i18n::t().COMEDIAN_FILTER}</label>
                <select id="comedian-filter" on:change=move |e| filters.update(|f| f.comedian = chosen(&e))>
                    <option value="">{i18n::t().FILTER_ANY}</option>
                    {comedians.into_iter().map(|name| { let value = name.clone(); view! { <option value=value>{name}</option> } }).collect_view()}
                </select>
                <label for="year-filter">{i18n::t().YEAR_FILTER}</label>
                <select id="year-filter" on:change=move |e| filters.update(|f| f.year = chosen(&e).and_then(|y| y.parse().ok()))>
                    <option value="">{i18n::t().FILTER_ANY}</option>
                    {years.into_iter().map(|year| view! { <option value=year.to_string()>{year.to_string()}</option> }).collect_view()}
                </select>
                <label for="depth-filter">{i18n::t().DEPTH_FILTER}</label>
                <select id="depth-filter" on:change=move |e| filters.update(|f| f.min_depth = chosen(&e).and_then(|d| d.parse().ok()))>
                    <option value="">{i18n::t().FILTER_ANY}</option>
                    {(3u8..=5).map(|d| view! { <option value=d.to_string()>{format!("≥ {d}")}</option> }).collect_view()}
                </select>
                <label>
                    <input type="checkbox" on:change=move |e| filters.update(|f| f.has_errors = event_target_checked(&e)) />
                    {i18n::t().ERRORS_FILTER}
                </label>
                <label>
                    <input
                        type="checkbox"
                        data-testid="duplicates-filter"
                        prop:checked=move || filters.with(|f| f.duplicates)
                        disabled=move || clusters.get() == Clusters::Finding
                        on:change=move |e| show_duplicates(event_target_checked(&e))
                    />
                    {move || if clusters.get() == Clusters::Finding { i18n::t().DUPLICATES_FINDING } else { i18n::t().DUPLICATES_FILTER }}
                </label>
                <label for="sort">{i18n::t().SORT}</label>
                <select id="sort" on:change=move |e| filters.update(|f| f.sort = sort_from(&event_target_value(&e)))>
                    <option value="told">{i18n::t().SORT_TOLD}</option>
                    <option value="deepest">{i18n::t().SORT_DEEPEST}</option>
                    <option value="shortest">{i18n::t().SORT_SHORTEST}</option>
                    <option value="longest">{i18n::t().SORT_LONGEST}</option>
                </select>
                <button type="button" class="link" on:click=move |_| show_help.update(|s| *s = !*s)>
                    {i18n::t().SHORTCUTS}
                </button>
            </div>
            <p class="muted" data-testid="joke-counts" aria-live="polite">{counts}</p>
            <div class="bulk" role="group" aria-label=i18n::t().BULK_LABEL>
                <span>{i18n::t().BULK_LABEL}</span>
                <button type="button" on:click=move |_| bulk(Some(Label::Funny))>{i18n::t().FUNNY}</button>
                <button type="button" on:click=move |_| bulk(Some(Label::NotFunny))>{i18n::t().NOT_FUNNY}</button>
                <button type="button" on:click=move |_| bulk(None)>{i18n::t().CLEAR_LABEL}</button>
                <button type="button" on:click=move |_| undo() disabled=move || !history.with(History::can_undo)>
                    {i18n::t().UNDO}
                </button>
                <button type="button" on:click=move |_| redo() disabled=move || !history.with(History::can_redo)>
                    {i18n::t().REDO}
                </button>
            </div>
            {move || failure.get().map(|message| view! { <p class="error" role="alert" data-testid="curation-error">{message}</p> })}
            <Show when=move || show_help.get()>
                <ShortcutsHelp on_close=Callback::new(move |_| show_help.set(false)) />
            </Show>
            <div class="curation-panes">
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
                            {
                                let (row, position) = item;
                                // Each row reads the fields it shows: a whole joke carries every version of its text.
                                let label = move || jokes.with(|jokes| jokes.get(position).and_then(|j| j.label));
                                let is_selected = move || cursor.get() == row;
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
                                            <span>
                                                {move || {
                                                    jokes
                                                        .with(|jokes| jokes.get(position).and_then(|j| j.routine_id.clone()))
                                                        .map(|id| routine_names.with_value(|n| n.get(&id).cloned().unwrap_or_else(|| i18n::fill(i18n::t().ROUTINE_N, &[&id]))))
                                                }}
                                            </span>
                                        </p>
                                    </div>
                                }
                            }
                        </For>
                    </div>
                </div>
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
                            view! {
                                <JokeDetail
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

/// Where the near-duplicate clusters are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Clusters {
    NotAsked,
    Finding,
    Found,
}

/// The keywords field of the joke view, which `p` focuses.
pub const KEYWORDS_INPUT_ID: &str = "joke-keywords";

/// Rows that fit in the window's height, counting one cut at each edge.
fn window_rows() -> usize {
    let height = web_sys::window().and_then(|w| w.inner_height().ok()).and_then(|h| h.as_f64()).unwrap_or(1080.0);
    // Saturating: a NaN or negative height gives 0, a huge one usize::MAX.
    (height as usize) / ROW_HEIGHT + 2
}

fn move_cursor(cursor: RwSignal<usize>, visible: Memo<Vec<usize>>, step: isize) {
    let len = visible.with_untracked(Vec::len);
    if len == 0 {
        return;
    }
    cursor.update(|c| *c = c.saturating_add_signed(step).min(len - 1));
}

/// Blurs the menu or checkbox a change came from.
fn release_menu(event: leptos::ev::Event) {
    if let Some(field) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = field.blur();
    }
}

/// Shortcuts must not fire while the curator types a search or an edit.
fn typing_in_a_field(event: &web_sys::KeyboardEvent) -> bool {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return false };
    matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || target.is_content_editable()
}

/// The options of a label filter (the curator's or the model's).
fn label_options() -> impl IntoView {
    view! {
        <option value="any">{i18n::t().FILTER_ANY}</option>
        <option value="unlabelled">{i18n::t().FILTER_UNLABELLED}</option>
        <option value="funny">{i18n::t().FUNNY}</option>
        <option value="not_funny">{i18n::t().NOT_FUNNY}</option>
    }
}

/// A `<select>`'s value, `None` for its "any" option (the empty value).
fn chosen(event: &leptos::ev::Event) -> Option<String> {
    Some(event_target_value(event)).filter(|value| !value.is_empty())
}

fn sort_from(value: &str) -> SortOrder {
    match value {
        "deepest" => SortOrder::Deepest,
        "shortest" => SortOrder::Shortest,
        "longest" => SortOrder::Longest,
        _ => SortOrder::Told,
    }
}

fn label_filter_from(value: &str) -> LabelFilter {
    match value {
        "unlabelled" => LabelFilter::Unlabelled,
        "funny" => LabelFilter::Is(Label::Funny),
        "not_funny" => LabelFilter::Is(Label::NotFunny),
        _ => LabelFilter::Any,
    }
}

pub fn label_attr(label: Option<Label>) -> &'static str {
    match label {
        Some(Label::Funny) => "funny",
        Some(Label::NotFunny) => "not_funny",
        None => "none",
    }
}

pub fn label_text(label: Option<Label>) -> &'static str {
    match label {
        Some(Label::Funny) => i18n::t().FUNNY,
        Some(Label::NotFunny) => i18n::t().NOT_FUNNY,
        None => i18n::t().UNLABELLED,
    }
}
