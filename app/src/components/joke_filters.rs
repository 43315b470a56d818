//! The search box and the filters over the jokes: label (the curator's and the model's), routine,
//! comedian, year, mentalization depth, the crowd's votes, jokes with errors, near-duplicates, and
//! the sort. Jokes lays them above its list; Vote chooses a ballot's jokes with them.

use std::collections::{BTreeSet, HashMap};

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::domain::names::RoutineFacts;
use crate::domain::search::{CrowdFilter, JokeFilter, LabelFilter, SortOrder};
use crate::domain::{Joke, Label};
use crate::i18n;

/// Where the near-duplicate clusters are: found (in the background worker) the first time they
/// are asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clusters {
    NotAsked,
    Finding,
    Found,
}

/// The near-duplicates filter: the clusters' state, and what ticking it asks for.
#[derive(Clone, Copy)]
pub struct DuplicatesFilter {
    pub clusters: RwSignal<Clusters>,
    /// Called with `true` when ticked, `false` when cleared.
    pub on_change: Callback<bool>,
}

/// `(name, id)` of the routines the jokes come from, by name; a routine without facts is named
/// by its id.
pub fn routine_options(jokes: &[Joke], routines: &HashMap<String, RoutineFacts>) -> Vec<(String, String)> {
    let ids: BTreeSet<&String> = jokes.iter().filter_map(|j| j.routine_id.as_ref()).collect();
    let mut options: Vec<(String, String)> = ids
        .into_iter()
        .map(|id| {
            let name = routines.get(id).map_or_else(|| i18n::fill(i18n::t().ROUTINE_N, &[id]), |f| f.name.clone());
            (name, id.clone())
        })
        .collect();
    options.sort();
    options
}

#[component]
pub fn Filters(
    /// The search box's text.
    query: RwSignal<String>,
    /// Every filter but the query.
    filters: RwSignal<JokeFilter>,
    search_ref: NodeRef<leptos::html::Input>,
    /// `(name, id)` of the routines the jokes come from, by name.
    routines: Vec<(String, String)>,
    comedians: Vec<String>,
    years: Vec<u16>,
    /// Offered where near-duplicates can be found.
    #[prop(optional)]
    duplicates: Option<DuplicatesFilter>,
    /// The keyboard shortcuts' help, where the page has shortcuts.
    #[prop(optional)]
    show_help: Option<RwSignal<bool>>,
) -> impl IntoView {
    view! {
        <div class="filters" role="search" on:change=release_menu>
            {search_box(query, search_ref)}
            {menus(filters, routines, comedians, years)}
            {toggles(filters, duplicates, show_help)}
        </div>
    }
}

/// The search box: typing filters the list; Down, Enter or Escape hands the keyboard back to it.
fn search_box(query: RwSignal<String>, search_ref: NodeRef<leptos::html::Input>) -> impl IntoView {
    view! {
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
    }
}

/// The menus, each a field with its label above.
fn menus(
    filters: RwSignal<JokeFilter>,
    routines: Vec<(String, String)>,
    comedians: Vec<String>,
    years: Vec<u16>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for="label-filter">{i18n::t().LABEL_FILTER}</label>
            <select id="label-filter" on:change=move |e| filters.update(|f| f.label = label_filter_from(&event_target_value(&e)))>
                {label_options()}
            </select>
        </div>
        <div class="field">
            <label for="llm-label-filter">{i18n::t().LLM_LABEL_FILTER}</label>
            <select id="llm-label-filter" on:change=move |e| filters.update(|f| f.llm_label = label_filter_from(&event_target_value(&e)))>
                {label_options()}
            </select>
        </div>
        <div class="field">
            <label for="routine-filter">{i18n::t().ROUTINE_FILTER}</label>
            <select id="routine-filter" on:change=move |e| filters.update(|f| f.routine_id = chosen(&e))>
                <option value="">{i18n::t().FILTER_ANY_ROUTINE}</option>
                {routines
                    .into_iter()
                    .map(|(name, id)| view! { <option value=id>{name}</option> })
                    .collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="comedian-filter">{i18n::t().COMEDIAN_FILTER}</label>
            <select id="comedian-filter" on:change=move |e| filters.update(|f| f.comedian = chosen(&e))>
                <option value="">{i18n::t().FILTER_ANY}</option>
                {comedians.into_iter().map(|name| { let value = name.clone(); view! { <option value=value>{name}</option> } }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="year-filter">{i18n::t().YEAR_FILTER}</label>
            <select id="year-filter" on:change=move |e| filters.update(|f| f.year = chosen(&e).and_then(|y| y.parse().ok()))>
                <option value="">{i18n::t().FILTER_ANY}</option>
                {years.into_iter().map(|year| view! { <option value=year.to_string()>{year.to_string()}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="depth-filter">{i18n::t().DEPTH_FILTER}</label>
            <select id="depth-filter" on:change=move |e| filters.update(|f| f.min_depth = chosen(&e).and_then(|d| d.parse().ok()))>
                <option value="">{i18n::t().FILTER_ANY}</option>
                {(3u8..=5).map(|d| view! { <option value=d.to_string()>{format!("≥ {d}")}</option> }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for="crowd-filter">{i18n::t().CROWD_FILTER}</label>
            <select id="crowd-filter" data-testid="crowd-filter" on:change=move |e| filters.update(|f| f.crowd = crowd_filter_from(&event_target_value(&e)))>
                <option value="any">{i18n::t().CROWD_ANY}</option>
                <option value="voted">{i18n::t().CROWD_VOTED}</option>
                <option value="unvoted">{i18n::t().CROWD_UNVOTED}</option>
                <option value="funny">{i18n::t().CROWD_FUNNY}</option>
                <option value="not_funny">{i18n::t().CROWD_NOT_FUNNY}</option>
            </select>
        </div>
    }
}

/// The ticks (errors, near-duplicates), the sort and the shortcuts' help.
fn toggles(
    filters: RwSignal<JokeFilter>,
    duplicates: Option<DuplicatesFilter>,
    show_help: Option<RwSignal<bool>>,
) -> impl IntoView {
    view! {
        <label>
            <input type="checkbox" on:change=move |e| filters.update(|f| f.has_errors = event_target_checked(&e)) />
            {i18n::t().ERRORS_FILTER}
        </label>
        {duplicates.map(|DuplicatesFilter { clusters, on_change }| view! {
            <label>
                <input
                    type="checkbox"
                    data-testid="duplicates-filter"
                    prop:checked=move || filters.with(|f| f.duplicates)
                    disabled=move || clusters.get() == Clusters::Finding
                    on:change=move |e| on_change.run(event_target_checked(&e))
                />
                {move || if clusters.get() == Clusters::Finding { i18n::t().DUPLICATES_FINDING } else { i18n::t().DUPLICATES_FILTER }}
            </label>
        })}
        <div class="field">
            <label for="sort">{i18n::t().SORT}</label>
            <select id="sort" on:change=move |e| filters.update(|f| f.sort = sort_from(&event_target_value(&e)))>
                <option value="told">{i18n::t().SORT_TOLD}</option>
                <option value="deepest">{i18n::t().SORT_DEEPEST}</option>
                <option value="shortest">{i18n::t().SORT_SHORTEST}</option>
                <option value="longest">{i18n::t().SORT_LONGEST}</option>
                <option value="crowd">{i18n::t().SORT_CROWD}</option>
            </select>
        </div>
        {show_help.map(|show_help| view! {
            <button type="button" class="link" on:click=move |_| show_help.update(|s| *s = !*s)>
                {i18n::t().SHORTCUTS}
            </button>
        })}
    }
}

/// Blurs the menu or checkbox a change came from.
fn release_menu(event: leptos::ev::Event) {
    if let Some(field) = event.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = field.blur();
    }
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
        "crowd" => SortOrder::Crowd,
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

/// The crowd menu's presets: "funny" is a share of at least 70% over at least 5 votes, as a
/// curator would read a clear crowd verdict; "not funny" at most 30%.
fn crowd_filter_from(value: &str) -> CrowdFilter {
    match value {
        "voted" => CrowdFilter::Voted,
        "unvoted" => CrowdFilter::Unvoted,
        "funny" => CrowdFilter::FunnyAtLeast { percent: 70, min_votes: 5 },
        "not_funny" => CrowdFilter::FunnyAtMost { percent: 30, min_votes: 5 },
        _ => CrowdFilter::Any,
    }
}
