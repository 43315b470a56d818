//! [`SummaryRepo`] over IndexedDB: one read transaction over the stores the home page counts.

use indexed_db_futures::prelude::*;

use super::migrations::{v2, v3, v4, v5, v6};
use super::{IndexedDbStore, StoreError, SummaryRepo, WorkspaceSummary};

/// Of a run record, whether it is an evaluation.
#[derive(serde::Deserialize)]
struct RunMark {
    #[serde(default)]
    evaluation: Option<serde::de::IgnoredAny>,
}

/// Of a crowd tally, its votes.
#[derive(serde::Deserialize)]
struct Votes {
    funny: u32,
    not_funny: u32,
    skip: u32,
}

impl SummaryRepo for IndexedDbStore {
    async fn summary(&self) -> Result<WorkspaceSummary, StoreError> {
        let stores = [v2::ROUTINES, v2::JOKES, v3::RUNS, v4::BALLOTS, v4::CROWD, v5::DATASETS, v6::TUNED];
        let tx = self.db.transaction(stores).build()?;
        // Every request is sent before the first is awaited: one pass, not one round trip each.
        let routines = tx.object_store(v2::ROUTINES)?.count().primitive()?;
        // As raw values, of which two fields are looked at: deserializing would walk every
        // joke's versions and graph.
        let jokes = tx.object_store(v2::JOKES)?.get_all::<wasm_bindgen::JsValue>().primitive()?;
        let runs = tx.object_store(v3::RUNS)?.get_all::<RunMark>().serde()?;
        let ballots = tx.object_store(v4::BALLOTS)?.count().primitive()?;
        let crowd = tx.object_store(v4::CROWD)?.get_all::<Votes>().serde()?;
        let datasets = tx.object_store(v5::DATASETS)?.count().primitive()?;
        let tuned = tx.object_store(v6::TUNED)?.count().primitive()?;
        let has = |joke: &wasm_bindgen::JsValue, name: &str| !crate::js::field(joke, &[name]).is_null_or_undefined();
        let listed: Vec<_> = jokes.await?.filter_map(Result::ok).filter(|j| !has(j, "merged_into")).collect();
        let (evaluations, runs) = runs.await?.filter_map(Result::ok).fold((0, 0), |(e, r), run| match run.evaluation {
            Some(_) => (e + 1, r),
            None => (e, r + 1),
        });
        let votes = crowd
            .await?
            .filter_map(Result::ok)
            .map(|v| u64::from(v.funny) + u64::from(v.not_funny) + u64::from(v.skip))
            .sum();
        Ok(WorkspaceSummary {
            routines: routines.await? as usize,
            jokes: listed.len(),
            labelled: listed.iter().filter(|j| has(j, "label")).count(),
            runs,
            ballots: ballots.await? as usize,
            votes,
            datasets: datasets.await? as usize,
            tuned: tuned.await? as usize,
            evaluations,
        })
    }
}
