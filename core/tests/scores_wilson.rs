//! Wilson intervals against statsmodels.
//!
//! References: `statsmodels.stats.proportion.proportion_confint(count, nobs, alpha=0.05,
//! method='wilson')`, statsmodels 0.14 (Python 3.11), printed with `repr`.

use tallas_core::scores::wilson::{Z_95, wilson_interval};
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

fn check(successes: f64, n: f64, expected: Option<(f64, f64)>) {
    let got = wilson_interval(successes, n, Z_95).map(|i| (i.lower, i.upper));
    match (got, expected) {
        (Some((lower, upper)), Some((want_lower, want_upper))) => {
            assert!((lower - want_lower).abs() < 1e-12, "{successes}/{n}: lower {lower} != {want_lower}");
            assert!((upper - want_upper).abs() < 1e-12, "{successes}/{n}: upper {upper} != {want_upper}");
        }
        (got, expected) => assert_eq!(got, expected, "{successes}/{n}"),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn matches_statsmodels() {
    check(0.0, 1.0, Some((0.0, 0.7934506856227627)));
    check(1.0, 1.0, Some((0.2065493143772374, 1.0)));
    check(3.0, 3.0, Some((0.43850296824495444, 1.0)));
    check(4.0, 4.0, Some((0.5101091635454025, 1.0)));
    check(5.0, 10.0, Some((0.23659309051256394, 0.7634069094874361)));
    check(9.0, 10.0, Some((0.5958499732047614, 0.982123786904927)));
    check(1.0, 10.0, Some((0.017876213095072924, 0.40415002679523854)));
    check(45.0, 100.0, Some((0.35614537979511973, 0.5475539700255787)));
    check(60.0, 100.0, Some((0.5020025867910618, 0.6905987135675411)));
}

#[wasm_bindgen_test(unsupported = test)]
fn accepts_fractional_successes() {
    // Win rates count a tie as half a win; statsmodels takes the fractional count as is.
    check(7.5, 20.0, Some((0.19977085566463149, 0.5905104338485734)));
    check(12.5, 30.0, Some((0.2597544177100462, 0.5924978144856152)));
}

#[wasm_bindgen_test(unsupported = test)]
fn is_none_when_not_a_proportion() {
    check(0.0, 0.0, None);
    check(3.0, 2.0, None);
    check(-1.0, 2.0, None);
    check(f64::NAN, 2.0, None);
    check(1.0, f64::INFINITY, None);
}
