//! The pure rules of the curation page: search and filters, undo and redo, the keyboard.

use tallas_app::domain::duplicates::duplicate_groups;
use tallas_app::domain::edits::JokeEdit;
use tallas_app::domain::names::RoutineFacts;
use tallas_app::domain::search::{JokeFilter, LabelFilter, SearchIndex, SortOrder};
use tallas_app::domain::shortcuts::{Command, Press, command};
use tallas_app::domain::undo::{Change, History, Writes};
use tallas_app::domain::{Joke, JokeSource, Label, TextVersion, VersionKind};
use tallas_core::scores::mentalization::{Edge, Graph, Node, measure};

fn joke(id: &str, routine: &str, text: &str, label: Option<Label>) -> Joke {
    Joke {
        routine_id: Some(routine.into()),
        keywords: vec!["suegra".into()],
        label,
        ..Joke::new(
            id.into(),
            JokeSource::Table { file_name: "jokes.csv".into(), row: 1 },
            TextVersion { kind: VersionKind::Imported, text: text.into(), at_ms: 0 },
        )
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
    let index = SearchIndex::new(&jokes, Default::default());
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
    let index = SearchIndex::new(&jokes, Default::default());
    let filter = |label, routine: Option<&str>| JokeFilter {
        routine_id: routine.map(Into::into),
        label,
        ..JokeFilter::default()
    };
    assert_eq!(index.matching(&jokes, &filter(LabelFilter::Unlabelled, None)), [0]);
    assert_eq!(index.matching(&jokes, &filter(LabelFilter::Is(Label::Funny), None)), [1]);
    assert_eq!(index.matching(&jokes, &filter(LabelFilter::Any, Some("2"))), [2]);
    assert_eq!(index.matching(&jokes, &filter(LabelFilter::Is(Label::Funny), Some("2"))), Vec::<usize>::new());
}

/// Routine "1" is Pepe's in 2007, routine "2" Pepe's and Rosa's in 2019.
fn routines() -> std::collections::HashMap<String, RoutineFacts> {
    let facts = |year, comedians: &[&str]| RoutineFacts {
        name: String::new(),
        year: Some(year),
        comedians: comedians.iter().map(|c| (*c).to_owned()).collect(),
    };
    [("1".to_owned(), facts(2007, &["Pepe"])), ("2".to_owned(), facts(2019, &["Pepe", "Rosa"]))].into()
}

/// A graph whose longest mental-state chain has `chain` edges (depth `chain + 2`).
fn graph(chain: usize) -> Graph {
    let node = |i: usize| Node { id: format!("n{i}"), label: format!("persona {i}"), kind: None };
    Graph {
        nodes: (0..=chain).map(node).collect(),
        edges: (0..chain)
            .map(|i| Edge { source: format!("n{i}"), target: format!("n{}", i + 1), relation: "cree que".into() })
            .collect(),
    }
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn comedian_year_model_verdict_and_mentalization_filter_and_sort() {
    let mut jokes = jokes();
    let longer = "Mi cuñado es tan flojo que sueña que duerme";
    jokes[0].versions.push(TextVersion { kind: VersionKind::Edited, text: longer.into(), at_ms: 1 });
    jokes[0].llm_label = Some(Label::Funny);
    // As the graph task stores them: the graph with its measures.
    for (joke, chain) in [(1, 1), (2, 3)] {
        jokes[joke].mentalization = Some(measure(&graph(chain)));
        jokes[joke].graph = Some(graph(chain));
    }
    let index = SearchIndex::new(&jokes, routines());
    let find = |filter: JokeFilter| index.matching(&jokes, &filter);
    assert_eq!(find(JokeFilter { comedian: Some("Rosa".into()), ..JokeFilter::default() }), [2]);
    assert_eq!(find(JokeFilter { comedian: Some("Pepe".into()), ..JokeFilter::default() }), [0, 1, 2]);
    assert_eq!(find(JokeFilter { year: Some(2007), ..JokeFilter::default() }), [0, 1]);
    assert_eq!(find(JokeFilter { llm_label: LabelFilter::Is(Label::Funny), ..JokeFilter::default() }), [0]);
    assert_eq!(find(JokeFilter { llm_label: LabelFilter::Unlabelled, ..JokeFilter::default() }), [1, 2]);
    // Depth counts the comedian and the audience: a chain of 3 is fifth order.
    assert_eq!(find(JokeFilter { min_depth: Some(4), ..JokeFilter::default() }), [2]);
    assert_eq!(find(JokeFilter { min_depth: Some(3), ..JokeFilter::default() }), [1, 2]);
    assert_eq!(find(JokeFilter { sort: SortOrder::Deepest, ..JokeFilter::default() }), [2, 1, 0]);
    // Ties (b and c have 22 characters) keep the told order.
    assert_eq!(find(JokeFilter { sort: SortOrder::Shortest, ..JokeFilter::default() }), [1, 2, 0]);
    assert_eq!(find(JokeFilter { sort: SortOrder::Longest, ..JokeFilter::default() }), [0, 1, 2]);
    let (years, comedians) = index.choices();
    assert_eq!((years, comedians), (vec![2007, 2019], vec!["Pepe".to_owned(), "Rosa".to_owned()]));
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn an_edited_joke_is_found_by_its_new_text() {
    let mut jokes = jokes();
    let mut index = SearchIndex::new(&jokes, Default::default());
    jokes[2].versions.push(TextVersion { kind: VersionKind::Edited, text: "El completo italiano".into(), at_ms: 1 });
    index.update(2, &jokes[2]);
    let find = |query: &str| index.matching(&jokes, &JokeFilter { query: query.into(), ..JokeFilter::default() });
    assert_eq!(find("completo"), [2]);
    assert_eq!(find("caserito"), Vec::<usize>::new());
}

/// Two tellings of one joke (with other punctuation and case), a third, and an unrelated one.
fn retold() -> Vec<Joke> {
    let suegra = "Mi suegra es tan buena que cuando se fue de vacaciones la extrañamos hasta los perros del barrio";
    vec![
        joke("a", "1", "La feria y el caserito que te vende la palta más cara del mundo", None),
        joke("b", "1", suegra, None),
        joke("c", "2", &suegra.to_uppercase().replace("BUENA", "BUENA,"), Some(Label::Funny)),
        joke("d", "2", &format!("{suegra}!"), None),
    ]
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn near_duplicates_are_found_shown_together_and_shrink_as_they_are_merged() {
    let mut jokes = retold();
    let groups = duplicate_groups(&jokes);
    assert_eq!(groups, [vec!["b".to_owned(), "c".to_owned(), "d".to_owned()]]);

    let mut index = SearchIndex::new(&jokes, Default::default());
    index.set_clusters(&jokes, &groups);
    let duplicates = JokeFilter { duplicates: true, ..JokeFilter::default() };
    let everything = JokeFilter::default();
    assert_eq!(index.matching(&jokes, &duplicates), [1, 2, 3]);
    assert_eq!(index.duplicates_of(2), [1, 3]);

    // Merging "d" into "c" hides "d"; the cluster keeps "b" and "c".
    let merge = JokeEdit::MergedInto { joke_ids: vec!["d".into()], into: Some("c".into()) };
    merge.apply(&mut jokes[3]);
    index.update(3, &jokes[3]);
    assert_eq!(index.matching(&jokes, &everything), [0, 1, 2]);
    assert_eq!(index.matching(&jokes, &duplicates), [1, 2]);
    assert_eq!(index.duplicates_of(2), [1]);
    // A merged joke is not clustered again.
    assert_eq!(duplicate_groups(&jokes), [vec!["b".to_owned(), "c".to_owned()]]);

    // Merging "b" too leaves a cluster of one: no duplicates left to show.
    JokeEdit::MergedInto { joke_ids: vec!["b".into()], into: Some("c".into()) }.apply(&mut jokes[1]);
    index.update(1, &jokes[1]);
    assert_eq!(index.matching(&jokes, &duplicates), Vec::<usize>::new());
    assert_eq!(index.matching(&jokes, &everything), [0, 2]);

    // Taking "d" out of the merge brings it back, with its cluster.
    JokeEdit::MergedInto { joke_ids: vec!["d".into()], into: None }.apply(&mut jokes[3]);
    index.update(3, &jokes[3]);
    assert_eq!(index.matching(&jokes, &duplicates), [2, 3]);
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn clusters_stay_together_within_any_sort() {
    let mut jokes = retold();
    jokes.push(joke("e", "3", "La feria y el caserito que te vende la palta mas cara del mundo.", None));
    let mut index = SearchIndex::new(&jokes, Default::default());
    index.set_clusters(&jokes, &duplicate_groups(&jokes));
    let sorted = |sort| index.matching(&jokes, &JokeFilter { duplicates: true, sort, ..JokeFilter::default() });
    // Cluster of "a" (first in told order) first, then the suegra cluster; shortest first within each.
    assert_eq!(sorted(SortOrder::Told), [0, 4, 1, 2, 3]);
    assert_eq!(sorted(SortOrder::Longest), [4, 0, 2, 3, 1]);
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn a_search_typed_further_is_found_among_what_was_shown() {
    let mut jokes = retold();
    jokes.extend(self::jokes());
    let index = SearchIndex::new(&jokes, Default::default());
    let search = |query: &str, sort| JokeFilter { query: query.into(), sort, ..JokeFilter::default() };
    for sort in [SortOrder::Told, SortOrder::Longest] {
        let mut shown = index.matching(&jokes, &search("", sort));
        let mut older = search("", sort);
        for typed in ["s", "su", "sue", "suegra", "suegra b", "suegra bue"] {
            let filter = search(typed, sort);
            assert!(filter.narrows(&older));
            shown = index.narrowing(&jokes, &filter, &shown);
            assert_eq!(shown, index.matching(&jokes, &filter), "{typed:?}");
            older = filter;
        }
    }
    // Deleting, another word order or another filter is a new search.
    assert!(!search("sue", SortOrder::Told).narrows(&search("sueg", SortOrder::Told)));
    assert!(!search("suegra", SortOrder::Longest).narrows(&search("sue", SortOrder::Told)));
    assert!(search("Suegra, ", SortOrder::Told).narrows(&search("SUE", SortOrder::Told)));
}

#[wasm_bindgen_test::wasm_bindgen_test(unsupported = test)]
fn undo_and_redo_of_a_merge_or_a_keyword_edit_write_each_side() {
    let mut history = History::default();
    let merge = |into: Option<&str>| JokeEdit::MergedInto {
        joke_ids: vec!["b".into(), "d".into()],
        into: into.map(Into::into),
    };
    history.record(Change::Edit { before: merge(None), after: merge(Some("c")) });
    let keywords =
        |k: &[&str]| JokeEdit::Keywords { joke_id: "c".into(), keywords: k.iter().map(|k| k.to_string()).collect() };
    history.record(Change::Edit { before: keywords(&["suegra"]), after: keywords(&["suegra", "vacaciones"]) });

    assert_eq!(history.undo().map(|c| c.reverted()), Some(Writes::Edit(keywords(&["suegra"]))));
    assert_eq!(history.undo().map(|c| c.reverted()), Some(Writes::Edit(merge(None))));
    assert_eq!(history.redo().map(|c| c.applied()), Some(Writes::Edit(merge(Some("c")))));
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
