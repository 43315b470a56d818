//! An evaluation as the app keeps it: a pipeline run ([`super::run::Run`] with an
//! [`EvaluationSpec`]) whose items are the definition's calls (`tallas_core::evaluation::plan`),
//! each keeping its answer ([`CallOutput`]) on the item. So an evaluation pauses, resumes after a
//! reload and retries its failures exactly as a pipeline run does, and a call with an answer is
//! never made (or paid for) again.
//!
//! Pure: the engine makes the calls; these read the items back as judged pairs for core's report,
//! as the per-keyword table, and as CSV.

use serde::{Deserialize, Serialize};
use tallas_core::evaluation::agreement::{RankAgreement, ranking_agreement};
use tallas_core::evaluation::plan::Call;
use tallas_core::evaluation::report::{REPLICATES, SEED};
use tallas_core::evaluation::{Definition, Judged, PairOutcome, Report, report};
use tallas_core::play::arena::{self, ArenaResults, ArenaTally};
use tallas_core::scores::pairwise::Verdict;

pub use super::evaluation_record::{CallOutput, DatasetRef, EvaluationSpec};
use super::model::{Joke, JokeSource, Label, TextVersion, VersionKind};
use super::run::{ItemStatus, Run, RunItem, RunState};

/// The version of the JSON export's shape.
pub const EXPORT_FORMAT: &str = "tallas-evaluation-1";

/// The run items of `definition`, in call order (generations first).
pub fn items(run_id: &str, definition: &Definition) -> Vec<RunItem> {
    let models = definition.all_models();
    definition
        .calls()
        .into_iter()
        .map(|call| {
            let keyword = |case: usize| definition.cases[case].keyword.as_str();
            let title = match call {
                Call::Generate { model, case } => format!("{} · {}", models[model], keyword(case)),
                Call::Judge { x, y, case, x_first } => {
                    let (a, b) = if x_first { (models[x], models[y]) } else { (models[y], models[x]) };
                    format!("{a} / {b} · {}", keyword(case))
                }
            };
            RunItem::new(run_id, call.id(), title)
        })
        .collect()
}

/// What one order of a pair got: the verdict and the judge's reason (or why there is none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Said {
    pub verdict: Verdict,
    pub reason: String,
}

/// One pair on one keyword: both jokes, the reference, both verdicts and the outcome. A pair
/// whose judgements are still pending has no outcome yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairRow {
    pub keyword: String,
    pub reference: Option<String>,
    pub x: String,
    pub y: String,
    pub x_joke: Option<String>,
    pub y_joke: Option<String>,
    pub x_first: Option<Said>,
    pub x_second: Option<Said>,
    pub outcome: Option<PairOutcome>,
}

/// Every pair on every keyword, in the definition's order, from the run's items.
pub fn rows(definition: &Definition, items: &[RunItem]) -> Vec<PairRow> {
    let by_id: std::collections::HashMap<&str, &RunItem> = items.iter().map(|i| (i.item_id.as_str(), i)).collect();
    let models = definition.all_models();
    let joke = |model: usize, case: usize| match by_id.get(Call::Generate { model, case }.id().as_str()) {
        Some(RunItem { output: Some(CallOutput::Joke { text, .. }), .. }) => Some(text.clone()),
        _ => None,
    };
    let said = |x: usize, y: usize, case: usize, x_first: bool| {
        let item = by_id.get(Call::Judge { x, y, case, x_first }.id().as_str())?;
        match (&item.status, &item.output) {
            (ItemStatus::Done { .. }, Some(CallOutput::Verdict { verdict, reason, .. })) => {
                Some(Said { verdict: *verdict, reason: reason.clone() })
            }
            (ItemStatus::Failed { error, .. }, _) => Some(Said { verdict: Verdict::Error, reason: error.clone() }),
            _ => None,
        }
    };
    let pairs = definition.pairs();
    definition
        .cases
        .iter()
        .enumerate()
        .flat_map(|(case, c)| pairs.iter().map(move |&(x, y)| (case, c, x, y)))
        .map(|(case, c, x, y)| {
            let (first, second) = (said(x, y, case, true), said(x, y, case, false));
            let outcome = match (&first, &second) {
                (Some(f), Some(s)) => Some(PairOutcome::of(f.verdict, s.verdict)),
                _ => None,
            };
            PairRow {
                keyword: c.keyword.clone(),
                reference: c.reference.clone(),
                x: models[x].to_owned(),
                y: models[y].to_owned(),
                x_joke: joke(x, case),
                y_joke: joke(y, case),
                x_first: first,
                x_second: second,
                outcome,
            }
        })
        .collect()
}

/// The judged pairs (both orders settled) as core's report takes them.
pub fn judged(rows: &[PairRow]) -> Vec<Judged> {
    let chars =
        |joke: &Option<String>| joke.as_deref().map_or(0, |j| u32::try_from(j.chars().count()).unwrap_or(u32::MAX));
    rows.iter()
        .filter_map(|row| {
            let (first, second) = (row.x_first.as_ref()?, row.x_second.as_ref()?);
            Some(Judged {
                keyword: row.keyword.clone(),
                x: row.x.clone(),
                y: row.y.clone(),
                x_first: first.verdict,
                x_second: second.verdict,
                x_chars: chars(&row.x_joke),
                y_chars: chars(&row.y_joke),
            })
        })
        .collect()
}

/// The per-keyword table as CSV (RFC 4180, one row per pair and keyword), for a spreadsheet.
pub fn csv(rows: &[PairRow]) -> Result<String, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "keyword",
        "model_x",
        "model_y",
        "joke_x",
        "joke_y",
        "reference",
        "verdict_x_first",
        "reason_x_first",
        "verdict_x_second",
        "reason_x_second",
        "outcome",
    ];
    writer.write_record(header).map_err(|e| e.to_string())?;
    let verdict = |said: &Option<Said>| said.as_ref().map(|s| name(&s.verdict)).unwrap_or_default();
    let reason = |said: &Option<Said>| said.as_ref().map(|s| s.reason.clone()).unwrap_or_default();
    for row in rows {
        writer
            .write_record([
                row.keyword.clone(),
                row.x.clone(),
                row.y.clone(),
                row.x_joke.clone().unwrap_or_default(),
                row.y_joke.clone().unwrap_or_default(),
                row.reference.clone().unwrap_or_default(),
                verdict(&row.x_first),
                reason(&row.x_first),
                verdict(&row.x_second),
                reason(&row.x_second),
                row.outcome.as_ref().map(name).unwrap_or_default(),
            ])
            .map_err(|e| e.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| e.to_string())
}

/// A unit variant's wire name (`"both_bad"`), as the JSON export writes it.
fn name(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        _ => String::new(),
    }
}

/// The evaluation's jokes as workspace jokes, to be labelled by the curator or voted on by a crowd:
/// each keeps its keyword and who told it, under an id made of the run's and the call's, so
/// bringing them again adds nothing.
pub fn workspace_jokes(run: &Run, spec: &EvaluationSpec, items: &[RunItem], now_ms: u64) -> Vec<Joke> {
    let definition = &spec.definition;
    items
        .iter()
        .filter_map(|item| {
            let Some(CallOutput::Joke { text, model }) = &item.output else { return None };
            let tallas_core::evaluation::plan::Call::Generate { case, .. } = definition.call(&item.item_id)? else {
                return None;
            };
            let source = JokeSource::Generated { run_id: run.id.clone(), model: model.clone() };
            let version = TextVersion { kind: VersionKind::Generated, text: text.clone(), at_ms: now_ms };
            let mut joke = Joke::new(format!("{}/{}", run.id, item.item_id), source, version);
            joke.keywords = vec![definition.cases[case].keyword.clone()];
            Some(joke)
        })
        .collect()
}

/// People's funny (`true`) / not funny labels on jokes, by text: the curator's, and the crowd's
/// majority (none on a tie).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PeopleLabels {
    pub curator: std::collections::HashMap<String, bool>,
    pub crowd: std::collections::HashMap<String, bool>,
}

impl PeopleLabels {
    /// The labels on this run's jokes brought to the workspace, with the crowd's shares by joke id.
    pub fn of(run_id: &str, jokes: &[Joke], crowd_share: impl Fn(&str) -> Option<f64>) -> Self {
        let mut labels = PeopleLabels::default();
        for joke in jokes {
            let JokeSource::Generated { run_id: from, .. } = &joke.source else { continue };
            if from != run_id {
                continue;
            }
            let Some(told) = joke.versions.iter().find(|v| v.kind == VersionKind::Generated) else { continue };
            if let Some(label) = joke.label {
                labels.curator.insert(told.text.clone(), label == Label::Funny);
            }
            match crowd_share(&joke.id) {
                Some(share) if share > 0.5 => labels.crowd.insert(told.text.clone(), true),
                Some(share) if share < 0.5 => labels.crowd.insert(told.text.clone(), false),
                _ => None,
            };
        }
        labels
    }
}

/// The judge against people: Cohen's κ between its outcome on each pair and the preference the
/// curator's labels, and the crowd's, give the same two jokes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct PeopleAgreement {
    pub curator: Versus,
    pub crowd: Versus,
}

/// The judge against one kind of label.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Versus {
    /// Judged pairs whose two jokes both carry this label.
    pub pairs: u32,
    /// `None` without such pairs, or when judge and people each gave one answer throughout.
    pub kappa: Option<tallas_core::scores::agreement::Agreement>,
}

fn people_agreement(rows: &[PairRow], labels: &PeopleLabels) -> PeopleAgreement {
    use tallas_core::evaluation::agreement::{Preference, label_agreement};
    let versus = |by: &std::collections::HashMap<String, bool>| {
        let label = |joke: &Option<String>| joke.as_ref().and_then(|j| by.get(j).copied());
        let pairs: Vec<_> = rows
            .iter()
            .filter_map(|row| Some((row.outcome?, Preference::of_labels(label(&row.x_joke), label(&row.y_joke))?)))
            .filter(|(outcome, _)| Preference::of_outcome(*outcome).is_some())
            .collect();
        Versus {
            pairs: u32::try_from(pairs.len()).unwrap_or(u32::MAX),
            kappa: label_agreement(pairs.into_iter().map(|(outcome, person)| (outcome, Some(person)))),
        }
    };
    PeopleAgreement { curator: versus(&labels.curator), crowd: versus(&labels.crowd) }
}

/// Everything the Evaluate page shows of one evaluation, and what its JSON export holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvaluationView {
    pub format: String,
    pub run_id: String,
    pub spec: EvaluationSpec,
    pub created_at_ms: u64,
    /// Finished: every call has its answer and nothing will change any more.
    pub finished: bool,
    pub report: Report,
    pub rows: Vec<PairRow>,
    /// The arena's ranking of the same models, when the arena has votes on two of them or more.
    pub arena: Option<ArenaBeside>,
    /// The judge against people's labels on these jokes (brought to the workspace).
    pub people: PeopleAgreement,
}

/// The arena beside the judge: the players' ranking and how it agrees with the judge's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArenaBeside {
    pub results: ArenaResults,
    pub agreement: RankAgreement,
}

/// The view of `run` (an evaluation) from its items, with the arena's `tallies` when given.
pub fn view(
    run: &Run,
    spec: &EvaluationSpec,
    items: &[RunItem],
    tallies: Option<&[ArenaTally]>,
    labels: &PeopleLabels,
) -> EvaluationView {
    let rows = rows(&spec.definition, items);
    let people = people_agreement(&rows, labels);
    let report = report(&judged(&rows), REPLICATES, SEED);
    let arena = tallies.and_then(|tallies| {
        let models = spec.definition.all_models();
        let ours: Vec<ArenaTally> = tallies
            .iter()
            .filter(|t| models.contains(&t.model_a.as_str()) && models.contains(&t.model_b.as_str()))
            .cloned()
            .collect();
        let results = arena::results(&ours, arena::REPLICATES, SEED);
        if results.ranking.len() < 2 {
            return None;
        }
        // With two models the judge's ranking is the pair's win rate: X ahead when above ½.
        let judge = if report.ranking.is_empty() { pair_ranking(&report) } else { report.ranking.clone() };
        let agreement = ranking_agreement(&results.ranking, &judge);
        Some(ArenaBeside { results, agreement })
    });
    EvaluationView {
        format: EXPORT_FORMAT.to_owned(),
        run_id: run.id.clone(),
        spec: spec.clone(),
        created_at_ms: run.created_at_ms,
        finished: run.state == RunState::Finished,
        report,
        rows,
        arena,
        people,
    }
}

/// A single pair's result as a two-model ranking (strengths X : Y = rate : 1 − rate).
fn pair_ranking(report: &Report) -> Vec<tallas_core::scores::bootstrap::RankedModel> {
    let Some(pair) = report.pairs.first() else { return Vec::new() };
    let Some(rate) = pair.win_rate else { return Vec::new() };
    let ranked = |model: &str, strength: f64| tallas_core::scores::bootstrap::RankedModel {
        model: model.to_owned(),
        strength,
        low: strength,
        high: strength,
        games: pair.decided,
    };
    vec![ranked(&pair.x, rate), ranked(&pair.y, 1.0 - rate)]
}
