//! The curation's state over the loaded jokes: a working copy that a change updates at once and
//! writes to the store in the background, the search over it, the selection, undo and redo. Each
//! thing a curator does is one named operation here; the views (`board`) only read the state and
//! call them. If a write fails, the page says so and reloads the store's truth.

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;
use leptos::task::spawn_local;
use tallas_core::scores::agreement::cohen_kappa;

use super::detail::KEYWORDS_INPUT_ID;
use super::keyboard;
use crate::background::page::duplicates;
use crate::clock;
use crate::components::joke_catalogue::{Catalogue, load_catalogue};
use crate::components::joke_filters::{Clusters, routine_options};
use crate::domain::crowd::CrowdLabel;
use crate::domain::edits::JokeEdit;
use crate::domain::search::{JokeFilter, SearchIndex};
use crate::domain::shortcuts::Command;
use crate::domain::undo::{Change, History, Writes};
use crate::domain::{Joke, Label, TextVersion, VersionKind};
use crate::i18n;
use crate::numbers::hundredths;
use crate::store::{JokeRepo, LabelChange, Store, StoreError, use_store};

pub async fn load(store: Store) -> Result<Catalogue, StoreError> {
    load_catalogue(&store.open().await?).await
}

/// What the filters offer, from the jokes as loaded.
pub struct Choices {
    /// `(name, id)` of the routines the jokes come from, by name.
    pub routines: Vec<(String, String)>,
    pub comedians: Vec<String>,
    pub years: Vec<u16>,
}

/// The curation's state: every part a signal (or a value kept for the page's life), so it is
/// `Copy` and each view and operation takes it whole.
#[derive(Clone, Copy)]
pub struct Curation {
    store: Store,
    /// The working copy of every joke.
    pub jokes: RwSignal<Vec<Joke>>,
    index: RwSignal<SearchIndex>,
    pub routine_names: StoredValue<HashMap<String, String>>,
    crowd: StoredValue<BTreeMap<String, CrowdLabel>>,
    /// The search box's text.
    pub query: RwSignal<String>,
    /// Every filter but the query.
    pub filters: RwSignal<JokeFilter>,
    /// Bumped by every change to the jokes or the index, after which an earlier result is stale.
    revision: RwSignal<u64>,
    /// Positions in `jokes` of the jokes shown, in order.
    pub visible: Memo<Vec<usize>>,
    /// The selected row of `visible`.
    pub cursor: RwSignal<usize>,
    pub history: RwSignal<History>,
    /// The draft while the selected joke's text is being edited.
    pub editing: RwSignal<Option<String>>,
    pub show_help: RwSignal<bool>,
    pub clusters: RwSignal<Clusters>,
    pub search_ref: NodeRef<leptos::html::Input>,
    /// Writes handed to the store and not yet committed; leaving the page now would lose them.
    pub unsaved: RwSignal<u32>,
    /// Whether anything was written since the page opened.
    pub wrote: RwSignal<bool>,
    /// The last change or search that failed, with why (kept by the page across reloads).
    pub failure: RwSignal<Option<String>>,
    /// Bumped to read the store again after a failed write.
    reloads: RwSignal<u32>,
    /// The jokes' totals and the model-vs-curator agreement, counted when the jokes change and not
    /// on a search keystroke.
    totals: Memo<Totals>,
}

#[derive(Clone, PartialEq)]
struct Totals {
    /// Jokes not merged into another (a merged one counts through the joke it went into).
    total: usize,
    funny: usize,
    not_funny: usize,
    /// The agreement sentence, empty where no joke has both labels.
    agreement: String,
}

impl Curation {
    pub fn new(loaded: Catalogue, reloads: RwSignal<u32>, failure: RwSignal<Option<String>>) -> (Self, Choices) {
        let Catalogue { jokes, routines, crowd } = loaded;
        let routine_names = routines.iter().map(|(id, file)| (id.clone(), file.name.clone())).collect();
        let routine_choices = routine_options(&jokes, &routines);
        let mut index = SearchIndex::new(&jokes, routines);
        index.set_crowd(&jokes, &crowd);
        let (years, comedians) = index.choices();
        let index = RwSignal::new(index);
        let jokes = RwSignal::new(jokes);
        let (query, filters, revision) =
            (RwSignal::new(String::new()), RwSignal::new(JokeFilter::default()), RwSignal::new(0));
        let state = Self {
            store: use_store(),
            jokes,
            index,
            routine_names: StoredValue::new(routine_names),
            crowd: StoredValue::new(crowd),
            query,
            filters,
            revision,
            visible: search(jokes, index, query, filters, revision),
            cursor: RwSignal::new(0),
            history: RwSignal::new(History::default()),
            editing: RwSignal::new(None),
            show_help: RwSignal::new(false),
            clusters: RwSignal::new(Clusters::NotAsked),
            search_ref: NodeRef::new(),
            unsaved: RwSignal::new(0),
            wrote: RwSignal::new(false),
            failure,
            reloads,
            totals: Memo::new(move |_| jokes.with(|jokes| totals(jokes))),
        };
        // A new filter starts at the top of its results.
        Effect::watch(move || (query.get(), filters.get()), move |_, _, _| state.cursor.set(0), false);
        (state, Choices { routines: routine_choices, comedians, years })
    }

    /// Keeps the page from closing silently with writes still on their way, and runs the keyboard's
    /// commands, while the calling view lives.
    pub fn listen(self) {
        let leaving = window_event_listener(leptos::ev::beforeunload, move |event| {
            if self.unsaved.get_untracked() > 0 {
                // The browser asks the curator whether to leave; the writes go on meanwhile.
                event.prevent_default();
            }
        });
        on_cleanup(move || leaving.remove());
        keyboard::listen(self.editing, self.show_help, move |command| self.run(command));
    }

    /// The position in `jokes` of the selected joke.
    pub fn selected(self) -> Option<usize> {
        self.visible.with(|v| v.get(self.cursor.get()).copied())
    }

    /// The selected joke, as it is now.
    pub fn selected_joke(self) -> Option<Joke> {
        self.selected().and_then(|position| self.jokes.with(|jokes| jokes.get(position).cloned()))
    }

    /// The selected joke's listed near-duplicates, and the jokes merged into it.
    pub fn relatives(self, joke: &Joke) -> (Vec<Joke>, Vec<Joke>) {
        let duplicates = self.selected().map_or_else(Vec::new, |position| {
            let positions = self.index.with(|index| index.duplicates_of(position));
            self.jokes.with(|jokes| positions.into_iter().map(|p| jokes[p].clone()).collect())
        });
        let merged_here = self
            .jokes
            .with(|jokes| jokes.iter().filter(|j| j.merged_into.as_ref() == Some(&joke.id)).cloned().collect());
        (duplicates, merged_here)
    }

    pub fn routine_name(self, joke: &Joke) -> Option<String> {
        joke.routine_id.as_ref().and_then(|id| self.routine_names.with_value(|names| names.get(id).cloned()))
    }

    pub fn crowd_of(self, joke: &Joke) -> Option<CrowdLabel> {
        self.crowd.with_value(|crowd| crowd.get(&joke.id).cloned())
    }

    /// "N shown of M: …", with the agreement of the model's verdicts and the curator's labels.
    pub fn counts(self) -> String {
        self.totals.with(|Totals { total, funny, not_funny, agreement }| {
            let shown = self.visible.with(Vec::len);
            let unlabelled = total - funny - not_funny;
            i18n::fill(i18n::t().COUNTS, &[&shown, total, funny, not_funny, &unlabelled]) + agreement
        })
    }

    /// Runs a keyboard command.
    pub fn run(self, command: Command) {
        match command {
            Command::Next | Command::Skip => self.move_cursor(1),
            Command::Previous => self.move_cursor(-1),
            Command::Funny => self.label_selected(Label::Funny),
            Command::NotFunny => self.label_selected(Label::NotFunny),
            Command::Edit => self.start_editing(),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::Search => {
                if let Some(input) = self.search_ref.get_untracked() {
                    let _ = input.focus();
                }
            }
            Command::ToggleHelp => self.show_help.update(|shown| *shown = !*shown),
            Command::Merge => self.merge_selected(),
            Command::Keywords => keyboard::focus_field(KEYWORDS_INPUT_ID),
        }
    }

    pub fn move_cursor(self, step: isize) {
        let len = self.visible.with_untracked(Vec::len);
        if len > 0 {
            self.cursor.update(|c| *c = c.saturating_add_signed(step).min(len - 1));
        }
    }

    /// Labels the selected joke (or takes its label away) and, for a label, moves on, so a
    /// curator can go through a list without touching `j`.
    pub fn label_selected_or_clear(self, label: Option<Label>) {
        match label {
            Some(label) => self.label_selected(label),
            None => {
                if let Some(position) = self.selected() {
                    self.label_jokes(vec![position], None);
                }
            }
        }
    }

    fn label_selected(self, label: Label) {
        let Some(position) = self.selected() else { return };
        self.label_jokes(vec![position], Some(label));
        self.move_cursor(1);
    }

    /// Labels every joke the list shows, as one step to undo.
    pub fn label_shown(self, label: Option<Label>) {
        self.label_jokes(self.visible.get_untracked(), label);
    }

    /// Takes positions in the working copy, so a bulk label reads each joke once.
    fn label_jokes(self, positions: Vec<usize>, label: Option<Label>) {
        let before: Vec<(String, Option<Label>)> = self.jokes.with_untracked(|jokes| {
            positions.iter().filter_map(|&p| jokes.get(p)).map(|j| (j.id.clone(), j.label)).collect()
        });
        if !before.is_empty() {
            self.change(Change::Labels { before, after: label });
        }
    }

    fn start_editing(self) {
        if let Some(position) = self.selected() {
            self.editing.set(Some(self.jokes.with_untracked(|jokes| jokes[position].text().to_owned())));
        }
    }

    /// Keeps the edited text as the joke's new version; an empty one is refused, an unchanged one
    /// ignored.
    pub fn save_edit(self, text: String) {
        self.editing.set(None);
        let Some(position) = self.selected() else { return };
        let (joke_id, before) =
            self.jokes.with_untracked(|jokes| (jokes[position].id.clone(), jokes[position].text().to_owned()));
        let after = text.trim().to_owned();
        if after.is_empty() {
            self.failure.set(Some(i18n::t().EMPTY_EDIT.into()));
        } else if after != before {
            self.change(Change::Text { joke_id, before, after });
        }
    }

    pub fn save_keywords(self, keywords: Vec<String>) {
        let Some(position) = self.selected() else { return };
        let (joke_id, before) =
            self.jokes.with_untracked(|jokes| (jokes[position].id.clone(), jokes[position].keywords.clone()));
        if keywords != before {
            let edit = |keywords| JokeEdit::Keywords { joke_id: joke_id.clone(), keywords };
            self.change(Change::Edit { before: edit(before), after: edit(keywords) });
        }
    }

    /// Merges the selected joke's listed near-duplicates into it, and keeps it selected.
    pub fn merge_selected(self) {
        let Some(survivor) = self.selected() else { return };
        let (into, joke_ids) = self.jokes.with_untracked(|jokes| {
            let ids = self.index.with_untracked(|index| index.duplicates_of(survivor));
            (jokes[survivor].id.clone(), ids.into_iter().map(|p| jokes[p].id.clone()).collect::<Vec<_>>())
        });
        if joke_ids.is_empty() {
            return;
        }
        let merge = |into| JokeEdit::MergedInto { joke_ids: joke_ids.clone(), into };
        self.change(Change::Edit { before: merge(None), after: merge(Some(into)) });
        if let Some(row) = self.visible.with_untracked(|v| v.iter().position(|&p| p == survivor)) {
            self.cursor.set(row);
        }
    }

    /// Takes the merged joke `joke_id` out of the selected one.
    pub fn unmerge(self, joke_id: String) {
        let Some(position) = self.selected() else { return };
        let into = self.jokes.with_untracked(|jokes| jokes[position].id.clone());
        let edit = |into| JokeEdit::MergedInto { joke_ids: vec![joke_id.clone()], into };
        self.change(Change::Edit { before: edit(Some(into)), after: edit(None) });
    }

    pub fn undo(self) {
        if let Some(step) = self.history.try_update(|h| h.undo()).flatten() {
            self.failure.set(None);
            self.write(step.reverted());
        }
    }

    pub fn redo(self) {
        if let Some(step) = self.history.try_update(|h| h.redo()).flatten() {
            self.failure.set(None);
            self.write(step.applied());
        }
    }

    /// Shows only jokes with near-duplicates (finding the clusters in the background worker the
    /// first time), or every joke again.
    pub fn show_duplicates(self, shown: bool) {
        if !shown || self.clusters.get_untracked() == Clusters::Found {
            self.filters.update(|f| f.duplicates = shown);
            return;
        }
        self.clusters.set(Clusters::Finding);
        spawn_local(async move {
            match duplicates::find().await {
                Ok(groups) => {
                    self.jokes.with_untracked(|jokes| self.index.update(|index| index.set_clusters(jokes, &groups)));
                    self.revision.update(|r| *r += 1);
                    self.clusters.set(Clusters::Found);
                    self.filters.update(|f| f.duplicates = true);
                }
                Err(error) => {
                    self.clusters.set(Clusters::NotAsked);
                    self.failure.set(Some(error.to_string()));
                }
            }
        });
    }

    /// The ids of the jokes the list shows, in order (for a ballot of them).
    pub fn shown_ids(self) -> Vec<String> {
        self.jokes.with_untracked(|jokes| {
            self.visible
                .with_untracked(|shown| shown.iter().filter_map(|&p| jokes.get(p)).map(|j| j.id.clone()).collect())
        })
    }

    fn change(self, change: Change) {
        self.failure.set(None);
        self.write(change.applied());
        self.history.update(|h| h.record(change));
    }

    /// Applies writes to the working copy now and to the store in the background.
    fn write(self, writes: Writes) {
        let at_ms = clock::now_ms();
        self.revision.update(|r| *r += 1);
        self.apply(&writes, at_ms);
        self.unsaved.update(|n| *n += 1);
        self.wrote.set(true);
        spawn_local(async move {
            let saved = persist(self.store, writes, at_ms).await;
            self.unsaved.update(|n| *n = n.saturating_sub(1));
            if let Err(error) = saved {
                self.failure.set(Some(format!("{} {error}", i18n::t().CHANGE_NOT_SAVED)));
                // The store is the truth: show it again, and forget steps that no longer apply.
                self.history.set(History::default());
                self.reloads.update(|n| *n += 1);
            }
        });
    }

    fn apply(self, writes: &Writes, at_ms: u64) {
        let position_of = |id: &str| self.jokes.with_untracked(|jokes| jokes.iter().position(|j| j.id == id));
        let reindex = |position: usize| {
            self.jokes.with_untracked(|jokes| self.index.update(|index| index.update(position, &jokes[position])));
        };
        match writes {
            Writes::Labels(labels) => {
                // One pass, whatever the number of labels: a bulk step can cover every joke.
                let by_id: HashMap<&str, Option<Label>> = labels.iter().map(|(id, l)| (id.as_str(), *l)).collect();
                self.jokes.update(|jokes| {
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
                    self.jokes.update(|jokes| jokes[position].versions.push(version));
                    reindex(position);
                }
            }
            Writes::Edit(edit) => {
                for position in edit.joke_ids().iter().filter_map(|id| position_of(id)) {
                    self.jokes.update(|jokes| edit.apply(&mut jokes[position]));
                    reindex(position);
                }
            }
        }
    }
}

/// The jokes the search and filters find, narrowing the last result where the new filter only
/// narrows it and nothing changed since.
fn search(
    jokes: RwSignal<Vec<Joke>>,
    index: RwSignal<SearchIndex>,
    query: RwSignal<String>,
    filters: RwSignal<JokeFilter>,
    revision: RwSignal<u64>,
) -> Memo<Vec<usize>> {
    let last_search = StoredValue::new(None::<(JokeFilter, u64)>);
    Memo::new(move |previous: Option<&Vec<usize>>| {
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
    })
}

fn totals(jokes: &[Joke]) -> Totals {
    let kept = || jokes.iter().filter(|j| j.merged_into.is_none());
    let (mut total, mut funny, mut not_funny) = (0, 0, 0);
    for joke in kept() {
        total += 1;
        funny += usize::from(joke.label == Some(Label::Funny));
        not_funny += usize::from(joke.label == Some(Label::NotFunny));
    }
    // Agreement between the refinement model's verdict and the curator, where both exist.
    let pairs = kept().map(|j| (j.llm_label.map(|l| l == Label::Funny), j.label.map(|l| l == Label::Funny)));
    let w = i18n::t();
    let agreement = cohen_kappa(pairs).map_or_else(String::new, |kappa| {
        i18n::fill(w.AGREEMENT_COUNT, &[&w.AGREEMENT, &hundredths(kappa.value), &kappa.items])
    });
    Totals { total, funny, not_funny, agreement }
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
