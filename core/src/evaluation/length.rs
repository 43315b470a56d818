//! Length bias: LLM judges tend to prefer the longer answer, so a model could "win" by telling
//! longer jokes. Two views of it:
//!
//! - the plain one: the mean length of the winning and of the losing jokes, and how often the
//!   longer joke won;
//! - the **length-controlled win rate**, as AlpacaEval 2 computes it (Dubois et al. 2024): a
//!   logistic regression of X's result on the length difference, `P(X wins) = σ(β₀ + β₁·d)` with
//!   `d = tanh((len X − len Y) / sd)` (sd: the sample standard deviation of the differences), and
//!   the win rate it predicts when the two jokes are equally long: `σ(β₀)`. A tie counts as ½ (a
//!   fractional response, which the binomial likelihood takes as is). The 95% interval is
//!   `σ(β₀ ± 1.96·se(β₀))`, se from the inverse Fisher information at the fit.
//!
//! The fit is Newton–Raphson on the binomial log-likelihood (IRLS), the method of statsmodels' GLM;
//! the tests' known answers come from `statsmodels.api.GLM(..., family=Binomial())`
//! (scripts/reference-evaluation.py). A fit that does not exist (every pair won by one side, or
//! the length alone separating wins from losses) is `None`, never a number made up.

use serde::{Deserialize, Serialize};

use super::outcome::PairOutcome;
use crate::scores::wilson::{Interval, Z_95};

/// Whether, and how much, length decided the pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LengthBias {
    /// Pairs with a winner (wins and losses), behind the means below.
    pub decisive: u32,
    pub winners_mean_chars: Option<f64>,
    pub losers_mean_chars: Option<f64>,
    /// Share of decisive pairs of unequal lengths won by the longer joke.
    pub longer_won: Option<f64>,
    pub controlled: Option<LengthControlled>,
}

/// X's win rate with the length difference held at zero.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LengthControlled {
    pub win_rate: f64,
    pub interval: Interval,
    /// β₁: above 0, the judge favours X more the longer its joke is than Y's.
    pub length_coefficient: f64,
    /// Pairs in the fit (every pair with a preference: wins, losses, ties, both bad).
    pub pairs: u32,
}

/// One pair for the length analysis: X's outcome and the two jokes' lengths in characters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sized {
    pub outcome: PairOutcome,
    pub x_chars: u32,
    pub y_chars: u32,
}

pub fn length_bias(pairs: &[Sized]) -> LengthBias {
    let (mut winners, mut losers, mut decisive) = (0.0, 0.0, 0u32);
    let (mut unequal, mut longer_won) = (0u32, 0u32);
    for pair in pairs {
        let (x, y) = (f64::from(pair.x_chars), f64::from(pair.y_chars));
        let (winner, loser) = match pair.outcome {
            PairOutcome::Win => (x, y),
            PairOutcome::Loss => (y, x),
            _ => continue,
        };
        decisive += 1;
        winners += winner;
        losers += loser;
        if winner != loser {
            unequal += 1;
            longer_won += u32::from(winner > loser);
        }
    }
    let mean = |total: f64| (decisive > 0).then(|| total / f64::from(decisive));
    let rows: Vec<(f64, f64)> = pairs
        .iter()
        .filter_map(|p| p.outcome.points().map(|y| (y, f64::from(p.x_chars) - f64::from(p.y_chars))))
        .collect();
    LengthBias {
        decisive,
        winners_mean_chars: mean(winners),
        losers_mean_chars: mean(losers),
        longer_won: (unequal > 0).then(|| f64::from(longer_won) / f64::from(unequal)),
        controlled: length_controlled(&rows),
    }
}

/// The length-controlled win rate from `(points, length difference)` rows.
fn length_controlled(rows: &[(f64, f64)]) -> Option<LengthControlled> {
    let n = rows.len();
    if n == 0 {
        return None;
    }
    let mean_diff = rows.iter().map(|(_, d)| d).sum::<f64>() / n as f64;
    let sd = if n > 1 {
        (rows.iter().map(|(_, d)| (d - mean_diff).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    let pairs = u32::try_from(n).unwrap_or(u32::MAX);
    let interval = |b0: f64, se: f64| Interval { lower: sigmoid(b0 - Z_95 * se), upper: sigmoid(b0 + Z_95 * se) };
    if sd == 0.0 {
        // Every difference the same: no length effect can be told apart from the intercept, whose
        // fit is the plain rate.
        let p = rows.iter().map(|(y, _)| y).sum::<f64>() / n as f64;
        if p <= 0.0 || p >= 1.0 {
            return None;
        }
        let (b0, se) = ((p / (1.0 - p)).ln(), (1.0 / (n as f64 * p * (1.0 - p))).sqrt());
        return Some(LengthControlled { win_rate: p, interval: interval(b0, se), length_coefficient: 0.0, pairs });
    }
    let rows: Vec<(f64, f64)> = rows.iter().map(|&(y, d)| (y, (d / sd).tanh())).collect();
    let Fit { b0, b1, se0 } = logistic_fit(&rows)?;
    Some(LengthControlled { win_rate: sigmoid(b0), interval: interval(b0, se0), length_coefficient: b1, pairs })
}

struct Fit {
    b0: f64,
    b1: f64,
    se0: f64,
}

/// Coefficients past this size mean the likelihood has no maximum (separation): the data say
/// "always", and no finite rate describes it.
const DIVERGED: f64 = 30.0;

/// Maximum-likelihood `(β₀, β₁)` of `y ~ σ(β₀ + β₁·x)` over `(y, x)` rows, y in [0, 1].
fn logistic_fit(rows: &[(f64, f64)]) -> Option<Fit> {
    let (mut b0, mut b1) = (0.0f64, 0.0f64);
    for _ in 0..100 {
        let (g, h) = gradient_and_information(rows, b0, b1);
        let det = h[0] * h[2] - h[1] * h[1];
        if !(det.is_finite() && det > 1e-12) {
            return None;
        }
        let step0 = (h[2] * g[0] - h[1] * g[1]) / det;
        let step1 = (h[0] * g[1] - h[1] * g[0]) / det;
        b0 += step0;
        b1 += step1;
        if !(b0.abs() < DIVERGED && b1.abs() < DIVERGED) {
            return None;
        }
        if step0.abs().max(step1.abs()) < 1e-12 {
            let (_, h) = gradient_and_information(rows, b0, b1);
            let det = h[0] * h[2] - h[1] * h[1];
            let se0 = (h[2] / det).sqrt();
            return se0.is_finite().then_some(Fit { b0, b1, se0 });
        }
    }
    None
}

/// The log-likelihood's gradient and the Fisher information `[I₀₀, I₀₁, I₁₁]` at `(b0, b1)`.
fn gradient_and_information(rows: &[(f64, f64)], b0: f64, b1: f64) -> ([f64; 2], [f64; 3]) {
    let (mut g, mut h) = ([0.0; 2], [0.0; 3]);
    for &(y, x) in rows {
        let p = sigmoid(b0 + b1 * x);
        let w = p * (1.0 - p);
        g[0] += y - p;
        g[1] += (y - p) * x;
        h[0] += w;
        h[1] += w * x;
        h[2] += w * x * x;
    }
    (g, h)
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;
    use PairOutcome::*;

    fn sized(outcome: PairOutcome, x_chars: u32, y_chars: u32) -> Sized {
        Sized { outcome, x_chars, y_chars }
    }

    /// Twelve pairs where X wins mostly when its joke is longer. Known answers from statsmodels
    /// 0.14.5 (`make reference-evaluation`, case `length`): β₀ = 0.1334669, β₁ = 2.3759014,
    /// se(β₀) = 0.7460631; σ(β₀) = 0.5333173, interval 0.2093596 … 0.8314199 (statsmodels stops
    /// its iteration at a looser tolerance: the last digit may differ).
    fn longer_wins() -> Vec<Sized> {
        vec![
            sized(Win, 220, 140),
            sized(Win, 180, 150),
            sized(Win, 300, 120),
            sized(Loss, 120, 210),
            sized(Loss, 100, 160),
            sized(Tie, 150, 150),
            sized(Win, 140, 160),
            sized(Loss, 200, 130),
            sized(BothBad, 90, 110),
            sized(Win, 260, 200),
            sized(Loss, 130, 250),
            sized(Error, 0, 180),
        ]
    }

    #[test]
    fn the_plain_view_compares_winners_and_losers() {
        let bias = length_bias(&longer_wins());
        assert_eq!(bias.decisive, 9);
        let winners = (220 + 180 + 300 + 210 + 160 + 140 + 130 + 260 + 250) as f64 / 9.0;
        let losers = (140 + 150 + 120 + 120 + 100 + 160 + 200 + 200 + 130) as f64 / 9.0;
        assert!((bias.winners_mean_chars.unwrap() - winners).abs() < 1e-12);
        assert!((bias.losers_mean_chars.unwrap() - losers).abs() < 1e-12);
        assert!((bias.longer_won.unwrap() - 7.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn the_controlled_rate_matches_statsmodels() {
        let controlled = length_bias(&longer_wins()).controlled.expect("a fit");
        assert_eq!(controlled.pairs, 11, "the error carries no preference and stays out");
        let close = |a: f64, b: f64| (a - b).abs() < 5e-7;
        assert!(close(controlled.length_coefficient, 2.3759014), "{controlled:?}");
        assert!(close(controlled.win_rate, 0.5333173), "{controlled:?}");
        assert!(close(controlled.interval.lower, 0.2093596), "{controlled:?}");
        assert!(close(controlled.interval.upper, 0.8314199), "{controlled:?}");
    }

    #[test]
    fn equal_lengths_leave_the_plain_rate() {
        let pairs = [sized(Win, 100, 100), sized(Win, 80, 80), sized(Loss, 90, 90), sized(Tie, 70, 70)];
        let controlled = length_bias(&pairs).controlled.expect("a fit");
        assert!((controlled.win_rate - 2.5 / 4.0).abs() < 1e-12);
        assert_eq!(controlled.length_coefficient, 0.0);
        assert!(controlled.interval.lower < 0.625 && controlled.interval.upper > 0.625);
    }

    #[test]
    fn no_fit_is_made_up_when_none_exists() {
        // X always wins: the likelihood grows without end.
        assert_eq!(length_bias(&[sized(Win, 100, 90), sized(Win, 80, 120), sized(Win, 50, 50)]).controlled, None);
        // Length alone separates wins from losses.
        let separated = [sized(Win, 200, 100), sized(Win, 150, 100), sized(Loss, 100, 200), sized(Loss, 90, 150)];
        assert_eq!(length_bias(&separated).controlled, None);
        assert_eq!(length_bias(&[]).controlled, None);
        assert_eq!(
            length_bias(&[sized(Error, 0, 10)]),
            LengthBias {
                decisive: 0,
                winners_mean_chars: None,
                losers_mean_chars: None,
                longer_won: None,
                controlled: None,
            }
        );
    }
}
