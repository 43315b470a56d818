//! One pair of jokes, judged twice (each joke once in the first slot) → one outcome for X.
//!
//! A judge that prefers the first slot shows as two verdicts that pick the same slot: the pair is
//! then a tie, never a win, so position cannot win a pair (MT-Bench's swap rule). Failed calls and
//! answers that were not a verdict are outcomes of their own: never dropped (the original pipeline
//! dropped them) and never counted as losses (it counted "None" as one).

use serde::{Deserialize, Serialize};

use crate::scores::pairwise::Verdict;

/// X's result on one pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PairOutcome {
    /// The judge picked X from both slots.
    Win,
    /// The judge picked Y from both slots.
    Loss,
    /// Both orders called it a tie, or the orders disagreed (one side from one slot only, or a
    /// tie in one order).
    Tie,
    /// "Neither is a joke" in both orders.
    BothBad,
    /// A call failed: a joke could not be generated, or the judge could not be reached.
    Error,
    /// The judge answered, but not with a verdict.
    Unparseable,
}

impl PairOutcome {
    /// Combines the verdict with X shown first and the verdict with X shown second. A failed call
    /// wins over an unparseable answer: it is the one a retry can fix.
    pub fn of(x_first: Verdict, x_second: Verdict) -> Self {
        use Verdict as V;
        match (x_first, x_second) {
            (V::Error, _) | (_, V::Error) => PairOutcome::Error,
            (V::Unparseable, _) | (_, V::Unparseable) => PairOutcome::Unparseable,
            (V::A, V::B) => PairOutcome::Win,
            (V::B, V::A) => PairOutcome::Loss,
            (V::Neither, V::Neither) => PairOutcome::BothBad,
            _ => PairOutcome::Tie,
        }
    }

    /// X's points: 1 for a win, ½ for a tie or both bad (no preference either way), none for a
    /// loss; `None` for a pair that carries no preference at all (an error, unparseable).
    pub fn points(self) -> Option<f64> {
        match self {
            PairOutcome::Win => Some(1.0),
            PairOutcome::Loss => Some(0.0),
            PairOutcome::Tie | PairOutcome::BothBad => Some(0.5),
            PairOutcome::Error | PairOutcome::Unparseable => None,
        }
    }
}

/// One pair of answers on one keyword, with both verdicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Judged {
    pub keyword: String,
    pub x: String,
    pub y: String,
    /// The verdict when X's joke was shown first (slot A).
    pub x_first: Verdict,
    /// The verdict when X's joke was shown second (slot B).
    pub x_second: Verdict,
    /// The jokes' lengths in characters (0 for a joke that was never generated).
    pub x_chars: u32,
    pub y_chars: u32,
}

impl Judged {
    pub fn outcome(&self) -> PairOutcome {
        PairOutcome::of(self.x_first, self.x_second)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict as V;

    #[test]
    fn a_pair_is_won_only_from_both_slots() {
        let cases = [
            ((V::A, V::B), PairOutcome::Win),
            ((V::B, V::A), PairOutcome::Loss),
            // The judge picked the first slot twice: position, not preference.
            ((V::A, V::A), PairOutcome::Tie),
            ((V::B, V::B), PairOutcome::Tie),
            ((V::A, V::Tie), PairOutcome::Tie),
            ((V::Tie, V::Tie), PairOutcome::Tie),
            ((V::Neither, V::Neither), PairOutcome::BothBad),
            ((V::Neither, V::B), PairOutcome::Tie),
            ((V::A, V::Unparseable), PairOutcome::Unparseable),
            ((V::Unparseable, V::Error), PairOutcome::Error),
            ((V::Error, V::B), PairOutcome::Error),
        ];
        for ((first, second), expected) in cases {
            assert_eq!(PairOutcome::of(first, second), expected, "{first:?} then {second:?}");
        }
    }

    #[test]
    fn errors_carry_no_points_and_both_bad_is_no_preference() {
        assert_eq!(PairOutcome::Error.points(), None);
        assert_eq!(PairOutcome::Unparseable.points(), None);
        assert_eq!(PairOutcome::BothBad.points(), Some(0.5));
        assert_eq!(PairOutcome::Loss.points(), Some(0.0));
    }
}
