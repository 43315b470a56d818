//! Tests as data: every file `tasks_fixtures/<task>/<case>.txt` is a model reply, parsed as that
//! task's reply and compared with its snapshot in `tasks_fixtures/snapshots/`: the parsed value,
//! or the report's problems and the corrective message. Add a case by adding a file, then run
//! `INSTA_UPDATE=always cargo test -p tallas-core --test tasks` and read the new snapshot.

// Native only (visibly, with `#[cfg(not(target_arch = "wasm32"))]`): the tests that read their
// fixture folders from disk, compare with insta snapshot files, or use proptest; their helpers are
// unused in WASM.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::path::Path;

use serde_json::{Value, json};
use tallas_core::scores::pairwise::Verdict;
use tallas_core::tasks::{JudgeTask, Task, TaskSpec, verdict_of};
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Every fixture, each compared with its snapshot `reply@<task>__<case>.txt.snap`; one run reports
/// every snapshot that changed.
#[test]
#[cfg(not(target_arch = "wasm32"))]
fn fixtures() {
    insta::with_settings!({ snapshot_path => "tasks_fixtures/snapshots", prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::glob!("tasks_fixtures", "*/*.txt", |path| insta::assert_json_snapshot!("reply", check(path)));
    });
}

#[cfg(not(target_arch = "wasm32"))]
/// Parses one fixture as a reply of the task its folder names: the value, or the report.
fn check(path: &Path) -> Value {
    let folder = path.parent().and_then(Path::file_name).and_then(|n| n.to_str()).unwrap();
    let task = Task::ALL.into_iter().find(|t| t.name() == folder).unwrap_or_else(|| panic!("no task {folder}"));
    let reply = std::fs::read_to_string(path).unwrap();
    match task.parse_value(&reply) {
        Ok(value) => json!({ "ok": value }),
        Err(report) => {
            assert_eq!(report.task, task);
            json!({
                "problems": report.problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "corrective": report.corrective_message().content,
            })
        }
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn a_judge_reply_counts_as_its_verdict_and_an_invalid_one_as_an_error() {
    assert_eq!(verdict_of(&JudgeTask::parse(r#"{"reason": "Mejor remate.", "verdict": "b"}"#)), Verdict::B);
    assert_eq!(verdict_of(&JudgeTask::parse(r#"{"reason": "Fomes.", "verdict": "empate"}"#)), Verdict::Unparseable);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_report_serializes_with_paths_and_kinds() {
    let report = Task::Judge.parse_value(r#"{"verdict": "empate"}"#).unwrap_err();
    let value = serde_json::to_value(&report).unwrap();
    assert_eq!(
        value,
        json!({"task": "judge", "problems": [
            {"path": "$.reason", "problem": "missing"},
            {"path": "$.verdict", "problem": "not_allowed", "value": "empate", "allowed": ["a", "b", "tie", "neither"]},
        ]})
    );
    assert_eq!(
        report.to_string(),
        "the judge reply has 2 problems\n$.reason: missing\n$.verdict: \"empate\" is not one of \"a\", \"b\", \"tie\", \"neither\""
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn a_corrective_message_lists_at_most_thirty_problems() {
    let jokes: Vec<Value> = (0..35).map(|_| json!({"raw_span": "", "text": "Uno."})).collect();
    let report = Task::Extract.parse_value(&json!({ "jokes": jokes }).to_string()).unwrap_err();
    assert_eq!(report.problems.len(), 35);
    let message = report.corrective_message().content;
    assert!(message.contains("$.jokes[29].raw_span: está vacío"), "{message}");
    assert!(!message.contains("$.jokes[30]"), "{message}");
    assert!(message.contains("… y 5 problemas más"), "{message}");
}

#[wasm_bindgen_test(unsupported = test)]
fn task_names_round_trip() {
    for task in Task::ALL {
        assert_eq!(task.name().parse::<Task>(), Ok(task));
        assert_eq!(serde_json::to_value(task).unwrap(), json!(task.name()));
    }
    assert!("translate".parse::<Task>().is_err());
}
