//! Percentile bootstrap, reproducible: the resamples are drawn from SplitMix64 with a fixed seed,
//! so the same data always give the same intervals (in the worker, the browser and the tests).
//!
//! What is resampled is the caller's choice of *unit*: an arena resamples votes, an evaluation
//! resamples keywords (all pairs judged on one keyword stay together, because they share the
//! keyword's difficulty and are not independent).

use serde::{Deserialize, Serialize};

use super::bradley_terry::{Comparison, Options, bradley_terry};

/// SplitMix64 (Steele, Lea and Flood 2014; the step is `dedupe`'s): a small generator with a
/// fixed sequence per seed.
#[derive(Debug, Clone)]
pub struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        crate::dedupe::splitmix64(&mut self.0)
    }

    /// Uniform in `0..n` (n > 0), by rejection so no value is favoured.
    pub fn below(&mut self, n: usize) -> usize {
        let n = n.max(1) as u64;
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < zone {
                return (x % n) as usize;
            }
        }
    }
}

/// The 2.5th and 97.5th percentiles of `values` by nearest rank (the smallest value with at
/// least that share of values at or below it: numpy's `inverted_cdf`); `None` when empty.
pub fn percentile_95(values: &mut [f64]) -> Option<(f64, f64)> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| values[((q * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1];
    Some((at(0.025), at(0.975)))
}

/// A model's Bradley–Terry strength (geometric mean 1 over the models) and its 95% bootstrap
/// interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedModel {
    pub model: String,
    pub strength: f64,
    pub low: f64,
    pub high: f64,
    pub games: u32,
}

/// Bradley–Terry strengths fitted on every comparison, strongest first, each with a percentile
/// interval from `replicates` resamples of the `units` (groups of comparisons kept together).
pub fn ranking(units: &[Vec<Comparison<String>>], replicates: u32, seed: u64) -> Vec<RankedModel> {
    let options = Options::default();
    let all: Vec<Comparison<String>> = units.iter().flatten().cloned().collect();
    let fitted = bradley_terry(&all, &options);
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); fitted.strengths.len()];
    let mut random = SplitMix::new(seed);
    if !all.is_empty() {
        for _ in 0..replicates {
            let resample: Vec<Comparison<String>> =
                (0..units.len()).flat_map(|_| units[random.below(units.len())].iter().cloned()).collect();
            for strength in bradley_terry(&resample, &options).strengths {
                if let Some(i) = fitted.strengths.iter().position(|s| s.model == strength.model) {
                    samples[i].push(strength.strength);
                }
            }
        }
    }
    fitted
        .strengths
        .iter()
        .zip(samples.iter_mut())
        .map(|(s, values)| {
            let (low, high) = percentile_95(values).unwrap_or((s.strength, s.strength));
            RankedModel { model: s.model.clone(), strength: s.strength, low, high, games: s.games }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_splitmix64s() {
        // The first outputs for seed 0, as published with the algorithm (and in Python's
        // reference script, scripts/reference-evaluation.py).
        let mut random = SplitMix::new(0);
        assert_eq!(random.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert_eq!(random.next_u64(), 0x6e78_9e6a_a1b9_65f4);
    }

    #[test]
    fn draws_stay_below_n_and_reach_every_value() {
        let mut random = SplitMix::new(7);
        let mut seen = [false; 5];
        for _ in 0..200 {
            seen[random.below(5)] = true;
        }
        assert!(seen.iter().all(|s| *s));
        assert_eq!(random.below(0), 0, "no units draws the only index there is");
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let mut values: Vec<f64> = (1..=100).rev().map(f64::from).collect();
        assert_eq!(percentile_95(&mut values), Some((3.0, 98.0)));
        assert_eq!(percentile_95(&mut []), None);
    }
}
