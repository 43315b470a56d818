//! The pure rules of the curation page: search and filters, undo and redo, the keyboard.

use tallas_app::workspace::search::{JokeFilter, LabelFilter, SearchIndex};
use tallas_app::workspace::shortcuts::{Command, Press, command};
use tallas_app::workspace::undo::{Change, History, Writes};
use tallas_app::workspace::{Joke, JokeSource, Label, TextVersion, VersionKind};

fn joke(id: &str, routine: &str, text: &str, label: Option<Label>) -> Joke {
    Joke {
        id: id.into(),
        routine_id: Some(routine.into()),
        start_ms: None,
        video_id: None,
        versions: vec![TextVersion { kind: VersionKind::Imported, text: text.into(), at_ms: 0 }],
        keywords: vec!["suegra".into()],
        label,
        source: JokeSource::Table { file_name: "jokes.csv".into(), row: 1 },
        llm_label: None,
        graph: None,
        stamps: Vec::new(),
    }
}

fn jokes() -> Vec<Joke> {
    vec![
        joke("a", "1", "Mi cuñado es tan flojo…", None),
        joke("b", "1", "¡El MANÍ está tostado!", Some(Label::Funny)),
        joke("c", "2", "La feria y el caserito", Some(Label::NotFunny)),
    ]
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn search_ignores_case_accents_punctuation_and_word_order() {
    let jokes = jokes();
    let index = SearchIndex::new(&jokes);
    let find = |query: &str| index.matching(&jokes, &JokeFilter { query: query.into(), ..JokeFilter::default() });
    assert_eq!(find("CUNADO"), [0]);
    assert_eq!(find("tostado mani"), [1]);
    assert_eq!(find("  "), [0, 1, 2]);
    // Keywords are searched too.
    assert_eq!(find("suegra"), [0, 1, 2]);
    assert_eq!(find("cuñado feria"), Vec::<usize>::new());
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn filters_combine_with_the_search() {
    let jokes = jokes();
    let index = SearchIndex::new(&jokes);
    let filter =
        |label, routine: Option<&str>| JokeFilter { query: String::new(), routine_id: routine.map(Into::into), label };
    assert_eq!(index.matching(&jokes, &filter(LabelFilter::Unlabelled, None)), [0]);
    assert_eq!(index.matching(&jokes, &filter(LabelFilter::Is(Label::Funny), None)), [1]);
    assert_eq!(index.matching(&jokes, &filter(LabelFilter::Any, Some("2"))), [2]);
    assert_eq!(index.matching(&jokes, &filter(LabelFilter::Is(Label::Funny), Some("2"))), Vec::<usize>::new());
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn an_edited_joke_is_found_by_its_new_text() {
    let mut jokes = jokes();
    let mut index = SearchIndex::new(&jokes);
    jokes[2].versions.push(TextVersion { kind: VersionKind::Edited, text: "El completo italiano".into(), at_ms: 1 });
    index.update(2, &jokes[2]);
    let find = |query: &str| index.matching(&jokes, &JokeFilter { query: query.into(), ..JokeFilter::default() });
    assert_eq!(find("completo"), [2]);
    assert_eq!(find("caserito"), Vec::<usize>::new());
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn undo_reverts_a_bulk_label_in_one_step_and_redo_reapplies_it() {
    let mut history = History::default();
    let bulk = Change::Labels {
        before: vec![("a".into(), None), ("b".into(), Some(Label::Funny))],
        after: Some(Label::NotFunny),
    };
    history.record(bulk);
    let undone = history.undo().expect("one step to undo");
    assert_eq!(undone.reverted(), Writes::Labels(vec![("a".into(), None), ("b".into(), Some(Label::Funny))]));
    assert!(history.can_redo() && !history.can_undo());
    let redone = history.redo().expect("one step to redo");
    assert_eq!(
        redone.applied(),
        Writes::Labels(vec![("a".into(), Some(Label::NotFunny)), ("b".into(), Some(Label::NotFunny))])
    );
    assert_eq!(history.redo(), None);
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn a_new_change_forgets_what_could_be_redone() {
    let mut history = History::default();
    history.record(Change::Text { joke_id: "a".into(), before: "uno".into(), after: "dos".into() });
    history.undo();
    history.record(Change::Labels { before: vec![("a".into(), None)], after: Some(Label::Funny) });
    assert!(!history.can_redo());
    assert!(matches!(history.undo(), Some(Change::Labels { .. })));
    assert_eq!(history.undo(), None);
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn keys_map_to_commands_only_without_modifiers_except_the_editor_ones() {
    let press = |key, ctrl_or_meta, alt| command(Press { key, ctrl_or_meta, alt });
    assert_eq!(press("f", false, false), Some(Command::Funny));
    assert_eq!(press("n", false, false), Some(Command::NotFunny));
    assert_eq!(press("ArrowDown", false, false), Some(Command::Next));
    assert_eq!(press("U", false, false), Some(Command::Redo));
    assert_eq!(press("z", true, false), Some(Command::Undo));
    // Ctrl+F is the browser's find, Alt+letters belong to the system.
    assert_eq!(press("f", true, false), None);
    assert_eq!(press("f", false, true), None);
    assert_eq!(press("x", false, false), None);
}
