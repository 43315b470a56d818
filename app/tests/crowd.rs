//! The crowd in the workspace (`domain::crowd`): tallies from a ballot's results, the labels
//! they add up to, gold jokes picked from the curator's labels, and the Jokes list's crowd filter
//! and sort.

use std::collections::HashMap;

use tallas_app::domain::crowd::{
    CrowdTally, GoldChoice, NotATarget, crowd_labels, parse_target_votes, pick_gold, tallies_from_results,
};
use tallas_app::domain::search::{CrowdFilter, JokeFilter, SearchIndex, SortOrder};
use tallas_app::domain::{Joke, JokeSource, Label, TextVersion, VersionKind};
use tallas_core::ballot::{BallotResults, CrowdAgreement, JokeResult};

fn joke(id: &str, label: Option<Label>) -> Joke {
    Joke {
        label,
        ..Joke::new(
            id.into(),
            JokeSource::Table { file_name: "jokes.csv".into(), row: 1 },
            TextVersion { kind: VersionKind::Imported, text: format!("Talla {id}"), at_ms: 0 },
        )
    }
}

fn tally(ballot_id: &str, joke_id: &str, funny: u32, not_funny: u32, skip: u32) -> CrowdTally {
    CrowdTally {
        key: format!("{ballot_id}/{joke_id}"),
        ballot_id: ballot_id.into(),
        joke_id: joke_id.into(),
        funny,
        not_funny,
        skip,
        pulled_at_ms: 7,
    }
}

#[test]
fn a_ballots_results_become_one_tally_per_joke_gold_aside() {
    let result = |id: &str, funny, not_funny, skip| JokeResult {
        joke_id: id.into(),
        funny,
        not_funny,
        skip,
        wilson_lower: 0.0,
        wilson_upper: 1.0,
        majority: None,
        decided: None,
        retired: false,
    };
    let results = BallotResults {
        ballot_id: "b1".into(),
        title: "t".into(),
        created_at: "2026-12-06T00:00:00.000Z".into(),
        closed_at: None,
        closes_at: None,
        target_votes: None,
        votes: 9,
        jokes: vec![result("a", 3, 1, 0), result("b", 0, 2, 1)],
        gold: Vec::new(),
        voters: Vec::new(),
        agreement: CrowdAgreement { all: None, passing: None },
        min_accuracy: 0.6,
        excluding: false,
    };
    assert_eq!(tallies_from_results(&results, 7), vec![tally("b1", "a", 3, 1, 0), tally("b1", "b", 0, 2, 1)]);
}

/// The positions the filter keeps, in its order, over jokes a–e with these crowd votes.
fn check(filter: JokeFilter, expected: &[&str]) {
    let jokes: Vec<Joke> = ["a", "b", "c", "d", "e"].iter().map(|id| joke(id, None)).collect();
    let tallies = [
        tally("b1", "a", 9, 1, 0), // 90% of 10
        tally("b1", "b", 1, 0, 0), // 100% of 1
        tally("b1", "c", 1, 4, 3), // 20% of 5
        tally("b2", "c", 0, 1, 0), // c on a second ballot: 1 of 6
        tally("b1", "d", 0, 0, 4), // only skips
    ];
    let mut index = SearchIndex::new(&jokes, HashMap::new());
    index.set_crowd(&jokes, &crowd_labels(&tallies));
    let kept: Vec<&str> = index.matching(&jokes, &filter).into_iter().map(|p| jokes[p].id.as_str()).collect();
    assert_eq!(kept, expected, "{filter:?}");
}

#[test]
fn the_crowd_filters_and_sorts_the_jokes_list() {
    let crowd = |crowd| JokeFilter { crowd, ..JokeFilter::default() };
    check(crowd(CrowdFilter::Any), &["a", "b", "c", "d", "e"]);
    check(crowd(CrowdFilter::Voted), &["a", "b", "c"]);
    check(crowd(CrowdFilter::Unvoted), &["d", "e"]);
    check(crowd(CrowdFilter::FunnyAtLeast { percent: 70, min_votes: 5 }), &["a"]);
    check(crowd(CrowdFilter::FunnyAtLeast { percent: 70, min_votes: 1 }), &["a", "b"]);
    // c: 1 funny of 6 over its two ballots, 17%.
    check(crowd(CrowdFilter::FunnyAtMost { percent: 30, min_votes: 5 }), &["c"]);
    // 9 of 10 outranks 1 of 1; jokes without funny / not funny votes come last, in told order.
    check(JokeFilter { sort: SortOrder::Crowd, ..JokeFilter::default() }, &["a", "b", "c", "d", "e"]);
    check(JokeFilter { sort: SortOrder::Crowd, crowd: CrowdFilter::Voted, ..JokeFilter::default() }, &["a", "b", "c"]);
}

#[test]
fn gold_comes_from_the_curators_labels_half_and_half_never_from_the_ballot() {
    let jokes = vec![
        joke("f1", Some(Label::Funny)),
        joke("f2", Some(Label::Funny)),
        joke("f3", Some(Label::Funny)),
        joke("n1", Some(Label::NotFunny)),
        joke("n2", Some(Label::NotFunny)),
        joke("u1", None),
    ];
    let on_ballot = vec!["f1".to_owned()];
    let gold = pick_gold(&jokes, &on_ballot, 4, 42);
    assert_eq!(gold.len(), 4);
    let funny = gold.iter().filter(|g| g.expected == Label::Funny).count();
    assert_eq!(funny, 2, "{gold:?}");
    assert!(gold.iter().all(|g| g.joke_id != "f1" && g.joke_id != "u1"), "{gold:?}");
    for GoldChoice { joke_id, expected } in &gold {
        assert_eq!(jokes.iter().find(|j| &j.id == joke_id).unwrap().label, Some(*expected));
    }
    assert_eq!(pick_gold(&jokes, &on_ballot, 4, 42), gold, "the same seed, the same choice");
    // More than there are: every labelled joke off the ballot, once.
    assert_eq!(pick_gold(&jokes, &on_ballot, 10, 1).len(), 4);
    assert_eq!(pick_gold(&jokes, &on_ballot, 0, 1), vec![]);
}

#[test]
fn a_ballots_target_is_blank_or_a_number_the_worker_takes() {
    for (typed, expected) in [
        ("", Ok(None)),
        ("  ", Ok(None)),
        ("12", Ok(Some(12))),
        (" 7 ", Ok(Some(7))),
        ("10000", Ok(Some(10_000))),
        ("0", Err(NotATarget)),
        ("10001", Err(NotATarget)),
        ("-3", Err(NotATarget)),
        ("2.5", Err(NotATarget)),
        ("doce", Err(NotATarget)),
    ] {
        assert_eq!(parse_target_votes(typed), expected, "{typed:?}");
    }
}
