//! What each task sends: its chat messages for a sample input and its request knobs with the
//! `response_format` (snapshots), checked against the rules Mistral's strict schemas impose, and
//! against the parser (every valid fixture's output must satisfy its own schema).

// Native only (visibly, with `#[cfg(not(target_arch = "wasm32"))]`): the tests that read their
// fixture folders from disk, compare with insta snapshot files, or use proptest; their helpers are
// unused in WASM.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::{Value, json};
use tallas_core::mistral::{ChatMessage, ChatRequest};
use tallas_core::tasks::{
    ExtractInput, ExtractTask, GenerateTask, GraphTask, JokeInput, JudgeInput, JudgeTask, KeywordInput, KeywordsTask,
    RefineTask, RewriteTask, Task, TaskSpec,
};
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const JOKE: &str = "fui al mdico y me dice usted tiene que dejar el copete y yo le digo ya po doctor pero de a poquito";

fn messages(task: Task) -> Vec<ChatMessage> {
    let joke = JokeInput { text: JOKE.to_owned() };
    match task {
        Task::Extract => ExtractTask::build_messages(&ExtractInput {
            window_text: format!(
                "[2:05] {JOKE} [risas]\n[2:12] y me dice no si es de a poquito que se lo está tomando"
            ),
            routine_label: "Comediante de prueba, Viña 2020".to_owned(),
            start_s: Some(120.0),
            end_s: Some(305.5),
        }),
        Task::Refine => RefineTask::build_messages(&joke),
        Task::Keywords => KeywordsTask::build_messages(&joke),
        Task::Graph => GraphTask::build_messages(&joke),
        Task::Rewrite => RewriteTask::build_messages(&joke),
        Task::Judge => JudgeTask::build_messages(&JudgeInput {
            keyword: "suegra".to_owned(),
            reference: Some("Mi suegra vino a pasar el fin de semana. Lleva tres años.".to_owned()),
            candidate_a: "Mi suegra es tan buena para el copete que en la botillería le tienen silla.".to_owned(),
            candidate_b: "La suegra llegó sin avisar.".to_owned(),
        }),
        Task::Generate => GenerateTask::build_messages(&KeywordInput { keyword: "suegra".to_owned() }),
    }
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn messages_and_request_knobs() {
    for task in Task::ALL {
        // Snapshot the request as it goes on the wire (an f32 widened by `json!` would read 0.2000000029).
        let request = ChatRequest {
            model: "test-model".to_owned(),
            messages: messages(task),
            temperature: Some(task.temperature()),
            max_tokens: Some(task.max_tokens()),
            stream: None,
            response_format: task.response_format(),
        };
        let request: Value = serde_json::from_str(&serde_json::to_string(&request).unwrap()).unwrap();
        let request = json!({ "prompt_version": task.prompt_version(), "request": request });
        insta::with_settings!({ snapshot_path => "tasks_fixtures/snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!(format!("request__{task}"), request);
        });
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn prompt_versions_name_their_task() {
    for task in Task::ALL {
        assert_eq!(task.prompt_version(), format!("{}-v1", task.name()));
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn judge_without_reference_says_so() {
    let input = JudgeInput {
        keyword: "micro".to_owned(),
        reference: Some("  ".to_owned()),
        candidate_a: "A".to_owned(),
        candidate_b: "B".to_owned(),
    };
    assert!(JudgeTask::build_messages(&input)[1].content.contains("Chiste de referencia: no hay."));
}

/// Keywords Mistral's strict structured outputs accept, as this project uses them.
const ALLOWED: [&str; 7] = ["type", "properties", "required", "additionalProperties", "items", "enum", "description"];

#[wasm_bindgen_test(unsupported = test)]
fn schemas_stay_in_the_strict_subset() {
    for task in Task::ALL {
        let Some(schema) = task.schema() else {
            assert_eq!(task, Task::Generate, "only generation answers in plain text");
            assert_eq!(task.response_format(), None);
            continue;
        };
        assert_eq!(schema["type"], "object", "{task}: the root must be an object");
        assert_strict(&schema, &format!("{task}"));
        let format = task.response_format().unwrap();
        assert_eq!(format["type"], "json_schema");
        assert_eq!(format["json_schema"]["strict"], true);
        assert_eq!(format["json_schema"]["name"], task.schema_name().unwrap());
    }
}

fn assert_strict(schema: &Value, at: &str) {
    let object = schema.as_object().unwrap_or_else(|| panic!("{at}: not a schema object"));
    for key in object.keys() {
        assert!(ALLOWED.contains(&key.as_str()), "{at}: keyword {key} is outside the subset");
    }
    assert!(object.get("description").and_then(Value::as_str).is_some_and(|d| !d.is_empty()), "{at}: no description");
    if let Some(properties) = object.get("properties").and_then(Value::as_object) {
        assert_eq!(object["additionalProperties"], false, "{at}: objects must be closed");
        let required: BTreeSet<&str> =
            object["required"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        let declared: BTreeSet<&str> = properties.keys().map(String::as_str).collect();
        assert_eq!(required, declared, "{at}: strict mode requires every property");
        for (name, property) in properties {
            assert_strict(property, &format!("{at}.{name}"));
        }
    }
    if let Some(items) = object.get("items") {
        assert_strict(items, &format!("{at}[]"));
    }
}

#[test]
#[cfg(not(target_arch = "wasm32"))]
fn every_accepted_fixture_satisfies_its_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tasks_fixtures");
    let mut accepted = 0;
    for task in Task::ALL {
        let Some(schema) = task.schema() else { continue };
        for entry in std::fs::read_dir(root.join(task.name())).unwrap() {
            let path = entry.unwrap().path();
            if let Ok(value) = task.parse_value(&std::fs::read_to_string(&path).unwrap()) {
                conforms(&value, &schema, &path.display().to_string());
                accepted += 1;
            }
        }
    }
    assert!(accepted > 15, "only {accepted} fixtures were accepted");
}

/// A minimal validator for the subset above: types, closed objects, required keys, enums.
fn conforms(value: &Value, schema: &Value, at: &str) {
    let types: Vec<&str> = match &schema["type"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        other => panic!("{at}: schema type {other}"),
    };
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    assert!(types.contains(&kind), "{at}: {kind} is not one of {types:?}");
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        assert!(allowed.contains(value), "{at}: {value} is not in {allowed:?}");
    }
    if let (Value::Object(object), Some(properties)) = (value, schema.get("properties").and_then(Value::as_object)) {
        let keys: BTreeSet<&String> = object.keys().collect();
        assert_eq!(keys, properties.keys().collect(), "{at}: keys differ from the schema's");
        for (name, property) in properties {
            conforms(&object[name], property, &format!("{at}.{name}"));
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            conforms(item, item_schema, &format!("{at}[{i}]"));
        }
    }
}
