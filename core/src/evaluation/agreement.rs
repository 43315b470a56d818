//! The judge judged: does it agree with people?
//!
//! - With labels: where both jokes of a pair carry a person's label (the curator's, or the crowd's
//!   majority), the labels prefer the funny one over the not funny one, and nothing when both agree;
//!   Cohen's κ between that and the judge's outcome on the pair ([`label_agreement`]).
//! - With the arena: the players' Bradley–Terry ranking against the judge's on the models both
//!   ranked, as Kendall's τ over model pairs ([`ranking_agreement`]).

use serde::{Deserialize, Serialize};

use super::outcome::PairOutcome;
use crate::scores::agreement::{Agreement, cohen_kappa};
use crate::scores::bootstrap::RankedModel;

/// Which joke of a pair is preferred.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Preference {
    X,
    Y,
    Neither,
}

impl Preference {
    /// The judge's preference on a pair; `None` when it gave none (an error, unparseable).
    pub fn of_outcome(outcome: PairOutcome) -> Option<Self> {
        match outcome {
            PairOutcome::Win => Some(Preference::X),
            PairOutcome::Loss => Some(Preference::Y),
            PairOutcome::Tie | PairOutcome::BothBad => Some(Preference::Neither),
            PairOutcome::Error | PairOutcome::Unparseable => None,
        }
    }

    /// A person's preference from their funny (`true`) / not funny labels on the two jokes.
    pub fn of_labels(x_funny: Option<bool>, y_funny: Option<bool>) -> Option<Self> {
        Some(match (x_funny?, y_funny?) {
            (true, false) => Preference::X,
            (false, true) => Preference::Y,
            _ => Preference::Neither,
        })
    }
}

/// Cohen's κ between the judge's outcomes and people's preferences, over the pairs both have.
pub fn label_agreement(pairs: impl IntoIterator<Item = (PairOutcome, Option<Preference>)>) -> Option<Agreement> {
    cohen_kappa(pairs.into_iter().map(|(outcome, person)| (Preference::of_outcome(outcome), person)))
}

/// How two rankings of the same models agree.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RankAgreement {
    /// Models ranked by both.
    pub models: u32,
    /// Model pairs ordered the same way by both, and the opposite way.
    pub concordant: u32,
    pub discordant: u32,
    /// Kendall's τ-a: (concordant − discordant) / pairs, from −1 (reversed) to 1 (same order).
    /// `None` with fewer than two shared models.
    pub tau: Option<f64>,
}

/// Kendall's τ between two rankings on the models both contain (by strength; an exact tie in
/// either ranking counts for neither side).
pub fn ranking_agreement(first: &[RankedModel], second: &[RankedModel]) -> RankAgreement {
    let shared: Vec<(f64, f64)> = first
        .iter()
        .filter_map(|a| second.iter().find(|b| b.model == a.model).map(|b| (a.strength, b.strength)))
        .collect();
    let (mut concordant, mut discordant) = (0u32, 0u32);
    for (i, a) in shared.iter().enumerate() {
        for b in &shared[i + 1..] {
            let product = (a.0 - b.0).signum() * (a.1 - b.1).signum();
            if a.0 != b.0 && a.1 != b.1 {
                if product > 0.0 {
                    concordant += 1;
                } else {
                    discordant += 1;
                }
            }
        }
    }
    let n = shared.len() as u32;
    let pairs = n * n.saturating_sub(1) / 2;
    RankAgreement {
        models: n,
        concordant,
        discordant,
        tau: (pairs > 0).then(|| (f64::from(concordant) - f64::from(discordant)) / f64::from(pairs)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ranked(model: &str, strength: f64) -> RankedModel {
        RankedModel { model: model.into(), strength, low: strength, high: strength, games: 1 }
    }

    #[test]
    fn kappa_is_one_when_the_judge_prefers_what_people_labelled_funny() {
        let pairs = [
            (PairOutcome::Win, Preference::of_labels(Some(true), Some(false))),
            (PairOutcome::Loss, Preference::of_labels(Some(false), Some(true))),
            (PairOutcome::Tie, Preference::of_labels(Some(true), Some(true))),
            // Unlabelled or unjudged pairs stay out.
            (PairOutcome::Win, Preference::of_labels(None, Some(true))),
            (PairOutcome::Error, Preference::of_labels(Some(true), Some(false))),
        ];
        let agreement = label_agreement(pairs).expect("defined");
        assert_eq!(agreement.items, 3);
        assert!((agreement.value - 1.0).abs() < 1e-12);
        let reversed = [(PairOutcome::Loss, Some(Preference::X)), (PairOutcome::Win, Some(Preference::Y))];
        assert!(label_agreement(reversed).unwrap().value < 0.0);
    }

    #[test]
    fn tau_counts_model_pairs_ordered_alike() {
        let arena = [ranked("a", 2.0), ranked("b", 1.0), ranked("c", 0.5), ranked("only-arena", 0.1)];
        let judge = [ranked("a", 1.5), ranked("c", 1.2), ranked("b", 0.4)];
        let agreement = ranking_agreement(&arena, &judge);
        assert_eq!((agreement.models, agreement.concordant, agreement.discordant), (3, 2, 1));
        assert!((agreement.tau.unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(ranking_agreement(&arena[..1], &judge).tau, None);
    }
}
