//! The ballots made from this browser and their results, read from the worker in one place: each
//! ballot every [`REFRESH`], and the open one again when its gold-accuracy threshold changes. The
//! list (progress) and the open ballot (its tables) read the same answer; each ballot's reads go
//! through the shared loader, so an older answer never replaces a newer one.

use std::collections::HashMap;
use std::time::Duration;

use leptos::prelude::*;
use tallas_core::ballot::BallotResults;

use crate::api::{self, ClientError};
use crate::browser::load_local;
use crate::domain::crowd::BallotRecord;

/// How often the results are read again while the page is open.
const REFRESH: Duration = Duration::from_secs(10);

/// A ballot's results as last read: `None` until the first answer.
pub type Read = Option<Result<BallotResults, ClientError>>;

/// The ballots of this browser, the one shown, and their results.
#[derive(Clone, Copy)]
pub struct Ballots {
    /// Newest first.
    records: StoredValue<Vec<BallotRecord>>,
    results: StoredValue<HashMap<String, ReadSignal<Read>>>,
    /// The ballot whose results are shown.
    pub chosen: RwSignal<Option<String>>,
    /// The gold accuracy (percent) below which the shown ballot's voters are left out of its
    /// counts; `None`: everyone counts.
    pub threshold: RwSignal<Option<u8>>,
    /// Bumped to read every ballot again: the timer, a ballot closed.
    round: RwSignal<u32>,
}

impl Ballots {
    /// Starts reading every ballot's results, now and every [`REFRESH`] while the page lives.
    pub fn new(records: Vec<BallotRecord>, chosen: RwSignal<Option<String>>) -> Self {
        let round = RwSignal::new(0u32);
        let threshold = RwSignal::new(None::<u8>);
        let results = records
            .iter()
            .map(|ballot| {
                let (id, admin_token) = (ballot.id.clone(), ballot.admin_token.clone());
                // Only the shown ballot reads with the threshold; a memo, so choosing another ballot
                // reads again only the ballots whose threshold that changes.
                let min_accuracy = {
                    let id = id.clone();
                    Memo::new(move |_| {
                        (chosen.get().as_deref() == Some(id.as_str())).then(|| threshold.get()).flatten()
                    })
                };
                let read = load_local(move || {
                    round.track();
                    let (id, admin_token, min_accuracy) = (id.clone(), admin_token.clone(), min_accuracy.get());
                    async move { api::ballot_results(&id, &admin_token, min_accuracy).await }
                });
                (ballot.id.clone(), read)
            })
            .collect();
        if !records.is_empty()
            && let Ok(handle) = set_interval_with_handle(move || round.update(|n| *n += 1), REFRESH)
        {
            on_cleanup(move || handle.clear());
        }
        Self { records: StoredValue::new(records), results: StoredValue::new(results), chosen, threshold, round }
    }

    pub fn records(self) -> Vec<BallotRecord> {
        self.records.get_value()
    }

    pub fn is_empty(self) -> bool {
        self.records.with_value(Vec::is_empty)
    }

    /// The shown ballot's record.
    pub fn shown(self) -> Option<BallotRecord> {
        let id = self.chosen.get()?;
        self.records.with_value(|records| records.iter().find(|b| b.id == id).cloned())
    }

    /// `id`'s results as last read (tracked).
    pub fn results(self, id: &str) -> Read {
        self.results.with_value(|all| all.get(id).copied()).and_then(|read| read.get())
    }

    /// Shows ballot `id`'s results, everyone counted until the curator sets a threshold for it.
    pub fn choose(self, id: String) {
        self.threshold.set(None);
        self.chosen.set(Some(id));
    }

    /// Reads every ballot again now.
    pub fn read_again(self) {
        self.round.update(|n| *n += 1);
    }

    /// Closes ballot `id` for voting, then reads the results again.
    pub async fn close(self, id: String) -> Result<(), ClientError> {
        let Some(admin_token) =
            self.records.with_value(|records| records.iter().find(|b| b.id == id).map(|b| b.admin_token.clone()))
        else {
            return Ok(());
        };
        api::close_ballot(&id, &admin_token).await?;
        self.read_again();
        Ok(())
    }
}
