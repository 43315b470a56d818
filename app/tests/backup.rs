//! Backup files in the browser: written and read back losslessly; what is not a Tallas backup,
//! or would restore a broken workspace, is refused with what the file is. Reading comes before
//! any write, so a refused file changes nothing.
#![cfg(target_arch = "wasm32")]

use tallas_app::background::worker::backup_file::{from_json, to_json};
use tallas_app::domain::backup::BackupError;
use tallas_app::domain::import::{ImportOptions, read_files};
use tallas_app::domain::{Label, TextVersion, VersionKind};
use tallas_app::store::{Exchange, JokeRepo, LabelChange, MemoryStore, PlaygroundRepo};
use tallas_core::api::TokenUsage;
use wasm_bindgen_test::wasm_bindgen_test;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const EMPTY: &str =
    r#""exported_at_ms": 1, "routines": [], "jokes": [], "label_events": [], "catalog": [], "exchanges": []"#;

#[wasm_bindgen_test]
async fn a_backup_survives_the_file_format_exactly() {
    let repo = MemoryStore::new();
    let transcript = "{\"start_time\": 0.0, \"end_time\": 1.5, \"transcript\": \"Hola [Risas]\"}\n";
    let jokes = "routine_id,show_id,event_name,show_name,start_timestamp,text,video_id\n\
                 7,1,Viña,El Show,00:00:05,\"Una talla, con coma y \"\"comillas\"\"\",dQw4w9WgXcQ\n";
    let files = [("routine_7.jsonl", transcript.as_bytes()), ("jokes.csv", jokes.as_bytes())];
    let (_, batch) = read_files(files, ImportOptions::default(), 10);
    repo.import(batch).await.unwrap();
    let id = repo.jokes().await.unwrap()[0].id.clone();
    repo.set_labels(&[LabelChange { joke_id: id.clone(), label: Some(Label::NotFunny) }], 11).await.unwrap();
    repo.add_version(&id, TextVersion { kind: VersionKind::Edited, text: "ñandú 🐦".into(), at_ms: 12 }).await.unwrap();
    let exchange = Exchange {
        keyword: "once".into(),
        joke: "Línea\n«dos»".into(),
        model: "ft:x".into(),
        prompt_version: "generate-v1".into(),
        usage: TokenUsage { prompt_tokens: 1, completion_tokens: 2 },
        created_at_ms: (1 << 53) - 1,
    };
    repo.add_exchange(exchange).await.unwrap();

    let backup = repo.export(13).await.unwrap();
    let text = to_json(&backup).unwrap();
    assert_eq!(from_json(&text), Ok(backup));
}

#[wasm_bindgen_test]
fn foreign_newer_and_broken_files_are_refused_with_what_they_are() {
    assert!(matches!(from_json("routine_id,show_id\n1,2\n"), Err(BackupError::NotJson(_))));
    assert_eq!(from_json(r#"{"events": []}"#), Err(BackupError::Foreign));
    let newer = format!(r#"{{"format": "tallas-workspace", "version": 9, {EMPTY}}}"#);
    assert_eq!(from_json(&newer), Err(BackupError::Newer(9)));
    let damaged = from_json(r#"{"format": "tallas-workspace", "version": 1, "jokes": 3}"#);
    assert!(matches!(damaged, Err(BackupError::Damaged(_))), "{damaged:?}");
}

#[wasm_bindgen_test]
fn a_label_for_a_joke_the_backup_lacks_is_refused() {
    let events = r#""label_events": [{"joke_id": "r1-0-x", "label": "funny", "at_ms": 2}]"#;
    let file = format!(
        r#"{{"format": "tallas-workspace", "version": 1, {}}}"#,
        EMPTY.replace(r#""label_events": []"#, events)
    );
    let error = from_json(&file).unwrap_err();
    assert!(matches!(&error, BackupError::Damaged(why) if why.contains("r1-0-x")), "{error:?}");
}

#[wasm_bindgen_test]
fn a_refused_backup_is_explained_in_the_page_language() {
    use tallas_app::domain::backup::{FORMAT, VERSION};
    use tallas_app::i18n::{Lang, set_lang};
    set_lang(Lang::En);
    let newer = BackupError::Newer(VERSION + 1).to_string();
    assert_eq!(
        newer,
        format!(
            "The backup is from a newer version of Tallas (format {}; this one reads up to {VERSION}). Reload the page.",
            VERSION + 1
        )
    );
    set_lang(Lang::Es);
    let foreign = BackupError::Foreign.to_string();
    assert!(
        foreign.starts_with(&format!("El archivo no es un respaldo de Tallas (no dice \"format\": \"{FORMAT}\")")),
        "{foreign}"
    );
    assert_eq!(Lang::from_code("fr"), None);
}
