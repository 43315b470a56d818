//! The train/validation split: seeded, whole clusters only, within Mistral's size rule.

use std::collections::HashMap;

use crate::dedupe::splitmix64;

/// Largest validation file Mistral accepts, in bytes.
pub const MAX_VALIDATION_BYTES: usize = 1_000_000;
/// Largest validation file Mistral accepts, as a share of the training file's bytes.
pub const MAX_VALIDATION_SHARE: f64 = 0.05;

/// Whether each example goes to validation.
///
/// Examples are grouped by cluster (an example without one is its own group), groups are
/// shuffled by `seed` (Fisher–Yates over SplitMix64), and taken in that order into validation
/// while they fit both the target count, `round(fraction × examples)`, and Mistral's size rule:
/// validation bytes ≤ min(1 MB, 5% of training bytes). A group that does not fit is skipped and
/// later, smaller ones may still fill the gap. Because the size rule is relative to the training
/// file, a 5% fraction usually ends one or two examples short of 5% (5% of the training file is
/// about 4.76% of all data): the rule wins over the fraction.
///
/// `line_bytes[i]` is example i's JSONL line with its newline; `clusters[i]` its cluster.
pub(crate) fn split(line_bytes: &[usize], clusters: &[Option<usize>], fraction: f64, seed: u64) -> Vec<bool> {
    let n = line_bytes.len();
    let fraction = if fraction.is_nan() { 0.0 } else { fraction.clamp(0.0, 1.0) };
    let target = (fraction * n as f64).round() as usize;

    // Groups in order of first appearance, so the result depends only on input order and seed.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_cluster: HashMap<usize, usize> = HashMap::new();
    for (i, cluster) in clusters.iter().enumerate() {
        match cluster {
            Some(c) => {
                let next = groups.len();
                let g = *group_of_cluster.entry(*c).or_insert(next);
                if g == next {
                    groups.push(Vec::new());
                }
                groups[g].push(i);
            }
            None => groups.push(vec![i]),
        }
    }
    let mut state = seed;
    for i in (1..groups.len()).rev() {
        // Lemire's multiply-shift maps 64 random bits to 0..=i without a division.
        let j = ((u128::from(splitmix64(&mut state)) * (i as u128 + 1)) >> 64) as usize;
        groups.swap(i, j);
    }

    let total_bytes: usize = line_bytes.iter().sum();
    let (mut count, mut bytes) = (0, 0);
    let mut validation = vec![false; n];
    for group in &groups {
        if count == target {
            break;
        }
        let group_bytes: usize = group.iter().map(|&i| line_bytes[i]).sum();
        let (new_count, new_bytes) = (count + group.len(), bytes + group_bytes);
        let train_bytes = total_bytes - new_bytes;
        let fits = new_count <= target
            && new_bytes <= MAX_VALIDATION_BYTES
            && new_bytes as f64 <= MAX_VALIDATION_SHARE * train_bytes as f64;
        if fits {
            (count, bytes) = (new_count, new_bytes);
            for &i in group {
                validation[i] = true;
            }
        }
    }
    validation
}
