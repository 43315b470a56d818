//! The dataset as the curator builds it from the workspace (`domain::dataset`): jokes become
//! candidates with their three kinds of label, cluster and graph; a build's preview counts what
//! each rule left out; a frozen snapshot keeps its texts, gives its files and compares with another.

use std::collections::BTreeMap;

use tallas_app::domain::crowd::CrowdLabel;
use tallas_app::domain::dataset::{Reason, Snapshot, candidates, compare, exclusion_words, preview};
use tallas_app::domain::{Joke, JokeSource, Label, TextVersion, VersionKind};
use tallas_core::dataset::{
    BuildConfig, Exclusion, GraphMeasures, LabelPolicy, SelectionRules, build, estimate_tokens,
};
use tallas_core::pricing::FINE_TUNE_MINIMUM;
use tallas_core::scores::crowd::{Label as CoreLabel, VoteCounts};
use tallas_core::scores::mentalization::{Edge, Graph, Node, measure};

fn joke(id: &str, text: &str, keywords: &[&str], label: Option<Label>) -> Joke {
    Joke {
        keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
        label,
        ..Joke::new(
            id.into(),
            JokeSource::Table { file_name: "jokes.csv".into(), row: 1 },
            TextVersion { kind: VersionKind::Imported, text: text.into(), at_ms: 0 },
        )
    }
}

fn workspace() -> Vec<Joke> {
    let mut graphed = joke(
        "g",
        "Mi suegra cree que yo creo que ella no sabe que le escondí el control remoto.",
        &["control"],
        Some(Label::Funny),
    );
    // Three nodes, one mental-state edge: depth 3.
    let node = |id: &str| Node { id: id.into(), label: id.into(), kind: None };
    let graph = Graph {
        nodes: vec![node("suegra"), node("yo"), node("control")],
        edges: vec![Edge { source: "suegra".into(), target: "yo".into(), relation: "cree que".into() }],
    };
    graphed.mentalization = Some(measure(&graph));
    graphed.graph = Some(graph);
    let mut merged = joke(
        "m",
        "Mi cuñado es tan flojo que duerme la siesta antes de almorzar, todos los días.",
        &["cuñado"],
        Some(Label::Funny),
    );
    merged.merged_into = Some("a".into());
    vec![
        joke(
            "a",
            "Mi cuñado es tan flojo que duerme la siesta antes de almorzar, siempre.",
            &["cuñado"],
            Some(Label::Funny),
        ),
        joke(
            "b",
            "En la feria te dicen mi amor hasta cuando te cobran de más por las paltas.",
            &["feria"],
            Some(Label::NotFunny),
        ),
        joke("c", "El caserito me fió, pero me anotó en un cuaderno con candado y todo, oiga.", &["caserito"], None),
        merged,
        graphed,
    ]
}

#[test]
fn listed_jokes_become_candidates_with_every_label_their_cluster_and_graph() {
    let crowd: BTreeMap<String, CrowdLabel> = [(
        "c".to_owned(),
        CrowdLabel { counts: VoteCounts { funny: 4, not_funny: 1, skip: 2 }, ballots: vec!["b1".into()] },
    )]
    .into();
    let clusters = vec![vec!["a".to_owned(), "c".to_owned()]];
    let made = candidates(&workspace(), &crowd, &clusters);
    let ids: Vec<&str> = made.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "g"], "a joke merged into another is no candidate");
    assert_eq!((made[0].curator, made[0].cluster), (Some(CoreLabel::Funny), Some(0)));
    assert_eq!((made[1].curator, made[1].cluster), (Some(CoreLabel::NotFunny), None));
    assert_eq!((made[2].crowd, made[2].cluster), (Some(VoteCounts { funny: 4, not_funny: 1, skip: 2 }), Some(0)));
    assert_eq!(made[3].graph, Some(GraphMeasures { nodes: 3, depth: 3 }));
    assert_eq!(made[0].graph, None);
}

#[test]
fn a_preview_counts_what_each_rule_left_out() {
    let made = candidates(&workspace(), &BTreeMap::new(), &[]);
    let config = BuildConfig {
        rules: SelectionRules { labels: LabelPolicy::Curator, ..SelectionRules::default() },
        ..BuildConfig::default()
    };
    let dataset = build(&made, &config, &estimate_tokens);
    let shown = preview(&dataset, &made);
    assert_eq!((shown.candidates, shown.train + shown.validation), (4, 2));
    assert_eq!(
        shown.excluded_by_reason,
        vec![(Reason::Unlabelled, 1), (Reason::NotFunny, 1)],
        "equal counts in the order reasons are checked"
    );
    let left = &shown.excluded[0];
    assert_eq!(left.id, "b");
    assert!(left.text.starts_with("En la feria"));
    assert_eq!(left.why, "el curador la marcó fome");
    assert_eq!(
        exclusion_words(&Exclusion::TooFewVotes { votes: 2, min: 5 }),
        "tiene 2 votos del público y las reglas piden al menos 5"
    );
    let low = Exclusion::CrowdTooLow { funny: 3, not_funny: 0, lower_bound: 0.4385, min: 0.5 };
    assert_eq!(
        exclusion_words(&low),
        "3 de 3 votantes la encontraron buena: la cota inferior de esa proporción, 44 %, queda bajo el 50 % que piden las reglas"
    );
    assert_eq!((shown.passing_rules, shown.assigned), (2, 2));
    assert!(shown.report.valid);
    // Two short jokes cost less than a fine-tuning job's minimum on every base model.
    assert!(!shown.costs.is_empty());
    assert!(shown.costs.iter().all(|c| c.one_epoch == FINE_TUNE_MINIMUM && c.three_epochs == FINE_TUNE_MINIMUM));
}

#[test]
fn a_snapshot_keeps_its_texts_gives_its_files_and_compares() {
    let jokes = workspace();
    let made = candidates(&jokes, &BTreeMap::new(), &[]);
    let first = Snapshot::new("uno".into(), build(&made, &BuildConfig::default(), &estimate_tokens), 10);
    let mut edited = jokes.clone();
    edited[0].versions.push(TextVersion {
        kind: VersionKind::Edited,
        text: "Mi cuñado es tan flojo que duerme la siesta dos veces al día.".into(),
        at_ms: 5,
    });
    let second = Snapshot::new(
        "dos".into(),
        build(&candidates(&edited, &BTreeMap::new(), &[]), &BuildConfig::default(), &estimate_tokens),
        20,
    );
    assert_eq!(first.id, "ds-10");
    let texts =
        |s: &Snapshot| s.train.iter().chain(&s.validation).map(|e| e.messages[2].content.clone()).collect::<Vec<_>>();
    assert!(texts(&first).iter().any(|t| t.ends_with("siempre.")), "the first keeps the text it was built with");
    let files = first.files();
    assert_eq!(
        files.train.lines().count() + files.validation.lines().count(),
        first.train.len() + first.validation.len()
    );
    assert_eq!(files.manifest.format, "tallas-dataset");
    assert_eq!(files.manifest.train_fingerprint.len(), 16);
    // Both keep a and g (the curator's or the model's funny); a was edited between the two.
    let comparison = compare(&first, &second);
    assert_eq!((comparison.shared, comparison.changed), (2, 1));
}
