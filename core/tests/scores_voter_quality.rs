//! Voter quality on gold jokes. The expected counts are by hand: each row lists the gold answers
//! the voter got right and wrong.

use std::collections::BTreeMap;

use tallas_core::scores::crowd::{Label, Vote};
use tallas_core::scores::voter_quality::{QualityRule, VoterQuality, voter_quality};
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// (voter, gold answered, correct, accuracy, flagged)
type Row = (&'static str, u32, u32, Option<f64>, bool);

fn check(rule: QualityRule, answers: &[(&'static str, u32, Vote)], expected: &[Row]) {
    // Gold: jokes 1–3 are funny, 4–6 not funny; 7 and up are ordinary jokes.
    let gold: BTreeMap<u32, Label> =
        (1..=6).map(|joke| (joke, if joke <= 3 { Label::Funny } else { Label::NotFunny })).collect();
    let got = voter_quality(&gold, answers.iter().copied(), &rule);
    let got: Vec<Row> = got
        .into_iter()
        .map(|VoterQuality { voter, gold_answered, correct, accuracy, flagged }| {
            (voter, gold_answered, correct, accuracy, flagged)
        })
        .collect();
    assert_eq!(got, expected);
}

const RULE: QualityRule = QualityRule { min_accuracy: 0.6, min_gold_answered: 4 };
use Vote::{Funny, NotFunny, Skip};

#[wasm_bindgen_test(unsupported = test)]
fn scores_each_voter_on_gold_only() {
    let answers = [
        // ana: 5 of 5 right, and a vote on an ordinary joke that does not count.
        ("ana", 1, Funny),
        ("ana", 2, Funny),
        ("ana", 3, Funny),
        ("ana", 4, NotFunny),
        ("ana", 5, NotFunny),
        ("ana", 9, NotFunny),
        // beto: 1 of 5 right (clicks "funny" on everything).
        ("beto", 1, Funny),
        ("beto", 4, Funny),
        ("beto", 5, Funny),
        ("beto", 6, Funny),
        ("beto", 7, Funny),
        ("beto", 2, NotFunny),
        // caro: 1 of 3 right, too few answers to judge.
        ("caro", 1, NotFunny),
        ("caro", 4, NotFunny),
        ("caro", 5, Funny),
    ];
    check(
        RULE,
        &answers,
        &[("ana", 5, 5, Some(1.0), false), ("beto", 5, 1, Some(0.2), true), ("caro", 3, 1, Some(1.0 / 3.0), false)],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn the_threshold_is_strict_and_skips_are_not_answers() {
    // 3 of 5 = 0.6 exactly is not below 0.6; the two skips change nothing.
    let answers = [
        ("dani", 1, Funny),
        ("dani", 2, Funny),
        ("dani", 3, NotFunny),
        ("dani", 4, NotFunny),
        ("dani", 5, Funny),
        ("dani", 6, Skip),
        ("dani", 2, Skip),
    ];
    check(RULE, &answers, &[("dani", 5, 3, Some(0.6), false)]);
}

#[wasm_bindgen_test(unsupported = test)]
fn voters_without_gold_answers_are_listed_unflagged() {
    check(RULE, &[("eli", 8, Funny), ("eli", 1, Skip)], &[("eli", 0, 0, None, false)]);
    check(RULE, &[], &[]);
    // With no minimum, a single wrong answer flags.
    check(
        QualityRule { min_accuracy: 0.6, min_gold_answered: 0 },
        &[("fran", 1, NotFunny)],
        &[("fran", 1, 0, Some(0.0), true)],
    );
}
