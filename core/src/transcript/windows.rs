//! Utterances to windows: the pieces of a routine a model reads at once to extract its jokes.
//! A window holds up to `max_window_chars`; when one is full it ends at the best boundary in its
//! last stretch (laughter or applause first, then the longest pause), because that is where a
//! joke ends; and the next window repeats its last `overlap_utterances` utterances, so a joke
//! that straddles the border is still read whole once.

use std::ops::Range;

use serde::Serialize;

use super::segmentation::{max_known, min_known, pause_ms};
use super::{SegmentationConfig, Transcript, Utterance, estimate_tokens, group_utterances};

/// A window of one routine.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Window {
    /// The caller's id of the routine, carried into every result made from this window.
    pub routine_id: String,
    /// Position of the window in the routine, from 0.
    pub index: usize,
    /// The utterances it covers (indexes into [`Segmentation::utterances`]).
    pub utterances: Range<usize>,
    /// How many of those, at the start, the previous window also covered.
    pub overlap: usize,
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
    /// The rendered utterances, one a line.
    pub text: String,
    /// Characters of `text`.
    pub chars: usize,
    /// [`estimate_tokens`] of `text` for the configured [`super::Tokenizer`].
    pub estimated_tokens: u32,
}

/// A routine cut for a model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segmentation {
    pub utterances: Vec<Utterance>,
    pub windows: Vec<Window>,
}

/// Groups a transcript's segments into utterances and packs them into windows.
pub fn segment_transcript(transcript: &Transcript, routine_id: &str, config: &SegmentationConfig) -> Segmentation {
    let utterances = group_utterances(&transcript.segments, config);
    let windows = pack_windows(&utterances, routine_id, config);
    Segmentation { utterances, windows }
}

/// Packs utterances into windows (see the module docs). Every utterance is new in exactly one
/// window, in order; a window's first `overlap` utterances repeat the previous window's last ones.
pub fn pack_windows(utterances: &[Utterance], routine_id: &str, config: &SegmentationConfig) -> Vec<Window> {
    let rendered: Vec<String> = utterances.iter().map(Utterance::render).collect();
    let lengths = Lengths::new(&rendered);
    let max = config.max_window_chars;
    // In u128 so that no configured size can overflow.
    let keep = u128::from(100 - config.boundary_zone_percent.min(100));
    let zone_floor = usize::try_from(max as u128 * keep / 100).unwrap_or(max);
    let mut windows: Vec<Window> = Vec::new();
    let mut next_new = 0;
    while next_new < utterances.len() {
        let mut overlap = windows.last().map_or(0, |w| config.overlap_utterances.min(w.utterances.len()));
        // The repeated utterances must leave room for at least one new one.
        while overlap > 0 && lengths.joined(next_new - overlap..next_new + 1) > max {
            overlap -= 1;
        }
        let start = next_new - overlap;
        let mut end = next_new + 1;
        while end < utterances.len() && lengths.joined(start..end + 1) <= max {
            end += 1;
        }
        if end < utterances.len() {
            // Full: end at the best boundary in the last stretch, or where it filled up.
            let best = (next_new + 1..=end)
                .filter(|&c| lengths.joined(start..c) >= zone_floor)
                .map(|c| (boundary_score(&utterances[c - 1], &utterances[c], config), c))
                .max();
            if let Some((score, c)) = best
                && score > 0
            {
                end = c;
            }
        }
        let covered = &utterances[start..end];
        let text = rendered[start..end].join("\n");
        windows.push(Window {
            routine_id: routine_id.to_owned(),
            index: windows.len(),
            utterances: start..end,
            overlap,
            start_ms: covered.iter().fold(None, |acc, u| min_known(acc, u.start_ms)),
            end_ms: covered.iter().fold(None, |acc, u| max_known(acc, u.end_ms)),
            chars: lengths.joined(start..end),
            estimated_tokens: estimate_tokens(&text, config.tokenizer),
            text,
        });
        next_new = end;
    }
    windows
}

/// How good a place the border between `before` and `after` is to end a window: laughter or
/// applause dominate, the pause breaks ties (and is all there is without reactions).
fn boundary_score(before: &Utterance, after: &Utterance, config: &SegmentationConfig) -> u64 {
    const REACTION_AT_END: u64 = 2_000_000;
    const REACTION_AFTER: u64 = 1_000_000;
    let reaction = if before.ends_with_reaction() {
        REACTION_AT_END
    } else if after.starts_with_reaction() {
        REACTION_AFTER
    } else {
        0
    };
    let pause = match pause_ms(before.end_ms, after.start_ms) {
        Some(p) if p > i128::from(config.min_pause_ms) => u64::try_from(p).unwrap_or(0).min(REACTION_AFTER - 1),
        _ => 0,
    };
    reaction + pause
}

/// Character counts of the rendered utterances, summed in O(1) per range.
struct Lengths {
    prefix: Vec<usize>,
}

impl Lengths {
    fn new(rendered: &[String]) -> Self {
        let mut prefix = Vec::with_capacity(rendered.len() + 1);
        prefix.push(0);
        for r in rendered {
            prefix.push(prefix.last().copied().unwrap_or(0) + r.chars().count());
        }
        Self { prefix }
    }

    /// Characters of the utterances in `range` joined by line breaks.
    fn joined(&self, range: Range<usize>) -> usize {
        let lines = range.end.saturating_sub(range.start);
        self.prefix[range.end] - self.prefix[range.start] + lines.saturating_sub(1)
    }
}
