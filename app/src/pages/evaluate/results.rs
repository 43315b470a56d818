//! One evaluation's report, as the background worker words it (`domain::evaluation_text`):
//! what was compared, then titled sections (per pair, length, ranking, position, the arena), each
//! with its method one click away, the chart, and the per-keyword table; and the exports.

use leptos::prelude::*;
use tallas_core::play::arena::ArenaTally;

use super::chart::WinRateChart;
use crate::api;
use crate::background::messages::{EvaluationAsk, EvaluationReply};
use crate::background::page::pipeline::Pipeline;
use crate::background::page::run;
use crate::browser::{download, js_error_message, load_local};
use crate::components::{self, failed};
use crate::domain::evaluation_text::{ReportText, Section, Table};
use crate::domain::run::RunState;
use crate::failure::Failure;
use crate::i18n;

/// The arena's counted votes, when the worker has any to give (no arena yet, no token: none).
async fn arena_votes() -> Option<Vec<ArenaTally>> {
    api::arena_votes().await.ok().map(|votes| votes.tallies)
}

async fn report(run_id: String) -> Result<ReportText, Failure> {
    let arena = arena_votes().await;
    match run(EvaluationAsk::Report { run_id, arena }).await? {
        EvaluationReply::Report(text) => Ok(text),
        EvaluationReply::Failed(message) => Err(Failure::Refused(message)),
        EvaluationReply::Export { .. } | EvaluationReply::Brought { .. } => Err(Failure::OtherAnswer),
    }
}

/// Makes the file and hands it to the browser; why not, when it could not.
async fn export(run_id: String, csv: bool) -> Option<String> {
    let arena = arena_votes().await;
    match run(EvaluationAsk::Export { run_id, arena, csv }).await {
        Ok(EvaluationReply::Export { file_name, text }) => {
            let mime = if csv { "text/csv" } else { "application/json" };
            download(&file_name, mime, &text).err().map(|e| js_error_message(&e))
        }
        Ok(EvaluationReply::Failed(message)) => Some(message),
        Ok(EvaluationReply::Report(_) | EvaluationReply::Brought { .. }) => None,
        Err(error) => Some(error.to_string()),
    }
}

/// Brings the evaluation's jokes to the workspace; what happened, in a sentence.
async fn bring(run_id: String) -> Result<String, Failure> {
    match run(EvaluationAsk::ToWorkspace { run_id, now_ms: crate::clock::now_ms() }).await? {
        EvaluationReply::Brought { added, already } => {
            Ok(crate::i18n::fill(i18n::lab::t().EVAL_BROUGHT, &[&added, &already]))
        }
        EvaluationReply::Failed(message) => Err(Failure::Refused(message)),
        _ => Err(Failure::OtherAnswer),
    }
}

#[component]
pub fn Results(run_id: String, pipeline: Pipeline) -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    // Read again whenever the run's state changes (it starts, pauses, finishes), and on request.
    let watched = run_id.clone();
    Effect::new(move |before: Option<Option<RunState>>| {
        let now = pipeline.progress.with(|all| all.get(&watched).map(|p| p.run.state));
        if before.is_some_and(|before| before != now) {
            refresh.update(|n| *n += 1);
        }
        now
    });
    let asked = run_id.clone();
    let text = load_local(move || {
        refresh.track();
        report(asked.clone())
    });
    let problem = RwSignal::new(None::<String>);
    let brought = RwSignal::new(None::<Result<String, Failure>>);
    let to_workspace = {
        let run_id = run_id.clone();
        move |_| {
            let run_id = run_id.clone();
            leptos::task::spawn_local(async move { brought.set(Some(bring(run_id).await)) });
        }
    };
    let export = move |csv: bool| {
        let run_id = run_id.clone();
        leptos::task::spawn_local(async move { problem.set(export(run_id, csv).await) });
    };
    let export_csv = export.clone();
    let w = i18n::lab::t();
    view! {
        <section class="card evaluation-results" aria-labelledby="results-title" data-testid="evaluation-results">
            <h2 id="results-title">{w.EVAL_RESULTS}</h2>
            <div class="actions">
                <button type="button" data-testid="evaluation-refresh" on:click=move |_| refresh.update(|n| *n += 1)>{w.EVAL_REFRESH}</button>
                <button type="button" data-testid="evaluation-export-json" on:click=move |_| export(false)>{w.EVAL_EXPORT_JSON}</button>
                <button type="button" data-testid="evaluation-export-csv" on:click=move |_| export_csv(true)>{w.EVAL_EXPORT_CSV}</button>
                <button type="button" data-testid="evaluation-to-workspace" on:click=to_workspace>{w.EVAL_TO_WORKSPACE}</button>
            </div>
            {move || problem.get().map(|message| failed(message, "evaluation-export-error"))}
            {move || match brought.get() {
                None => ().into_any(),
                Some(Ok(said)) => view! { <p role="status" data-testid="evaluation-brought">{said}</p> }.into_any(),
                Some(Err(why)) => failed(why.to_string(), "evaluation-bring-error"),
            }}
            {move || components::loaded(text.get(), w.EVAL_COMPUTING, "evaluation-results-error", shown)}
        </section>
    }
}

fn shown(text: ReportText) -> impl IntoView {
    let w = i18n::lab::t();
    view! {
        <p data-testid="evaluation-facts">{text.facts}</p>
        {text.empty.map(|empty| view! { <p class="muted" data-testid="evaluation-nothing-yet">{empty}</p> })}
        {(!text.status.is_empty()).then(|| view! { <p class="badge" data-testid="evaluation-status">{text.status}</p> })}
        {text.sections.into_iter().map(section).collect_view()}
        {(!text.chart.is_empty()).then(|| view! { <WinRateChart bars=text.chart /> })}
        <details class="keyword-table" data-testid="evaluation-keywords">
            <summary>{w.EVAL_BY_KEYWORD}</summary>
            {table(text.keywords)}
        </details>
    }
}

fn section(section: Section) -> impl IntoView {
    let test_id = format!("evaluation-{}", section.id);
    view! {
        <section data-testid=test_id>
            <h3>{section.title}</h3>
            {section.lines.into_iter().map(|line| view! { <p>{line}</p> }).collect_view()}
            {section.tables.into_iter().map(table).collect_view()}
            <details class="method"><summary>{i18n::lab::t().EVAL_METHOD}</summary><p>{section.method}</p></details>
        </section>
    }
}

/// A worded table; the first cell of each row names it.
fn table(table: Table) -> impl IntoView {
    let rows = table
        .rows
        .into_iter()
        .map(|row| {
            let mut cells = row.into_iter();
            let name = cells.next().unwrap_or_default();
            view! { <tr><th scope="row">{name}</th>{cells.map(|cell| view! { <td>{cell}</td> }).collect_view()}</tr> }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <thead><tr>{table.head.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
