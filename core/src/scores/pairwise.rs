//! Pairwise evaluation of model X (usually the fine-tuned model) against model Y: a judge sees
//! both jokes for the same keyword and names the better one, once in each order.
//!
//! Judging both orders cancels the judge's position bias (LLM judges favour the first or the
//! second slot): a pair only counts as a win when X wins from both slots. The original pipeline
//! judged one order only, counted ties as losses and silently dropped malformed verdicts; the
//! choices below fix all three.

use serde::{Deserialize, Serialize};

use super::wilson::{Interval, Z_95, wilson_interval};

/// One judge verdict on one order of presentation: which slot won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// The joke shown first won.
    A,
    /// The joke shown second won.
    B,
    /// Both equally good.
    Tie,
    /// Neither is a joke worth preferring.
    Neither,
    /// The judge call failed (network, upstream error).
    Error,
    /// The judge answered, but not with one of the four verdicts.
    Unparseable,
}

impl Verdict {
    /// Reads a judge's answer: `a`, `b`, `tie` or `neither`, case-insensitive, surrounding space,
    /// quotes and final punctuation ignored. Anything else is [`Verdict::Unparseable`], never a
    /// guess: a misread verdict would be a wrong label, an unparseable one is a counted error.
    pub fn parse(answer: &str) -> Verdict {
        let token = answer.trim().trim_matches(|c: char| matches!(c, '"' | '\'' | '`' | '.' | '!' | '*')).trim();
        match token.to_ascii_lowercase().as_str() {
            "a" => Verdict::A,
            "b" => Verdict::B,
            "tie" => Verdict::Tie,
            "neither" => Verdict::Neither,
            _ => Verdict::Unparseable,
        }
    }

    fn is_error(self) -> bool {
        matches!(self, Verdict::Error | Verdict::Unparseable)
    }
}

/// The combined result of one pair for X.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Win,
    Loss,
    Tie,
    Error,
}

/// Combines the two verdicts of one pair into X's outcome. `x_first` is the verdict when X was
/// shown first (slot A), `x_second` when X was shown second (slot B).
///
/// Either verdict an error → [`Outcome::Error`] (an error is never read as a preference). Otherwise
/// X wins only if both verdicts pick X, loses only if both pick Y; any disagreement between the
/// orders, tie or neither is a tie, since then the judge's preference is not robust to position.
pub fn combine(x_first: Verdict, x_second: Verdict) -> Outcome {
    if x_first.is_error() || x_second.is_error() {
        return Outcome::Error;
    }
    match (x_first, x_second) {
        (Verdict::A, Verdict::B) => Outcome::Win,
        (Verdict::B, Verdict::A) => Outcome::Loss,
        _ => Outcome::Tie,
    }
}

/// Wins, losses, ties and errors of X against Y, with its win rate.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub wins: u32,
    pub losses: u32,
    pub ties: u32,
    pub errors: u32,
}

/// The headline numbers of one evaluation, ready for the UI.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WinRate {
    pub tally: Tally,
    /// All pairs judged, errors included.
    pub pairs: u32,
    /// (W + ½T) / N over all pairs, errors included; `None` without pairs.
    pub win_rate: Option<f64>,
    /// 95% interval of `win_rate`.
    pub interval: Option<Interval>,
    /// (W + ½T) / (N − E): the rate among pairs the judge actually decided. `None` when every pair
    /// errored.
    pub win_rate_excluding_errors: Option<f64>,
    /// 95% interval of `win_rate_excluding_errors`.
    pub interval_excluding_errors: Option<Interval>,
}

impl Tally {
    /// Counts outcomes.
    pub fn from_outcomes(outcomes: impl IntoIterator<Item = Outcome>) -> Self {
        let mut tally = Self::default();
        for outcome in outcomes {
            tally.add(outcome);
        }
        tally
    }

    /// Adds one outcome.
    pub fn add(&mut self, outcome: Outcome) {
        let slot = match outcome {
            Outcome::Win => &mut self.wins,
            Outcome::Loss => &mut self.losses,
            Outcome::Tie => &mut self.ties,
            Outcome::Error => &mut self.errors,
        };
        *slot = slot.saturating_add(1);
    }

    /// Pairs judged, errors included.
    pub fn pairs(&self) -> u32 {
        self.decided().saturating_add(self.errors)
    }

    /// Pairs with a usable result (wins, losses, ties).
    pub fn decided(&self) -> u32 {
        self.wins.saturating_add(self.losses).saturating_add(self.ties)
    }

    fn points(&self) -> f64 {
        f64::from(self.wins) + 0.5 * f64::from(self.ties)
    }

    /// The win rate and its interval.
    ///
    /// **Errors stay in the denominator** of `win_rate` and so count as not-wins. Dropping them
    /// would let a systematic failure (say, the judge chokes whenever the tuned model's joke is
    /// garbled) vanish and inflate the rate, which is what the original pipeline did. The rate
    /// over decided pairs is reported beside it, clearly named, so the two bracket the truth and
    /// a gap between them tells the curator to look at the errors.
    ///
    /// **Interval**: Wilson's score interval with W + ½T successes out of N. A pair scores 1, ½ or
    /// 0, and among variables in [0, 1] with mean p the 0/1 Bernoulli has the largest variance,
    /// p(1 − p); ties only shrink the true variance. Treating the score as Bernoulli is therefore
    /// conservative (the interval is, if anything, too wide), while keeping Wilson's good
    /// behaviour near 0 and 1 and for small N, where a bootstrap would be unstable.
    pub fn win_rate(&self) -> WinRate {
        let (pairs, decided) = (f64::from(self.pairs()), f64::from(self.decided()));
        let rate = |n: f64| (n > 0.0).then(|| self.points() / n);
        WinRate {
            tally: *self,
            pairs: self.pairs(),
            win_rate: rate(pairs),
            interval: wilson_interval(self.points(), pairs, Z_95),
            win_rate_excluding_errors: rate(decided),
            interval_excluding_errors: wilson_interval(self.points(), decided, Z_95),
        }
    }
}
