//! A ballot's results, from every vote cast: per joke (counts, Wilson interval, verdict), per gold
//! joke, per voter (gold accuracy), and how far voters agree, over all of them and over those who
//! pass the gold check. Asked to, the jokes' counts leave out voters below an accuracy.

use std::collections::{BTreeMap, BTreeSet};

use super::{BallotResults, CrowdAgreement, GoldResult, JokeResult, VoterResult, is_open, is_retired};
use crate::scores::agreement::krippendorff_alpha_nominal;
use crate::scores::crowd::{CrowdRule, Label, Vote, VoteCounts};
use crate::scores::voter_quality::{QualityRule, voter_quality};

/// One joke of the ballot as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTally {
    /// The curator's id.
    pub joke_id: String,
    pub position: u32,
    pub gold: Option<Label>,
}

/// The ballot's own fields in the results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BallotInfo {
    pub ballot_id: String,
    pub title: String,
    pub created_at: String,
    pub closed_at: Option<String>,
    pub closes_at: Option<String>,
    pub target_votes: Option<u32>,
}

/// Builds the results from `items` (every joke) and `votes` (every vote cast, as voter, curator's
/// joke id, vote) at `now` (an ISO 8601 timestamp, for a closing time that has passed).
/// `min_accuracy`, when given, leaves voters whose gold accuracy is below it out of the jokes'
/// counts (voters who answered no gold joke stay: nothing speaks against them) and sets who passes
/// the gold check; otherwise `quality.min_accuracy` does.
pub fn results(
    info: BallotInfo,
    items: Vec<ItemTally>,
    votes: Vec<(String, String, Vote)>,
    now: &str,
    crowd: &CrowdRule,
    quality: &QualityRule,
    min_accuracy: Option<f64>,
) -> BallotResults {
    let threshold = min_accuracy.unwrap_or(quality.min_accuracy);
    let gold_map: BTreeMap<String, Label> =
        items.iter().filter_map(|i| i.gold.map(|label| (i.joke_id.clone(), label))).collect();

    let mut per_voter: BTreeMap<&str, u32> = BTreeMap::new();
    for (voter, _, _) in &votes {
        *per_voter.entry(voter.as_str()).or_default() += 1;
    }
    let scored = voter_quality(&gold_map, votes.iter().map(|(v, j, vote)| (v.clone(), j.clone(), *vote)), quality);
    let below = |accuracy: Option<f64>| accuracy.is_some_and(|a| a < threshold);
    let excluded: BTreeSet<String> = match min_accuracy {
        Some(_) => scored.iter().filter(|q| below(q.accuracy)).map(|q| q.voter.clone()).collect(),
        None => BTreeSet::new(),
    };
    let passing: BTreeSet<&str> =
        scored.iter().filter(|q| q.gold_answered > 0 && !below(q.accuracy)).map(|q| q.voter.as_str()).collect();

    // Each joke's counts and labels, from the votes that count.
    let mut counts: BTreeMap<&str, VoteCounts> = BTreeMap::new();
    let mut labels: BTreeMap<&str, Vec<(&str, Label)>> = BTreeMap::new();
    for (voter, joke, vote) in &votes {
        if !excluded.contains(voter) {
            counts.entry(joke.as_str()).or_default().add(*vote);
        }
        if let (false, Some(label)) = (gold_map.contains_key(joke), vote.label()) {
            labels.entry(joke.as_str()).or_default().push((voter.as_str(), label));
        }
    }
    let alpha = |keep: &dyn Fn(&str) -> bool| {
        krippendorff_alpha_nominal(
            labels.values().map(|given| given.iter().filter(|(voter, _)| keep(voter)).map(|(_, label)| *label)),
        )
    };
    let agreement = CrowdAgreement { all: alpha(&|_| true), passing: alpha(&|voter| passing.contains(voter)) };

    let mut ordered = items;
    ordered.sort_by_key(|i| i.position);
    let mut jokes = Vec::new();
    let mut gold = Vec::new();
    for item in ordered {
        let tally = counts.get(item.joke_id.as_str()).copied().unwrap_or_default();
        let VoteCounts { funny, not_funny, skip } = tally;
        match item.gold {
            Some(expected) => gold.push(GoldResult { joke_id: item.joke_id, expected, funny, not_funny, skip }),
            None => {
                let score = tally.score(crowd);
                jokes.push(JokeResult {
                    joke_id: item.joke_id,
                    funny,
                    not_funny,
                    skip,
                    wilson_lower: score.ranking_score,
                    wilson_upper: score.interval.map_or(1.0, |i| i.upper),
                    majority: score.majority,
                    decided: score.clear_decision,
                    retired: is_retired(&tally, false, crowd, info.target_votes),
                });
            }
        }
    }
    // Best first; equal scores keep ballot order (the sort is stable).
    jokes.sort_by(|a, b| b.wilson_lower.total_cmp(&a.wilson_lower));

    let voters = scored
        .into_iter()
        .map(|q| VoterResult {
            votes: per_voter.get(q.voter.as_str()).copied().unwrap_or_default(),
            excluded: excluded.contains(&q.voter),
            voter_id: q.voter,
            gold_answered: q.gold_answered,
            correct: q.correct,
            accuracy: q.accuracy,
            flagged: q.flagged,
        })
        .collect();
    let ended = (!is_open(info.closed_at.as_deref(), info.closes_at.as_deref(), now))
        .then(|| info.closed_at.clone().or_else(|| info.closes_at.clone()))
        .flatten();
    BallotResults {
        ballot_id: info.ballot_id,
        title: info.title,
        created_at: info.created_at,
        closed_at: ended,
        closes_at: info.closes_at,
        target_votes: info.target_votes,
        votes: u32::try_from(votes.len()).unwrap_or(u32::MAX),
        jokes,
        gold,
        voters,
        agreement,
        min_accuracy: threshold,
        excluding: min_accuracy.is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn item(id: &str, position: u32, gold: Option<Label>) -> ItemTally {
        ItemTally { joke_id: id.into(), position, gold }
    }

    fn info(closes_at: Option<&str>) -> BallotInfo {
        BallotInfo {
            ballot_id: "b".into(),
            title: "t".into(),
            created_at: "2026-04-01T00:00:00.000Z".into(),
            closed_at: None,
            closes_at: closes_at.map(Into::into),
            target_votes: None,
        }
    }

    /// ana answers the gold joke right, bea wrong, cam never meets it.
    fn ballot(min_accuracy: Option<f64>, closes_at: Option<&str>) -> BallotResults {
        let items = vec![
            item("meh", 0, None),
            item("g1", 1, Some(Label::Funny)),
            item("hit", 2, None),
            item("unseen", 3, None),
        ];
        let vote = |voter: &str, joke: &str, vote| (voter.to_owned(), joke.to_owned(), vote);
        let votes = vec![
            vote("ana-0001", "g1", Vote::Funny),
            vote("ana-0001", "hit", Vote::Funny),
            vote("ana-0001", "meh", Vote::Funny),
            vote("bea-0002", "g1", Vote::NotFunny),
            vote("bea-0002", "hit", Vote::NotFunny),
            vote("bea-0002", "meh", Vote::Skip),
            vote("cam-0003", "hit", Vote::Funny),
        ];
        let now = "2026-04-02T00:00:00.000Z";
        results(info(closes_at), items, votes, now, &CrowdRule::default(), &QualityRule::default(), min_accuracy)
    }

    /// Each joke as (id, funny, not funny, skip), in the results' order.
    fn counts(results: &BallotResults) -> Vec<(&str, u32, u32, u32)> {
        results.jokes.iter().map(|j| (j.joke_id.as_str(), j.funny, j.not_funny, j.skip)).collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn jokes_rank_by_wilson_gold_stands_apart_and_voters_are_scored() {
        let results = ballot(None, None);
        assert_eq!(counts(&results), vec![("hit", 2, 1, 0), ("meh", 1, 0, 1), ("unseen", 0, 0, 0)]);
        assert_eq!(results.votes, 7);
        assert_eq!((results.jokes[2].wilson_lower, results.jokes[2].wilson_upper), (0.0, 1.0));
        assert_eq!(results.jokes[0].majority, Some(Label::Funny), "three votes make a majority");
        assert_eq!(results.jokes[0].decided, None, "but not a clear verdict");
        assert!(!results.jokes[0].retired);
        assert_eq!(
            results.gold,
            vec![GoldResult { joke_id: "g1".into(), expected: Label::Funny, funny: 1, not_funny: 1, skip: 0 }]
        );
        let voters: Vec<_> = results
            .voters
            .iter()
            .map(|v| (v.voter_id.as_str(), v.votes, v.gold_answered, v.correct, v.accuracy, v.excluded))
            .collect();
        assert_eq!(
            voters,
            vec![
                ("ana-0001", 3, 1, 1, Some(1.0), false),
                ("bea-0002", 3, 1, 0, Some(0.0), false),
                ("cam-0003", 1, 0, 0, None, false),
            ]
        );
        assert!(!results.excluding);
        assert_eq!(results.min_accuracy, 0.6);
        assert_eq!(results.closed_at, None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn agreement_over_all_voters_and_over_those_who_pass_gold() {
        let results = ballot(None, None);
        // Only "hit" has two labels or more: funny, not funny, funny. With n = 3 labels, the
        // disagreeing ordered pairs within the unit weigh (9 − 5) / 2 = 2 and the expected ones
        // 9 − (2² + 1²) = 4, so alpha = 1 − (3 − 1) · 2 / 4 = 0.
        let all = results.agreement.all.unwrap();
        assert_eq!((all.value, all.items), (0.0, 1));
        // Only ana passes the gold check: one label per joke is no agreement to measure.
        assert_eq!(results.agreement.passing, None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn voters_below_an_accuracy_leave_the_counts_but_not_the_list() {
        let results = ballot(Some(0.5), None);
        assert!(results.excluding);
        assert_eq!(counts(&results), vec![("hit", 2, 0, 0), ("meh", 1, 0, 0), ("unseen", 0, 0, 0)]);
        let excluded: Vec<_> = results.voters.iter().filter(|v| v.excluded).map(|v| v.voter_id.as_str()).collect();
        assert_eq!(excluded, vec!["bea-0002"], "a voter never checked by gold stays");
        assert_eq!(results.votes, 7, "every vote cast is still counted as cast");
        assert_eq!(results.gold[0].not_funny, 0, "gold counts follow the same voters");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_passed_closing_time_is_when_voting_ended() {
        assert_eq!(
            ballot(None, Some("2026-04-01T12:00:00.000Z")).closed_at.as_deref(),
            Some("2026-04-01T12:00:00.000Z")
        );
        assert_eq!(ballot(None, Some("2026-05-01T00:00:00.000Z")).closed_at, None);
    }
}
