//! What the rules give, before freezing: counts, what each reason left out (and the jokes, on
//! request), keyword coverage, estimated tokens and the validator's verdict.

use leptos::prelude::*;

use crate::domain::dataset::{FineTuneCost, Preview, Reason, Verdict};
use crate::i18n::{self, fill};
use tallas_core::pricing::format_usd;

#[component]
pub fn PreviewView(preview: Preview) -> impl IntoView {
    let w = i18n::lab::t();
    let excluded_count: usize = preview.excluded_by_reason.iter().map(|(_, n)| n).sum();
    let totals = preview.totals;
    let reasons = preview
        .excluded_by_reason
        .into_iter()
        .map(|(reason, n)| view! { <li>{format!("{n} · {}", reason_words(reason))}</li> })
        .collect_view();
    let excluded = preview
        .excluded
        .into_iter()
        .map(|left| {
            view! { <li><strong>{left.text}</strong> <span class="muted">{format!(" ({}): {}", left.id, left.why)}</span></li> }
        })
        .collect_view();
    view! {
        <section class="dataset-preview" aria-labelledby="dataset-preview-title" data-testid="dataset-preview">
            <h2 id="dataset-preview-title">{w.DATASET_PREVIEW}</h2>
            <p data-testid="dataset-counts">
                {fill(w.DATASET_COUNTS, &[&preview.candidates, &preview.train, &preview.validation, &excluded_count])}
            </p>
            <p>{fill(w.DATASET_KEYWORDS, &[&preview.assigned, &preview.passing_rules])}</p>
            <p>{fill(w.DATASET_TOKENS, &[&totals.train.tokens, &totals.train.answer_tokens, &totals.validation.tokens])}</p>
            <Report report=preview.report test_id="dataset-report" />
            <Costs costs=preview.costs />
            {(excluded_count > 0).then(|| view! {
                <h3>{w.DATASET_EXCLUDED_BY}</h3>
                <ul data-testid="dataset-reasons">{reasons}</ul>
                <details>
                    <summary>{fill(w.DATASET_EXCLUDED_LIST, &[&excluded_count])}</summary>
                    <ul class="dataset-excluded">{excluded}</ul>
                </details>
            })}
        </section>
    }
}

/// The validator's verdict, each problem with where it is.
#[component]
pub fn Report(report: Verdict, test_id: &'static str) -> impl IntoView {
    let w = i18n::lab::t();
    if report.valid && report.issues.is_empty() {
        let sizes = fill(w.DATASET_REPORT, &[&report.examples, &report.bytes]);
        return view! { <p class="hint" data-testid=test_id>{w.DATASET_VALID} " " {sizes}</p> }.into_any();
    }
    let issues = report.issues.into_iter().map(|issue| view! { <li>{issue}</li> }).collect_view();
    let head = if report.valid { w.DATASET_VALID } else { w.DATASET_INVALID };
    view! {
        <div data-testid=test_id class=if report.valid { "hint" } else { "warning" }>
            <p>{head} " " {fill(w.DATASET_REPORT, &[&report.examples, &report.bytes])}</p>
            <ul>{issues}</ul>
        </div>
    }
    .into_any()
}

/// What fine-tuning would cost on each base model of known price.
#[component]
fn Costs(costs: Vec<FineTuneCost>) -> impl IntoView {
    let w = i18n::lab::t();
    let rows = costs
        .into_iter()
        .map(|c| view! { <tr><td>{c.base}</td><td>{format_usd(c.one_epoch)}</td><td>{format_usd(c.three_epochs)}</td></tr> })
        .collect_view();
    view! {
        <p class="hint">{w.DATASET_COSTS}</p>
        <table class="dataset-costs" data-testid="dataset-costs">
            <thead><tr><th>{w.DATASET_COST_BASE}</th><th>{w.DATASET_COST_ONE}</th><th>{w.DATASET_COST_THREE}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

fn reason_words(reason: Reason) -> &'static str {
    let w = i18n::lab::t();
    match reason {
        Reason::DuplicateId => w.DATASET_WHY_DUPLICATE_ID,
        Reason::Empty => w.DATASET_WHY_EMPTY,
        Reason::TooShort => w.DATASET_WHY_TOO_SHORT,
        Reason::TooLong => w.DATASET_WHY_TOO_LONG,
        Reason::Unlabelled => w.DATASET_WHY_UNLABELLED,
        Reason::NotFunny => w.DATASET_WHY_NOT_FUNNY,
        Reason::TooFewVotes => w.DATASET_WHY_TOO_FEW_VOTES,
        Reason::CrowdTooLow => w.DATASET_WHY_CROWD_TOO_LOW,
        Reason::NoGraph => w.DATASET_WHY_NO_GRAPH,
        Reason::Mentalization => w.DATASET_WHY_MENTALIZATION,
        Reason::ClusterFull => w.DATASET_WHY_CLUSTER_FULL,
        Reason::NoUsableKeyword => w.DATASET_WHY_NO_USABLE_KEYWORD,
        Reason::KeywordsTaken => w.DATASET_WHY_KEYWORDS_TAKEN,
    }
}
