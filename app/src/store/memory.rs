//! In-memory twins of the IndexedDB repositories, for tests and for any place that must not
//! touch the browser's storage. They follow the same contract, checked by the same test suite.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Exchange, PlaygroundRepo, StoreError, Stored};

/// A store that forgets everything when dropped. Clones share the same data.
#[derive(Clone, Default)]
pub struct MemoryStore {
    exchanges: Rc<RefCell<Vec<Stored<Exchange>>>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl PlaygroundRepo for MemoryStore {
    async fn add_exchange(&self, exchange: Exchange) -> Result<Stored<Exchange>, StoreError> {
        let mut exchanges = self.exchanges.borrow_mut();
        // Like IndexedDB's key generator: starts at 1, never reuses a key.
        let id = exchanges.last().map_or(1, |last| last.id.saturating_add(1));
        let stored = Stored { id, value: exchange };
        exchanges.push(stored.clone());
        Ok(stored)
    }

    async fn list_exchanges(&self) -> Result<Vec<Stored<Exchange>>, StoreError> {
        Ok(self.exchanges.borrow().iter().rev().cloned().collect())
    }
}
