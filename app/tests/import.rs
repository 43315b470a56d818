//! Import as data: the files in `tests/fixtures/import/` in, a readable report of what each became
//! and what the batch holds out, compared with an insta snapshot. The same files feed the
//! browser end-to-end test.
#![cfg(not(target_arch = "wasm32"))]

use std::fmt::Write;
use std::path::Path;

use tallas_app::domain::import::{ImportOptions, Outcome, read_files};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Imports `names` together and renders the outcome.
fn check(names: &[&str], options: ImportOptions) -> String {
    let contents: Vec<(&str, Vec<u8>)> = names.iter().map(|name| (*name, fixture(name))).collect();
    let (reports, batch) = read_files(contents.iter().map(|(n, b)| (*n, b.as_slice())), options, 1_000);
    let mut out = String::new();
    for report in &reports {
        let read_as = report.read_as.as_deref().unwrap_or("?");
        match &report.outcome {
            Outcome::Read { items, unit } => writeln!(out, "{} ({read_as}): {items} {unit:?}", report.file_name),
            Outcome::Rejected { problems } => {
                writeln!(out, "{} ({read_as}): REJECTED", report.file_name).unwrap();
                problems.iter().try_for_each(|p| writeln!(out, "  ! {p}"))
            }
        }
        .unwrap();
        for warning in &report.warnings {
            writeln!(out, "  ~ {warning}").unwrap();
        }
    }
    let batch = batch.deduplicated();
    writeln!(out, "---").unwrap();
    for routine in &batch.routines {
        let segments = routine.transcript.as_ref().map_or(0, |t| t.segments.len());
        let year = routine.meta.as_ref().and_then(|m| m.year);
        writeln!(out, "routine {}: {segments} segments, year {year:?}", routine.id).unwrap();
    }
    for joke in &batch.jokes {
        writeln!(out, "joke {} [{:?}]: {}", joke.id, joke.video_url(), joke.text()).unwrap();
    }
    for entry in &batch.catalog {
        writeln!(out, "catalog {entry:?}").unwrap();
    }
    out
}

#[test]
fn every_kind_of_file_at_once() {
    let names = [
        "routine_900.jsonl",
        "routine_901.srt",
        "broken.vtt",
        "jokes.csv",
        "routines.csv",
        "shows.csv",
        "comedians.csv",
        "notas.csv",
    ];
    insta::assert_snapshot!(check(&names, ImportOptions::default()));
}

#[test]
fn lenient_keeps_the_good_cues_of_a_broken_file() {
    insta::assert_snapshot!(check(&["broken.vtt"], ImportOptions { lenient: true }));
}

#[test]
fn an_empty_file_is_refused_with_a_reason() {
    let (reports, batch) = read_files([("vacío.srt", b"  \n".as_slice())], ImportOptions::default(), 0);
    assert!(matches!(&reports[0].outcome, Outcome::Rejected { problems } if problems[0].contains("vacío")));
    assert!(batch.is_empty());
}
