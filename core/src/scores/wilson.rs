//! The Wilson score interval for a proportion (Wilson 1927), shared by crowd scores and win rates.
//!
//! Wilson rather than the textbook "p ± z·√(p(1-p)/n)": that Wald interval collapses to a zero
//! width at 0/n and n/n and leaves [0, 1] for small n, which is exactly where crowd votes and small
//! evaluations live. Wilson stays inside [0, 1] and keeps a sensible width at the extremes.

use serde::{Deserialize, Serialize};

/// The two-sided 95% normal quantile. This is the "1.96" of the literature, written to full
/// precision so that results match `scipy`/`statsmodels` (`norm.ppf(0.975)`) to the last digits.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// A closed interval inside [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    pub lower: f64,
    pub upper: f64,
}

impl Interval {
    /// Whether `value` lies strictly below the interval.
    pub fn above(&self, value: f64) -> bool {
        self.lower > value
    }

    /// Whether `value` lies strictly above the interval.
    pub fn below(&self, value: f64) -> bool {
        self.upper < value
    }
}

/// The Wilson score interval for `successes` out of `n` trials at normal quantile `z`.
///
/// `successes` may be fractional (a tie counts as half a win in [`super::pairwise`]). `None` when
/// there are no trials or the input is not a proportion (negative, above `n`, not finite), so no
/// `NaN` can come out.
pub fn wilson_interval(successes: f64, n: f64, z: f64) -> Option<Interval> {
    let valid = n.is_finite() && n > 0.0 && successes.is_finite() && (0.0..=n).contains(&successes) && z.is_finite();
    if !valid {
        return None;
    }
    let p = successes / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half_width = z.abs() * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denominator;
    // The clamps only absorb rounding: mathematically the bounds are already inside [0, 1].
    Some(Interval { lower: (centre - half_width).max(0.0), upper: (centre + half_width).min(1.0) })
}
