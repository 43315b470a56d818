//! MinHash signatures (Broder 1997): for each of `num_perm` hash functions, the minimum over a
//! text's shingles. Two texts agree on one signature slot with probability equal to their Jaccard
//! similarity.
//!
//! Each shingle is hashed once ([`super::hash::shingle_hash`], a full 64-bit mix); the functions
//! are then h(x) = (a·x + b) mod 2⁶⁴ with random odd a, compared on all 64 bits, so the order is
//! decided by the high bits, where multiplication mixes every bit of x (the multiply-shift family
//! of Dietzfelbinger et al.). That is one multiply and one add per function and shingle, over
//! fixed parameter arrays and one signature row per text, with no allocation inside the loop.
//!
//! The textbook (a·x + b) mod (2⁶¹ − 1) costs a 128-bit product and a reduction per function: with
//! it (and one shingle per pass), signatures alone took ~1 s for 10,000 jokes, twice the whole budget.
//! The cheaper family is safe because candidates are verified by exact Jaccard: its only effect
//! could be on LSH recall, which `tests/dedupe.rs` checks on planted pairs.

use super::hash::splitmix64;

pub(crate) struct Family {
    a: Vec<u64>,
    b: Vec<u64>,
}

impl Family {
    /// `len` functions drawn from `seed`.
    pub(crate) fn new(len: usize, seed: u64) -> Self {
        let mut state = seed;
        let mut a = Vec::with_capacity(len);
        let mut b = Vec::with_capacity(len);
        for _ in 0..len {
            // Odd, so that x ↦ a·x is a permutation of the 64-bit values.
            a.push(splitmix64(&mut state) | 1);
            b.push(splitmix64(&mut state));
        }
        Self { a, b }
    }

    pub(crate) fn len(&self) -> usize {
        self.a.len()
    }

    /// Writes the signature of `shingles` into `row` (`row.len() == self.len()`). An empty set
    /// leaves every slot at `u64::MAX`; such texts are kept out of LSH by the caller.
    ///
    /// Four shingles per pass over the slots: each slot's parameters and minimum are loaded once
    /// for four products, which makes this (the hottest loop of deduplication) about twice as
    /// fast. The release profile optimises for size and would not unroll or vectorise it itself.
    pub(crate) fn sign(&self, shingles: &[u64], row: &mut [u64]) {
        row.fill(u64::MAX);
        let mut quads = shingles.chunks_exact(4);
        for quad in &mut quads {
            let (x0, x1, x2, x3) = (quad[0], quad[1], quad[2], quad[3]);
            for ((slot, &a), &b) in row.iter_mut().zip(&self.a).zip(&self.b) {
                let h01 = a.wrapping_mul(x0).wrapping_add(b).min(a.wrapping_mul(x1).wrapping_add(b));
                let h23 = a.wrapping_mul(x2).wrapping_add(b).min(a.wrapping_mul(x3).wrapping_add(b));
                *slot = (*slot).min(h01.min(h23));
            }
        }
        for &x in quads.remainder() {
            for ((slot, &a), &b) in row.iter_mut().zip(&self.a).zip(&self.b) {
                *slot = (*slot).min(a.wrapping_mul(x).wrapping_add(b));
            }
        }
    }
}
