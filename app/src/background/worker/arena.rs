//! Ranking the arena's models: Bradley–Terry fits on the votes and on hundreds of resamples of
//! them, work for a background thread (and code the page need not carry).

use tallas_core::play::arena::{self, ArenaResults, ArenaTally};

/// The same votes always give the same intervals.
const SEED: u64 = 2016;

pub fn answer(tallies: &[ArenaTally]) -> ArenaResults {
    arena::results(tallies, arena::REPLICATES, SEED)
}
