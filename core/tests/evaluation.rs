//! The evaluation report from judged pairs: known answers (the keyword bootstrap recomputed by
//! `make reference-evaluation`), the counts a reviewer checks by hand, and tests as data: every
//! `evaluation_fixtures/reports/*.json` (judged pairs) is reported and compared with its snapshot.

#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use tallas_core::evaluation::report::{REPLICATES, SEED};
use tallas_core::evaluation::{Judged, report};
use tallas_core::scores::pairwise::Verdict;
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn judged(keyword: &str, x: &str, y: &str, x_first: Verdict, x_second: Verdict) -> Judged {
    Judged { keyword: keyword.into(), x: x.into(), y: y.into(), x_first, x_second, x_chars: 100, y_chars: 100 }
}

/// One pair over twelve keywords, with every kind of outcome (the order of
/// scripts/reference-evaluation.py's `bootstrap_case`).
fn twelve_keywords() -> Vec<Judged> {
    use Verdict::*;
    let verdicts = [
        (A, B),             // win
        (A, B),             // win
        (B, A),             // loss
        (Tie, Tie),         // tie
        (Neither, Neither), // both bad
        (A, B),             // win
        (Error, B),         // error
        (B, A),             // loss
        (A, B),             // win
        (A, Unparseable),   // unparseable
        (A, B),             // win
        (A, A),             // the first slot twice: a tie
    ];
    verdicts
        .iter()
        .enumerate()
        .map(|(i, &(first, second))| judged(&format!("k{i}"), "tuned", "base", first, second))
        .collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn errors_and_unparseable_verdicts_are_counted_apart_and_stay_out_of_the_rate() {
    let report = report(&twelve_keywords(), REPLICATES, SEED);
    let pair = &report.pairs[0];
    let c = pair.counts;
    assert_eq!((c.wins, c.losses, c.ties, c.both_bad, c.errors, c.unparseable), (5, 2, 2, 1, 1, 1));
    assert_eq!(pair.decided, 10);
    // (5 + ½·3) / 10.
    assert_eq!(pair.win_rate, Some(0.65));
    let wilson = pair.wilson.unwrap();
    // `make reference-evaluation`, case `wilson` (statsmodels' proportion_confint(6.5, 10)).
    assert!((wilson.lower - 0.353_670_7).abs() < 1e-7 && (wilson.upper - 0.863_069_4).abs() < 1e-7, "{wilson:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_keyword_bootstrap_matches_the_independent_computation() {
    let report = report(&twelve_keywords(), 1000, 7);
    let interval = report.pairs[0].bootstrap.unwrap();
    // `make reference-evaluation`, case `bootstrap`: low=0.3636364 high=0.8750000.
    assert!((interval.lower - 0.363_636_4).abs() < 1e-7, "{interval:?}");
    assert!((interval.upper - 0.875).abs() < 1e-12, "{interval:?}");
    let again = tallas_core::evaluation::report(&twelve_keywords(), 1000, 7);
    assert_eq!(again.pairs[0].bootstrap, Some(interval), "the same verdicts give the same interval");
}

#[wasm_bindgen_test(unsupported = test)]
fn position_bias_counts_slots_and_orders_that_disagree() {
    let position = report(&twelve_keywords(), 10, SEED).position;
    // Verdicts naming a slot: 2 for each win or loss (7 pairs, one first-slot win each), the
    // (A, A) pair's 2 (both first), the error's B and the unparseable's A: 18, of which 10 first.
    assert_eq!(position.slot_verdicts, 18);
    assert_eq!(position.first_slot_wins, 10);
    // Both orders valid: every pair but the error and the unparseable; they disagree only on (A, A).
    assert_eq!((position.both_orders, position.orders_disagree), (10, 1));
    assert_eq!(position.disagreement_rate, Some(0.1));
}

#[wasm_bindgen_test(unsupported = test)]
fn three_models_are_ranked_and_two_are_not() {
    use Verdict::*;
    let mut all = Vec::new();
    for k in 0..6 {
        let keyword = format!("k{k}");
        all.push(judged(&keyword, "large", "small", A, B));
        all.push(judged(&keyword, "large", "tiny", A, B));
        all.push(judged(&keyword, "small", "tiny", if k < 4 { A } else { B }, if k < 4 { B } else { A }));
    }
    let report = report(&all, 200, SEED);
    let names: Vec<&str> = report.ranking.iter().map(|r| r.model.as_str()).collect();
    assert_eq!(names, ["large", "small", "tiny"]);
    assert!(report.ranking.iter().all(|r| r.low <= r.strength && r.strength <= r.high));
    assert_eq!(report.keywords, 6);
    let two = tallas_core::evaluation::report(&all[..1], 200, SEED);
    assert!(two.ranking.is_empty());
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn reports() {
    insta::with_settings!({ snapshot_path => "evaluation_fixtures/snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::glob!("evaluation_fixtures", "reports/*.json", |path| {
            let judged: Vec<Judged> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            insta::assert_json_snapshot!("report", report(&judged, 200, SEED));
        });
    });
}
