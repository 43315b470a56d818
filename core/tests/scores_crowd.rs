//! Crowd scores. Wilson bounds are statsmodels' `proportion_confint(funny, funny + not_funny,
//! alpha=0.05, method='wilson')` (see scores_wilson.rs); majorities and verdicts follow by hand.

use tallas_core::scores::crowd::{CrowdRule, Label, Vote, VoteCounts};
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

struct Expected {
    ranking: f64,
    majority: Option<Label>,
    clear: Option<Label>,
}

fn check((funny, not_funny, skip): (u32, u32, u32), rule: CrowdRule, expected: Expected) {
    let counts = VoteCounts { funny, not_funny, skip };
    let score = counts.score(&rule);
    let label = format!("{funny} funny / {not_funny} not / {skip} skip");
    assert!((score.ranking_score - expected.ranking).abs() < 1e-12, "{label}: ranking {}", score.ranking_score);
    assert_eq!(score.majority, expected.majority, "{label}: majority");
    assert_eq!(score.clear_decision, expected.clear, "{label}: clear decision");
    assert_eq!(counts.is_clearly_decided(rule.min_votes_to_retire), expected.clear.is_some(), "{label}");
    assert_eq!(score.interval.map(|i| i.lower), (counts.decided() > 0).then_some(score.ranking_score), "{label}");
}

const RULE: CrowdRule = CrowdRule { min_votes_for_majority: 3, min_votes_to_retire: 5 };
use Label::{Funny, NotFunny};

#[wasm_bindgen_test(unsupported = test)]
fn no_opinion_ranks_last_and_decides_nothing() {
    let nothing = Expected { ranking: 0.0, majority: None, clear: None };
    check((0, 0, 0), RULE, nothing);
    // Skips are not opinions: four of them are as good as no votes.
    check((0, 0, 4), RULE, Expected { ranking: 0.0, majority: None, clear: None });
    let all_skips = VoteCounts::from_votes([Vote::Skip; 4]).score(&RULE);
    assert_eq!((all_skips.funny_share, all_skips.interval, all_skips.counts.total()), (None, None, 4));
}

#[wasm_bindgen_test(unsupported = test)]
fn ranks_by_the_wilson_lower_bound() {
    check((1, 0, 0), RULE, Expected { ranking: 0.2065493143772374, majority: None, clear: None });
    check((9, 1, 2), RULE, Expected { ranking: 0.5958499732047614, majority: Some(Funny), clear: Some(Funny) });
    check((1, 9, 0), RULE, Expected { ranking: 0.017876213095072924, majority: Some(NotFunny), clear: Some(NotFunny) });
    // 9 of 10 outranks 1 of 1, which a raw share would not.
    assert!(
        VoteCounts { funny: 9, not_funny: 1, skip: 0 }.ranking_score()
            > VoteCounts { funny: 1, ..Default::default() }.ranking_score()
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn majority_needs_enough_votes_and_no_tie() {
    check((2, 1, 5), RULE, Expected { ranking: 0.2076596008020477, majority: Some(Funny), clear: None });
    check((2, 0, 5), RULE, Expected { ranking: 0.342380227506653, majority: None, clear: None });
    check((5, 5, 0), RULE, Expected { ranking: 0.23659309051256394, majority: None, clear: None });
}

#[wasm_bindgen_test(unsupported = test)]
fn retires_only_when_the_interval_excludes_one_half() {
    // 4/4: lower bound 0.5101 > 0.5, but below the five votes the rule demands.
    check((4, 0, 0), RULE, Expected { ranking: 0.5101091635454025, majority: Some(Funny), clear: None });
    let four = CrowdRule { min_votes_to_retire: 4, ..RULE };
    check((4, 0, 0), four, Expected { ranking: 0.5101091635454025, majority: Some(Funny), clear: Some(Funny) });
    // 3/3 never suffices on its own: lower bound 0.4385.
    check(
        (3, 0, 0),
        CrowdRule { min_votes_to_retire: 0, ..RULE },
        Expected { ranking: 0.43850296824495444, majority: Some(Funny), clear: None },
    );
    check((5, 0, 0), RULE, Expected { ranking: 0.5655175352168252, majority: Some(Funny), clear: Some(Funny) });
    check((0, 5, 0), RULE, Expected { ranking: 0.0, majority: Some(NotFunny), clear: Some(NotFunny) });
    // 60/100 is clear (lower 0.5020); 45/100 is not (upper 0.5476).
    check((60, 40, 0), RULE, Expected { ranking: 0.5020025867910618, majority: Some(Funny), clear: Some(Funny) });
    check((45, 55, 0), RULE, Expected { ranking: 0.35614537979511973, majority: Some(NotFunny), clear: None });
}

#[wasm_bindgen_test(unsupported = test)]
fn serialises_for_the_ui() {
    let score = VoteCounts::from_votes([Vote::Funny, Vote::NotFunny, Vote::Skip]).score(&RULE);
    let json = serde_json::to_value(score).unwrap();
    assert_eq!(json["counts"], serde_json::json!({"funny": 1, "not_funny": 1, "skip": 1}));
    assert_eq!(json["majority"], serde_json::Value::Null);
    assert_eq!(serde_json::to_value(Vote::NotFunny).unwrap(), "not_funny");
}
