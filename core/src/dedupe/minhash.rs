//! MinHash signatures (Broder 1997): for each of `num_perm` hash functions, the minimum over a
//! text's shingles. Two texts agree on one signature slot with probability equal to their Jaccard
//! similarity.
//!
//! Each shingle is hashed once ([`super::hash::shingle_hash`], a full 64-bit mix) and its high 32
//! bits are the input x; the functions are then h(x) = (a·x + b) mod 2³² with random odd a,
//! compared on all 32 bits, so the order is decided by the high bits, where multiplication mixes
//! every bit of x (the multiply-shift family of Dietzfelbinger et al.). That is one multiply and
//! one add per function and shingle, over fixed parameter arrays and one signature row per text,
//! with no allocation inside the loop.
//!
//! Why 32 bits: a slot only has to order a text's few hundred shingles, and two distinct shingles
//! meet in 32 bits with probability 2⁻³², so nothing is lost that LSH could notice; but 32-bit
//! lanes are what WebAssembly's SIMD multiplies and compares four at a time in one instruction
//! each (64-bit lane products are emulated on x86), which makes signing in the browser about
//! twice as fast as the scalar loop. Native code runs the scalar loop and gets the same slots.
//!
//! The textbook (a·x + b) mod (2⁶¹ − 1) costs a 128-bit product and a reduction per function: with
//! it (and one shingle per pass), signatures alone took ~1 s for 10,000 jokes, twice the whole budget.
//! The cheaper family is safe because candidates are verified by exact Jaccard: its only effect
//! could be on LSH recall, which `tests/dedupe.rs` checks on planted pairs.

use super::hash::splitmix64;

pub(crate) struct Family {
    a: Vec<u32>,
    b: Vec<u32>,
}

impl Family {
    /// `len` functions drawn from `seed`.
    pub(crate) fn new(len: usize, seed: u64) -> Self {
        let mut state = seed;
        let mut a = Vec::with_capacity(len);
        let mut b = Vec::with_capacity(len);
        for _ in 0..len {
            // Odd, so that x ↦ a·x is a permutation of the 32-bit values.
            a.push(high_half(splitmix64(&mut state)) | 1);
            b.push(high_half(splitmix64(&mut state)));
        }
        Self { a, b }
    }

    pub(crate) fn len(&self) -> usize {
        self.a.len()
    }

    /// Writes the signature of `shingles` into `row` (`row.len() == self.len()`). An empty set
    /// leaves every slot at `u32::MAX`; such texts are kept out of LSH by the caller.
    pub(crate) fn sign(&self, shingles: &[u64], row: &mut [u32]) {
        row.fill(u32::MAX);
        #[cfg(target_arch = "wasm32")]
        let done = simd::sign(&self.a, &self.b, shingles, row);
        #[cfg(not(target_arch = "wasm32"))]
        let done = 0;
        // The slots SIMD did not cover (all of them natively; a tail of fewer than four in WASM).
        sign_scalar(&self.a[done..], &self.b[done..], shingles, &mut row[done..]);
    }
}

/// A shingle hash's high half: [`super::hash::mix64`] mixes every input bit into it.
fn high_half(hash: u64) -> u32 {
    (hash >> 32) as u32
}

/// One slot's hash of one shingle.
fn slot_hash(a: u32, b: u32, x: u32) -> u32 {
    a.wrapping_mul(x).wrapping_add(b)
}

/// Four shingles per pass over the slots: each slot's parameters and minimum are loaded once for
/// four products, which makes this loop about twice as fast. The release profile optimises for
/// size and would not unroll or vectorise it itself.
fn sign_scalar(a: &[u32], b: &[u32], shingles: &[u64], row: &mut [u32]) {
    let mut quads = shingles.chunks_exact(4);
    for quad in &mut quads {
        let [x0, x1, x2, x3] = [quad[0], quad[1], quad[2], quad[3]].map(high_half);
        for ((slot, &a), &b) in row.iter_mut().zip(a).zip(b) {
            let h01 = slot_hash(a, b, x0).min(slot_hash(a, b, x1));
            let h23 = slot_hash(a, b, x2).min(slot_hash(a, b, x3));
            *slot = (*slot).min(h01.min(h23));
        }
    }
    for &x in quads.remainder() {
        let x = high_half(x);
        for ((slot, &a), &b) in row.iter_mut().zip(a).zip(b) {
            *slot = (*slot).min(slot_hash(a, b, x));
        }
    }
}

/// WebAssembly SIMD (128-bit: four slots per instruction). Every browser the app supports runs
/// it (Chrome 91, Firefox 89, Safari 16.4), as does workerd.
#[cfg(target_arch = "wasm32")]
mod simd {
    use core::arch::wasm32::{u32x4, u32x4_add, u32x4_min, u32x4_mul, u32x4_splat, v128};

    use super::high_half;

    /// Signs the first multiple of four slots of `row` (already filled with `u32::MAX`); returns
    /// how many it signed. The same slots as [`super::sign_scalar`], four at a time.
    #[target_feature(enable = "simd128")]
    pub(super) fn sign(a: &[u32], b: &[u32], shingles: &[u64], row: &mut [u32]) -> usize {
        let lanes = row.len() / 4 * 4;
        let quads = || a[..lanes].chunks_exact(4).zip(b[..lanes].chunks_exact(4));
        // The parameters as vectors once, rather than once per shingle.
        let params: Vec<(v128, v128)> = quads().map(|(a, b)| (vector(a), vector(b))).collect();
        let mut minima: Vec<v128> = vec![u32x4_splat(u32::MAX); params.len()];
        for &x in shingles {
            let x = u32x4_splat(high_half(x));
            for (minimum, &(a, b)) in minima.iter_mut().zip(&params) {
                *minimum = u32x4_min(*minimum, u32x4_add(u32x4_mul(a, x), b));
            }
        }
        for (slots, minimum) in row[..lanes].chunks_exact_mut(4).zip(minima) {
            slots.copy_from_slice(&lanes_of(minimum));
        }
        lanes
    }

    fn vector(four: &[u32]) -> v128 {
        u32x4(four[0], four[1], four[2], four[3])
    }

    #[target_feature(enable = "simd128")]
    fn lanes_of(v: v128) -> [u32; 4] {
        use core::arch::wasm32::u32x4_extract_lane;
        [u32x4_extract_lane::<0>(v), u32x4_extract_lane::<1>(v), u32x4_extract_lane::<2>(v), u32x4_extract_lane::<3>(v)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dedupe::hash::mix64;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The definition, one slot and one shingle at a time: what every faster path must equal.
    fn reference(family: &Family, shingles: &[u64]) -> Vec<u32> {
        (0..family.len())
            .map(|i| {
                shingles.iter().map(|&x| slot_hash(family.a[i], family.b[i], high_half(x))).min().unwrap_or(u32::MAX)
            })
            .collect()
    }

    // Natively this checks the four-shingle unrolling; in WASM (Chromium), the SIMD kernel and its
    // scalar tail, for widths that are and are not multiples of four.
    #[wasm_bindgen_test(unsupported = test)]
    fn signatures_equal_the_definition() {
        for (width, shingles) in [(128, 250), (7, 9), (4, 3), (1, 1), (130, 0), (5, 4)] {
            let family = Family::new(width, width as u64);
            let bag: Vec<u64> = (0..shingles).map(|i| mix64(i * 31 + width as u64)).collect();
            let mut row = vec![0; width];
            family.sign(&bag, &mut row);
            assert_eq!(row, reference(&family, &bag), "{width} slots, {shingles} shingles");
        }
    }
}
