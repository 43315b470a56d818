//! An evaluation's report worded for the page, in the curator's language: every number formatted,
//! every table as text. The background worker words it, so the page carries neither core's report
//! types (their deserializers) nor the formatting, only a renderer of titled tables (the same
//! split as the dataset preview's, `domain::dataset::Verdict`).

use serde::{Deserialize, Serialize};
use tallas_core::evaluation::report::{PairReport, Report};
use tallas_core::evaluation::{Design, PairOutcome};
use tallas_core::scores::bootstrap::RankedModel;
use tallas_core::scores::pairwise::Verdict;
use tallas_core::scores::wilson::Interval;

use super::evaluation::{ArenaBeside, EvaluationView, PairRow, PeopleAgreement, Said, Versus};
use crate::i18n::{self, fill};
use crate::numbers::{hundredths, percent};

/// The report as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportText {
    /// What was compared: keywords, models, judge, design, prompts, date.
    pub facts: String,
    /// Finished (frozen) or in progress; empty before anything was judged.
    pub status: String,
    /// Said when nothing was judged yet.
    pub empty: Option<String>,
    pub sections: Vec<Section>,
    /// One bar per pair: X's win rate and its Wilson interval, in permille.
    pub chart: Vec<Bar>,
    /// The per-keyword table.
    pub keywords: Table,
}

/// A titled block: lines of text, a table, and the method behind them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub title: String,
    /// Names the section for tests and links (`evaluation-<id>`).
    pub id: String,
    pub lines: Vec<String>,
    pub tables: Vec<Table>,
    pub method: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub head: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    pub label: String,
    pub rate: u16,
    pub low: u16,
    pub high: u16,
}

/// A share as "42 %", or "—" when there is none.
fn share(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{} %", percent(v)))
}

/// An interval as "[30–55 %]".
fn interval(value: Option<Interval>) -> String {
    value.map_or_else(|| "—".to_owned(), |i| format!("[{}–{} %]", percent(i.lower), percent(i.upper)))
}

fn permille(value: f64) -> u16 {
    // The cast saturates (NaN gives 0), so it cannot panic.
    (value.clamp(0.0, 1.0) * 1000.0).round() as u16
}

pub fn worded(view: &EvaluationView) -> ReportText {
    let w = i18n::t();
    let spec = &view.spec;
    let design = match &spec.definition.design {
        Design::AllPairs => w.EVAL_ALL_PAIRS.to_owned(),
        Design::VersusReference { reference_model } => fill(i18n::worker::t().EVAL_VERSUS_NAMED, &[reference_model]),
    };
    let source = spec.dataset.as_ref().map_or_else(|| w.EVAL_TYPED.to_owned(), |d| d.name.clone());
    let created = crate::clock::show(view.created_at_ms).map(|s| s.local).unwrap_or_default();
    let facts = fill(
        i18n::worker::t().EVAL_FACTS,
        &[
            &source,
            &spec.definition.cases.len(),
            &spec.definition.all_models().join(", "),
            &spec.definition.judge,
            &design,
            &spec.generate_prompt,
            &spec.judge_prompt,
            &created,
        ],
    );
    let report = &view.report;
    let keywords = keyword_table(&view.rows);
    if report.judged == 0 {
        let empty = Some(i18n::worker::t().EVAL_NOTHING_YET.to_owned());
        return ReportText { facts, status: String::new(), empty, sections: Vec::new(), chart: Vec::new(), keywords };
    }
    let status =
        if view.finished { i18n::worker::t().EVAL_FROZEN } else { i18n::worker::t().EVAL_IN_PROGRESS }.to_owned();
    let mut sections = vec![pairs(report), length(report)];
    if !report.ranking.is_empty() {
        let method = fill(i18n::worker::t().EVAL_METHOD_RANKING, &[&report.replicates]);
        sections.push(section(
            i18n::worker::t().EVAL_RANKING,
            "ranking",
            Vec::new(),
            vec![strengths(&report.ranking, i18n::worker::t().EVAL_GAMES)],
            method,
        ));
    }
    sections.push(position(report));
    sections.push(people(&view.people));
    if let Some(beside) = &view.arena {
        sections.push(arena(beside));
    }
    let chart = report
        .pairs
        .iter()
        .filter_map(|p| {
            let (rate, wilson) = (p.win_rate?, p.wilson?);
            let label = format!("{} / {}", p.x, p.y);
            Some(Bar { label, rate: permille(rate), low: permille(wilson.lower), high: permille(wilson.upper) })
        })
        .collect();
    ReportText { facts, status, empty: None, sections, chart, keywords }
}

fn section(title: &str, id: &str, lines: Vec<String>, tables: Vec<Table>, method: String) -> Section {
    Section { title: title.to_owned(), id: id.to_owned(), lines, tables, method }
}

fn head(names: &[&str]) -> Vec<String> {
    names.iter().map(|n| (*n).to_owned()).collect()
}

fn pair_name(pair: &PairReport) -> String {
    format!("{} / {}", pair.x, pair.y)
}

fn pairs(report: &Report) -> Section {
    let w = i18n::worker::t();
    let rows = report
        .pairs
        .iter()
        .map(|p| {
            let c = p.counts;
            let controlled = p.length.controlled.map_or_else(
                || "—".to_owned(),
                |lc| format!("{} {}", share(Some(lc.win_rate)), interval(Some(lc.interval))),
            );
            vec![
                pair_name(p),
                c.wins.to_string(),
                c.losses.to_string(),
                c.ties.to_string(),
                c.both_bad.to_string(),
                c.errors.to_string(),
                c.unparseable.to_string(),
                share(p.win_rate),
                interval(p.wilson),
                interval(p.bootstrap),
                controlled,
            ]
        })
        .collect();
    let head = head(&[
        w.EVAL_PAIR,
        w.EVAL_WINS,
        w.EVAL_LOSSES,
        w.EVAL_TIES,
        w.EVAL_BOTH_BAD,
        w.EVAL_ERRORS,
        w.EVAL_UNPARSEABLE,
        w.EVAL_WIN_RATE,
        w.EVAL_WILSON,
        w.EVAL_BOOTSTRAP,
        w.EVAL_LC,
    ]);
    let method = fill(w.EVAL_METHOD_RATE, &[&report.replicates, &report.seed]);
    section(w.EVAL_PAIRS, "pairs", Vec::new(), vec![Table { head, rows }], method)
}

fn length(report: &Report) -> Section {
    let w = i18n::worker::t();
    // Whole characters: the cast saturates, so it cannot panic.
    let chars = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| (v.round() as u64).to_string());
    let rows = report
        .pairs
        .iter()
        .map(|p| {
            let effect = p.length.controlled.map_or_else(|| "—".to_owned(), |lc| hundredths(lc.length_coefficient));
            vec![
                pair_name(p),
                chars(p.length.winners_mean_chars),
                chars(p.length.losers_mean_chars),
                share(p.length.longer_won),
                effect,
            ]
        })
        .collect();
    let head = head(&[w.EVAL_PAIR, w.EVAL_WINNERS_CHARS, w.EVAL_LOSERS_CHARS, w.EVAL_LONGER_WON, w.EVAL_LENGTH_EFFECT]);
    section(w.EVAL_LENGTH, "length", Vec::new(), vec![Table { head, rows }], w.EVAL_METHOD_LENGTH.to_owned())
}

/// Bradley–Terry strengths with their intervals, strongest first; `games` names what each
/// model's count counts (the judge's pairs, the arena's votes).
fn strengths(ranked: &[RankedModel], games: &str) -> Table {
    let w = i18n::t();
    let rows = ranked
        .iter()
        .map(|m| {
            let strength = format!("{} [{}–{}]", hundredths(m.strength), hundredths(m.low), hundredths(m.high));
            vec![m.model.clone(), strength, m.games.to_string()]
        })
        .collect();
    Table { head: head(&[w.ARENA_MODEL, w.ARENA_STRENGTH, games]), rows }
}

fn position(report: &Report) -> Section {
    let w = i18n::worker::t();
    let bias = &report.position;
    let first = fill(
        w.EVAL_FIRST_SLOT,
        &[
            &share(bias.first_slot_share),
            &interval(bias.first_slot_interval),
            &bias.first_slot_wins,
            &bias.slot_verdicts,
        ],
    );
    let disagree =
        fill(w.EVAL_ORDERS_DISAGREE, &[&share(bias.disagreement_rate), &bias.orders_disagree, &bias.both_orders]);
    section(w.EVAL_POSITION, "position", vec![first, disagree], Vec::new(), w.EVAL_METHOD_POSITION.to_owned())
}

fn people(agreement: &PeopleAgreement) -> Section {
    let w = i18n::worker::t();
    let line = |who: &str, versus: Versus| match (versus.kappa, versus.pairs) {
        (Some(kappa), _) => fill(w.EVAL_KAPPA, &[&who, &hundredths(kappa.value), &kappa.items]),
        (None, 0) => fill(w.EVAL_KAPPA_NONE, &[&who]),
        (None, pairs) => fill(w.EVAL_KAPPA_UNDEFINED, &[&who, &pairs]),
    };
    let lines = vec![line(w.EVAL_CURATOR, agreement.curator), line(w.EVAL_CROWD, agreement.crowd)];
    section(w.EVAL_PEOPLE, "people", lines, Vec::new(), w.EVAL_METHOD_PEOPLE.to_owned())
}

fn arena(beside: &ArenaBeside) -> Section {
    let w = i18n::t();
    let a = beside.agreement;
    let tau = a.tau.map_or_else(|| "—".to_owned(), hundredths);
    let lines = vec![
        fill(w.ARENA_VOTES, &[&beside.results.votes]),
        fill(i18n::worker::t().EVAL_ARENA_AGREEMENT, &[&tau, &a.concordant, &a.discordant, &a.models]),
    ];
    let pairs = beside
        .results
        .pairs
        .iter()
        .map(|p| {
            let counts = format!("{} / {} / {} / {}", p.x_wins, p.y_wins, p.ties, p.neither);
            vec![format!("{} / {}", p.x, p.y), counts]
        })
        .collect();
    let tables = vec![
        strengths(&beside.results.ranking, w.ARENA_GAMES),
        Table { head: head(&[w.ARENA_PAIR, w.ARENA_PAIR_COUNTS]), rows: pairs },
    ];
    section(i18n::worker::t().EVAL_ARENA, "arena", lines, tables, i18n::worker::t().EVAL_METHOD_ARENA.to_owned())
}

fn verdict_label(verdict: Verdict) -> &'static str {
    let w = i18n::worker::t();
    match verdict {
        Verdict::A => w.EVAL_VERDICT_A,
        Verdict::B => w.EVAL_VERDICT_B,
        Verdict::Tie => w.EVAL_TIES,
        Verdict::Neither => w.EVAL_BOTH_BAD,
        Verdict::Error => w.EVAL_ERRORS,
        Verdict::Unparseable => w.EVAL_UNPARSEABLE,
    }
}

fn outcome_label(outcome: Option<PairOutcome>) -> &'static str {
    let w = i18n::worker::t();
    match outcome {
        None => w.EVAL_PENDING,
        Some(PairOutcome::Win) => w.EVAL_WINS,
        Some(PairOutcome::Loss) => w.EVAL_LOSSES,
        Some(PairOutcome::Tie) => w.EVAL_TIES,
        Some(PairOutcome::BothBad) => w.EVAL_BOTH_BAD,
        Some(PairOutcome::Error) => w.EVAL_ERRORS,
        Some(PairOutcome::Unparseable) => w.EVAL_UNPARSEABLE,
    }
}

fn said(order: &Option<Said>) -> String {
    match order {
        None => i18n::worker::t().EVAL_PENDING.to_owned(),
        Some(said) => format!("{}: {}", verdict_label(said.verdict), said.reason),
    }
}

fn keyword_table(rows: &[PairRow]) -> Table {
    let w = i18n::worker::t();
    let rows = rows
        .iter()
        .map(|row| {
            vec![
                row.keyword.clone(),
                format!("{} / {}", row.x, row.y),
                row.x_joke.clone().unwrap_or_default(),
                row.y_joke.clone().unwrap_or_default(),
                row.reference.clone().unwrap_or_default(),
                said(&row.x_first),
                said(&row.x_second),
                outcome_label(row.outcome).to_owned(),
            ]
        })
        .collect();
    let head = head(&[
        w.EVAL_KEYWORD,
        w.EVAL_PAIR,
        w.EVAL_JOKE_X,
        w.EVAL_JOKE_Y,
        w.EVAL_REFERENCE,
        w.EVAL_X_FIRST,
        w.EVAL_X_SECOND,
        w.EVAL_OUTCOME,
    ]);
    Table { head, rows }
}
