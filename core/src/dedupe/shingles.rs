//! Character shingle sets, stored flat (one vector for all texts) so that ten thousand texts
//! cost two allocations, not ten thousand.

use super::hash::shingle_hash;

/// The shingle hashes of texts, text `i` at `hashes[offsets[i]..offsets[i + 1]]`.
///
/// Stored as bags (in text order, repeats included) and turned into sorted sets only when a text
/// is first compared: MinHash does not care about order or repeats, and sorting every text up
/// front took a third of the time of deduplication although few texts are ever compared.
pub(crate) struct ShingleSets {
    hashes: Vec<u64>,
    offsets: Vec<usize>,
    /// For a text already sorted, how many distinct hashes lead its range.
    distinct: Vec<Option<usize>>,
}

impl ShingleSets {
    pub(crate) fn new() -> Self {
        Self { hashes: Vec::new(), offsets: vec![0], distinct: Vec::new() }
    }

    /// Adds the shingles of `k` characters of `text`. A text shorter than `k` (but not empty) is
    /// one shingle, itself, so that short texts still match their exact copies; an empty text has
    /// no shingles. `chars` is scratch space, reused across calls.
    pub(crate) fn push(&mut self, text: &str, k: usize, chars: &mut Vec<char>) {
        if text.is_ascii() {
            // Normalised Spanish is nearly always ASCII: its bytes are its characters, and the
            // hashes equal those of the general path below.
            let bytes = text.as_bytes();
            if !bytes.is_empty() {
                self.hashes.extend(bytes.windows(k.clamp(1, bytes.len())).map(shingle_hash));
            }
        } else {
            chars.clear();
            chars.extend(text.chars());
            self.hashes.extend(chars.windows(k.clamp(1, chars.len())).map(shingle_hash));
        }
        self.offsets.push(self.hashes.len());
        self.distinct.push(None);
    }

    /// Appends every text of `other` after those of `self`.
    pub(crate) fn append(&mut self, other: &ShingleSets) {
        let base = self.hashes.len();
        self.hashes.extend_from_slice(&other.hashes);
        self.offsets.extend(other.offsets[1..].iter().map(|o| o + base));
        self.distinct.extend_from_slice(&other.distinct);
    }

    /// The shingles of text `i`, in no particular order and maybe repeated: enough for MinHash.
    pub(crate) fn bag(&self, i: usize) -> &[u64] {
        &self.hashes[self.offsets[i]..self.offsets[i + 1]]
    }

    /// The sorted, distinct shingles of texts `a` and `b`.
    pub(crate) fn sets(&mut self, a: usize, b: usize) -> (&[u64], &[u64]) {
        self.sort(a);
        self.sort(b);
        (self.set(a), self.set(b))
    }

    fn sort(&mut self, i: usize) {
        if self.distinct[i].is_none() {
            let range = &mut self.hashes[self.offsets[i]..self.offsets[i + 1]];
            range.sort_unstable();
            self.distinct[i] = Some(dedup_sorted(range));
        }
    }

    fn set(&self, i: usize) -> &[u64] {
        let start = self.offsets[i];
        &self.hashes[start..start + self.distinct[i].unwrap_or(0)]
    }
}

/// Moves the distinct values of a sorted slice to its front; returns how many there are.
fn dedup_sorted(values: &mut [u64]) -> usize {
    if values.is_empty() {
        return 0;
    }
    let mut kept = 1;
    for i in 1..values.len() {
        if values[i] != values[kept - 1] {
            values[kept] = values[i];
            kept += 1;
        }
    }
    kept
}

/// |A ∩ B| and |A ∪ B| of two sorted sets, by one merge pass.
pub(crate) fn intersection_union(a: &[u64], b: &[u64]) -> (usize, usize) {
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (common, a.len() + b.len() - common)
}

/// The exact Jaccard similarity of two sorted sets; two empty sets are identical (1.0).
pub(crate) fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (common, union) = intersection_union(a, b);
    if union == 0 { 1.0 } else { common as f64 / union as f64 }
}

/// Whether `jaccard(a, b) >= threshold`, skipping the merge when the sizes alone rule it out
/// (the Jaccard of sets of sizes m ≤ n is at most m / n).
pub(crate) fn at_least(a: &[u64], b: &[u64], threshold: f64) -> bool {
    let (small, large) = if a.len() <= b.len() { (a.len(), b.len()) } else { (b.len(), a.len()) };
    if (small as f64) < threshold * large as f64 {
        return false;
    }
    let (common, union) = intersection_union(a, b);
    union == 0 || common as f64 >= threshold * union as f64
}
