//! The stored shape of the workspace records. Schema v2 keeps these types as they serialise, so a
//! change to a field name, an enum tag or a nesting fails here and needs a new schema version
//! with a migration (see `store::migrations`).
#![cfg(not(target_arch = "wasm32"))]

use tallas_app::workspace::model::{SegmentRecord, TranscriptRecord};
use tallas_app::workspace::{
    CatalogEntry, Joke, JokeSource, Label, LabelEvent, Routine, RoutineMeta, TextVersion, VersionKind,
};

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
        id: "r100-65000-0be5acfbd7f6a661".into(),
        routine_id: Some("100".into()),
        start_ms: Some(65_000),
        video_id: Some("dQw4w9WgXcQ".into()),
        versions: vec![TextVersion { kind: VersionKind::Imported, text: "Mi cuñado…".into(), at_ms: 2 }],
        keywords: vec!["cuñado".into()],
        label: Some(Label::NotFunny),
        source: JokeSource::Table { file_name: "jokes.csv".into(), row: 1 },
        llm_label: None,
        graph: None,
        stamps: Vec::new(),
    };
    let event = LabelEvent { joke_id: joke.id.clone(), label: None, at_ms: 3 };
    let catalog = [
        CatalogEntry::Show { id: 7, title: "El Show".into() },
        CatalogEntry::Comedian { id: 1, show_id: 7, name: "Pepe".into() },
    ];
    let all = serde_json::json!({ "routine": routine, "joke": joke, "label_event": event, "catalog": catalog });
    insta::assert_snapshot!(serde_json::to_string_pretty(&all).unwrap());
}
