//! Which jokes are near-duplicates of each other, by core's MinHash clustering of their current
//! text (default threshold: Jaccard 0.85 over character shingles). Jokes already merged into
//! another are left out: they are represented by the joke they were merged into.

use tallas_core::dedupe::{DedupeConfig, find_clusters};

use super::model::Joke;

/// Groups of two or more near-duplicate jokes, as joke ids, each group in the order of `jokes`.
pub fn duplicate_groups(jokes: &[Joke]) -> Vec<Vec<String>> {
    let listed: Vec<&Joke> = jokes.iter().filter(|j| j.merged_into.is_none()).collect();
    let texts: Vec<&str> = listed.iter().map(|j| j.text()).collect();
    find_clusters(&texts, &DedupeConfig::default())
        .into_iter()
        .map(|cluster| cluster.members.iter().map(|m| listed[m.index].id.clone()).collect())
        .collect()
}
