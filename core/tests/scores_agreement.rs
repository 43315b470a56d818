//! Krippendorff's alpha and Cohen's kappa against independent implementations.
//!
//! Alpha references: `krippendorff.alpha(reliability_data=<coders × items, NaN = missing>,
//! level_of_measurement='nominal')`, package krippendorff 0.8.1. Kappa references:
//! `sklearn.metrics.cohen_kappa_score(first, second)`, scikit-learn 1.x.

use tallas_core::scores::agreement::{cohen_kappa, krippendorff_alpha_nominal};
use tallas_core::scores::crowd::Label;
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const X: Option<u8> = None; // a missing label

/// `coders` is the usual reliability matrix, one row per coder; `expected` is (alpha, items used).
fn check_alpha(coders: &[&[Option<u8>]], expected: Option<(f64, usize)>) {
    let items = coders.first().map_or(0, |row| row.len());
    let units = (0..items).map(|item| coders.iter().filter_map(move |row| row[item]));
    let got = krippendorff_alpha_nominal(units).map(|a| (a.value, a.items));
    match (got, expected) {
        (Some((value, used)), Some((want, want_used))) => {
            assert!((value - want).abs() < 1e-12, "alpha {value} != {want}");
            assert_eq!(used, want_used, "items used");
        }
        (got, expected) => assert_eq!(got, expected),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn alpha_classic_four_coders_twelve_items() {
    // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example;
    // krippendorff.alpha(...) = 0.743421052631579. Item 12 has one label and is ignored.
    check_alpha(
        &[
            &[Some(1), Some(2), Some(3), Some(3), Some(2), Some(1), Some(4), Some(1), Some(2), X, X, X],
            &[Some(1), Some(2), Some(3), Some(3), Some(2), Some(2), Some(4), Some(1), Some(2), Some(5), X, Some(3)],
            &[X, Some(3), Some(3), Some(3), Some(2), Some(3), Some(4), Some(2), Some(2), Some(5), Some(1), X],
            &[Some(1), Some(2), Some(3), Some(3), Some(2), Some(4), Some(4), Some(1), Some(2), Some(5), Some(1), X],
        ],
        Some((0.743421052631579, 11)),
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn alpha_other_known_answers() {
    // Two coders, binary, no gaps: krippendorff.alpha(...) = 0.09523809523809534.
    check_alpha(
        &[
            &[Some(0), Some(1), Some(0), Some(0), Some(0), Some(0), Some(0), Some(0), Some(1), Some(0)],
            &[Some(1), Some(1), Some(1), Some(0), Some(0), Some(1), Some(0), Some(0), Some(0), Some(0)],
        ],
        Some((0.09523809523809534, 10)),
    );
    // Three coders with gaps: krippendorff.alpha(...) = 0.5.
    check_alpha(
        &[
            &[Some(1), Some(1), X, Some(2), Some(2), Some(1)],
            &[Some(1), Some(2), Some(2), Some(2), X, Some(1)],
            &[X, Some(2), Some(2), Some(1), Some(2), Some(1)],
        ],
        Some((0.5, 6)),
    );
    // Perfect agreement with variation: krippendorff.alpha(...) = 1.0.
    check_alpha(&[&[Some(1), Some(2), Some(1), Some(2)], &[Some(1), Some(2), Some(1), Some(2)]], Some((1.0, 4)));
}

#[wasm_bindgen_test(unsupported = test)]
fn alpha_is_none_when_undefined() {
    // All labels equal: no variation, expected disagreement 0. krippendorff raises
    // "There has to be more than one value in the domain."
    check_alpha(&[&[Some(1), Some(1), Some(1)], &[Some(1), Some(1), Some(1)]], None);
    // A single coder: no item has two labels. krippendorff raises "There has to be at least one
    // unit with values assigned by at least two coders."
    check_alpha(&[&[Some(1), Some(2), Some(1)]], None);
    // Two coders who never labelled the same item.
    check_alpha(&[&[Some(1), X, Some(2), X], &[X, Some(2), X, Some(1)]], None);
    check_alpha(&[], None);
}

#[wasm_bindgen_test(unsupported = test)]
fn alpha_takes_any_ordered_label_type() {
    // Same structure as the binary case above with 0 = funny, 1 = not funny.
    let first = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0];
    let second = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0];
    let label = |v: i32| if v == 0 { Label::Funny } else { Label::NotFunny };
    let units = first.iter().zip(second).map(|(&a, b)| [label(a), label(b)]);
    let alpha = krippendorff_alpha_nominal(units).unwrap();
    assert!((alpha.value - 0.09523809523809534).abs() < 1e-12);
}

fn check_kappa(pairs: &[(Option<&str>, Option<&str>)], expected: Option<(f64, usize)>) {
    let got = cohen_kappa(pairs.iter().copied()).map(|k| (k.value, k.items));
    match (got, expected) {
        (Some((value, used)), Some((want, want_used))) => {
            assert!((value - want).abs() < 1e-12, "kappa {value} != {want}");
            assert_eq!(used, want_used, "items used");
        }
        (got, expected) => assert_eq!(got, expected),
    }
}

fn both<'a>(first: &[&'a str], second: &[&'a str]) -> Vec<(Option<&'a str>, Option<&'a str>)> {
    first.iter().zip(second).map(|(a, b)| (Some(*a), Some(*b))).collect()
}

const LLM: [&str; 12] = ["f", "f", "n", "f", "n", "n", "f", "f", "n", "f", "f", "n"];
const CURATOR: [&str; 12] = ["f", "n", "n", "f", "n", "f", "f", "f", "n", "n", "f", "n"];

#[wasm_bindgen_test(unsupported = test)]
fn kappa_known_answers() {
    // cohen_kappa_score = 0.5; by hand: p_o = 9/12, p_e = (7·6 + 5·6)/144 = 0.5, (0.75 − 0.5)/0.5.
    check_kappa(&both(&LLM, &CURATOR), Some((0.5, 12)));
    // Three categories: cohen_kappa_score = 0.3939393939393939.
    check_kappa(
        &both(&["x", "y", "z", "x", "y", "z", "x", "x", "y", "z"], &["x", "y", "y", "x", "z", "z", "x", "y", "y", "x"]),
        Some((0.3939393939393939, 10)),
    );
    // Always opposite constants: cohen_kappa_score(['f']*4, ['n']*4) = 0.0.
    check_kappa(&both(&["f"; 4], &["n"; 4]), Some((0.0, 4)));
}

#[wasm_bindgen_test(unsupported = test)]
fn kappa_uses_only_items_both_labelled() {
    let mut pairs = both(&LLM, &CURATOR);
    pairs.extend([(Some("f"), None), (None, Some("n")), (None, None)]);
    check_kappa(&pairs, Some((0.5, 12)));
}

#[wasm_bindgen_test(unsupported = test)]
fn kappa_is_none_when_undefined() {
    check_kappa(&[], None);
    check_kappa(&[(Some("f"), None), (None, Some("f"))], None);
    // Both labellers used one and the same category: p_e = 1, 0/0 (sklearn returns NaN here).
    check_kappa(&both(&["f"; 5], &["f"; 5]), None);
}
