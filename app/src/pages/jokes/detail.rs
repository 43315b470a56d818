//! The selected joke: its label, its text and keywords (editable), its near-duplicates (to merge
//! into it) and the jokes merged into it, what the models said (their verdict, the knowledge
//! graph, who produced each), every version of the text with what each changed, where it comes
//! from (with a link to the moment in the video), and its label history.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::graph_view::GraphView;
use super::labels::{label_attr, label_text};
use crate::clock;
use crate::components::failed;
use crate::domain::crowd::CrowdLabel;
use crate::domain::diff::{Piece, word_diff};
use crate::domain::edits::parse_keywords;
use crate::domain::{Joke, JokeSource, Label, LabelEvent, VersionKind};
use crate::i18n;
use crate::numbers::percent;
use crate::store::{JokeRepo, StoreError, use_store};

/// The keywords field, which `p` focuses.
pub const KEYWORDS_INPUT_ID: &str = "joke-keywords";

#[component]
pub fn JokeDetail(
    joke: Joke,
    /// The crowd's votes on it, from every ballot pulled.
    crowd: Option<CrowdLabel>,
    routine: Option<String>,
    /// Its listed near-duplicates.
    duplicates: Vec<Joke>,
    /// The jokes merged into it.
    merged_here: Vec<Joke>,
    /// The draft while the text is being edited.
    editing: RwSignal<Option<String>>,
    on_label: Callback<Option<Label>>,
    on_save: Callback<String>,
    on_keywords: Callback<Vec<String>>,
    /// Merge the near-duplicates into this joke.
    on_merge: Callback<()>,
    /// Take a merged joke (by id) out of this one.
    on_unmerge: Callback<String>,
) -> impl IntoView {
    let text = joke.text().to_owned();
    let label = joke.label;
    view! {
        <article class="joke-detail" aria-labelledby="joke-detail-title" data-testid="joke-detail">
            <h2 id="joke-detail-title" class="visually-hidden">{i18n::t().JOKES.label}</h2>
            <p class="badge" data-label=label_attr(label) data-testid="detail-label">{label_text(label)}</p>
            <p class="crowd-line" data-testid="detail-crowd">{crowd_line(crowd.as_ref())}</p>
            {
                let text = text.clone();
                move || match editing.get() {
                    Some(draft) => view! { <Editor draft editing on_save /> }.into_any(),
                    None => view! { <blockquote class="joke-text" data-testid="detail-text">{text.clone()}</blockquote> }.into_any(),
                }
            }
            {label_buttons(label, text, editing, on_label)}
            {keywords_field(joke.keywords.join(", "), on_keywords)}
            {(!duplicates.is_empty()).then(|| duplicates_section(&duplicates, on_merge))}
            {(!merged_here.is_empty()).then(|| merged_section(&merged_here, on_unmerge))}
            {where_from(&joke, routine)}
            {model_results(&joke)}
            {versions(&joke)}
            <LabelHistory joke_id=joke.id.clone() />
        </article>
    }
}

/// Funny, not funny, no label, and editing the text.
fn label_buttons(
    label: Option<Label>,
    text: String,
    editing: RwSignal<Option<String>>,
    on_label: Callback<Option<Label>>,
) -> impl IntoView {
    view! {
        <div class="label-buttons" role="group" aria-label=i18n::t().LABEL_THIS>
            <button
                type="button"
                aria-pressed=(label == Some(Label::Funny)).to_string()
                on:click=move |_| on_label.run(Some(Label::Funny))
            >
                {format!("{} (f)", i18n::t().FUNNY)}
            </button>
            <button
                type="button"
                aria-pressed=(label == Some(Label::NotFunny)).to_string()
                on:click=move |_| on_label.run(Some(Label::NotFunny))
            >
                {format!("{} (n)", i18n::t().NOT_FUNNY)}
            </button>
            <button type="button" on:click=move |_| on_label.run(None) disabled=label.is_none()>
                {i18n::t().CLEAR_LABEL}
            </button>
            <button type="button" on:click=move |_| editing.set(Some(text.clone()))>{i18n::t().EDIT}</button>
        </div>
    }
}

/// The keywords: Enter or leaving the field saves; Escape puts the saved keywords back.
fn keywords_field(keywords: String, on_keywords: Callback<Vec<String>>) -> impl IntoView {
    view! {
        <div class="keywords form-row">
            <label for=KEYWORDS_INPUT_ID>{i18n::t().KEYWORDS}</label>
            <input
                id=KEYWORDS_INPUT_ID
                type="text"
                data-testid="keywords"
                prop:value=keywords.clone()
                placeholder=i18n::t().KEYWORDS_PLACEHOLDER
                on:change=move |e| on_keywords.run(parse_keywords(&event_target_value(&e)))
                on:keydown=move |event: web_sys::KeyboardEvent| {
                    let input = event_target::<web_sys::HtmlInputElement>(&event);
                    match event.key().as_str() {
                        "Escape" => {
                            input.set_value(&keywords);
                            let _ = input.blur();
                        }
                        "Enter" => {
                            let _ = input.blur();
                        }
                        _ => {}
                    }
                }
            />
        </div>
    }
}

fn duplicates_section(duplicates: &[Joke], on_merge: Callback<()>) -> impl IntoView + use<> {
    view! {
        <section class="duplicates" data-testid="duplicates" aria-labelledby="duplicates-title">
            <h3 id="duplicates-title">{format!("{} ({})", i18n::t().DUPLICATES, duplicates.len())}</h3>
            <ul>{duplicates.iter().map(|d| view! { <li>{related(d)}</li> }).collect_view()}</ul>
            <button type="button" class="primary" data-testid="merge" on:click=move |_| on_merge.run(())>
                {format!("{} (m)", i18n::t().MERGE_HERE)}
            </button>
        </section>
    }
}

fn merged_section(merged_here: &[Joke], on_unmerge: Callback<String>) -> impl IntoView + use<> {
    let rows = merged_here
        .iter()
        .map(|m| {
            let id = m.id.clone();
            view! {
                <li>
                    {related(m)}" "
                    <button type="button" class="link" on:click=move |_| on_unmerge.run(id.clone())>
                        {i18n::t().UNMERGE}
                    </button>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="duplicates" data-testid="merged-here" aria-labelledby="merged-title">
            <h3 id="merged-title">{format!("{} ({})", i18n::t().MERGED_HERE, merged_here.len())}</h3>
            <ul>{rows}</ul>
        </section>
    }
}

/// Where the joke comes from: its routine, the moment (with a link to it in the video) and the
/// file or run that brought it.
fn where_from(joke: &Joke, routine: Option<String>) -> impl IntoView + use<> {
    let source = match &joke.source {
        JokeSource::Table { file_name, row } => i18n::fill(i18n::t().SOURCE_ROW, &[file_name, row]),
        JokeSource::Extracted { run_id, windows } => {
            i18n::fill(i18n::t().SOURCE_WINDOWS, &[run_id, &windows.join(", ")])
        }
        JokeSource::Generated { run_id, model } => i18n::fill(i18n::t().SOURCE_GENERATED, &[model, run_id]),
    };
    view! {
        <p class="meta">
            {routine.map(|name| view! { <span>{name}</span> })}
            {joke.start_ms.map(|ms| view! { <span>{format!("{}:{:02}", ms / 60_000, ms / 1000 % 60)}</span> })}
            <span>{source}</span>
            {joke.video_url().map(|href| {
                view! { <a href=href target="_blank" rel="noopener noreferrer">{i18n::t().WATCH_VIDEO}</a> }
            })}
        </p>
    }
}

/// What the models said: the refinement's verdict, the knowledge graph, failed calls, and which
/// model and prompt made each result.
fn model_results(joke: &Joke) -> impl IntoView + use<> {
    let errors = joke.errors.iter().map(|e| view! { <li>{format!("{}: {}", e.task.name(), e.message)}</li> });
    let stamps: Vec<String> =
        joke.stamps.iter().map(|s| format!("{} · {} · {}", s.task.name(), s.model, s.prompt_version)).collect();
    view! {
        <section class="model-results" aria-label=i18n::t().MODEL_RESULTS data-testid="model-results">
            {joke.llm_label.map(|l| {
                let verdict = format!("{}: {}", i18n::t().LLM_LABEL_FILTER, label_text(Some(l)));
                view! { <p class="badge" data-label=label_attr(Some(l)) data-testid="llm-label">{verdict}</p> }
            })}
            {joke.graph.clone().zip(joke.mentalization.clone()).map(|(graph, measured)| {
                view! { <GraphView graph measured /> }
            })}
            {(!joke.errors.is_empty()).then(|| view! { <ul class="error" data-testid="joke-errors">{errors.collect_view()}</ul> })}
            {(!stamps.is_empty()).then(|| view! { <p class="meta">{stamps.join(" — ")}</p> })}
        </section>
    }
}

/// Every version of the text, newest first, each with what it changed in the one before.
fn versions(joke: &Joke) -> impl IntoView + use<> {
    let items = joke
        .versions
        .iter()
        .enumerate()
        .rev()
        .map(|(i, version)| {
            let text = match i.checked_sub(1).and_then(|p| joke.versions.get(p)) {
                Some(previous) => diff_view(&previous.text, &version.text).into_any(),
                None => version.text.clone().into_any(),
            };
            view! {
                <li>
                    <p class="meta"><strong>{version_name(version.kind)}</strong> {time_view(version.at_ms)}</p>
                    <p class="version-text">{text}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="versions" open=joke.versions.len() > 1>
            <summary>{format!("{} ({})", i18n::t().VERSIONS, joke.versions.len())}</summary>
            <ol data-testid="versions">{items}</ol>
        </details>
    }
}

/// The label's history, read when the curator opens it, not for every joke the keyboard passes
/// over; and again for the next joke shown while it is open (the page keeps the open section).
#[component]
fn LabelHistory(joke_id: String) -> impl IntoView {
    let store = use_store();
    let history = RwSignal::new(None::<Result<Vec<LabelEvent>, StoreError>>);
    let section = NodeRef::<leptos::html::Details>::new();
    let load = move || {
        let joke_id = joke_id.clone();
        let open = section.get_untracked().is_some_and(|section| section.open());
        if open && history.with_untracked(Option::is_none) {
            spawn_local(async move {
                let events = async { store.open().await?.label_history(&joke_id).await }.await;
                history.set(Some(events));
            });
        }
    };
    Effect::new({
        let load = load.clone();
        move |_| {
            section.track();
            load();
        }
    });
    let shown = move || {
        history.get().map(|read| match read {
            Ok(events) if events.is_empty() => view! { <p class="muted">{i18n::t().NO_LABEL_HISTORY}</p> }.into_any(),
            Ok(events) => {
                let items = events
                    .into_iter()
                    .rev()
                    .map(|event| view! { <li>{label_text(event.label)} " · " {time_view(event.at_ms)}</li> })
                    .collect_view();
                view! { <ol data-testid="label-history">{items}</ol> }.into_any()
            }
            Err(error) => failed(error.to_string(), "label-history-error"),
        })
    };
    view! {
        <details class="label-history" node_ref=section on:toggle=move |_| load()>
            <summary>{i18n::t().LABEL_HISTORY}</summary>
            {shown}
        </details>
    }
}

/// A near-duplicate or merged joke: its label and text.
fn related(joke: &Joke) -> impl IntoView + use<> {
    let badge = view! { <span class="badge" data-label=label_attr(joke.label)>{label_text(joke.label)}</span> };
    view! { {badge}" "{joke.text().to_owned()} }
}

/// A moment, in the curator's local time (and machine-readable).
fn time_view(at_ms: u64) -> Option<impl IntoView + use<>> {
    clock::show(at_ms).map(|s| view! { <time datetime=s.iso>{s.local}</time> })
}

/// The text being edited: Ctrl+Enter (or the button) saves, Escape cancels.
#[component]
fn Editor(draft: String, editing: RwSignal<Option<String>>, on_save: Callback<String>) -> impl IntoView {
    let text = RwSignal::new(draft);
    let area = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(area) = area.get() {
            let _ = area.focus();
        }
    });
    view! {
        <div class="editor">
            <label for="joke-edit" class="visually-hidden">{i18n::t().EDIT}</label>
            <textarea
                id="joke-edit"
                node_ref=area
                rows="5"
                data-testid="joke-editor"
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))
                on:keydown=move |event: web_sys::KeyboardEvent| match event.key().as_str() {
                    "Escape" => editing.set(None),
                    "Enter" if event.ctrl_key() || event.meta_key() => {
                        event.prevent_default();
                        on_save.run(text.get_untracked());
                    }
                    _ => {}
                }
            ></textarea>
            <div class="form-row">
                <button type="button" class="primary" on:click=move |_| on_save.run(text.get_untracked())>
                    {i18n::t().SAVE}
                </button>
                <button type="button" on:click=move |_| editing.set(None)>{i18n::t().CANCEL}</button>
            </div>
        </div>
    }
}

/// `new` with what it removed from `old` struck through and what it added marked.
fn diff_view(old: &str, new: &str) -> impl IntoView + use<> {
    word_diff(old, new)
        .into_iter()
        .map(|piece| match piece {
            Piece::Same(text) => view! { <span>{text}" "</span> }.into_any(),
            Piece::Removed(text) => view! { <del>{text}</del>" " }.into_any(),
            Piece::Added(text) => view! { <ins>{text}</ins>" " }.into_any(),
        })
        .collect_view()
}

fn version_name(kind: VersionKind) -> &'static str {
    let w = i18n::t();
    match kind {
        VersionKind::Imported => w.VERSION_IMPORTED,
        VersionKind::Extracted => w.VERSION_EXTRACTED,
        VersionKind::Corrected => w.VERSION_CORRECTED,
        VersionKind::Refined => w.VERSION_REFINED,
        VersionKind::Rewritten => w.VERSION_REWRITTEN,
        VersionKind::Edited => w.VERSION_EDITED,
        VersionKind::Generated => w.VERSION_GENERATED,
    }
}

/// The crowd's label in one line: its votes, the funny share with its 95% interval, and from how
/// many ballots.
fn crowd_line(crowd: Option<&CrowdLabel>) -> String {
    let w = i18n::t();
    let Some(crowd) = crowd.filter(|c| c.counts.total() > 0) else { return w.CROWD_NO_VOTES.to_owned() };
    let share = crowd.share().map_or_else(|| String::from("–"), percent);
    let (lower, upper) =
        crowd.interval().map_or((String::from("–"), String::from("–")), |i| (percent(i.lower), percent(i.upper)));
    let c = crowd.counts;
    i18n::fill(w.CROWD_LABEL, &[&c.funny, &c.not_funny, &c.skip, &share, &lower, &upper, &crowd.ballots.len()])
}
