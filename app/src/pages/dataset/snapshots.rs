//! The frozen datasets: each with its sizes, its files to download one by one (train and
//! validation JSONL, and the `dataset.json` manifest) or as a training kit, a comparison with the
//! one frozen before it, and deletion.

use leptos::prelude::*;

use super::kit::{KitButton, KitSources};
use crate::background::messages::{DatasetAsk, DatasetReply};
use crate::background::page::dataset::snapshots;
use crate::background::page::run;
use crate::browser::{download, load_local};
use crate::clock;
use crate::components;
use crate::domain::dataset::SnapshotSummary;
use crate::failure::Failure;
use crate::i18n::{self, fill};

#[component]
pub fn Snapshots(
    /// Bumped when a snapshot was frozen, to list them again.
    frozen: RwSignal<u32>,
) -> impl IntoView {
    let changed = RwSignal::new(0u32);
    let message = RwSignal::new(None::<Result<String, Failure>>);
    let listed = load_local(move || {
        frozen.track();
        changed.track();
        snapshots()
    });
    // Runs one request and says how it went.
    let act = move |request: DatasetAsk| {
        leptos::task::spawn_local(async move {
            let outcome = match run(request).await {
                Err(error) => Err(Failure::from(error)),
                Ok(DatasetReply::Failed(why)) => Err(Failure::Refused(why)),
                Ok(DatasetReply::Deleted) => {
                    changed.update(|n| *n += 1);
                    Ok(String::new())
                }
                Ok(DatasetReply::Compared(c)) => {
                    Ok(fill(i18n::lab::t().DATASET_COMPARISON, &[&c.first.name, &c.second.name, &c.shared, &c.changed]))
                }
                Ok(_) => Ok(String::new()),
            };
            message.set(Some(outcome).filter(|o| !matches!(o, Ok(text) if text.is_empty())));
        });
    };
    // The evaluations whose wins go into the kits downloaded.
    let accepted = RwSignal::new(Vec::<String>::new());
    let w = i18n::lab::t();
    view! {
        <section aria-labelledby="dataset-snapshots-title">
            <h2 id="dataset-snapshots-title">{w.DATASET_SNAPSHOTS}</h2>
            <KitSources accepted />
            {move || message.get().map(|m| match m {
                Ok(text) => view! { <p class="hint" role="status" data-testid="dataset-message">{text}</p> }.into_any(),
                Err(why) => components::failed(why.to_string(), "dataset-snapshot-error"),
            })}
            {move || components::loaded(listed.get(), w.DATASET_READING, "dataset-list-error", move |all: Vec<SnapshotSummary>| {
                if all.is_empty() {
                    return view! { <p class="empty-state" data-testid="dataset-none">{w.DATASET_NONE}</p> }.into_any();
                }
                let older: Vec<Option<String>> = all.iter().skip(1).map(|s| Some(s.id.clone())).chain([None]).collect();
                all.into_iter()
                    .zip(older)
                    .map(|(snapshot, before)| row(snapshot, before, act, message, accepted))
                    .collect_view()
                    .into_any()
            })}
        </section>
    }
}

fn row(
    snapshot: SnapshotSummary,
    before: Option<String>,
    act: impl Fn(DatasetAsk) + Copy + 'static,
    message: RwSignal<Option<Result<String, Failure>>>,
    accepted: RwSignal<Vec<String>>,
) -> impl IntoView {
    let w = i18n::lab::t();
    let when = clock::show(snapshot.created_at_ms).map(|shown| shown.local).unwrap_or_default();
    let line = fill(w.DATASET_LINE, &[&snapshot.train, &snapshot.validation, &snapshot.excluded, &snapshot.tokens]);
    let (id, name) = (snapshot.id.clone(), snapshot.name.clone());
    let file_button = |kind: FileKind| {
        let id = id.clone();
        let on_click = move |_| {
            let id = id.clone();
            leptos::task::spawn_local(async move {
                if let Err(why) = save(id, kind).await {
                    message.set(Some(Err(why)));
                }
            });
        };
        view! { <button type="button" data-testid=kind.test_id() on:click=on_click>{kind.label()}</button> }
    };
    let delete = {
        let id = id.clone();
        move |_| {
            let question = fill(w.DATASET_DELETE_CONFIRM, &[&name]);
            if window().confirm_with_message(&question).unwrap_or(false) {
                act(DatasetAsk::Delete(id.clone()));
            }
        }
    };
    let compare = before.map(|older| {
        let id = id.clone();
        view! { <button type="button" on:click=move |_| act(DatasetAsk::Compare(older.clone(), id.clone()))>{w.DATASET_COMPARE}</button> }
    });
    view! {
        <article class="dataset-snapshot" data-testid="dataset-snapshot">
            <h3>{snapshot.name.clone()} <span class="muted">{format!(" · {when}")}</span></h3>
            <p>{line} {(!snapshot.valid).then(|| format!(" · {}", w.DATASET_INVALID))}</p>
            <div class="button-row">
                {file_button(FileKind::Train)}
                {(snapshot.validation > 0).then(|| file_button(FileKind::Validation))}
                {file_button(FileKind::Manifest)}
                <KitButton id=id.clone() accepted message />
                {compare}
                <button type="button" on:click=delete>{w.DATASET_DELETE}</button>
            </div>
        </article>
    }
}

/// One of a snapshot's three files.
#[derive(Clone, Copy)]
enum FileKind {
    Train,
    Validation,
    Manifest,
}

impl FileKind {
    fn label(self) -> &'static str {
        match self {
            FileKind::Train => "train.jsonl",
            FileKind::Validation => "validation.jsonl",
            FileKind::Manifest => "dataset.json",
        }
    }

    fn test_id(self) -> &'static str {
        match self {
            FileKind::Train => "dataset-download-train",
            FileKind::Validation => "dataset-download-validation",
            FileKind::Manifest => "dataset-download-manifest",
        }
    }
}

/// Reads snapshot `id`'s files and offers the one of `kind` as a download named after it.
async fn save(id: String, kind: FileKind) -> Result<(), Failure> {
    let files = match run(DatasetAsk::Files(id)).await? {
        DatasetReply::Files(files) => files,
        DatasetReply::Failed(why) => return Err(Failure::Refused(why)),
        _ => return Err(Failure::OtherAnswer),
    };
    let name = format!("{}-{}", files.stem, kind.label());
    let saved = match kind {
        FileKind::Train => download(&name, "application/jsonl", &files.train),
        FileKind::Validation => download(&name, "application/jsonl", &files.validation),
        FileKind::Manifest => download(&name, "application/json", &files.manifest),
    };
    saved.map_err(Failure::browser)
}
