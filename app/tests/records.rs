//! The stored shape of the workspace records. The schema keeps these types as they serialise, so
//! a change to a field name, an enum tag or a nesting fails here and needs a new schema version
//! with a migration (see `store::migrations`).
#![cfg(not(target_arch = "wasm32"))]

use tallas_app::domain::model::{SegmentRecord, TranscriptRecord};
use tallas_app::domain::run::{ItemStatus, Run, RunItem, RunState, WindowRecord};
use tallas_app::domain::{
    CatalogEntry, Joke, JokeSource, Label, LabelEvent, Routine, RoutineMeta, TaskError, TaskStamp, TextVersion,
    VersionKind,
};
use tallas_core::api::TokenUsage;
use tallas_core::scores::mentalization::{Edge, Graph, Node, measure};
use tallas_core::tasks::Task;

#[test]
fn workspace_records_keep_their_stored_shape() {
    let routine = Routine {
        id: "100".into(),
        transcript: Some(TranscriptRecord {
            file_name: "routine_100_transcript.jsonl".into(),
            format: "segment_jsonl".into(),
            segments: vec![SegmentRecord {
                start_ms: Some(0),
                end_ms: Some(1500),
                text: "Hola".into(),
                events: vec![("[risas]".into(), 4)],
            }],
            imported_at_ms: 1,
        }),
        meta: Some(RoutineMeta {
            show_id: Some(7),
            event: Some("Viña".into()),
            year: Some(2007),
            date: None,
            video_id: Some("dQw4w9WgXcQ".into()),
        }),
    };
    let joke = Joke {
        routine_id: Some("100".into()),
        start_ms: Some(65_000),
        video_id: Some("dQw4w9WgXcQ".into()),
        keywords: vec!["cuñado".into()],
        label: Some(Label::NotFunny),
        ..Joke::new(
            "r100-65000-0be5acfbd7f6a661".into(),
            JokeSource::Table { file_name: "jokes.csv".into(), row: 1 },
            TextVersion { kind: VersionKind::Imported, text: "Mi cuñado…".into(), at_ms: 2 },
        )
    };
    let event = LabelEvent { joke_id: joke.id.clone(), label: None, at_ms: 3 };
    let catalog = [
        CatalogEntry::Show { id: 7, title: "El Show".into() },
        CatalogEntry::Comedian { id: 1, show_id: 7, name: "Pepe".into() },
    ];
    let all = serde_json::json!({ "routine": routine, "joke": joke, "label_event": event, "catalog": catalog });
    insta::assert_snapshot!(serde_json::to_string_pretty(&all).unwrap());
}

/// Schema v3's records: runs, their items, windows, and a joke the pipeline found and refined.
#[test]
fn pipeline_records_keep_their_stored_shape() {
    let run = Run {
        id: "run-1700000000000".into(),
        task: Task::Extract,
        state: RunState::Paused,
        model: Some("mistral-small-latest".into()),
        concurrency: 4,
        created_at_ms: 1_700_000_000_000,
        items: 2,
        usage: TokenUsage { prompt_tokens: 1_000, completion_tokens: 200 },
        cost_nano_usd: 160_000,
        unpriced_tokens: 0,
        evaluation: None,
    };
    let mut done = RunItem::new(&run.id, "100#0".into(), "100 · 0:00".into());
    done.status = ItemStatus::Done { usage: run.usage, at_ms: 5 };
    done.attempts = 1;
    let mut failed = RunItem::new(&run.id, "100#1".into(), "100 · 1:33".into());
    failed.status = ItemStatus::Failed { error: "the upstream answered 500".into(), at_ms: 6 };
    failed.attempts = 3;
    let window = WindowRecord {
        id: "100#0".into(),
        routine_id: "100".into(),
        routine_label: "Pepe · El Show · 2007".into(),
        video_id: Some("dQw4w9WgXcQ".into()),
        index: 0,
        start_ms: Some(0),
        end_ms: Some(93_000),
        text: "Buenas noches, Viña [risas]".into(),
        estimated_tokens: 9,
    };
    let graph = Graph {
        nodes: vec![
            Node { id: "n1".into(), label: "el comediante".into(), kind: Some("comedian".into()) },
            Node { id: "n2".into(), label: "la suegra".into(), kind: Some("character".into()) },
        ],
        edges: vec![Edge { source: "n2".into(), target: "n1".into(), relation: "cree que".into() }],
    };
    let stamp =
        |task| TaskStamp { task, model: "mistral-small-2506".into(), prompt_version: "extract-v1".into(), at_ms: 5 };
    let joke = Joke {
        id: "run-1700000000000/100#0/0".into(),
        routine_id: Some("100".into()),
        start_ms: Some(12_000),
        video_id: Some("dQw4w9WgXcQ".into()),
        versions: vec![
            TextVersion { kind: VersionKind::Extracted, text: "mi suegra es tan buena".into(), at_ms: 5 },
            TextVersion { kind: VersionKind::Corrected, text: "Mi suegra es tan buena…".into(), at_ms: 5 },
        ],
        keywords: vec!["suegra".into()],
        label: None,
        source: JokeSource::Extracted { run_id: run.id.clone(), windows: vec!["100#0".into(), "100#1".into()] },
        llm_label: Some(Label::Funny),
        mentalization: Some(measure(&graph)),
        graph: Some(graph),
        stamps: vec![stamp(Task::Extract), stamp(Task::Graph)],
        errors: vec![TaskError { task: Task::Refine, message: "the upstream answered 500".into(), at_ms: 7 }],
        merged_into: Some("run-1700000000000/100#0/1".into()),
    };
    let pending = RunItem::new(&run.id, "100#2".into(), "100 · 3:06".into());
    let all = serde_json::json!({ "run": run, "items": [done, pending, failed], "window": window, "joke": joke });
    insta::assert_snapshot!(serde_json::to_string_pretty(&all).unwrap());
}
