//! The crowd, the third kind of label: the curator's ballots (kept with their admin tokens, which
//! never go into a URL) and the votes pulled from their results, one tally per ballot and joke.
//! A pull replaces that ballot's tallies, so pulling twice counts once; a joke on two ballots adds
//! both. Nothing here touches the model's or the curator's labels.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tallas_core::ballot::{BallotResults, MAX_TARGET_VOTES};
use tallas_core::scores::crowd::VoteCounts;
use tallas_core::scores::wilson::Interval;

use super::model::{Joke, Label};

/// A ballot the curator created from this browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BallotRecord {
    /// The worker's ballot id.
    pub id: String,
    pub title: String,
    /// The voting page to share.
    pub url: String,
    /// Opens the results and closes the ballot; shown once by the worker, kept only here.
    pub admin_token: String,
    pub created_at_ms: u64,
    /// The jokes voted on (curator's ids), gold ones apart.
    pub joke_ids: Vec<String>,
    /// Gold (control) jokes and the answer expected of a careful voter.
    pub gold: Vec<GoldChoice>,
    pub target_votes: Option<u32>,
    /// When voting ends by itself (ISO 8601, as the worker gave it back).
    pub closes_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldChoice {
    pub joke_id: String,
    pub expected: Label,
}

/// What one ballot's results said of one joke when they were last pulled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CrowdTally {
    /// `<ballot id>/<joke id>`: one per ballot and joke.
    pub key: String,
    pub ballot_id: String,
    pub joke_id: String,
    pub funny: u32,
    pub not_funny: u32,
    pub skip: u32,
    pub pulled_at_ms: u64,
}

impl CrowdTally {
    pub fn counts(&self) -> VoteCounts {
        VoteCounts { funny: self.funny, not_funny: self.not_funny, skip: self.skip }
    }
}

/// The tallies a ballot's results give its non-gold jokes (as counted: voters the curator chose
/// to leave out are not in them).
pub fn tallies_from_results(results: &BallotResults, pulled_at_ms: u64) -> Vec<CrowdTally> {
    results
        .jokes
        .iter()
        .map(|joke| CrowdTally {
            key: format!("{}/{}", results.ballot_id, joke.joke_id),
            ballot_id: results.ballot_id.clone(),
            joke_id: joke.joke_id.clone(),
            funny: joke.funny,
            not_funny: joke.not_funny,
            skip: joke.skip,
            pulled_at_ms,
        })
        .collect()
}

/// One joke's crowd label: every ballot's votes together.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CrowdLabel {
    pub counts: VoteCounts,
    /// The ballots the votes come from.
    pub ballots: Vec<String>,
}

impl CrowdLabel {
    /// The funny share of the funny / not funny votes; `None` without any.
    pub fn share(&self) -> Option<f64> {
        self.counts.funny_share()
    }

    /// Its 95% Wilson interval.
    pub fn interval(&self) -> Option<Interval> {
        self.counts.funny_interval()
    }
}

/// Each joke's crowd label, by joke id, from every ballot's tallies.
pub fn crowd_labels(tallies: &[CrowdTally]) -> BTreeMap<String, CrowdLabel> {
    let mut labels: BTreeMap<String, CrowdLabel> = BTreeMap::new();
    for tally in tallies {
        let label = labels.entry(tally.joke_id.clone()).or_default();
        let VoteCounts { funny, not_funny, skip } = tally.counts();
        label.counts.funny = label.counts.funny.saturating_add(funny);
        label.counts.not_funny = label.counts.not_funny.saturating_add(not_funny);
        label.counts.skip = label.counts.skip.saturating_add(skip);
        label.ballots.push(tally.ballot_id.clone());
    }
    labels
}

/// A new ballot's target of votes per joke as the curator typed it: blank for none, else a whole
/// number the worker accepts (1 to `MAX_TARGET_VOTES`).
pub fn parse_target_votes(typed: &str) -> Result<Option<u32>, NotATarget> {
    match typed.trim() {
        "" => Ok(None),
        text => text.parse::<u32>().ok().filter(|n| (1..=MAX_TARGET_VOTES).contains(n)).map(Some).ok_or(NotATarget),
    }
}

/// A target of votes the worker would refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotATarget;

/// Up to `n` gold jokes for a ballot: jokes the curator labelled, not among `left_out` (the
/// ballot's own jokes, and any the curator took out), half funny and half not funny where there
/// are enough of each, the answer being the curator's label. `seed` picks among them (the same
/// seed, the same choice).
pub fn pick_gold(jokes: &[Joke], left_out: &[String], n: usize, seed: u64) -> Vec<GoldChoice> {
    let left_out: std::collections::HashSet<&str> = left_out.iter().map(String::as_str).collect();
    let mut pool: [Vec<&Joke>; 2] = [Vec::new(), Vec::new()];
    for joke in jokes.iter().filter(|j| j.merged_into.is_none() && !left_out.contains(j.id.as_str())) {
        match joke.label {
            Some(Label::Funny) => pool[0].push(joke),
            Some(Label::NotFunny) => pool[1].push(joke),
            None => {}
        }
    }
    let mut random = tallas_core::scores::bootstrap::SplitMix::new(seed);
    let mut chosen = Vec::new();
    let mut side = 0;
    while chosen.len() < n && pool.iter().any(|p| !p.is_empty()) {
        if pool[side].is_empty() {
            side = 1 - side;
        }
        let at = random.below(pool[side].len());
        let joke = pool[side].swap_remove(at);
        chosen.push(GoldChoice { joke_id: joke.id.clone(), expected: joke.label.unwrap_or(Label::Funny) });
        side = 1 - side;
    }
    chosen
}
