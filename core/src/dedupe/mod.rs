//! Near-duplicate jokes: the same joke extracted twice from overlapping windows, retold in two
//! shows, or lightly edited.
//!
//! [`find_clusters`] works in four steps:
//! 1. Every text is [`normalize`]d (lowercase, no accents, no punctuation, single spaces);
//!    identical normalised texts are exact duplicates and are grouped at once.
//! 2. Every text is cut into character shingles of [`DedupeConfig::shingle`] characters and
//!    given a MinHash signature of [`DedupeConfig::num_perm`] slots from a seeded hash family
//!    (natively on several threads above a few thousand texts).
//! 3. LSH banding ([`bands_and_rows`]), over one text per exact group, turns signatures into
//!    candidate pairs without comparing every pair of texts.
//! 4. Each candidate is verified by its **exact** Jaccard similarity of shingle sets against
//!    [`DedupeConfig::threshold`], and verified pairs are joined into clusters (union-find).
//!
//! Verification by exact Jaccard means a reported pair is never a MinHash estimation error; the
//! only randomness left is LSH missing a true pair, which the band shape makes rare (≈ 1% at the
//! threshold with the defaults). Clustering is transitive: A ~ B and B ~ C put A, B and C in one
//! cluster even when A and C are below the threshold, so each member reports its own similarity
//! to the cluster's canonical text.
//!
//! Results depend only on the texts and the configuration: the hash family is drawn from
//! [`DedupeConfig::seed`], and no step depends on input order except which index a result names.

mod hash;
mod lsh;
mod minhash;
mod normalize;
mod shingles;
mod sketch;
mod union_find;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

pub(crate) use hash::splitmix64;
pub use lsh::{bands_and_rows, candidate_probability};
pub(crate) use normalize::is_diacritic;
pub use normalize::normalize;

use shingles::ShingleSets;
use union_find::UnionFind;

/// How near is near.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DedupeConfig {
    /// Characters per shingle. Five fits Spanish: long enough that shared shingles mean shared
    /// words, short enough that a changed word only disturbs a few of them.
    pub shingle: usize,
    /// Jaccard similarity of shingle sets at or above which two texts are near-duplicates.
    pub threshold: f64,
    /// MinHash signature slots; more is slower and finds pairs near the threshold more reliably.
    pub num_perm: usize,
    /// Seeds the hash family, so a run can be repeated exactly.
    pub seed: u64,
}

impl Default for DedupeConfig {
    fn default() -> Self {
        Self { shingle: 5, threshold: 0.85, num_perm: 128, seed: 0x7A11A5 }
    }
}

impl DedupeConfig {
    /// The configuration actually used: shingles of 1 to 64 characters, 1 to 1024 slots, a
    /// threshold in [0.01, 1] (a NaN threshold means the default). Out-of-range values are clamped
    /// rather than refused, because a slider in the app can always produce them.
    pub fn sanitized(&self) -> Self {
        let threshold = if self.threshold.is_nan() { Self::default().threshold } else { self.threshold };
        Self {
            shingle: self.shingle.clamp(1, 64),
            threshold: threshold.clamp(0.01, 1.0),
            num_perm: self.num_perm.clamp(1, 1024),
            seed: self.seed,
        }
    }
}

/// A group of near-duplicate texts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// The suggested text to keep: the longest normalised text (ties: the lowest index), because a
    /// near-duplicate is usually a truncated or trimmed copy and the longest keeps the whole joke.
    pub canonical: usize,
    /// Every member, the canonical one included, in index order.
    pub members: Vec<Member>,
}

/// One text of a [`Cluster`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub index: usize,
    /// Exact Jaccard similarity of shingle sets to the canonical text (1.0 for itself).
    pub similarity: f64,
    /// Whether its normalised text equals the canonical one (same words, maybe other case,
    /// accents or punctuation).
    pub exact: bool,
}

/// Groups `texts` into clusters of near-duplicates. Texts with no near-duplicate are in no
/// cluster. Clusters are ordered by their lowest member index. Never panics: any configuration is
/// first [`DedupeConfig::sanitized`].
pub fn find_clusters(texts: &[&str], config: &DedupeConfig) -> Vec<Cluster> {
    let config = config.sanitized();
    let family = minhash::Family::new(config.num_perm, config.seed);
    let sketches = sketch::sketch_all(texts, config.shingle, &family);
    let sketch::Sketches { normalized, mut sets, signatures } = sketches;
    let mut joined = UnionFind::new(texts.len());

    // Step 1: exact duplicates join the first text with the same normalised text.
    let mut first_seen: HashMap<&str, usize> = HashMap::with_capacity(texts.len());
    let mut eligible = vec![false; texts.len()];
    for (i, text) in normalized.iter().enumerate() {
        let first = *first_seen.entry(text.as_str()).or_insert(i);
        joined.union(first as u32, i as u32);
        // Steps 3–4 compare one text per exact group; an empty text has nothing to compare.
        eligible[i] = first == i && !text.is_empty();
    }

    // Steps 3–4: LSH candidates, verified by exact Jaccard. A pair already joined through others
    // is not verified again: it would not change any cluster.
    let shape = bands_and_rows(config.threshold, config.num_perm);
    lsh::for_each_candidate(&signatures, config.num_perm, &eligible, shape, |a, b| {
        if joined.find(a) != joined.find(b) {
            let (set_a, set_b) = sets.sets(a as usize, b as usize);
            if shingles::at_least(set_a, set_b, config.threshold) {
                joined.union(a, b);
            }
        }
    });

    let mut by_root: HashMap<u32, Vec<usize>> = HashMap::new();
    for i in 0..texts.len() {
        by_root.entry(joined.find(i as u32)).or_default().push(i);
    }
    let mut clusters: Vec<Cluster> = by_root
        .into_values()
        .filter(|members| members.len() > 1)
        .map(|members| cluster(members, &normalized, &mut sets))
        .collect();
    clusters.sort_by_key(|c| c.members[0].index);
    clusters
}

/// A cluster of `members` (in index order), its canonical text and each member's similarity.
fn cluster(members: Vec<usize>, normalized: &[String], sets: &mut ShingleSets) -> Cluster {
    let length = |i: usize| normalized[i].chars().count();
    // Longest first, then lowest index.
    let canonical = members.iter().copied().max_by(|&a, &b| length(a).cmp(&length(b)).then(b.cmp(&a)));
    let canonical = canonical.unwrap_or(members[0]);
    let members = members
        .into_iter()
        .map(|index| {
            let exact = normalized[index] == normalized[canonical];
            let similarity = if exact {
                1.0
            } else {
                let (set, canonical_set) = sets.sets(index, canonical);
                shingles::jaccard(set, canonical_set)
            };
            Member { index, similarity, exact }
        })
        .collect();
    Cluster { canonical, members }
}

/// For each of `len` texts, the index in `clusters` of the cluster it belongs to, if any: the
/// shape [`crate::dataset::Candidate::cluster`] expects.
pub fn cluster_ids(len: usize, clusters: &[Cluster]) -> Vec<Option<usize>> {
    let mut ids = vec![None; len];
    for (id, cluster) in clusters.iter().enumerate() {
        for member in &cluster.members {
            if let Some(slot) = ids.get_mut(member.index) {
                *slot = Some(id);
            }
        }
    }
    ids
}
