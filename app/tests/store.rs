//! One contract, two implementations: the same suite runs against IndexedDB (in a browser,
//! with `wasm-bindgen-test-runner`) and against the in-memory twin (there, and natively with
//! `cargo test -p tallas-app`).

use tallas_app::domain::crowd::{BallotRecord, CrowdTally, GoldChoice, crowd_labels};
use tallas_app::domain::dataset::Snapshot;
use tallas_app::domain::details::{self, TypedDetails};
use tallas_app::domain::edits::JokeEdit;
use tallas_app::domain::import::{ImportBatch, ImportOptions, read_files};
use tallas_app::domain::names::routine_names;
use tallas_app::domain::{Label, RoutineHead, TextVersion, VersionKind};
use tallas_app::store::{
    BallotRepo, DatasetRepo, Exchange, ImportCounts, JokeRepo, LabelChange, PlaygroundRepo, StoreError, StoredCounts,
};
use tallas_core::api::TokenUsage;
use tallas_core::dataset::{BuildConfig, Candidate, build, estimate_tokens};

fn exchange(keyword: &str, created_at_ms: u64) -> Exchange {
    Exchange {
        keyword: keyword.into(),
        joke: format!("Una talla sobre {keyword}."),
        model: "mistral-small-latest".into(),
        prompt_version: "generate-v1".into(),
        usage: TokenUsage { prompt_tokens: 12, completion_tokens: 30 },
        created_at_ms,
    }
}

const TRANSCRIPT: &str = "{\"start_time\": 0.0, \"end_time\": 2.5, \"transcript\": \"Buenas noches, Viña\"}\n\
{\"start_time\": 2.5, \"end_time\": 4.0, \"transcript\": \"[Risas]\"}\n";
const ROUTINES: &str = "ID,SHOWID,EVENT,VERSION,YEAR,TV,DATE,VIDEO\n\
100,7,Festival de Viña del Mar,XLVIII,2007,TVN,2007-02-21,https://www.youtube.com/watch?v=abcdefghijk\n";
const JOKES: &str = "routine_id,show_id,event_name,show_name,start_timestamp,text,video_id\n\
100,7,Viña,El Show,00:01:05,Mi suegra es tan buena...,abcdefghijk\n\
100,7,Viña,El Show,00:02:10,¿Saben por qué el cuñado no trabaja?,abcdefghijk\n";

/// What the import page would hand the store for these files.
fn batch(files: &[(&str, &str)]) -> ImportBatch {
    let (reports, batch) =
        read_files(files.iter().map(|(name, text)| (*name, text.as_bytes())), ImportOptions::default(), 1_000);
    assert!(
        reports.iter().all(|r| matches!(r.outcome, tallas_app::domain::import::Outcome::Read { .. })),
        "{reports:#?}"
    );
    batch
}

/// The shared suite. Each function gets a fresh, empty repository.
mod suite {
    use super::*;

    pub async fn starts_empty(repo: &impl PlaygroundRepo) {
        assert_eq!(repo.list_exchanges().await.unwrap(), vec![]);
    }

    pub async fn add_returns_the_exchange_with_a_new_id(repo: &impl PlaygroundRepo) {
        let first = repo.add_exchange(exchange("completo", 1_700_000_000_000)).await.unwrap();
        let second = repo.add_exchange(exchange("micro", 1_700_000_000_001)).await.unwrap();
        assert_eq!(first.value, exchange("completo", 1_700_000_000_000));
        assert!(second.id > first.id, "{} then {}", first.id, second.id);
    }

    pub async fn lists_newest_first(repo: &impl PlaygroundRepo) {
        for (i, keyword) in ["uno", "dos", "tres"].into_iter().enumerate() {
            repo.add_exchange(exchange(keyword, 1_000 + i as u64)).await.unwrap();
        }
        let keywords: Vec<String> = repo.list_exchanges().await.unwrap().into_iter().map(|s| s.value.keyword).collect();
        assert_eq!(keywords, ["tres", "dos", "uno"]);
    }

    pub async fn keeps_every_field_exactly(repo: &impl PlaygroundRepo) {
        let odd = Exchange {
            keyword: "ñandú 🐦".into(),
            joke: "Línea uno\nlínea \"dos\" — ¿sí?".into(),
            model: "ft:open-mistral-7b:abc:20250101".into(),
            prompt_version: String::new(),
            usage: TokenUsage { prompt_tokens: 0, completion_tokens: u32::MAX },
            // The largest integer a JS number holds exactly.
            created_at_ms: (1 << 53) - 1,
        };
        let stored = repo.add_exchange(odd.clone()).await.unwrap();
        let listed = repo.list_exchanges().await.unwrap();
        assert_eq!(listed, vec![stored]);
        assert_eq!(listed[0].value, odd);
    }
}

/// The workspace half of the suite.
mod workspace_suite {
    use super::*;

    pub async fn import_merges_a_transcript_with_its_metadata(repo: &impl JokeRepo) {
        let counts = repo.import(batch(&[("routine_100_transcript.jsonl", TRANSCRIPT)])).await.unwrap();
        assert_eq!((counts.routines_added, counts.routines_updated), (1, 0));
        let counts = repo.import(batch(&[("routines.csv", ROUTINES)])).await.unwrap();
        assert_eq!((counts.routines_added, counts.routines_updated), (0, 1));

        let routines = repo.routines().await.unwrap();
        assert_eq!(routines.len(), 1, "{routines:#?}");
        let routine = &routines[0];
        assert_eq!(routine.id, "100");
        let transcript = routine.transcript.as_ref().expect("the transcript stays");
        assert_eq!(transcript.segments.len(), 2);
        assert_eq!(transcript.segments[1].events, vec![("[risas]".to_owned(), 0)]);
        assert_eq!(routine.meta.as_ref().and_then(|m| m.year), Some(2007));
    }

    pub async fn routine_heads_say_what_each_routine_has_without_its_segments(repo: &impl JokeRepo) {
        fn check(heads: Vec<RoutineHead>, expected: &[(&str, Option<u16>, bool)]) {
            let mut heads: Vec<_> =
                heads.iter().map(|h| (h.id.as_str(), h.meta.as_ref().and_then(|m| m.year), h.has_transcript)).collect();
            heads.sort();
            assert_eq!(heads, expected);
        }
        repo.import(batch(&[("routine_100_transcript.jsonl", TRANSCRIPT)])).await.unwrap();
        check(repo.routine_heads().await.unwrap(), &[("100", None, true)]);
        let metadata = format!("{ROUTINES}101,8,Festival de Viña del Mar,XLIX,2008,TVN,2008-02-20,\n");
        repo.import(batch(&[("routines.csv", &metadata)])).await.unwrap();
        check(repo.routine_heads().await.unwrap(), &[("100", Some(2007), true), ("101", Some(2008), false)]);
        let whole: Vec<RoutineHead> = repo.routines().await.unwrap().iter().map(|r| r.head()).collect();
        check(whole, &[("100", Some(2007), true), ("101", Some(2008), false)]);
    }

    pub async fn typed_details_name_a_routine_and_replace_its_comedians(repo: &impl JokeRepo) {
        async fn type_in(repo: &impl JokeRepo, typed: &TypedDetails) -> (String, TypedDetails) {
            let (heads, catalog) = (repo.routine_heads().await.unwrap(), repo.catalog().await.unwrap());
            let head = heads.iter().find(|h| h.id == "100").unwrap();
            repo.import(details::batch(head, &heads, &catalog, typed).unwrap()).await.unwrap();
            let (heads, catalog) = (repo.routine_heads().await.unwrap(), repo.catalog().await.unwrap());
            let head = heads.iter().find(|h| h.id == "100").unwrap();
            (routine_names(&heads, &catalog)["100"].clone(), details::current(head, &catalog))
        }
        repo.import(batch(&[("routine_100_transcript.jsonl", TRANSCRIPT)])).await.unwrap();
        let typed = TypedDetails {
            comedians: " Coco Legrand, Dino Gordillo ".into(),
            show: "Viña 1985".into(),
            year: "1985".into(),
            video: "https://youtu.be/abcdefghijk?t=30".into(),
        };
        let (name, details) = type_in(repo, &typed).await;
        assert_eq!(name, "Coco Legrand, Dino Gordillo · Viña 1985 · 1985");
        let stored =
            TypedDetails { comedians: "Coco Legrand, Dino Gordillo".into(), video: "abcdefghijk".into(), ..typed };
        assert_eq!(details, stored);
        // The transcript is untouched.
        assert!(repo.routine_heads().await.unwrap()[0].has_transcript);

        // One comedian fewer: the other is gone from the catalog, not only from the form.
        let (name, details) = type_in(repo, &TypedDetails { comedians: "Coco Legrand".into(), ..stored }).await;
        assert_eq!(name, "Coco Legrand · Viña 1985 · 1985");
        assert_eq!(details.comedians, "Coco Legrand");
        assert_eq!(repo.catalog().await.unwrap().len(), 2, "the show and one comedian");
    }

    pub async fn counts_are_routines_and_the_jokes_not_merged_into_another(repo: &impl JokeRepo) {
        assert_eq!(repo.counts().await.unwrap(), StoredCounts { routines: 0, jokes: 0 });
        repo.import(batch(&[("routine_100_transcript.jsonl", TRANSCRIPT), ("jokes.csv", JOKES)])).await.unwrap();
        assert_eq!(repo.counts().await.unwrap(), StoredCounts { routines: 1, jokes: 2 });
        let ids: Vec<String> = repo.jokes().await.unwrap().into_iter().map(|j| j.id).collect();
        let merge = JokeEdit::MergedInto { joke_ids: vec![ids[1].clone()], into: Some(ids[0].clone()) };
        repo.edit_jokes(&merge).await.unwrap();
        assert_eq!(repo.counts().await.unwrap(), StoredCounts { routines: 1, jokes: 1 });
    }

    pub async fn importing_the_same_jokes_twice_adds_nothing_and_keeps_labels(repo: &impl JokeRepo) {
        let first = repo.import(batch(&[("jokes.csv", JOKES)])).await.unwrap();
        assert_eq!(first, ImportCounts { jokes_added: 2, ..ImportCounts::default() });
        let id = repo.jokes().await.unwrap()[0].id.clone();
        repo.set_labels(&[LabelChange { joke_id: id.clone(), label: Some(Label::Funny) }], 5).await.unwrap();

        let second = repo.import(batch(&[("copia.csv", JOKES)])).await.unwrap();
        assert_eq!(second, ImportCounts { jokes_already_there: 2, ..ImportCounts::default() });
        let jokes = repo.jokes().await.unwrap();
        assert_eq!(jokes.len(), 2);
        assert_eq!(jokes.iter().find(|j| j.id == id).and_then(|j| j.label), Some(Label::Funny));
    }

    pub async fn bulk_labels_are_one_change_with_a_history_per_joke(repo: &impl JokeRepo) {
        repo.import(batch(&[("jokes.csv", JOKES)])).await.unwrap();
        let ids: Vec<String> = repo.jokes().await.unwrap().into_iter().map(|j| j.id).collect();
        let all = |label| ids.iter().map(|id| LabelChange { joke_id: id.clone(), label }).collect::<Vec<_>>();
        repo.set_labels(&all(Some(Label::NotFunny)), 10).await.unwrap();
        repo.set_labels(&all(None), 20).await.unwrap();

        assert!(repo.jokes().await.unwrap().iter().all(|j| j.label.is_none()));
        let history = repo.label_history(&ids[0]).await.unwrap();
        let steps: Vec<_> = history.iter().map(|e| (e.label, e.at_ms)).collect();
        assert_eq!(steps, [(Some(Label::NotFunny), 10), (None, 20)]);
    }

    pub async fn a_label_for_a_missing_joke_changes_nothing(repo: &impl JokeRepo) {
        repo.import(batch(&[("jokes.csv", JOKES)])).await.unwrap();
        let id = repo.jokes().await.unwrap()[0].id.clone();
        let changes = [
            LabelChange { joke_id: id.clone(), label: Some(Label::Funny) },
            LabelChange { joke_id: "no-such-joke".into(), label: Some(Label::Funny) },
        ];
        let error = repo.set_labels(&changes, 1).await.unwrap_err();
        assert_eq!(error, StoreError::UnknownJoke("no-such-joke".into()));
        assert!(repo.jokes().await.unwrap().iter().all(|j| j.label.is_none()));
        assert_eq!(repo.label_history(&id).await.unwrap(), vec![]);
    }

    pub async fn an_edit_becomes_the_current_text_and_keeps_the_old_one(repo: &impl JokeRepo) {
        repo.import(batch(&[("jokes.csv", JOKES)])).await.unwrap();
        let original = repo.jokes().await.unwrap()[0].clone();
        let edit =
            TextVersion { kind: VersionKind::Edited, text: "Mi suegra es tan buena, ¡que asusta!".into(), at_ms: 7 };
        let edited = repo.add_version(&original.id, edit).await.unwrap();
        assert_eq!(edited.text(), "Mi suegra es tan buena, ¡que asusta!");

        let stored = repo.jokes().await.unwrap().into_iter().find(|j| j.id == original.id).unwrap();
        assert_eq!(stored, edited);
        assert_eq!(stored.versions[0].text, original.text());
        assert_eq!(stored.versions[0].kind, VersionKind::Imported);
    }

    pub async fn keywords_and_merges_are_stored_and_a_merged_joke_is_not_imported_again(repo: &impl JokeRepo) {
        repo.import(batch(&[("jokes.csv", JOKES)])).await.unwrap();
        let ids: Vec<String> = repo.jokes().await.unwrap().into_iter().map(|j| j.id).collect();
        let keywords = vec!["suegra".to_owned(), "micro".to_owned()];
        repo.edit_jokes(&JokeEdit::Keywords { joke_id: ids[0].clone(), keywords: keywords.clone() }).await.unwrap();
        let merge = JokeEdit::MergedInto { joke_ids: vec![ids[1].clone()], into: Some(ids[0].clone()) };
        repo.edit_jokes(&merge).await.unwrap();

        let jokes = repo.jokes().await.unwrap();
        assert_eq!(jokes[0].keywords, keywords);
        assert_eq!(jokes[1].merged_into.as_deref(), Some(ids[0].as_str()));
        // The merged joke is still there, whole, so importing its file again does not bring it back.
        let again = repo.import(batch(&[("jokes.csv", JOKES)])).await.unwrap();
        assert_eq!(again, ImportCounts { jokes_already_there: 2, ..ImportCounts::default() });

        repo.edit_jokes(&JokeEdit::MergedInto { joke_ids: vec![ids[1].clone()], into: None }).await.unwrap();
        assert_eq!(repo.jokes().await.unwrap()[1].merged_into, None);
    }

    pub async fn an_edit_naming_a_missing_joke_changes_nothing(repo: &impl JokeRepo) {
        repo.import(batch(&[("jokes.csv", JOKES)])).await.unwrap();
        let before = repo.jokes().await.unwrap();
        let merge = JokeEdit::MergedInto {
            joke_ids: vec![before[1].id.clone(), "no-such-joke".into()],
            into: Some(before[0].id.clone()),
        };
        let error = repo.edit_jokes(&merge).await.unwrap_err();
        assert_eq!(error, StoreError::UnknownJoke("no-such-joke".into()));
        assert_eq!(repo.jokes().await.unwrap(), before);
    }

    pub async fn a_backup_restores_the_workspace_exactly<R: JokeRepo + PlaygroundRepo>(repo: &R) {
        repo.import(batch(&[
            ("routine_100_transcript.jsonl", TRANSCRIPT),
            ("routines.csv", ROUTINES),
            ("jokes.csv", JOKES),
        ]))
        .await
        .unwrap();
        let id = repo.jokes().await.unwrap()[1].id.clone();
        repo.set_labels(&[LabelChange { joke_id: id.clone(), label: Some(Label::Funny) }], 3).await.unwrap();
        let edit = TextVersion { kind: VersionKind::Edited, text: "¿Y el cuñado?".into(), at_ms: 4 };
        repo.add_version(&id, edit).await.unwrap();
        repo.add_exchange(exchange("completo", 5)).await.unwrap();
        let saved = repo.export(100).await.unwrap();
        assert_eq!(
            (saved.routines.len(), saved.jokes.len(), saved.label_events.len(), saved.exchanges.len()),
            (1, 2, 1, 1)
        );

        // Changes after the export are undone by restoring it.
        repo.set_labels(&[LabelChange { joke_id: id.clone(), label: None }], 6).await.unwrap();
        repo.add_exchange(exchange("micro", 7)).await.unwrap();
        repo.restore(saved.clone()).await.unwrap();
        assert_eq!(repo.export(100).await.unwrap(), saved);
        assert_eq!(repo.label_history(&id).await.unwrap().len(), 1);
        assert_eq!(repo.list_exchanges().await.unwrap().len(), 1);
    }
}

fn ballot(id: &str) -> BallotRecord {
    BallotRecord {
        id: id.into(),
        title: format!("Votación {id}"),
        url: format!("http://127.0.0.1/vote/{id}"),
        admin_token: format!("token-{id}"),
        created_at_ms: 1,
        joke_ids: vec!["a".into(), "b".into()],
        gold: vec![GoldChoice { joke_id: "g".into(), expected: Label::Funny }],
        target_votes: Some(10),
        closes_at: Some("2027-01-01T00:00:00.000Z".into()),
    }
}

fn tally(ballot_id: &str, joke_id: &str, funny: u32, not_funny: u32, skip: u32) -> CrowdTally {
    CrowdTally {
        key: format!("{ballot_id}/{joke_id}"),
        ballot_id: ballot_id.into(),
        joke_id: joke_id.into(),
        funny,
        not_funny,
        skip,
        pulled_at_ms: 5,
    }
}

mod ballot_suite {
    use super::*;

    pub async fn ballots_are_kept_with_their_admin_token(repo: &impl BallotRepo) {
        assert_eq!(repo.ballots().await.unwrap(), vec![]);
        repo.save_ballot(&ballot("b2")).await.unwrap();
        repo.save_ballot(&ballot("b1")).await.unwrap();
        let mut closed = ballot("b1");
        closed.closes_at = None;
        repo.save_ballot(&closed).await.unwrap();
        assert_eq!(repo.ballots().await.unwrap(), vec![closed, ballot("b2")]);
    }

    pub async fn pulling_a_ballot_twice_counts_its_votes_once_and_ballots_add_up(repo: &impl BallotRepo) {
        repo.record_crowd("b1", vec![tally("b1", "a", 2, 1, 0), tally("b1", "b", 0, 1, 1)]).await.unwrap();
        // The same ballot pulled again, later: its new tallies replace the old, "b" gone from it.
        repo.record_crowd("b1", vec![tally("b1", "a", 3, 1, 0)]).await.unwrap();
        repo.record_crowd("b2", vec![tally("b2", "a", 1, 0, 2)]).await.unwrap();
        let crowd = repo.crowd().await.unwrap();
        assert_eq!(crowd, vec![tally("b1", "a", 3, 1, 0), tally("b2", "a", 1, 0, 2)]);
        let labels = crowd_labels(&crowd);
        let a = &labels["a"];
        assert_eq!((a.counts.funny, a.counts.not_funny, a.counts.skip), (4, 1, 2));
        assert_eq!(a.ballots, vec!["b1", "b2"]);
        assert!(!labels.contains_key("b"));
    }

    pub async fn a_backup_carries_ballots_and_crowd_votes<R: JokeRepo + BallotRepo>(repo: &R) {
        repo.save_ballot(&ballot("b1")).await.unwrap();
        repo.record_crowd("b1", vec![tally("b1", "a", 2, 1, 0)]).await.unwrap();
        let saved = repo.export(9).await.unwrap();
        assert_eq!((saved.ballots.len(), saved.crowd.len()), (1, 1));
        repo.record_crowd("b1", vec![]).await.unwrap();
        repo.save_ballot(&ballot("b9")).await.unwrap();
        repo.restore(saved).await.unwrap();
        assert_eq!(repo.ballots().await.unwrap(), vec![ballot("b1")]);
        assert_eq!(repo.crowd().await.unwrap(), vec![tally("b1", "a", 2, 1, 0)]);
    }
}

/// A frozen dataset of `jokes` candidates made at `at_ms`.
fn snapshot(name: &str, jokes: usize, at_ms: u64) -> Snapshot {
    let candidates: Vec<Candidate> = (0..jokes)
        .map(|i| Candidate {
            id: format!("j{i}"),
            text: format!("Mi suegra es tan lenta que se perdió en el ascensor número {i}."),
            keywords: vec![format!("suegra {i}")],
            llm_quality: Some(tallas_core::scores::crowd::Label::Funny),
            curator: None,
            crowd: None,
            cluster: None,
            graph: None,
        })
        .collect();
    Snapshot::new(name.into(), build(&candidates, &BuildConfig::default(), &estimate_tokens), at_ms)
}

mod dataset_suite {
    use super::*;

    pub async fn a_frozen_dataset_is_kept_whole_listed_and_deleted(repo: &impl DatasetRepo) {
        assert_eq!(repo.snapshots().await.unwrap(), vec![]);
        let (first, second) = (snapshot("primero", 3, 10), snapshot("segundo", 5, 20));
        repo.save_snapshot(&second).await.unwrap();
        repo.save_snapshot(&first).await.unwrap();
        assert_eq!(repo.snapshots().await.unwrap(), vec![first.clone(), second.clone()], "oldest first");
        assert_eq!(repo.snapshot(&second.id).await.unwrap().as_ref(), Some(&second));
        // Frozen: the same id is never written over.
        let again = Snapshot { name: "otro".into(), ..second.clone() };
        assert_eq!(repo.save_snapshot(&again).await, Err(StoreError::SnapshotExists(second.id.clone())));
        assert_eq!(repo.snapshot(&second.id).await.unwrap().map(|s| s.name), Some("segundo".into()));
        repo.delete_snapshot(&first.id).await.unwrap();
        assert_eq!(repo.snapshots().await.unwrap(), vec![second]);
        assert_eq!(repo.snapshot(&first.id).await.unwrap(), None);
    }

    pub async fn a_backup_carries_frozen_datasets<R: JokeRepo + DatasetRepo>(repo: &R) {
        let kept = snapshot("respaldado", 4, 30);
        repo.save_snapshot(&kept).await.unwrap();
        let saved = repo.export(9).await.unwrap();
        assert_eq!(saved.datasets, vec![kept.clone()]);
        repo.delete_snapshot(&kept.id).await.unwrap();
        repo.restore(saved).await.unwrap();
        assert_eq!(repo.snapshots().await.unwrap(), vec![kept]);
    }
}

mod summary_suite {
    use super::*;
    use tallas_app::domain::evaluation::EvaluationSpec;
    use tallas_app::domain::run::{Run, RunState};
    use tallas_app::domain::tuning::TunedModel;
    use tallas_app::store::{RunRepo, SummaryRepo, TuningRepo, WorkspaceSummary};
    use tallas_core::evaluation::{Definition, Design};

    fn run(id: &str, evaluation: Option<EvaluationSpec>) -> Run {
        Run {
            id: id.into(),
            task: tallas_core::tasks::Task::Refine,
            state: RunState::Finished,
            model: None,
            concurrency: 1,
            created_at_ms: 1,
            items: 0,
            usage: TokenUsage::default(),
            cost_nano_usd: 0,
            unpriced_tokens: 0,
            evaluation: evaluation.map(Box::new),
        }
    }

    fn evaluation() -> EvaluationSpec {
        EvaluationSpec {
            name: "base vs ajustado".into(),
            dataset: None,
            definition: Definition {
                cases: vec![],
                models: vec!["a".into(), "b".into()],
                judge: "j".into(),
                design: Design::AllPairs,
                show_reference: false,
            },
            generate_prompt: "generate-v1".into(),
            judge_prompt: "judge-v1".into(),
        }
    }

    /// Every step of the work is counted, and only what the lists would show.
    pub async fn the_summary_counts_each_step<R>(repo: &R)
    where
        R: JokeRepo + BallotRepo + DatasetRepo + RunRepo + TuningRepo + SummaryRepo,
    {
        assert_eq!(repo.summary().await.unwrap(), WorkspaceSummary::default());
        repo.import(batch(&[("routine_100_transcript.jsonl", TRANSCRIPT), ("jokes.csv", JOKES)])).await.unwrap();
        let ids: Vec<String> = repo.jokes().await.unwrap().into_iter().map(|j| j.id).collect();
        let label = LabelChange { joke_id: ids[0].clone(), label: Some(Label::Funny) };
        repo.set_labels(&[label], 5).await.unwrap();
        repo.save_ballot(&ballot("b1")).await.unwrap();
        repo.record_crowd("b1", vec![tally("b1", &ids[0], 3, 1, 2), tally("b1", &ids[1], 0, 2, 0)]).await.unwrap();
        repo.save_snapshot(&snapshot("viña", 2, 9)).await.unwrap();
        repo.save_tuned(&TunedModel::registered("local:q".into(), None, String::new(), 3)).await.unwrap();
        repo.create_run(run("run-1", None), vec![], vec![]).await.unwrap();
        repo.create_run(run("run-2", Some(evaluation())), vec![], vec![]).await.unwrap();
        let expected = WorkspaceSummary {
            routines: 1,
            jokes: 2,
            labelled: 1,
            runs: 1,
            ballots: 1,
            votes: 8,
            datasets: 1,
            tuned: 1,
            evaluations: 1,
        };
        assert_eq!(repo.summary().await.unwrap(), expected);
        // A labelled joke merged into another is no longer one of the jokes, nor of the labelled.
        repo.edit_jokes(&JokeEdit::MergedInto { joke_ids: vec![ids[0].clone()], into: Some(ids[1].clone()) })
            .await
            .unwrap();
        assert_eq!(repo.summary().await.unwrap(), WorkspaceSummary { jokes: 1, labelled: 0, ..expected });
    }
}

mod tuning_suite {
    use super::*;
    use tallas_app::domain::evaluation::DatasetRef;
    use tallas_app::domain::tuning::{TunedModel, Upload};
    use tallas_app::store::TuningRepo;

    fn upload(dataset_id: &str, training_file: &str) -> Upload {
        Upload {
            dataset_id: dataset_id.into(),
            provider: None,
            training_file: training_file.into(),
            validation_file: None,
            uploaded_at_ms: 7,
        }
    }

    pub async fn tuned_models_are_kept_updated_and_deleted(repo: &impl TuningRepo) {
        assert_eq!(repo.tuned().await.unwrap(), vec![]);
        let dataset = Some(DatasetRef { id: "ds-1".into(), name: "viña".into() });
        let local = TunedModel::registered("local:qwen-tallas".into(), dataset, "Unsloth".into(), 20);
        let other = TunedModel::registered("ft:open-mistral-7b:x".into(), None, String::new(), 10);
        repo.save_tuned(&local).await.unwrap();
        repo.save_tuned(&other).await.unwrap();
        assert_eq!(repo.tuned().await.unwrap(), vec![other.clone(), local.clone()], "by id");
        // Saved again as it now is: replaced, not added.
        let noted = TunedModel { note: "3 épocas".into(), ..local.clone() };
        repo.save_tuned(&noted).await.unwrap();
        assert_eq!(repo.tuned().await.unwrap(), vec![other.clone(), noted]);
        repo.delete_tuned(&local.id).await.unwrap();
        assert_eq!(repo.tuned().await.unwrap(), vec![other]);
    }

    pub async fn a_datasets_upload_is_one_and_the_latest(repo: &impl TuningRepo) {
        assert_eq!(repo.upload("ds-1").await.unwrap(), None);
        repo.save_upload(&upload("ds-1", "file-a")).await.unwrap();
        repo.save_upload(&upload("ds-2", "file-b")).await.unwrap();
        repo.save_upload(&upload("ds-1", "file-c")).await.unwrap();
        assert_eq!(repo.upload("ds-1").await.unwrap(), Some(upload("ds-1", "file-c")));
        assert_eq!(repo.upload("ds-2").await.unwrap(), Some(upload("ds-2", "file-b")));
        // Uploaded to a provider for a job there: that upload takes the place of Mistral's.
        let elsewhere = Upload { provider: Some("local".into()), ..upload("ds-1", "local:file-d") };
        repo.save_upload(&elsewhere).await.unwrap();
        assert_eq!(repo.upload("ds-1").await.unwrap(), Some(elsewhere));
    }

    pub async fn a_backup_carries_tuned_models_and_uploads<R: JokeRepo + TuningRepo>(repo: &R) {
        let tuned = TunedModel::registered("local:qwen-tallas".into(), None, String::new(), 5);
        repo.save_tuned(&tuned).await.unwrap();
        repo.save_upload(&upload("ds-9", "file-9")).await.unwrap();
        let saved = repo.export(9).await.unwrap();
        assert_eq!((saved.tuned.len(), saved.uploads.len()), (1, 1));
        repo.delete_tuned(&tuned.id).await.unwrap();
        repo.restore(saved).await.unwrap();
        assert_eq!(repo.tuned().await.unwrap(), vec![tuned]);
        assert_eq!(repo.upload("ds-9").await.unwrap(), Some(upload("ds-9", "file-9")));
    }
}

/// Declares one test per suite function, run against repositories made by `$make` (an
/// expression that may `.await`): `native` tests block on the future, `browser` tests are async.
macro_rules! suite_tests {
    ($kind:ident: $make:expr) => {
        suite_tests!(@each $kind, $make, [
            starts_empty,
            add_returns_the_exchange_with_a_new_id,
            lists_newest_first,
            keeps_every_field_exactly
        ]);
        suite_tests!(@each_ws $kind, $make, [
            import_merges_a_transcript_with_its_metadata,
            routine_heads_say_what_each_routine_has_without_its_segments,
            typed_details_name_a_routine_and_replace_its_comedians,
            counts_are_routines_and_the_jokes_not_merged_into_another,
            importing_the_same_jokes_twice_adds_nothing_and_keeps_labels,
            bulk_labels_are_one_change_with_a_history_per_joke,
            a_label_for_a_missing_joke_changes_nothing,
            an_edit_becomes_the_current_text_and_keeps_the_old_one,
            keywords_and_merges_are_stored_and_a_merged_joke_is_not_imported_again,
            an_edit_naming_a_missing_joke_changes_nothing,
            a_backup_restores_the_workspace_exactly
        ]);
        suite_tests!(@each_in ballot_suite, $kind, $make, [
            ballots_are_kept_with_their_admin_token,
            pulling_a_ballot_twice_counts_its_votes_once_and_ballots_add_up,
            a_backup_carries_ballots_and_crowd_votes
        ]);
        suite_tests!(@each_in dataset_suite, $kind, $make, [
            a_frozen_dataset_is_kept_whole_listed_and_deleted,
            a_backup_carries_frozen_datasets
        ]);
        suite_tests!(@each_in summary_suite, $kind, $make, [the_summary_counts_each_step]);
        suite_tests!(@each_in tuning_suite, $kind, $make, [
            tuned_models_are_kept_updated_and_deleted,
            a_datasets_upload_is_one_and_the_latest,
            a_backup_carries_tuned_models_and_uploads
        ]);
    };
    (@each_in $suite:ident, native, $make:expr, [$($name:ident),*]) => {
        $(
            #[test]
            fn $name() {
                futures_executor::block_on(async { $suite::$name(&$make).await });
            }
        )*
    };
    (@each_in $suite:ident, browser, $make:expr, [$($name:ident),*]) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                $suite::$name(&$make).await;
            }
        )*
    };
    (@each_ws native, $make:expr, [$($name:ident),*]) => {
        $(
            #[test]
            fn $name() {
                futures_executor::block_on(async { workspace_suite::$name(&$make).await });
            }
        )*
    };
    (@each_ws browser, $make:expr, [$($name:ident),*]) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                workspace_suite::$name(&$make).await;
            }
        )*
    };
    (@each native, $make:expr, [$($name:ident),*]) => {
        $(
            #[test]
            fn $name() {
                futures_executor::block_on(async { suite::$name(&$make).await });
            }
        )*
    };
    (@each browser, $make:expr, [$($name:ident),*]) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            async fn $name() {
                suite::$name(&$make).await;
            }
        )*
    };
}

#[cfg(not(target_arch = "wasm32"))]
mod memory_native {
    use super::*;
    use tallas_app::store::MemoryStore;

    suite_tests!(native: MemoryStore::new());
}

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[cfg(target_arch = "wasm32")]
mod memory_browser {
    use super::*;
    use tallas_app::store::MemoryStore;

    suite_tests!(browser: MemoryStore::new());
}

#[cfg(target_arch = "wasm32")]
mod indexed_db {
    use super::*;
    use indexed_db_futures::database::Database;
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use tallas_app::store::{IndexedDbStore, RunRepo, StoreError};
    use wasm_bindgen_test::wasm_bindgen_test;

    /// A database of its own for each test, so tests cannot see each other's rows. The test
    /// runner's browser profile is thrown away afterwards, which cleans them up.
    fn unique_name(label: &str) -> String {
        format!("tallas-test-{label}-{}", js_sys::Math::random())
    }

    async fn fresh() -> IndexedDbStore {
        IndexedDbStore::open(&unique_name("suite")).await.expect("IndexedDB opens in the test browser")
    }

    suite_tests!(browser: fresh().await);

    #[wasm_bindgen_test]
    async fn exchanges_survive_reopening_the_database() {
        let name = unique_name("reopen");
        let saved = IndexedDbStore::open(&name).await.unwrap().add_exchange(exchange("once", 5)).await.unwrap();
        // A second connection, as after a page reload.
        let listed = IndexedDbStore::open(&name).await.unwrap().list_exchanges().await.unwrap();
        assert_eq!(listed, vec![saved]);
    }

    /// The v1 schema and record, written by hand rather than by the app's code, so that a
    /// change to the app's migrations or types that breaks existing databases fails here.
    /// It checks the upgrade from v1 to the current schema.
    #[wasm_bindgen_test]
    async fn reads_a_database_written_by_schema_v1() {
        let name = unique_name("v1");
        let db = Database::open(name.as_str())
            .with_version(1u32)
            .with_on_upgrade_needed(|_, db| {
                db.create_object_store("playground_exchanges")
                    .with_key_path("id".into())
                    .with_auto_increment(true)
                    .build()?;
                Ok(())
            })
            .await
            .unwrap();
        let row = js_sys::JSON::parse(
            r#"{"keyword":"completo","joke":"Una talla.","model":"mistral-small-latest",
                "prompt_version":"generate-v1","usage":{"prompt_tokens":3,"completion_tokens":5},
                "created_at_ms":1700000000000}"#,
        )
        .unwrap();
        let tx = db.transaction("playground_exchanges").with_mode(TransactionMode::Readwrite).build().unwrap();
        {
            let store = tx.object_store("playground_exchanges").unwrap();
            store.add(row).primitive().unwrap().await.unwrap();
        }
        tx.commit().await.unwrap();
        db.close();

        let upgraded = IndexedDbStore::open(&name).await.unwrap();
        let listed = upgraded.list_exchanges().await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].id, 1);
        assert_eq!(
            listed[0].value,
            Exchange {
                keyword: "completo".into(),
                joke: "Una talla.".into(),
                model: "mistral-small-latest".into(),
                prompt_version: "generate-v1".into(),
                usage: TokenUsage { prompt_tokens: 3, completion_tokens: 5 },
                created_at_ms: 1_700_000_000_000,
            }
        );
        // The upgrade to v2 added the workspace next to the old data, empty and usable.
        assert_eq!(upgraded.jokes().await.unwrap(), vec![]);
        let counts = upgraded.import(batch(&[("jokes.csv", JOKES)])).await.unwrap();
        assert_eq!(counts.jokes_added, 2);
    }

    /// A v2 database (stores and a joke as v2 wrote them, by hand) upgraded to the current
    /// schema: the joke reads unchanged, and the run stores are there, empty and usable.
    #[wasm_bindgen_test]
    async fn reads_a_database_written_by_schema_v2() {
        let name = unique_name("v2");
        let db = Database::open(name.as_str())
            .with_version(2u32)
            .with_on_upgrade_needed(|_, db| {
                db.create_object_store("playground_exchanges")
                    .with_key_path("id".into())
                    .with_auto_increment(true)
                    .build()?;
                db.create_object_store("routines").with_key_path("id".into()).build()?;
                let jokes = db.create_object_store("jokes").with_key_path("id".into()).build()?;
                jokes.create_index("by_routine", "routine_id".into()).build()?;
                jokes.create_index("by_label", "label".into()).build()?;
                let events = db.create_object_store("label_events").with_auto_increment(true).build()?;
                events.create_index("by_joke", "joke_id".into()).build()?;
                db.create_object_store("catalog").build()?;
                Ok(())
            })
            .await
            .unwrap();
        let joke = js_sys::JSON::parse(
            r#"{"id":"jokes.csv#1","routine_id":"100","start_ms":65000,"video_id":"abcdefghijk",
                "versions":[{"kind":"imported","text":"Mi suegra es tan buena...","at_ms":1}],
                "keywords":["suegra"],"label":"funny","source":{"table":{"file_name":"jokes.csv","row":1}}}"#,
        )
        .unwrap();
        let tx = db.transaction("jokes").with_mode(TransactionMode::Readwrite).build().unwrap();
        {
            let store = tx.object_store("jokes").unwrap();
            store.put(joke).primitive().unwrap().await.unwrap();
        }
        tx.commit().await.unwrap();
        db.close();

        let upgraded = IndexedDbStore::open(&name).await.unwrap();
        let jokes = upgraded.jokes().await.unwrap();
        assert_eq!(jokes.len(), 1);
        let joke = &jokes[0];
        assert_eq!((joke.text(), joke.label, joke.llm_label), ("Mi suegra es tan buena...", Some(Label::Funny), None));
        assert_eq!(
            (joke.keywords.clone(), joke.graph.clone(), joke.stamps.len()),
            (vec!["suegra".to_owned()], None, 0)
        );
        assert_eq!(upgraded.runs().await.unwrap(), vec![]);
        let run = tallas_app::domain::run::Run {
            id: "run-1".into(),
            task: tallas_core::tasks::Task::Refine,
            state: tallas_app::domain::run::RunState::Running,
            model: None,
            concurrency: 4,
            created_at_ms: 1,
            items: 1,
            usage: TokenUsage::default(),
            cost_nano_usd: 0,
            unpriced_tokens: 0,
            evaluation: None,
        };
        let item = tallas_app::domain::run::RunItem::new("run-1", joke.id.clone(), "Mi suegra".into());
        upgraded.create_run(run.clone(), vec![item.clone()], vec![]).await.unwrap();
        assert_eq!(upgraded.runs().await.unwrap(), vec![run]);
        assert_eq!(upgraded.run_items("run-1").await.unwrap(), vec![item]);
    }

    /// A v3 database (its stores as v3 made them, by hand) upgraded to the current schema: the
    /// crowd's stores are there, empty and usable, beside what was already kept.
    #[wasm_bindgen_test]
    async fn reads_a_database_written_by_schema_v3() {
        let name = unique_name("v3");
        let db = Database::open(name.as_str())
            .with_version(3u32)
            .with_on_upgrade_needed(|_, db| {
                db.create_object_store("playground_exchanges")
                    .with_key_path("id".into())
                    .with_auto_increment(true)
                    .build()?;
                db.create_object_store("routines").with_key_path("id".into()).build()?;
                let jokes = db.create_object_store("jokes").with_key_path("id".into()).build()?;
                jokes.create_index("by_routine", "routine_id".into()).build()?;
                jokes.create_index("by_label", "label".into()).build()?;
                let events = db.create_object_store("label_events").with_auto_increment(true).build()?;
                events.create_index("by_joke", "joke_id".into()).build()?;
                db.create_object_store("catalog").build()?;
                db.create_object_store("runs").with_key_path("id".into()).build()?;
                let items = db.create_object_store("run_items").with_key_path("key".into()).build()?;
                items.create_index("by_run", "run_id".into()).build()?;
                db.create_object_store("windows").with_key_path("id".into()).build()?;
                Ok(())
            })
            .await
            .unwrap();
        let joke = js_sys::JSON::parse(
            r#"{"id":"jokes.csv#1","routine_id":"100","start_ms":65000,"video_id":"abcdefghijk",
                "versions":[{"kind":"imported","text":"Mi suegra es tan buena...","at_ms":1}],
                "keywords":[],"label":"funny","source":{"table":{"file_name":"jokes.csv","row":1}}}"#,
        )
        .unwrap();
        let tx = db.transaction("jokes").with_mode(TransactionMode::Readwrite).build().unwrap();
        {
            let store = tx.object_store("jokes").unwrap();
            store.put(joke).primitive().unwrap().await.unwrap();
        }
        tx.commit().await.unwrap();
        db.close();

        let upgraded = IndexedDbStore::open(&name).await.unwrap();
        assert_eq!(upgraded.jokes().await.unwrap().len(), 1);
        assert_eq!(upgraded.ballots().await.unwrap(), vec![]);
        upgraded.save_ballot(&ballot("b1")).await.unwrap();
        upgraded.record_crowd("b1", vec![tally("b1", "jokes.csv#1", 1, 0, 0)]).await.unwrap();
        assert_eq!(upgraded.ballots().await.unwrap(), vec![ballot("b1")]);
        assert_eq!(upgraded.crowd().await.unwrap().len(), 1);
        // And v5's frozen datasets.
        assert_eq!(upgraded.snapshots().await.unwrap(), vec![]);
        upgraded.save_snapshot(&snapshot("tras la mejora", 2, 40)).await.unwrap();
        assert_eq!(upgraded.snapshots().await.unwrap().len(), 1);
    }

    #[wasm_bindgen_test]
    async fn a_database_from_a_newer_app_is_reported_not_broken() {
        let name = unique_name("newer");
        let newer = Database::open(name.as_str()).with_version(1000u32).await.unwrap();
        newer.close();
        assert_eq!(IndexedDbStore::open(&name).await.err(), Some(StoreError::NewerVersion));
    }
}
