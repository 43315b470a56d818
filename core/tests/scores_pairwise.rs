//! Pairwise verdicts, their combination and the win rate. Win-rate intervals are statsmodels'
//! `proportion_confint(W + 0.5*T, N, alpha=0.05, method='wilson')` (statsmodels 0.14).

use tallas_core::scores::pairwise::{Outcome, Tally, Verdict, combine};
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn check_parse(answer: &str, expected: Verdict) {
    assert_eq!(Verdict::parse(answer), expected, "{answer:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn parses_the_four_verdicts_and_nothing_else() {
    check_parse("A", Verdict::A);
    check_parse(" b\n", Verdict::B);
    check_parse("\"tie\"", Verdict::Tie);
    check_parse("TIE", Verdict::Tie);
    check_parse("Neither.", Verdict::Neither);
    check_parse("**A**", Verdict::A);
    check_parse("", Verdict::Unparseable);
    check_parse("A or B", Verdict::Unparseable);
    check_parse("Joke A", Verdict::Unparseable);
    check_parse("empate", Verdict::Unparseable);
}

fn check_combine(x_first: Verdict, x_second: Verdict, expected: Outcome) {
    assert_eq!(combine(x_first, x_second), expected, "{x_first:?} then {x_second:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn combines_both_orders() {
    use Verdict::*;
    // X shown first wins as A; X shown second wins as B.
    check_combine(A, B, Outcome::Win);
    check_combine(B, A, Outcome::Loss);
    // The slot won both times: position bias, not preference.
    check_combine(A, A, Outcome::Tie);
    check_combine(B, B, Outcome::Tie);
    check_combine(Tie, B, Outcome::Tie);
    check_combine(A, Neither, Outcome::Tie);
    check_combine(Neither, Neither, Outcome::Tie);
    check_combine(A, Error, Outcome::Error);
    check_combine(Unparseable, Tie, Outcome::Error);
    check_combine(Error, Error, Outcome::Error);
}

#[wasm_bindgen_test(unsupported = test)]
fn combining_is_symmetric_between_the_models() {
    use Verdict::*;
    let all = [A, B, Tie, Neither, Error, Unparseable];
    let mirror = |o| match o {
        Outcome::Win => Outcome::Loss,
        Outcome::Loss => Outcome::Win,
        other => other,
    };
    for first in all {
        for second in all {
            // Y's first showing is X's second, so Y's outcome is combine(second, first).
            assert_eq!(combine(second, first), mirror(combine(first, second)), "{first:?}, {second:?}");
        }
    }
}

type Rate = Option<(f64, f64, f64)>; // (rate, lower, upper)

fn check_rate((wins, losses, ties, errors): (u32, u32, u32, u32), all: Rate, excluding_errors: Rate) {
    let rate = Tally { wins, losses, ties, errors }.win_rate();
    let close = |got: Option<f64>, lower: Option<f64>, upper: Option<f64>, want: Rate, what: &str| match want {
        Some((r, l, u)) => {
            for (g, w) in [(got, r), (lower, l), (upper, u)] {
                let g = g.unwrap_or_else(|| panic!("{what}: missing"));
                assert!((g - w).abs() < 1e-12, "{what}: {g} != {w}");
            }
        }
        None => assert_eq!((got, lower, upper), (None, None, None), "{what}"),
    };
    close(rate.win_rate, rate.interval.map(|i| i.lower), rate.interval.map(|i| i.upper), all, "all pairs");
    close(
        rate.win_rate_excluding_errors,
        rate.interval_excluding_errors.map(|i| i.lower),
        rate.interval_excluding_errors.map(|i| i.upper),
        excluding_errors,
        "excluding errors",
    );
    assert_eq!(rate.pairs, wins + losses + ties + errors);
}

#[wasm_bindgen_test(unsupported = test)]
fn errors_stay_in_the_denominator() {
    // 10 W, 5 L, 4 T, 1 E: (10 + 2) / 20 = 0.6; without the error (10 + 2) / 19.
    check_rate(
        (10, 5, 4, 1),
        Some((0.6, 0.3865815007622531, 0.781193467627183)),
        Some((0.631578947368421, 0.41039533164803055, 0.8085048725486493)),
    );
    let same = Some((0.631578947368421, 0.41039533164803055, 0.8085048725486493));
    check_rate((10, 5, 4, 0), same, same);
    // Only errors: 0 of 3 counted, and nothing to say about decided pairs.
    check_rate((0, 0, 0, 3), Some((0.0, 0.0, 0.5614970317550455)), None);
    check_rate((3, 0, 0, 0), Some((1.0, 0.43850296824495444, 1.0)), Some((1.0, 0.43850296824495444, 1.0)));
    check_rate((0, 0, 0, 0), None, None);
}

#[wasm_bindgen_test(unsupported = test)]
fn tallies_outcomes_and_serialises() {
    let tally = Tally::from_outcomes([Outcome::Win, Outcome::Win, Outcome::Tie, Outcome::Error, Outcome::Loss]);
    assert_eq!(tally, Tally { wins: 2, losses: 1, ties: 1, errors: 1 });
    let json = serde_json::to_value(tally.win_rate()).unwrap();
    assert_eq!(json["win_rate"], 0.5);
    assert_eq!(json["tally"]["errors"], 1);
    assert_eq!(serde_json::to_value(Verdict::Unparseable).unwrap(), "unparseable");
}
