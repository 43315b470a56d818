//! The kit's counts in words, for the card, the manifest and the absent files' reasons. English, as
//! a Hugging Face card is read (the data itself is Spanish).

use super::labels::{LabelCounts, LeftOut};
use super::preferences::{PreferenceCounts, Refused};

/// `1 tie`, `3 ties`.
pub(super) fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The non-zero parts, joined by commas.
fn parts(items: &[(usize, &str, &str)]) -> String {
    items.iter().filter(|(n, ..)| *n > 0).map(|(n, one, many)| count(*n, one, many)).collect::<Vec<_>>().join(", ")
}

/// Why pairs were refused, e.g. `1 on a validation keyword, 2 with the same joke twice`; empty
/// when none was.
pub(super) fn refused(refused: &Refused) -> String {
    parts(&[
        (refused.unusable_keyword, "with a keyword the app never asks", "with a keyword the app never asks"),
        (refused.validation_keyword, "on a validation keyword", "on a validation keyword"),
        (refused.empty_joke, "with an empty joke", "with an empty joke"),
        (refused.same_joke, "with the same joke twice", "with the same joke twice"),
        (refused.validation_joke, "with a validation joke", "with a validation joke"),
    ])
}

/// Why decided jokes have no row, e.g. `1 in the validation split, 1 near-duplicate of one`.
pub(super) fn left_out(left_out: &LeftOut) -> String {
    parts(&[
        (left_out.in_validation, "in the validation split", "in the validation split"),
        (left_out.validation_cluster, "near-duplicate of a validation joke", "near-duplicates of validation jokes"),
        (left_out.validation_text, "with a validation joke's text", "with a validation joke's text"),
        (left_out.no_keyword, "without a usable keyword", "without a usable keyword"),
        (left_out.empty_joke, "empty", "empty"),
        (left_out.duplicate_id, "with a repeated id", "with a repeated id"),
    ])
}

/// Why `data/preferences.jsonl` is absent (it has no row).
pub(super) fn no_preferences(counts: &PreferenceCounts) -> String {
    if counts.arena_votes == 0 && counts.evaluation_pairs == 0 {
        return "no arena vote decided and no evaluation win accepted as a source".to_owned();
    }
    let unresolved = parts(&[
        (counts.ties, "tie", "ties"),
        (counts.neither, "\"neither\" (both bad)", "\"neither\" (both bad)"),
        (counts.unvoted, "match never voted on", "matches never voted on"),
    ]);
    let refused_pairs = match counts.refused.total() {
        0 => String::new(),
        n => format!("{} refused: {}", count(n, "pair", "pairs"), refused(&counts.refused)),
    };
    let why: Vec<String> = [unresolved, refused_pairs].into_iter().filter(|s| !s.is_empty()).collect();
    format!("no arena vote or evaluation win prefers one usable joke to another: {}", why.join("; "))
}

/// Why `data/labels.jsonl` is absent (it has no row).
pub(super) fn no_labels(counts: &LabelCounts) -> String {
    let decided = counts.left_out.total();
    if decided == 0 {
        let undecided = match counts.undecided {
            0 => String::new(),
            n => format!(" ({} undecided)", count(n, "joke", "jokes")),
        };
        return format!("no joke decided funny or not funny by the curator or the crowd{undecided}");
    }
    let lead = match decided {
        1 => "the one decided joke may not be trained on".to_owned(),
        n => format!("none of the {n} decided jokes may be trained on"),
    };
    format!("{lead}: {}", left_out(&counts.left_out))
}
