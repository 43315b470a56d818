//! Tests as data: every `dataset_fixtures/build/*.json` (a build config and its candidates) is
//! built, and every `dataset_fixtures/validate/*.jsonl` validated; each result is compared with
//! its snapshot in `dataset_fixtures/snapshots/`. Add a case by adding a file, then run
//! `INSTA_UPDATE=always cargo test -p tallas-core --test dataset_snapshots` and read the new
//! snapshot.

// Native only (visibly, with `#[cfg(not(target_arch = "wasm32"))]`): the tests that read their
// fixture folders from disk, compare with insta snapshot files, or use proptest; their helpers are
// unused in WASM.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::path::Path;

use serde_json::{Value, json};
use tallas_core::dataset::{BuildConfig, Candidate, Dataset, build, estimate_tokens, validate_jsonl};
use tallas_core::mistral::Role;
use tallas_core::prompts::generate;
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Runs `check` on every file of `dataset_fixtures/<kind>/`, comparing what it returns with the
/// snapshot `<kind>@<case>.snap`; one run reports every snapshot that changed.
#[cfg(not(target_arch = "wasm32"))]
fn each_fixture(kind: &str, check: impl Fn(&Path) -> Value) {
    insta::with_settings!({ snapshot_path => "dataset_fixtures/snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::glob!("dataset_fixtures", &format!("{kind}/*"), |path| insta::assert_json_snapshot!(kind, check(path)));
    });
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn builds() {
    each_fixture("build", |path| {
        let fixture: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let config: BuildConfig = serde_json::from_value(fixture["config"].clone()).unwrap();
        let candidates: Vec<Candidate> = serde_json::from_value(fixture["candidates"].clone()).unwrap();
        let dataset = build(&candidates, &config, &estimate_tokens);
        assert_wire_format(&dataset);
        summary(&dataset)
    });
}

/// What a reviewer reads: each example as keyword → joke (the fixed system prompt is checked in
/// code, not repeated in every snapshot line), the exclusions, the validator and the sizes.
fn summary(dataset: &Dataset) -> Value {
    let examples = |examples: &[tallas_core::dataset::Example]| -> Vec<Value> {
        examples
            .iter()
            .map(|e| {
                json!({
                    "id": e.id,
                    "cluster": e.cluster,
                    "user": e.messages[1].content,
                    "assistant": e.messages[2].content,
                })
            })
            .collect()
    };
    json!({
        "prompt_version": dataset.prompt_version,
        "train": examples(&dataset.train),
        "validation": examples(&dataset.validation),
        "excluded": dataset.excluded,
        "report": dataset.report,
        "totals": dataset.totals,
    })
}

/// Every line is `{"messages":[system, user, assistant]}` exactly as the app asks.
fn assert_wire_format(dataset: &Dataset) {
    for example in dataset.train.iter().chain(&dataset.validation) {
        assert_eq!(example.messages[..2], generate::messages(&example.keyword)[..], "{}", example.id);
        assert_eq!(example.messages.len(), 3);
        assert_eq!(example.messages[2].role, Role::Assistant);
        let line: Value = serde_json::from_str(&example.to_json_line()).unwrap();
        assert_eq!(line.as_object().unwrap().keys().collect::<Vec<_>>(), ["messages"]);
    }
    let file = dataset.train_jsonl();
    assert_eq!(file.lines().count(), dataset.train.len());
    assert!(file.is_empty() || file.ends_with('\n'));
}

#[wasm_bindgen_test(unsupported = test)]
fn one_line_on_the_wire() {
    let example = tallas_core::dataset::Example::new("x", "once", "  Tecito con pan amasado.\n", None);
    // An inline expectation (not an insta file snapshot) so that this test also runs in WASM.
    assert_eq!(
        example.to_json_line(),
        r#"{"messages":[{"role":"system","content":"Eres un humorista chileno de stand-up, de esos que hacen reír a la Quinta Vergara. Te dan una palabra clave y cuentas un chiste corto sobre ella, en español de Chile, con el habla y los modismos de acá. Responde solo con el chiste, sin títulos, sin explicaciones y sin comillas."},{"role":"user","content":"Palabra clave: once"},{"role":"assistant","content":"Tecito con pan amasado."}]}"#
    );
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn validates() {
    each_fixture("validate", |path| {
        let text = String::from_utf8(std::fs::read(path).unwrap()).unwrap();
        serde_json::to_value(validate_jsonl(&text)).unwrap()
    });
}
