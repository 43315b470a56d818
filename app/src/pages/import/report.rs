//! The outcome of an import: what was saved, then one entry per file with its warnings or the
//! reasons it was refused, each located by line and column.

use leptos::prelude::*;

use crate::components::failed;
use crate::domain::import::{FileReport, Outcome, Unit};
use crate::failure::Failure;
use crate::i18n;
use crate::store::ImportCounts;

/// What one import did: a report per file, and what the store made of it (or why the files
/// could not be read at all).
#[derive(Debug, Clone)]
pub struct Imported {
    pub files: Vec<FileReport>,
    pub saved: Result<ImportCounts, Failure>,
}

#[component]
pub fn ImportReport(imported: Imported) -> impl IntoView {
    let Imported { files, saved } = imported;
    let saved = match saved {
        Ok(counts) => {
            view! { <p class="import-summary" data-testid="import-summary">{summary(&counts)}</p> }.into_any()
        }
        Err(error) => failed(format!("{} {error}", i18n::t().IMPORT_NOT_SAVED), "import-error"),
    };
    view! {
        <section class="import-report" aria-labelledby="import-results-title">
            <h2 id="import-results-title">{i18n::t().IMPORT_RESULTS}</h2>
            {saved}
            <ul class="file-reports">
                {files.into_iter().map(|report| view! { <FileEntry report /> }).collect_view()}
            </ul>
        </section>
    }
}

fn summary(counts: &ImportCounts) -> String {
    let ImportCounts { routines_added, routines_updated, jokes_added, jokes_already_there, catalog_entries } = *counts;
    let w = i18n::t();
    let count = |template: &str, n: usize| i18n::fill(template, &[&n]);
    let mut parts = vec![
        count(w.IMPORT_ROUTINES_ADDED, routines_added),
        count(w.IMPORT_ROUTINES_UPDATED, routines_updated),
        count(w.IMPORT_JOKES_ADDED, jokes_added),
    ];
    if jokes_already_there > 0 {
        parts.push(count(w.IMPORT_JOKES_THERE, jokes_already_there));
    }
    if catalog_entries > 0 {
        parts.push(count(w.IMPORT_CATALOG, catalog_entries));
    }
    i18n::fill(w.IMPORT_SAVED, &[&parts.join(", ")])
}

#[component]
fn FileEntry(report: FileReport) -> impl IntoView {
    let FileReport { file_name, read_as, outcome, warnings } = report;
    let read_as = read_as.map(|format| format!(" ({format})")).unwrap_or_default();
    let (state, body) = match outcome {
        Outcome::Read { items, unit } => ("read", view! { <p>{format!("{items} {}", unit_name(unit))}</p> }.into_any()),
        Outcome::Rejected { problems } => (
            "rejected",
            view! {
                {failed(i18n::t().IMPORT_REJECTED, "file-rejected")}
                <ul class="problems">
                    {problems.into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}
                </ul>
            }
            .into_any(),
        ),
    };
    view! {
        <li class="file-report" data-state=state data-testid="file-report">
            <p class="file-name">
                <strong>{file_name}</strong>
                {read_as}
            </p>
            {body}
            <Warnings warnings />
        </li>
    }
}

/// Warnings can run to thousands (suspected lost accents in a long routine): the count, then the
/// first ones on request.
#[component]
fn Warnings(warnings: Vec<String>) -> impl IntoView {
    if warnings.is_empty() {
        return ().into_any();
    }
    let total = warnings.len();
    let hidden = total.saturating_sub(i18n::SHOWN_WARNINGS);
    view! {
        <details class="warnings">
            <summary>{i18n::fill(i18n::t().IMPORT_WARNINGS, &[&total])}</summary>
            <ul>
                {warnings
                    .into_iter()
                    .take(i18n::SHOWN_WARNINGS)
                    .map(|warning| view! { <li>{warning}</li> })
                    .collect_view()}
            </ul>
            {(hidden > 0).then(|| view! { <p class="muted">{i18n::fill(i18n::t().AND_MORE, &[&hidden])}</p> })}
        </details>
    }
    .into_any()
}

fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Segments => i18n::t().UNIT_SEGMENTS,
        Unit::Jokes => i18n::t().UNIT_JOKES,
        Unit::Routines => i18n::t().UNIT_ROUTINES,
        Unit::Comedians => "comediantes",
        Unit::Shows => "shows",
    }
}
