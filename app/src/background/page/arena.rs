//! The arena's ranking, computed by a background worker (`worker::arena`).

use tallas_core::play::arena::{ArenaResults, ArenaTally};

use super::{WorkerError, request};
use crate::background::Request;

pub async fn rank(tallies: Vec<ArenaTally>) -> Result<ArenaResults, WorkerError> {
    request(&Request::Arena(tallies)).await
}
