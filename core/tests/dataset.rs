//! Dataset building: each rule as a table, then properties over random candidates. The whole
//! output of small builds is pinned by `dataset_snapshots.rs`.

// Native only (visibly, with `#[cfg(not(target_arch = "wasm32"))]`): the proptest properties,
// whose strategies are unused in WASM.
#![cfg_attr(target_arch = "wasm32", allow(dead_code, unused_imports))]

use std::collections::{HashMap, HashSet};

#[cfg(not(target_arch = "wasm32"))]
use proptest::prelude::*;
use tallas_core::dataset::{
    BuildConfig, Candidate, CrowdRule, Dataset, Exclusion, GraphMeasures, Judge, LabelPolicy, MAX_VALIDATION_SHARE,
    MentalizationRule, Rule, SelectionRules, Severity, build, estimate_tokens, to_jsonl, validate_files,
    validate_jsonl,
};
use tallas_core::prompts::generate;
use tallas_core::scores::crowd::{Label, VoteCounts};
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const JOKE: &str = "Mi suegra es tan pesada que la micro le cobró pasaje doble.";

fn candidate(id: &str, keywords: &[&str]) -> Candidate {
    Candidate {
        id: id.to_owned(),
        text: format!("{JOKE} ({id})"),
        keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
        llm_quality: Some(Label::Funny),
        curator: None,
        crowd: None,
        cluster: None,
        graph: None,
    }
}

fn build_with(candidates: &[Candidate], rules: SelectionRules) -> Dataset {
    build(candidates, &BuildConfig { rules, ..BuildConfig::default() }, &estimate_tokens)
}

#[wasm_bindgen_test(unsupported = test)]
fn selection_rules() {
    /// One candidate, one rule set: kept, or excluded for `expected`.
    fn check(rules: SelectionRules, edit: impl Fn(&mut Candidate), expected: Option<Exclusion>) {
        let mut c = candidate("c", &["suegra"]);
        edit(&mut c);
        let dataset = build_with(std::slice::from_ref(&c), rules);
        let got = dataset.excluded.first().map(|e| e.reason.clone());
        assert_eq!(got, expected, "{c:?} under {rules:?}");
        assert_eq!(dataset.train.len() + dataset.validation.len(), usize::from(expected.is_none()));
    }
    let base = SelectionRules::default();
    let policy = |labels| SelectionRules { labels, ..base };
    let funny = Some(Label::Funny);
    let fome = Some(Label::NotFunny);

    // Curator over LLM: the curator decides when present, both ways.
    check(base, |_| {}, None);
    check(base, |c| (c.llm_quality, c.curator) = (fome, funny), None);
    check(base, |c| c.curator = fome, Some(Exclusion::NotFunny { by: Judge::Curator }));
    check(base, |c| c.llm_quality = fome, Some(Exclusion::NotFunny { by: Judge::Llm }));
    let unlabelled = |policy| Some(Exclusion::Unlabelled { policy });
    check(base, |c| c.llm_quality = None, unlabelled(LabelPolicy::CuratorOverLlm));
    // Curator only: the LLM's opinion does not count.
    check(policy(LabelPolicy::Curator), |_| {}, unlabelled(LabelPolicy::Curator));
    check(policy(LabelPolicy::Curator), |c| (c.llm_quality, c.curator) = (fome, funny), None);
    // LLM only: the curator's opinion does not count.
    check(policy(LabelPolicy::Llm), |c| c.curator = fome, None);
    check(
        policy(LabelPolicy::Llm),
        |c| (c.llm_quality, c.curator) = (fome, funny),
        Some(Exclusion::NotFunny { by: Judge::Llm }),
    );
    check(policy(LabelPolicy::None), |c| (c.llm_quality, c.curator) = (fome, fome), None);

    // Length counts characters of the trimmed text.
    let short = SelectionRules { min_chars: 10, max_chars: 12, ..base };
    check(short, |c| c.text = "  ñandú ñandú  ".into(), None);
    check(short, |c| c.text = "ñandú".into(), Some(Exclusion::TooShort { chars: 5, min: 10 }));
    check(short, |c| c.text = "ñandú ñandú ñandú".into(), Some(Exclusion::TooLong { chars: 17, max: 12 }));
    check(base, |c| c.text = " \n ".into(), Some(Exclusion::EmptyText));

    // Crowd: the Wilson lower bound, over non-skip votes only.
    let crowd_of = |min_votes, require_votes| SelectionRules {
        crowd: Some(CrowdRule { min_lower_bound: 0.5, min_votes, require_votes }),
        ..base
    };
    let crowd = |require_votes| crowd_of(1, require_votes);
    let votes = |funny, not_funny, skip| Some(VoteCounts { funny, not_funny, skip });
    check(crowd(false), |_| {}, None);
    check(crowd(true), |_| {}, Some(Exclusion::TooFewVotes { votes: 0, min: 1 }));
    check(crowd(true), |c| c.crowd = votes(0, 0, 9), Some(Exclusion::TooFewVotes { votes: 0, min: 1 }));
    check(crowd(true), |c| c.crowd = votes(9, 1, 3), None);
    let low = Some(Exclusion::CrowdTooLow { funny: 3, not_funny: 0, lower_bound: 0.4385029682449546, min: 0.5 });
    check(crowd(false), |c| c.crowd = votes(3, 0, 0), low);
    // Fewer votes than the rule's minimum are no verdict: left out when votes are required, not
    // held to the bound otherwise; a stored minimum of 0 still asks for one vote.
    check(crowd_of(5, true), |c| c.crowd = votes(3, 0, 4), Some(Exclusion::TooFewVotes { votes: 3, min: 5 }));
    check(crowd_of(5, false), |c| c.crowd = votes(0, 3, 0), None);
    check(crowd_of(0, true), |_| {}, Some(Exclusion::TooFewVotes { votes: 0, min: 1 }));

    // Mentalization: the original kept graphs of 3 to 6 nodes; depth counts orders of intentionality.
    let rule = MentalizationRule { min_nodes: 3, max_nodes: 6, min_depth: 3 };
    let minded = SelectionRules { mentalization: Some(rule), ..base };
    let graph = |nodes, depth| Some(GraphMeasures { nodes, depth });
    check(minded, |_| {}, Some(Exclusion::NoGraph));
    check(minded, |c| c.graph = graph(3, 3), None);
    check(minded, |c| c.graph = graph(6, 5), None);
    let out = |nodes, depth| Some(Exclusion::Mentalization { nodes, depth, min_nodes: 3, max_nodes: 6, min_depth: 3 });
    check(minded, |c| c.graph = graph(7, 4), out(7, 4));
    check(minded, |c| c.graph = graph(4, 2), out(4, 2));
    check(base, |c| c.graph = graph(40, 2), None);
}

#[wasm_bindgen_test(unsupported = test)]
fn exclusions_explain_themselves() {
    fn check(reason: Exclusion, expected: &str) {
        assert_eq!(reason.to_string(), expected);
    }
    check(Exclusion::TooShort { chars: 8, min: 30 }, "the joke has 8 characters, fewer than the 30 the rules ask for");
    check(
        Exclusion::KeywordsTaken { keywords: vec!["suegra".into(), "micro".into()] },
        "each of its keywords (suegra, micro) went to another joke; add a keyword no other joke has",
    );
    check(
        Exclusion::NoUsableKeyword { invalid: vec![] },
        "none of its keywords can be used (it has none); add a keyword of 1 to 60 characters without line breaks",
    );
    check(
        Exclusion::ClusterFull { cluster: 3, kept: "a".into(), max: 1 },
        "it is a near-duplicate of \"a\" (cluster 3), and the rules keep 1 per cluster",
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn keyword_assignment() {
    /// Each list is one joke's keywords; `expected` the keyword each joke is trained under.
    fn check(lists: &[&[&str]], expected: &[Option<&str>]) {
        let candidates: Vec<Candidate> =
            lists.iter().enumerate().map(|(i, keywords)| candidate(&format!("j{i}"), keywords)).collect();
        let dataset = build_with(&candidates, SelectionRules::default());
        let by_id: HashMap<&str, &str> =
            dataset.train.iter().chain(&dataset.validation).map(|e| (e.id.as_str(), e.keyword.as_str())).collect();
        let got: Vec<Option<&str>> = (0..lists.len()).map(|i| by_id.get(format!("j{i}").as_str()).copied()).collect();
        assert_eq!(got, expected, "keywords {lists:?}");
    }
    // The rarest keyword first, so that the joke with a single keyword keeps it.
    check(&[&["suegra", "micro"], &["suegra"]], &[Some("micro"), Some("suegra")]);
    // Case, spacing and Unicode composition do not make a keyword new; accents do.
    check(
        &[&["Suegra"], &["  SUEGRA "], &["sue\u{301}gra"], &["suégra"]],
        &[Some("Suegra"), None, Some("suégra"), None],
    );
    check(&[&["papá"], &["papa"]], &[Some("papá"), Some("papa")]);
    check(&[&["hora  punta"], &["hora punta"]], &[Some("hora  punta"), None]);
    // Keywords the app would refuse are never used.
    check(&[&["", "once"], &["línea\nnueva"]], &[Some("once"), None]);
    // Greedy alone gives j0 "c" and j1 "b" (first listed of equally rare ones) and leaves j2
    // nothing; the augmenting path moves j1 to "d" so that j2 can have "b".
    check(&[&["c", "d"], &["b", "d"], &["b", "c"]], &[Some("c"), Some("d"), Some("b")]);
    check(&[&["x", "y"], &["x", "y"], &["x", "y"]], &[Some("x"), Some("y"), None]);
    check(&[], &[]);
}

#[wasm_bindgen_test(unsupported = test)]
fn unassigned_jokes_are_reported() {
    let dataset = build_with(
        &[candidate("a", &["once"]), candidate("b", &["ONCE"]), candidate("c", &[])],
        SelectionRules::default(),
    );
    let reasons: Vec<(&str, usize, &Exclusion)> =
        dataset.excluded.iter().map(|e| (e.id.as_str(), e.index, &e.reason)).collect();
    assert_eq!(
        reasons,
        [
            ("b", 1, &Exclusion::KeywordsTaken { keywords: vec!["ONCE".into()] }),
            ("c", 2, &Exclusion::NoUsableKeyword { invalid: vec![] }),
        ]
    );
}

/// The lines of `report` as (line, rule) pairs.
fn located(report: &tallas_core::dataset::ValidatorReport) -> Vec<(Option<usize>, Rule)> {
    report.issues.iter().map(|i| (i.line, i.rule)).collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn validator_rules() {
    fn check(jsonl: &str, expected: &[(Option<usize>, Rule)]) {
        let report = validate_jsonl(jsonl);
        assert_eq!(located(&report), expected, "{jsonl}");
        let errors = report.issues.iter().any(|i| i.severity == Severity::Error);
        assert_eq!(report.valid, !errors);
    }
    let ok = to_jsonl(&[tallas_core::dataset::Example::new("a", "once", "Un chiste.", None)]);
    check(&ok, &[]);
    check(&ok.repeat(3), &[]);
    check(ok.trim_end(), &[]);
    check(&ok.replace('\n', "\r\n"), &[]);
    let user = r#"{"role":"user","content":"Palabra clave: once"}"#;
    let answer = r#"{"role":"assistant","content":"Un chiste."}"#;
    let system = format!(r#"{{"role":"system","content":{}}}"#, serde_json::to_string(generate::SYSTEM).unwrap());
    let line = |messages: &[&str]| format!(r#"{{"messages":[{}]}}"#, messages.join(","));
    let one = Some(1);
    use Rule::*;
    check("", &[(None, NoExamples)]);
    check("\n\n", &[(Some(1), BlankLine), (Some(2), BlankLine), (None, NoExamples)]);
    check("\n", &[(None, NoExamples)]);
    check(&format!("{ok}\n{ok}"), &[(Some(2), BlankLine)]);
    check("{\"messages\": [", &[(one, InvalidJson)]);
    check("\u{FEFF}{}", &[(one, InvalidJson)]);
    check("42", &[(one, NotAnObject)]);
    check(r#"{"messages": {}}"#, &[(one, NoMessages)]);
    check(r#"{"text": "hola"}"#, &[(one, NoMessages)]);
    check(r#"{"messages": []}"#, &[(one, EmptyConversation)]);
    check(&line(&[&system, "7", user, answer]), &[(one, MessageNotObject)]);
    check(&line(&[&system, r#"{"role":"narrator","content":"x"}"#, answer]), &[(one, UnknownRole)]);
    check(&line(&[&system, r#"{"content":"x"}"#, answer]), &[(one, UnknownRole)]);
    check(&line(&[&system, r#"{"role":"user"}"#, answer]), &[(one, MissingContent)]);
    check(&line(&[&system, r#"{"role":"user","content":["x"]}"#, answer]), &[(one, MissingContent)]);
    check(&line(&[&system, user, r#"{"role":"assistant","content":" \n"}"#]), &[(one, EmptyContent)]);
    check(&line(&[&system, &system, user, answer]), &[(one, MultipleSystemMessages)]);
    check(&line(&[&system, user, answer, user]), &[(one, LastNotAssistant)]);
    check(&line(&[&system, user]), &[(one, LastNotAssistant)]);
    check(&line(&[&system, user, r#"{"role":"assistant","content":"x","weight":2}"#]), &[(one, InvalidWeight)]);
    check(&line(&[&system, user, r#"{"role":"assistant","content":"x","weight":0}"#, user, answer]), &[]);
    // Tool calls: an assistant call may have no content; its answer needs an id and a place.
    let call = r#"{"role":"assistant","tool_calls":[{"id":"abcdefghi","function":{"name":"f","arguments":"{}"}}]}"#;
    let tool = r#"{"role":"tool","content":"{}","tool_call_id":"abcdefghi"}"#;
    check(&line(&[&system, user, call, tool, answer]), &[]);
    check(&line(&[&system, user, tool, answer]), &[(one, MisplacedToolMessage)]);
    check(&line(&[&system, user, call, r#"{"role":"tool","content":"{}"}"#, answer]), &[(one, MissingToolCallId)]);
    // Tallas's own warnings: valid for Mistral, but not how the app asks.
    check(&line(&[user, answer]), &[(one, SystemPromptDiffers)]);
    check(&line(&[r#"{"role":"system","content":"Eres gracioso."}"#, user, answer]), &[(one, SystemPromptDiffers)]);
    check(
        &line(&[&system, r#"{"role":"user","content":"Palabra clave:  once"}"#, answer]),
        &[(one, UserPromptDiffers)],
    );
    check(&line(&[&system, r#"{"role":"user","content":"Un chiste de once"}"#, answer]), &[(one, UserPromptDiffers)]);
}

#[wasm_bindgen_test(unsupported = test)]
fn validator_messages_say_where_and_what_to_do() {
    let report = validate_files("{\"messages\": [\n", Some("\n"));
    let shown: Vec<String> = report.issues.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "training file, line 1: not valid JSON at column 14 (EOF while parsing a list); each line must be one \
             complete JSON object, with line breaks inside texts written as \\n",
            "validation file: the file has no examples; each line must be one {\"messages\": [...]} object",
            "validation file: the validation file has 1 bytes; Mistral accepts at most 0 (5% of the training file's \
             15 bytes, and never more than 1 MB): move examples to the training file",
        ]
    );
}

#[wasm_bindgen_test(unsupported = test)]
fn validation_file_size_rule() {
    fn check(train_bytes: usize, validation_bytes: usize, too_large: bool) {
        let report = validate_files(&"x".repeat(train_bytes), Some(&"y".repeat(validation_bytes)));
        let flagged = report.issues.iter().any(|i| i.rule == Rule::ValidationTooLarge);
        assert_eq!(flagged, too_large, "{validation_bytes} validation bytes for {train_bytes} training bytes");
    }
    check(10_000, 500, false);
    check(10_000, 501, true);
    check(40_000_000, 1_000_000, false);
    check(40_000_000, 1_000_001, true);
}

#[cfg(not(target_arch = "wasm32"))]
fn candidates_strategy() -> impl Strategy<Value = Vec<Candidate>> {
    let keyword = prop_oneof!["[a-eA-E]{1,2}", Just(String::new()), Just(" b ".to_owned())];
    let one = (
        prop::collection::vec(keyword, 0..4),
        prop::option::of(0usize..6),
        prop::option::of(prop_oneof![Just(Label::Funny), Just(Label::NotFunny)]),
        10usize..400,
    );
    prop::collection::vec(one, 0..60).prop_map(|jokes| {
        jokes
            .into_iter()
            .enumerate()
            .map(|(i, (keywords, cluster, curator, length))| Candidate {
                id: format!("j{i}"),
                text: "ja".repeat(length / 2),
                keywords,
                llm_quality: Some(Label::Funny),
                curator,
                crowd: None,
                cluster,
                graph: None,
            })
            .collect()
    })
}

#[cfg(not(target_arch = "wasm32"))]
fn config_strategy() -> impl Strategy<Value = BuildConfig> {
    (any::<u64>(), 0.0f64..0.5, prop::option::of(1usize..3)).prop_map(|(seed, fraction, max_per_cluster)| BuildConfig {
        rules: SelectionRules { min_chars: 30, max_chars: 300, max_per_cluster, ..SelectionRules::default() },
        seed,
        validation_fraction: fraction,
    })
}

#[cfg(not(target_arch = "wasm32"))]
proptest! {
    #[test]
    fn every_candidate_is_accounted_for(candidates in candidates_strategy(), config in config_strategy()) {
        let dataset = build(&candidates, &config, &estimate_tokens);
        let mut ids: Vec<&str> = dataset.train.iter().chain(&dataset.validation).map(|e| e.id.as_str()).collect();
        ids.extend(dataset.excluded.iter().map(|e| e.id.as_str()));
        ids.sort_unstable();
        let mut expected: Vec<&str> = candidates.iter().map(|c| c.id.as_str()).collect();
        expected.sort_unstable();
        prop_assert_eq!(ids, expected);
    }

    #[test]
    fn keywords_are_never_reused(candidates in candidates_strategy(), config in config_strategy()) {
        let dataset = build(&candidates, &config, &estimate_tokens);
        let mut seen = HashSet::new();
        for example in dataset.train.iter().chain(&dataset.validation) {
            prop_assert!(seen.insert(example.keyword.trim().to_lowercase()), "{} reused", example.keyword);
            let candidate = candidates.iter().find(|c| c.id == example.id).unwrap();
            prop_assert!(candidate.keywords.iter().any(|k| k.trim() == example.keyword));
        }
    }

    #[test]
    fn no_cluster_straddles_the_split(candidates in candidates_strategy(), config in config_strategy()) {
        let dataset = build(&candidates, &config, &estimate_tokens);
        let train: HashSet<usize> = dataset.train.iter().filter_map(|e| e.cluster).collect();
        prop_assert!(dataset.validation.iter().filter_map(|e| e.cluster).all(|c| !train.contains(&c)));
    }

    #[test]
    fn whole_clusters_go_to_one_side(
        clusters in prop::collection::vec(prop::option::of(0usize..40), 300),
        seed in any::<u64>(),
        fraction in 0.0f64..0.3,
    ) {
        let dataset = build(&clustered(&clusters), &split_config(seed, fraction), &estimate_tokens);
        let train: HashSet<usize> = dataset.train.iter().filter_map(|e| e.cluster).collect();
        prop_assert!(dataset.validation.iter().filter_map(|e| e.cluster).all(|c| !train.contains(&c)));
        prop_assert_eq!(dataset.train.len() + dataset.validation.len(), 300);
        let target = (fraction * 300.0).round() as usize;
        prop_assert!(dataset.validation.len() <= target);
    }

    #[test]
    fn same_seed_same_dataset(candidates in candidates_strategy(), config in config_strategy()) {
        let first = build(&candidates, &config, &estimate_tokens);
        prop_assert_eq!(&first, &build(&candidates, &config, &estimate_tokens));
    }

    #[test]
    fn built_datasets_pass_the_validator(candidates in candidates_strategy(), config in config_strategy()) {
        let dataset = build(&candidates, &config, &estimate_tokens);
        let train_bytes = dataset.train_jsonl().len() as f64;
        prop_assert!(dataset.totals.validation.bytes as f64 <= MAX_VALIDATION_SHARE * train_bytes);
        if dataset.train.is_empty() {
            prop_assert!(!dataset.report.valid);
        } else {
            prop_assert!(dataset.report.issues.is_empty(), "{:?}", dataset.report.issues);
            prop_assert!(dataset.report.valid);
        }
    }

    #[test]
    fn assigns_as_many_keywords_as_possible(lists in prop::collection::vec(prop::collection::vec(0u8..5, 0..4), 0..7)) {
        let candidates: Vec<Candidate> = lists
            .iter()
            .enumerate()
            .map(|(i, ks)| {
                let keywords: Vec<String> = ks.iter().map(|k| format!("k{k}")).collect();
                Candidate { keywords, ..candidate(&format!("j{i}"), &[]) }
            })
            .collect();
        let dataset = build_with(&candidates, SelectionRules::default());
        prop_assert_eq!(dataset.train.len() + dataset.validation.len(), brute_force_matching(&lists, 0, 0));
    }
}

/// 300 jokes with distinct keywords, in the given clusters.
fn clustered(clusters: &[Option<usize>]) -> Vec<Candidate> {
    clusters
        .iter()
        .enumerate()
        .map(|(i, cluster)| Candidate { cluster: *cluster, ..candidate(&format!("j{i}"), &[&format!("k{i}")]) })
        .collect()
}

fn split_config(seed: u64, validation_fraction: f64) -> BuildConfig {
    let rules = SelectionRules { labels: LabelPolicy::None, max_per_cluster: None, ..SelectionRules::default() };
    BuildConfig { rules, seed, validation_fraction }
}

#[wasm_bindgen_test(unsupported = test)]
fn clusters_do_reach_validation_whole() {
    // The property above would hold trivially if clusters never went to validation.
    let clusters: Vec<Option<usize>> = (0..300).map(|i| (i % 3 == 0).then_some(i % 20)).collect();
    let candidates = clustered(&clusters);
    let mut seen_whole_cluster = false;
    let mut splits = HashSet::new();
    for seed in 0..20 {
        let dataset = build(&candidates, &split_config(seed, 0.05), &estimate_tokens);
        // 5% of 300 is 15, but the size rule (≤ 5% of the training bytes) stops at 14.
        assert_eq!(dataset.validation.len(), 14, "seed {seed}");
        seen_whole_cluster |= dataset.validation.iter().any(|e| e.cluster.is_some());
        splits.insert(dataset.validation.iter().map(|e| e.id.clone()).collect::<Vec<_>>());
    }
    assert!(seen_whole_cluster, "no cluster ever went to validation");
    assert!(splits.len() > 15, "seeds barely change the split");
}

/// The largest number of jokes (from `joke` on) that can get distinct keywords, by trying all.
fn brute_force_matching(lists: &[Vec<u8>], joke: usize, used: u32) -> usize {
    let Some(list) = lists.get(joke) else { return 0 };
    let skip = brute_force_matching(lists, joke + 1, used);
    list.iter()
        .filter(|&&k| used & (1 << k) == 0)
        .map(|&k| 1 + brute_force_matching(lists, joke + 1, used | (1 << k)))
        .fold(skip, usize::max)
}
