//! The jokes with what the search and the filters read about them (their routines' names,
//! comedians and years; the crowd's votes), loaded once for a page that filters them: Jokes, and
//! Vote when it chooses a ballot's jokes.

use std::collections::{BTreeMap, HashMap};

use crate::domain::Joke;
use crate::domain::crowd::{CrowdLabel, crowd_labels};
use crate::domain::names::{RoutineFacts, routine_facts};
use crate::store::{BallotRepo, IndexedDbStore, JokeRepo, StoreError};

#[derive(Clone)]
pub struct Catalogue {
    /// In the order they were told: routine by routine ("9" before "10"), then by time.
    pub jokes: Vec<Joke>,
    pub routines: HashMap<String, RoutineFacts>,
    /// The crowd's votes on each joke, from every ballot pulled (`pages/vote`).
    pub crowd: BTreeMap<String, CrowdLabel>,
}

pub async fn load_catalogue(repo: &IndexedDbStore) -> Result<Catalogue, StoreError> {
    let mut jokes = repo.jokes().await?;
    fn told_order(joke: &Joke) -> (Option<(usize, &str)>, Option<u64>, &str) {
        (joke.routine_id.as_deref().map(|id| (id.len(), id)), joke.start_ms, &joke.id)
    }
    jokes.sort_by(|a, b| told_order(a).cmp(&told_order(b)));
    let routines = routine_facts(&repo.routine_heads().await?, &repo.catalog().await?);
    let crowd = crowd_labels(&repo.crowd().await?);
    Ok(Catalogue { jokes, routines, crowd })
}
