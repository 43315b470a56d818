//! Tests as data: every `kit_fixtures/*.json` (a `KitInput`, as the app and the `training-kit`
//! example hand one over) is built into a training kit, and every file of the kit is compared
//! with the fixture's snapshot in `kit_fixtures/snapshots/`; `kit_fixtures/broken/` holds rows
//! the validator must refuse. Add a case by adding a file, then run
//! `INSTA_UPDATE=always cargo test -p tallas-core --test kit` and read the new snapshot.

// Native only (visibly, with `#[cfg(not(target_arch = "wasm32"))]`): the tests that read their
// fixture folders from disk or compare with insta snapshot files; their helpers are unused in WASM.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;
use tallas_core::dataset::CrowdRule;
use tallas_core::dataset::kit::{self, Kit, KitFile, KitInput, build_kit, validate_kit};
use tallas_core::evaluation::Judged;
use tallas_core::mistral::Role;
use tallas_core::play::arena::ArenaChoice;
use tallas_core::prompts::generate;
use tallas_core::scores::crowd::{Label, VoteCounts};
use tallas_core::scores::pairwise::Verdict;
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const SOURCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/dataset/kit");

#[cfg(not(target_arch = "wasm32"))]
fn fixture(name: &str) -> KitInput {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kit_fixtures").join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn builds() {
    insta::with_settings!({ snapshot_path => "kit_fixtures/snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::glob!("kit_fixtures", "*.json", |path| {
            let input: KitInput = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
            let kit = build_kit(&input);
            assert_eq!(validate_kit(&kit), [], "{}", path.display());
            assert_invariants(&kit, &input);
            insta::assert_snapshot!("kit", listing(&kit));
        });
    });
}

/// What a reviewer reads: each file in the kit's order, whole, but the script and requirements,
/// which are the files beside the module, byte for byte (checked here, not repeated).
fn listing(kit: &Kit) -> String {
    let mut out = format!("folder: {}\n", kit.folder);
    for absent in &kit.absent {
        out.push_str(&format!("absent: {}: {}\n", absent.path, absent.why));
    }
    for file in &kit.files {
        out.push_str(&format!("\n===== {} =====\n", file.path));
        match file.path.as_str() {
            kit::TRAIN_PY | kit::REQUIREMENTS => out.push_str("(core/src/dataset/kit's own, verbatim)\n"),
            kit::SERVE => out.push_str("(core/src/dataset/kit/serve.md, its placeholders filled)\n"),
            _ => out.push_str(&file.contents),
        }
    }
    out
}

/// What holds of every kit, whatever its input.
fn assert_invariants(kit: &Kit, input: &KitInput) {
    for file in &kit.files {
        assert!(!file.contents.is_empty(), "{} is empty", file.path);
    }
    let source = |name: &str| std::fs::read_to_string(Path::new(SOURCES).join(name)).unwrap();
    assert_eq!(contents(kit, kit::TRAIN_PY), source("train.py"));
    assert_eq!(contents(kit, kit::REQUIREMENTS), source("requirements.txt"));
    let slug = kit.folder.trim_start_matches("tallas-");
    let serve = source("serve.md").replace("{{model_name}}", &kit.folder).replace("{{dataset_slug}}", slug);
    assert_eq!(contents(kit, kit::SERVE), serve);

    // No preference or label row touches the validation split: its jokes or its keywords.
    let validation = &input.dataset.validation;
    let jokes: HashSet<&str> = validation.iter().map(|e| e.messages[2].content.trim()).collect();
    let keywords: HashSet<String> = validation.iter().map(|e| e.keyword.to_lowercase()).collect();
    for row in rows(kit, kit::PREFERENCES).iter().chain(&rows(kit, kit::LABELS)) {
        let user = row["prompt"][1]["content"].as_str().unwrap();
        let keyword = user.strip_prefix("Palabra clave: ").unwrap();
        assert_eq!(serde_json::to_value(generate::messages(keyword)).unwrap(), row["prompt"]);
        assert!(!keywords.contains(&keyword.to_lowercase()), "{row}");
        for answer in ["chosen", "rejected", "completion"] {
            if let Some(text) = row.get(answer).map(|a| a[0]["content"].as_str().unwrap()) {
                assert!(!jokes.contains(text), "{row}");
            }
        }
    }
}

fn contents<'a>(kit: &'a Kit, path: &str) -> &'a str {
    kit.file(path).map_or("", |file| file.contents.as_str())
}

fn rows(kit: &Kit, path: &str) -> Vec<Value> {
    contents(kit, path).lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn a_kit_built_twice_is_the_same_zip_whatever_order_the_store_gave() {
    let input = fixture("full.json");
    let first = build_kit(&input).to_zip().unwrap();
    assert_eq!(build_kit(&input).to_zip().unwrap(), first);
    let mut shuffled = input.clone();
    shuffled.arena.reverse();
    shuffled.evaluation_pairs.reverse();
    shuffled.labelled.rotate_left(3);
    assert_eq!(build_kit(&shuffled).to_zip().unwrap(), first);
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn the_zip_holds_every_file_under_the_kit_folder_dated_by_the_dataset() {
    use std::io::Read;
    let kit = build_kit(&fixture("full.json"));
    let bytes = kit.to_zip().unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(archive.len(), kit.files.len());
    for (index, file) in kit.files.iter().enumerate() {
        let mut entry = archive.by_index(index).unwrap();
        assert_eq!(entry.name().unwrap(), format!("tallas-rutinas-de-vina-2025-lo-mejor/{}", file.path));
        assert_eq!(entry.compression(), zip::CompressionMethod::Stored);
        // 1767268800000 ms is 2026-01-01T12:00:00Z.
        let time = entry.last_modified().unwrap();
        let at = (time.year(), time.month(), time.day(), time.hour(), time.minute(), time.second());
        assert_eq!(at, (2026, 1, 1, 12, 0, 0));
        let mut contents = String::new();
        entry.read_to_string(&mut contents).unwrap();
        assert_eq!(contents, file.contents);
    }
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn without_arena_votes_or_ballots_the_files_are_absent_with_why_never_empty() {
    let kit = build_kit(&fixture("bare.json"));
    let absent: Vec<&str> = kit.absent.iter().map(|a| a.path.as_str()).collect();
    assert_eq!(absent, [kit::VALIDATION, kit::PREFERENCES, kit::LABELS]);
    for path in absent {
        assert!(kit.file(path).is_none(), "{path}");
    }
    assert!(kit.files.iter().all(|file| !file.contents.is_empty()));
    let manifest: kit::KitManifest = serde_json::from_str(contents(&kit, kit::MANIFEST)).unwrap();
    assert_eq!(manifest.absent, kit.absent);
    assert_eq!(manifest.dataset_id, "ds-1767300000000");
    let card = contents(&kit, kit::README);
    assert!(!card.contains("config_name: preferences") && !card.contains("config_name: labels"), "{card}");
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn a_preference_pair_answers_one_keyword_with_two_of_its_jokes() {
    let input = fixture("full.json");
    let kit = build_kit(&input);
    let mut pairs: Vec<(String, &str, &str)> = Vec::new();
    for vote in &input.arena {
        match vote.choice {
            ArenaChoice::A => pairs.push((vote.keyword.trim().to_owned(), &vote.a, &vote.b)),
            ArenaChoice::B => pairs.push((vote.keyword.trim().to_owned(), &vote.b, &vote.a)),
            ArenaChoice::Tie | ArenaChoice::Neither => {}
        }
    }
    pairs.extend(input.evaluation_pairs.iter().map(|p| (p.keyword.trim().to_owned(), &*p.chosen, &*p.rejected)));
    let rows = rows(&kit, kit::PREFERENCES);
    assert_eq!(rows.len(), kit.counts.preferences.rows);
    assert!(!rows.is_empty());
    for row in rows {
        let answer = |field: &str| row[field][0]["content"].as_str().unwrap().to_owned();
        let (chosen, rejected) = (answer("chosen"), answer("rejected"));
        let asked = row["prompt"][1]["content"].as_str().unwrap().to_owned();
        let source = pairs.iter().find(|(_, c, r)| c.trim() == chosen && r.trim() == rejected).expect("a vote's pair");
        assert_eq!(asked, format!("Palabra clave: {}", source.0), "both jokes answer the keyword they were asked");
    }
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn the_validator_refuses_rows_that_break_trl_formats() {
    let mut kit = build_kit(&fixture("full.json"));
    let broken = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kit_fixtures/broken");
    for (name, path) in
        [("train.jsonl", kit::TRAIN), ("preferences.jsonl", kit::PREFERENCES), ("labels.jsonl", kit::LABELS)]
    {
        let contents = std::fs::read_to_string(broken.join(name)).unwrap();
        kit.files.iter_mut().find(|file| file.path == path).unwrap().contents = contents;
    }
    kit.files.push(KitFile { path: kit::SERVE.to_owned(), contents: String::new() });
    kit.files.push(KitFile { path: kit::VALIDATION.to_owned(), contents: String::new() });
    kit.absent.push(kit::Absent { path: kit::VALIDATION.to_owned(), why: "none".to_owned() });
    let issues: Vec<String> = validate_kit(&kit).iter().map(ToString::to_string).collect();
    insta::with_settings!({ snapshot_path => "kit_fixtures/snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_json_snapshot!("broken", issues);
    });
}

#[wasm_bindgen_test(unsupported = test)]
fn the_crowd_decides_both_ways_by_the_wilson_bound() {
    let rule = CrowdRule { min_lower_bound: 0.5, min_votes: 4, require_votes: false };
    let votes = |funny, not_funny| Some(VoteCounts { funny, not_funny, skip: 3 });
    // 4 of 4 reach a lower bound of 0.51.
    assert_eq!(rule.verdict(votes(4, 0)), Some(Label::Funny));
    assert_eq!(rule.verdict(votes(0, 4)), Some(Label::NotFunny));
    assert_eq!(rule.verdict(votes(3, 0)), None, "fewer votes than the rule asks");
    assert_eq!(rule.verdict(votes(5, 1)), None, "5 of 6: a lower bound of 0.44");
    assert_eq!(rule.verdict(None), None);
    // Under 0.5, an even split reaches the bound both ways: no verdict.
    let lenient = CrowdRule { min_lower_bound: 0.3, ..rule };
    assert_eq!(lenient.verdict(votes(50, 50)), None);
    assert_eq!(kit::crowd_rule(&Default::default()), kit::DEFAULT_CROWD_RULE);
}

#[wasm_bindgen_test(unsupported = test)]
fn an_evaluation_pair_is_a_win_from_both_orders_only() {
    let judged = |x_first, x_second| Judged {
        keyword: "once".to_owned(),
        x: "tuned".to_owned(),
        y: "base".to_owned(),
        x_first,
        x_second,
        x_chars: 10,
        y_chars: 12,
    };
    let pair = |j: &Judged| kit::EvaluationPair::from_judged(j, Some("chiste x"), Some("chiste y"));
    let win = pair(&judged(Verdict::A, Verdict::B)).unwrap();
    assert_eq!((win.keyword.as_str(), win.chosen.as_str(), win.rejected.as_str()), ("once", "chiste x", "chiste y"));
    let loss = pair(&judged(Verdict::B, Verdict::A)).unwrap();
    assert_eq!((loss.chosen.as_str(), loss.rejected.as_str()), ("chiste y", "chiste x"));
    for (first, second) in
        [(Verdict::A, Verdict::A), (Verdict::Tie, Verdict::Tie), (Verdict::Neither, Verdict::Neither)]
    {
        assert_eq!(pair(&judged(first, second)), None, "{first:?} then {second:?}");
    }
    assert_eq!(kit::EvaluationPair::from_judged(&judged(Verdict::A, Verdict::B), None, Some("y")), None);
}

#[wasm_bindgen_test(unsupported = test)]
fn every_row_is_trl_shaped_and_no_prompt_asks_without_the_system_prompt() {
    // A kit built in memory (no fixture file), so this runs in WASM too.
    let input: KitInput = serde_json::from_value(serde_json::json!({
        "dataset": {
            "id": "ds-1", "name": "Mínimo", "created_at_ms": 0, "prompt_version": generate::PROMPT_VERSION,
            "config": tallas_core::dataset::BuildConfig::default(),
            "train": [tallas_core::dataset::Example::new("a", "once", "Tecito con pan amasado y palta.", None)],
            "validation": [],
        },
        "labelled": [{"id": "b", "text": "Un chiste que nadie quiso.", "keywords": ["té"], "curator": "not_funny"}],
        "arena": [{"keyword": "té", "a": "Uno.", "b": "Dos.", "choice": "b"}],
    }))
    .unwrap();
    let kit = build_kit(&input);
    assert_eq!(validate_kit(&kit), []);
    let labels: Value = serde_json::from_str(contents(&kit, kit::LABELS).trim()).unwrap();
    assert_eq!(labels["label"], false);
    assert_eq!(labels["prompt"][0]["role"], "system");
    assert_eq!(
        labels["completion"],
        serde_json::json!([{"role": "assistant", "content": "Un chiste que nadie quiso."}])
    );
    let pair: Value = serde_json::from_str(contents(&kit, kit::PREFERENCES).trim()).unwrap();
    assert_eq!(pair["chosen"][0]["content"], "Dos.");
    assert_eq!(pair["prompt"][1], serde_json::json!({"role": "user", "content": "Palabra clave: té"}));
    assert_eq!(Role::Assistant, serde_json::from_value(pair["rejected"][0]["role"].clone()).unwrap());
}
