//! Property tests: no reply, however broken, makes a task parser panic, and every refusal can be
//! sent back to the model (it has problems, each with a JSON path).

// Native only (visibly, with `#[cfg(not(target_arch = "wasm32"))]`): the tests that read their
// fixture folders from disk, compare with insta snapshot files, or use proptest; their helpers are
// unused in WASM.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::path::Path;

#[cfg(not(target_arch = "wasm32"))]
use proptest::prelude::*;
use tallas_core::tasks::Task;
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Parses `reply` as every task's reply and checks the shape of each refusal.
fn parse_everything(reply: &str) {
    for task in Task::ALL {
        if let Err(report) = task.parse_value(reply) {
            assert!(!report.problems.is_empty(), "{task}: a refusal without problems for {reply:?}");
            assert!(report.problems.iter().all(|p| p.path.starts_with('$')), "{report}");
            assert!(!report.corrective_message().content.is_empty());
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// Text made of the characters that matter to the JSON locator and its repairs.
fn syntax_soup() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        "\"",
        "“",
        "”",
        "«",
        "»",
        ",",
        ":",
        "\\",
        "\n",
        " ",
        "```",
        "json",
        "null",
        "-1",
        "1e400",
        "0.5",
        "\"jokes\"",
        "\"text\"",
        "\"raw_span\"",
        "\"nodes\"",
        "\"edges\"",
        "\"id\"",
        "\"source\"",
        "\"target\"",
        "\"keywords\"",
        "\"verdict\"",
        "\"a\"",
        "\"kind\"",
        "\"comedian\"",
        "ñ",
        "é",
        "\u{0}",
        "\u{feff}",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|pieces| pieces.concat())
}

/// Every fixture, read once.
fn fixtures() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tasks_fixtures");
    Task::ALL
        .iter()
        .flat_map(|task| std::fs::read_dir(root.join(task.name())).unwrap())
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect()
}

#[cfg(not(target_arch = "wasm32"))]
proptest! {
    #[test]
    fn no_parser_panics_on_arbitrary_text(text in any::<String>()) {
        parse_everything(&text);
    }

    #[test]
    fn no_parser_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        parse_everything(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn no_parser_panics_on_syntax_soup(text in syntax_soup()) {
        parse_everything(&text);
    }

    #[test]
    fn no_parser_panics_on_damaged_fixtures(case in any::<prop::sample::Index>(), cut in any::<prop::sample::Index>(),
                                            insert in any::<char>()) {
        let fixtures = fixtures();
        let fixture = case.get(&fixtures);
        // Cut at a char boundary and insert one char there: truncations and stray characters.
        let boundaries: Vec<usize> = fixture.char_indices().map(|(at, _)| at).chain([fixture.len()]).collect();
        let at = *cut.get(&boundaries);
        parse_everything(&fixture[..at]);
        parse_everything(&format!("{}{insert}{}", &fixture[..at], &fixture[at..]));
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn deeply_nested_and_huge_replies_are_refused_quickly() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    parse_everything(&deep);
    let unclosed = "{\"a\": [".repeat(20_000);
    parse_everything(&unclosed);
    let huge = format!("{{\"text\": \"{}\"}}", "ja".repeat(200_000));
    assert!(Task::Rewrite.parse_value(&huge).is_err());
}
