//! Small, fixed, dependency-free hashing: results must be identical on every platform and run,
//! natively and in WASM, so nothing here may depend on a randomly seeded hasher.

/// One step of SplitMix64 (Steele, Lea, Flood 2014): advances `state` and returns a well-mixed
/// 64-bit value. Used to derive hash-family parameters and as a seeded random number generator.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    mix64(*state)
}

/// SplitMix64's finaliser: every input bit affects every output bit.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The hash of one character shingle: FNV-1a over the code points, then [`mix64`], because
/// FNV alone leaves the high bits, which MinHash orders by, poorly mixed for short inputs. Takes
/// ASCII bytes or `char`s alike, with the same result for the same characters.
pub(crate) fn shingle_hash<T: Copy + Into<u64>>(units: &[T]) -> u64 {
    let mut h: u64 = 0xCBF2_9CE4_8422_2325;
    for &unit in units {
        h = (h ^ unit.into()).wrapping_mul(0x0000_0100_0000_01B3);
    }
    mix64(h)
}
