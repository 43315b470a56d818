//! How much labellers agree beyond chance: Krippendorff's alpha over any number of coders with
//! missing labels, and Cohen's kappa for exactly two (the LLM's label against the curator's).
//!
//! Both are `None` when undefined rather than a made-up number. In particular, when every
//! pairable label is the same category there is no variation to agree about: expected
//! disagreement is 0 and both statistics are 0/0. Data without variation cannot show that the
//! labellers tell categories apart, so this returns `None`, not 1.0 (as some tools do); the UI
//! should say "no variation" instead of a perfect score the data cannot support.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// An agreement coefficient and how much data it rests on.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// The coefficient: 1 is perfect agreement, 0 chance level, negative systematic disagreement.
    pub value: f64,
    /// Items that entered the computation (for alpha: items with at least two labels; for kappa:
    /// items both labellers labelled).
    pub items: usize,
}

/// Krippendorff's alpha for nominal data.
///
/// `units` holds one entry per item: the labels it received, one per coder who labelled it
/// (missing labels are simply absent, so `row.iter().flatten()` turns a coder×item matrix with
/// gaps into this shape). As the method defines, an item with fewer than two labels cannot form a
/// pair and is ignored. With `n` pairable labels, `n_c` of category `c`, and the coincidence matrix
/// `o`, alpha = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k.
///
/// `None` when no item has two labels, or when all pairable labels are one category (see the
/// module docs).
pub fn krippendorff_alpha_nominal<T, U>(units: impl IntoIterator<Item = U>) -> Option<Agreement>
where
    T: Ord,
    U: IntoIterator<Item = T>,
{
    let mut totals: BTreeMap<T, u64> = BTreeMap::new();
    let mut observed = 0.0; // Σ_{c≠k} o_ck
    let mut items = 0;
    for unit in units {
        let mut counts: BTreeMap<T, u64> = BTreeMap::new();
        for label in unit {
            *counts.entry(label).or_default() += 1;
        }
        let m: u64 = counts.values().sum();
        if m < 2 {
            continue;
        }
        items += 1;
        // Ordered pairs of labels from different coders that disagree, each weighted 1/(m − 1).
        let agreeing: u64 = counts.values().map(|c| c * c).sum();
        observed += (m * m - agreeing) as f64 / (m - 1) as f64;
        for (label, count) in counts {
            *totals.entry(label).or_default() += count;
        }
    }
    let n: u64 = totals.values().sum();
    let expected = n * n - totals.values().map(|c| c * c).sum::<u64>(); // Σ_{c≠k} n_c·n_k
    if expected == 0 {
        return None;
    }
    let value = 1.0 - (n - 1) as f64 * observed / expected as f64;
    Some(Agreement { value, items })
}

/// Cohen's kappa between two labellers, over the items both labelled (`(first, second)` per item;
/// an item where either is `None` is skipped).
///
/// kappa = (p_o − p_e) / (1 − p_e), computed in integers as (n·agree − S) / (n² − S) with
/// S = Σ_c first_c·second_c, so the undefined case is detected exactly: `None` when no item has
/// both labels, or when both labellers used one and the same category throughout (p_e = 1).
pub fn cohen_kappa<T: Ord>(pairs: impl IntoIterator<Item = (Option<T>, Option<T>)>) -> Option<Agreement> {
    let mut first_counts: BTreeMap<T, u64> = BTreeMap::new();
    let mut second_counts: BTreeMap<T, u64> = BTreeMap::new();
    let (mut n, mut agree) = (0u64, 0u64);
    for pair in pairs {
        let (Some(first), Some(second)) = pair else { continue };
        n += 1;
        if first == second {
            agree += 1;
        }
        *first_counts.entry(first).or_default() += 1;
        *second_counts.entry(second).or_default() += 1;
    }
    let chance: u64 = first_counts.iter().map(|(label, a)| a * second_counts.get(label).copied().unwrap_or(0)).sum();
    let denominator = n * n - chance;
    if denominator == 0 {
        return None;
    }
    let value = ((n * agree) as f64 - chance as f64) / denominator as f64;
    Some(Agreement { value, items: n as usize })
}
