//! The evaluation's report, from its judged pairs: per pair of models the counts, the win rate
//! with two intervals and the length analysis; over all pairs the judge's position bias and, with
//! more than two models, a Bradley–Terry ranking.
//!
//! Methods, as the Evaluate page names them beside each number:
//! - **Win rate** (W + ½T) / N over pairs with a preference (a "both bad" pair is a tie: it prefers
//!   neither). Errors and unparseable verdicts are counted apart and stay out of N: they are not
//!   a judgement of either joke.
//! - **Wilson** 95% interval with W + ½T successes of N (see `scores::pairwise` on why that is
//!   conservative with ties).
//! - **Bootstrap over keywords**: `replicates` resamples of the keywords with replacement (a
//!   keyword's pairs stay together), the rate of each, and its 2.5th and 97.5th percentiles
//!   (nearest rank). SplitMix64 from `seed` drives the draws, so the same verdicts always give the
//!   same interval; scripts/reference-evaluation.py recomputes it with numpy.
//! - **Bradley–Terry** strengths with the same keyword bootstrap (`scores::bootstrap::ranking`).

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::length::{LengthBias, Sized, length_bias};
use super::outcome::{Judged, PairOutcome};
use crate::scores::bootstrap::{RankedModel, SplitMix, percentile_95, ranking};
use crate::scores::bradley_terry::Comparison;
use crate::scores::pairwise::{Outcome, Verdict};
use crate::scores::wilson::{Interval, Z_95, wilson_interval};

/// Resamples behind the bootstrap intervals: enough for stable 2.5% / 97.5% percentiles.
pub const REPLICATES: u32 = 1000;

/// The seed every report uses unless told otherwise (written into the report).
pub const SEED: u64 = 20_161_206;

/// Pairs by outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub wins: u32,
    pub losses: u32,
    pub ties: u32,
    pub both_bad: u32,
    pub errors: u32,
    pub unparseable: u32,
}

impl Counts {
    fn add(&mut self, outcome: PairOutcome) {
        let slot = match outcome {
            PairOutcome::Win => &mut self.wins,
            PairOutcome::Loss => &mut self.losses,
            PairOutcome::Tie => &mut self.ties,
            PairOutcome::BothBad => &mut self.both_bad,
            PairOutcome::Error => &mut self.errors,
            PairOutcome::Unparseable => &mut self.unparseable,
        };
        *slot += 1;
    }

    /// Pairs with a preference: the win rate's N.
    pub fn decided(&self) -> u32 {
        self.wins + self.losses + self.ties + self.both_bad
    }
}

/// X against Y.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairReport {
    pub x: String,
    pub y: String,
    pub counts: Counts,
    pub decided: u32,
    pub win_rate: Option<f64>,
    pub wilson: Option<Interval>,
    pub bootstrap: Option<Interval>,
    pub length: LengthBias,
}

/// How the judge treats the two slots.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PositionBias {
    /// Verdicts that picked a slot (A or B), over both orders of every pair.
    pub slot_verdicts: u32,
    pub first_slot_wins: u32,
    /// Share of those verdicts won by the first slot (0.5 for a judge without a position bias),
    /// with its Wilson 95% interval.
    pub first_slot_share: Option<f64>,
    pub first_slot_interval: Option<Interval>,
    /// Pairs with a verdict in both orders.
    pub both_orders: u32,
    /// … of which the two orders preferred different things: a different joke, or a joke once and
    /// none (a tie, "neither") the other time.
    pub orders_disagree: u32,
    pub disagreement_rate: Option<f64>,
}

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Judged pairs and the keywords they cover.
    pub judged: u32,
    pub keywords: u32,
    pub pairs: Vec<PairReport>,
    /// Bradley–Terry strengths, strongest first; empty with fewer than three models (a single
    /// pair's win rate says it all).
    pub ranking: Vec<RankedModel>,
    pub position: PositionBias,
    pub replicates: u32,
    pub seed: u64,
}

/// The report on `judged`, each pair of models in the order it first appears.
pub fn report(judged: &[Judged], replicates: u32, seed: u64) -> Report {
    // One pass: each pair's judged pairs and each keyword's, in order of first appearance.
    let mut pairs: Vec<((&str, &str), Vec<&Judged>)> = Vec::new();
    let mut keywords: Vec<(&str, Vec<&Judged>)> = Vec::new();
    let mut pair_at: HashMap<(&str, &str), usize> = HashMap::new();
    let mut keyword_at: HashMap<&str, usize> = HashMap::new();
    let mut models: BTreeSet<&str> = BTreeSet::new();
    for j in judged {
        let pair = *pair_at.entry((&j.x, &j.y)).or_insert_with(|| {
            pairs.push(((&j.x, &j.y), Vec::new()));
            pairs.len() - 1
        });
        pairs[pair].1.push(j);
        let keyword = *keyword_at.entry(&j.keyword).or_insert_with(|| {
            keywords.push((&j.keyword, Vec::new()));
            keywords.len() - 1
        });
        keywords[keyword].1.push(j);
        models.extend([j.x.as_str(), j.y.as_str()]);
    }
    let pairs = pairs.iter().map(|((x, y), of_pair)| pair_report(x, y, of_pair, replicates, seed)).collect();
    let ranking = if models.len() > 2 {
        let units: Vec<Vec<Comparison<String>>> = keywords
            .iter()
            .map(|(_, of_keyword)| of_keyword.iter().copied().filter_map(comparison).collect())
            .collect();
        ranking(&units, replicates, seed)
    } else {
        Vec::new()
    };
    Report {
        judged: judged.len() as u32,
        keywords: keywords.len() as u32,
        pairs,
        ranking,
        position: position_bias(judged),
        replicates,
        seed,
    }
}

fn pair_report(x: &str, y: &str, judged: &[&Judged], replicates: u32, seed: u64) -> PairReport {
    let mut counts = Counts::default();
    for j in judged {
        counts.add(j.outcome());
    }
    let decided = counts.decided();
    let points = f64::from(counts.wins) + 0.5 * f64::from(counts.ties + counts.both_bad);
    let sized: Vec<Sized> =
        judged.iter().map(|j| Sized { outcome: j.outcome(), x_chars: j.x_chars, y_chars: j.y_chars }).collect();
    PairReport {
        x: x.to_owned(),
        y: y.to_owned(),
        counts,
        decided,
        win_rate: (decided > 0).then(|| points / f64::from(decided)),
        wilson: wilson_interval(points, f64::from(decided), Z_95),
        bootstrap: keyword_bootstrap(judged, replicates, seed),
        length: length_bias(&sized),
    }
}

/// The win rate's percentile interval over resampled keywords (see the module docs). Replicates
/// that drew only keywords without a preference have no rate and are left out.
fn keyword_bootstrap(judged: &[&Judged], replicates: u32, seed: u64) -> Option<Interval> {
    // Per keyword, in first-appearance order: (points, pairs with a preference).
    let mut units: Vec<(&str, f64, u32)> = Vec::new();
    for j in judged {
        let (points, decided) = j.outcome().points().map_or((0.0, 0), |p| (p, 1));
        match units.iter_mut().find(|(k, _, _)| *k == j.keyword) {
            Some(unit) => {
                unit.1 += points;
                unit.2 += decided;
            }
            None => units.push((&j.keyword, points, decided)),
        }
    }
    if units.iter().all(|(_, _, decided)| *decided == 0) {
        return None;
    }
    let mut random = SplitMix::new(seed);
    let mut rates: Vec<f64> = Vec::with_capacity(replicates as usize);
    for _ in 0..replicates {
        let (mut points, mut decided) = (0.0, 0u32);
        for _ in 0..units.len() {
            let (_, p, d) = units[random.below(units.len())];
            points += p;
            decided += d;
        }
        if decided > 0 {
            rates.push(points / f64::from(decided));
        }
    }
    percentile_95(&mut rates).map(|(lower, upper)| Interval { lower, upper })
}

/// The pair as a comparison for Bradley–Terry; none for a pair without a preference.
fn comparison(j: &Judged) -> Option<Comparison<String>> {
    let outcome = match j.outcome() {
        PairOutcome::Win => Outcome::Win,
        PairOutcome::Loss => Outcome::Loss,
        PairOutcome::Tie | PairOutcome::BothBad => Outcome::Tie,
        PairOutcome::Error | PairOutcome::Unparseable => return None,
    };
    Some(Comparison { x: j.x.clone(), y: j.y.clone(), outcome })
}

/// What one verdict prefers, by joke: X, Y or neither (`None` for a tie or "neither").
fn preference(verdict: Verdict, x_first: bool) -> Option<bool> {
    match verdict {
        Verdict::A => Some(x_first),
        Verdict::B => Some(!x_first),
        _ => None,
    }
}

fn position_bias(judged: &[Judged]) -> PositionBias {
    let (mut slot_verdicts, mut first_slot_wins, mut both_orders, mut orders_disagree) = (0u32, 0u32, 0u32, 0u32);
    let valid = |v: Verdict| !matches!(v, Verdict::Error | Verdict::Unparseable);
    for j in judged {
        for verdict in [j.x_first, j.x_second] {
            if matches!(verdict, Verdict::A | Verdict::B) {
                slot_verdicts += 1;
                first_slot_wins += u32::from(verdict == Verdict::A);
            }
        }
        if valid(j.x_first) && valid(j.x_second) {
            both_orders += 1;
            orders_disagree += u32::from(preference(j.x_first, true) != preference(j.x_second, false));
        }
    }
    let share = |part: u32, whole: u32| (whole > 0).then(|| f64::from(part) / f64::from(whole));
    PositionBias {
        slot_verdicts,
        first_slot_wins,
        first_slot_share: share(first_slot_wins, slot_verdicts),
        first_slot_interval: wilson_interval(f64::from(first_slot_wins), f64::from(slot_verdicts), Z_95),
        both_orders,
        orders_disagree,
        disagreement_rate: share(orders_disagree, both_orders),
    }
}
