//! Bradley–Terry strengths, to rank more than two models from their pairwise outcomes.
//!
//! The model: P(i beats j) = p_i / (p_i + p_j). Strengths are fitted with the MM algorithm of
//! Hunter (2004, "MM algorithms for generalized Bradley–Terry models", Ann. Statist. 32:384–406):
//! p_i ← W_i / Σ_j n_ij / (p_i + p_j), with W_i the wins of i and n_ij the games between i and j.
//! Ties count as half a win for each side; errors carry no preference and are ignored.
//!
//! **The prior.** The plain maximum-likelihood fit does not exist when a model never wins (its
//! strength runs to 0 and the update divides by zero) or when the comparison graph is split in
//! two. Every model therefore also plays `prior_ties` tied games against a fixed virtual opponent
//! of strength 1. That keeps each W_i > 0 and connects the graph, so the fit is finite, unique
//! and the iteration cannot divide by zero; with the default of 0.1 games it moves real results
//! very little. Strengths are finally scaled so that their geometric mean is 1 (a model of
//! strength 2 beats an average one two times in three).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::pairwise::Outcome;

/// One combined pair result: `outcome` is from `x`'s point of view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison<M> {
    pub x: M,
    pub y: M,
    pub outcome: Outcome,
}

/// Fitting options.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Options {
    /// Virtual tied games of each model against a strength-1 opponent (see the module docs).
    /// Values below [`MIN_PRIOR_TIES`], or not finite, are raised to it: some prior is required.
    pub prior_ties: f64,
    pub max_iterations: u32,
    /// Stop when no log-strength changes by more than this in one iteration.
    pub tolerance: f64,
}

/// The smallest prior accepted; enough to keep every division defined.
pub const MIN_PRIOR_TIES: f64 = 1e-9;

impl Default for Options {
    fn default() -> Self {
        Self { prior_ties: 0.1, max_iterations: 10_000, tolerance: 1e-10 }
    }
}

/// One model's fitted strength.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Strength<M> {
    pub model: M,
    /// Positive; the geometric mean over all models is 1.
    pub strength: f64,
    /// Real games that entered the fit (errors and self-comparisons excluded).
    pub games: u32,
}

/// The fitted strengths, strongest first (equal strengths in model order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BradleyTerry<M> {
    pub strengths: Vec<Strength<M>>,
    pub iterations: u32,
    /// False when `max_iterations` ran out first; the strengths are then the last iterate.
    pub converged: bool,
}

/// Fits strengths for every model named in `comparisons` (a model whose games all errored is
/// listed with strength from the prior alone). Comparisons of a model with itself are ignored.
pub fn bradley_terry<M: Ord + Clone>(comparisons: &[Comparison<M>], options: &Options) -> BradleyTerry<M> {
    let mut index: BTreeMap<&M, usize> = BTreeMap::new();
    for comparison in comparisons {
        for model in [&comparison.x, &comparison.y] {
            let next = index.len();
            index.entry(model).or_insert(next);
        }
    }
    let k = index.len();
    let mut wins = vec![0.0; k]; // W_i, ties as halves
    let mut games = vec![vec![0u32; k]; k]; // n_ij, symmetric
    for Comparison { x, y, outcome } in comparisons {
        let (i, j) = (index[x], index[y]);
        if i == j {
            continue;
        }
        let points_for_x = match outcome {
            Outcome::Error => continue,
            Outcome::Win => 1.0,
            Outcome::Loss => 0.0,
            Outcome::Tie => 0.5,
        };
        wins[i] += points_for_x;
        wins[j] += 1.0 - points_for_x;
        games[i][j] += 1;
        games[j][i] += 1;
    }
    let prior = if options.prior_ties.is_finite() { options.prior_ties.max(MIN_PRIOR_TIES) } else { MIN_PRIOR_TIES };

    let mut p = vec![1.0; k];
    let (mut iterations, mut converged) = (0, k == 0);
    while !converged && iterations < options.max_iterations {
        iterations += 1;
        // Every strength is updated from the previous iterate. The virtual opponent's fixed
        // strength pins the scale, so no renormalisation is needed inside the loop.
        let next: Vec<f64> = (0..k)
            .map(|i| {
                let real: f64 =
                    (0..k).filter(|&j| games[i][j] > 0).map(|j| f64::from(games[i][j]) / (p[i] + p[j])).sum();
                (wins[i] + prior / 2.0) / (real + prior / (p[i] + 1.0))
            })
            .collect();
        let change = next.iter().zip(&p).map(|(a, b)| (a.ln() - b.ln()).abs()).fold(0.0, f64::max);
        p = next;
        converged = change <= options.tolerance;
    }

    let log_mean = if k == 0 { 0.0 } else { p.iter().map(|s| s.ln()).sum::<f64>() / k as f64 };
    let mut strengths: Vec<Strength<M>> = index
        .into_iter()
        .map(|(model, i)| Strength {
            model: model.clone(),
            strength: (p[i].ln() - log_mean).exp(),
            games: games[i].iter().sum(),
        })
        .collect();
    // A stable sort over model order keeps equal strengths in model order.
    strengths.sort_by(|a, b| b.strength.total_cmp(&a.strength));
    BradleyTerry { strengths, iterations, converged }
}
