//! Bradley–Terry strengths against a closed form and a direct likelihood maximisation.
//!
//! The scipy references maximise the log-likelihood Σ w_ij·log(p_i / (p_i + p_j)) (ties as half a
//! win each way) over log-strengths with `scipy.optimize.minimize(method='BFGS', gtol=1e-12)`, then
//! centre the logs (geometric mean 1). "MAP" adds, per model, prior/2 wins and prior/2 losses
//! against a virtual opponent of fixed log-strength 0, exactly the prior documented in the module.
//! BFGS stops near 1e-8, hence the 1e-6 tolerance.

use tallas_core::scores::bradley_terry::{BradleyTerry, Comparison, MIN_PRIOR_TIES, Options, bradley_terry};
use tallas_core::scores::pairwise::Outcome;
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// `games` lists (x, y, outcome, how many times); `expected` is (model, strength) in any order.
fn check(games: &[(&'static str, &'static str, Outcome, usize)], prior_ties: f64, expected: &[(&str, f64)]) {
    let comparisons: Vec<Comparison<&str>> = games
        .iter()
        .flat_map(|&(x, y, outcome, times)| std::iter::repeat_n(Comparison { x, y, outcome }, times))
        .collect();
    let BradleyTerry { strengths, converged, .. } =
        bradley_terry(&comparisons, &Options { prior_ties, ..Options::default() });
    assert!(converged);
    assert_eq!(strengths.len(), expected.len());
    for (model, want) in expected {
        let got = strengths.iter().find(|s| s.model == *model).unwrap().strength;
        assert!((got - want).abs() < 1e-6, "{model}: {got} != {want}");
    }
    for pair in strengths.windows(2) {
        assert!(pair[0].strength >= pair[1].strength, "strongest first");
    }
    let log_mean = strengths.iter().map(|s| s.strength.ln()).sum::<f64>() / strengths.len() as f64;
    assert!(log_mean.abs() < 1e-9, "geometric mean is 1");
}

use Outcome::{Loss, Tie, Win};

#[wasm_bindgen_test(unsupported = test)]
fn two_models_have_the_closed_form() {
    // 3 wins to 1: p_x / p_y = 3 with p_x·p_y = 1, so √3 and 1/√3 (by hand).
    check(&[("x", "y", Win, 3), ("x", "y", Loss, 1)], MIN_PRIOR_TIES, &[("x", 3f64.sqrt()), ("y", 1.0 / 3f64.sqrt())]);
    // 2 wins, 1 loss, 2 ties: 3 points to 2, ratio 1.5 (by hand).
    check(
        &[("x", "y", Win, 2), ("y", "x", Win, 1), ("x", "y", Tie, 2)],
        MIN_PRIOR_TIES,
        &[("x", 1.5f64.sqrt()), ("y", 1.0 / 1.5f64.sqrt())],
    );
}

const THREE: &[(&str, &str, Outcome, usize)] = &[
    ("a", "b", Win, 3),
    ("a", "b", Loss, 1),
    ("a", "b", Tie, 1),
    ("b", "c", Win, 2),
    ("b", "c", Loss, 2),
    ("c", "a", Win, 2),
    ("c", "a", Loss, 1),
];

#[wasm_bindgen_test(unsupported = test)]
fn three_models_match_the_maximum_likelihood() {
    // scipy MLE = [1.1385365810441446, 0.7386223421038578, 1.1891333813367975].
    check(THREE, MIN_PRIOR_TIES, &[("a", 1.1385365810441446), ("b", 0.7386223421038578), ("c", 1.1891333813367975)]);
    // scipy MAP with prior 0.1 = [1.1376244565191758, 0.7403656859106281, 1.187284499691006].
    check(THREE, 0.1, &[("a", 1.1376244565191758), ("b", 0.7403656859106281), ("c", 1.187284499691006)]);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_model_that_never_wins_gets_a_small_finite_strength() {
    // scipy MAP with prior 0.1 = [3.1327095332744865, 2.008095428834823, 3.213281151545904,
    // 0.049470556658495]; without the prior d's strength would be 0 and the MLE would not exist.
    let mut games = THREE.to_vec();
    games.push(("d", "a", Loss, 3));
    check(
        &games,
        0.1,
        &[("a", 3.1327095332744865), ("b", 2.008095428834823), ("c", 3.213281151545904), ("d", 0.049470556658495)],
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn degenerate_inputs_stay_finite() {
    let fit = |comparisons: &[Comparison<&'static str>], prior_ties: f64| {
        bradley_terry(comparisons, &Options { prior_ties, ..Options::default() })
    };
    let empty = fit(&[], 0.1);
    assert!(empty.strengths.is_empty() && empty.converged);

    // Errors and self-comparisons carry no preference: only the prior speaks, everyone is 1.
    let noise =
        [Comparison { x: "a", y: "b", outcome: Outcome::Error }, Comparison { x: "a", y: "a", outcome: Outcome::Win }];
    let result = fit(&noise, 0.1);
    assert!(result.strengths.iter().all(|s| (s.strength - 1.0).abs() < 1e-12 && s.games == 0));

    // Two separate pairs (no path between them), a zero or NaN prior: still finite and positive.
    let split = [Comparison { x: "a", y: "b", outcome: Win }, Comparison { x: "c", y: "d", outcome: Win }];
    for prior in [0.0, f64::NAN, -1.0, 0.1] {
        let result = fit(&split, prior);
        assert!(result.strengths.iter().all(|s| s.strength.is_finite() && s.strength > 0.0), "prior {prior}");
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn serialises_for_the_ui() {
    let result = bradley_terry(&[Comparison { x: "tuned", y: "base", outcome: Win }], &Options::default());
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["strengths"][0]["model"], "tuned");
    assert_eq!(json["strengths"][0]["games"], 1);
}
