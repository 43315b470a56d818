//! Segments to utterances. Captions cut speech at arbitrary points (YouTube every few seconds,
//! Whisper every ~300 characters); utterances rejoin them where the speaker paused, so a joke is
//! read as said. The rule is the original pipeline's, without its flaws: a group closes at a
//! pause longer than `min_pause_ms` once it spans more than `min_group_ms`, or before it would
//! pass `max_group_chars`; every segment lands in exactly one group (the original duplicated the
//! first caption and let groups grow to 496 characters). One addition: a segment that is only a
//! marker (`[Risas]`) always joins the utterance before it, the one it reacts to.

use std::ops::Range;

use serde::Serialize;

use super::{Event, Segment, Tokenizer};

/// Knobs of [`group_utterances`] and [`super::pack_windows`]; the defaults are the original
/// pipeline's values plus a one-utterance overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SegmentationConfig {
    /// A pause longer than this (between one segment's end and the next one's start) may close
    /// a group. Corpus segments overlap in time: a negative pause is no pause.
    pub min_pause_ms: u64,
    /// ... but only once the group spans more than this.
    pub min_group_ms: u64,
    /// A group never grows past this many characters, unless a single segment is longer.
    pub max_group_chars: usize,
    /// A window never holds more characters than this, unless a single utterance is longer.
    pub max_window_chars: usize,
    /// How many utterances at the end of a window open the next one, so that a joke cut at a
    /// border is read whole in one of them.
    pub overlap_utterances: usize,
    /// When a window is full, it ends at the best laughter or pause boundary within its last
    /// `boundary_zone_percent` of `max_window_chars`.
    pub boundary_zone_percent: u8,
    /// The tokenizer family each window's [`super::estimate_tokens`] is for.
    pub tokenizer: Tokenizer,
}

impl Default for SegmentationConfig {
    fn default() -> Self {
        Self {
            min_pause_ms: 100,
            min_group_ms: 1_000,
            max_group_chars: 300,
            max_window_chars: 3_000,
            overlap_utterances: 1,
            boundary_zone_percent: 20,
            tokenizer: Tokenizer::default(),
        }
    }
}

/// Consecutive segments spoken without a real pause.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Utterance {
    /// Indexes of its segments in the transcript.
    pub segments: Range<usize>,
    /// The earliest start and the latest end among its segments, when known.
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
    /// The segments' texts joined by spaces, without markers.
    pub text: String,
    /// Events with offsets into `text`.
    pub events: Vec<Event>,
}

impl Utterance {
    /// Characters of `text` (what `max_group_chars` limits).
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// The text with each event written back as its marker ("y le dije [ __ ] [risas]"), as a
    /// model should read it.
    pub fn render(&self) -> String {
        if self.events.is_empty() {
            // Most utterances: the text alone, as the general case below would join it.
            return self.text.trim().to_owned();
        }
        let mut pieces: Vec<&str> = Vec::with_capacity(self.events.len() * 2 + 1);
        let mut last = 0;
        for event in &self.events {
            let at = event.at().clamp(last, self.text.len());
            pieces.extend(self.text.get(last..at).map(str::trim).filter(|p| !p.is_empty()));
            pieces.push(event.marker());
            last = at;
        }
        pieces.extend(self.text.get(last..).map(str::trim).filter(|p| !p.is_empty()));
        pieces.join(" ")
    }

    /// Laughter or applause within the last few words: the utterance closes a joke.
    pub(crate) fn ends_with_reaction(&self) -> bool {
        self.events
            .iter()
            .any(|e| e.ends_a_joke() && self.text.get(e.at()..).is_some_and(|rest| rest.chars().count() <= 20))
    }

    /// Laughter or applause before any word: the previous utterance closed a joke.
    pub(crate) fn starts_with_reaction(&self) -> bool {
        self.events.iter().any(|e| e.ends_a_joke() && e.at() == 0)
    }
}

/// Joins segments into utterances (see the module docs for the rule).
pub fn group_utterances(segments: &[Segment], config: &SegmentationConfig) -> Vec<Utterance> {
    let mut groups: Vec<Utterance> = Vec::new();
    // The open group and its characters, kept as it grows rather than recounted per segment.
    let mut current: Option<(Utterance, usize)> = None;
    for (i, segment) in segments.iter().enumerate() {
        let segment_chars = segment.text.chars().count();
        if let Some((group, group_chars)) = current.take() {
            if closes_before(&group, group_chars, segment, segment_chars, config) {
                groups.push(group);
            } else {
                current = Some((group, group_chars));
            }
        }
        match current.as_mut() {
            Some((group, group_chars)) => {
                *group_chars += usize::from(!group.text.is_empty() && !segment.text.is_empty()) + segment_chars;
                append(group, i, segment);
            }
            None => {
                let group = Utterance {
                    segments: i..i + 1,
                    start_ms: segment.start_ms,
                    end_ms: segment.end_ms,
                    text: segment.text.clone(),
                    events: segment.events.clone(),
                };
                current = Some((group, segment_chars));
            }
        }
    }
    groups.extend(current.map(|(group, _)| group));
    groups
}

/// Whether `group` (of `group_chars` characters) closes before `next` (of `next_chars`).
fn closes_before(
    group: &Utterance,
    group_chars: usize,
    next: &Segment,
    next_chars: usize,
    config: &SegmentationConfig,
) -> bool {
    if next.text.is_empty() {
        // A segment that is only "[Risas]" reacts to what was just said: it ends that utterance
        // (adding no characters) instead of opening the next one. That makes utterances end at
        // punchlines, the boundaries windows prefer.
        return false;
    }
    let separator = usize::from(!group.text.is_empty() && !next.text.is_empty());
    let joined = group_chars + separator + next_chars;
    if joined > config.max_group_chars {
        return true;
    }
    match (pause_ms(group.end_ms, next.start_ms), span_ms(group)) {
        (Some(pause), Some(span)) => pause > i128::from(config.min_pause_ms) && span > config.min_group_ms,
        // Without times (plain text), the source's own lines are the utterances.
        _ => true,
    }
}

/// The silence between an end and the next start; negative when they overlap.
pub(crate) fn pause_ms(end: Option<u64>, next_start: Option<u64>) -> Option<i128> {
    Some(i128::from(next_start?) - i128::from(end?))
}

fn span_ms(group: &Utterance) -> Option<u64> {
    Some(group.end_ms?.saturating_sub(group.start_ms?))
}

fn append(group: &mut Utterance, index: usize, segment: &Segment) {
    group.segments.end = index + 1;
    group.start_ms = min_known(group.start_ms, segment.start_ms);
    group.end_ms = max_known(group.end_ms, segment.end_ms);
    if !segment.text.is_empty() && !group.text.is_empty() {
        // Events waiting at the end move to the start of the words that now follow them.
        let end = group.text.len();
        for event in &mut group.events {
            if event.at() == end {
                *event = event.moved_to(end + 1);
            }
        }
        group.text.push(' ');
    }
    let offset = group.text.len();
    group.text.push_str(&segment.text);
    group.events.extend(segment.events.iter().map(|e| e.moved_to(offset + e.at())));
}

pub(crate) fn min_known(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

pub(crate) fn max_known(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn seg(start: u64, end: u64, text: &str) -> Segment {
        Segment { start_ms: Some(start), end_ms: Some(end), text: text.into(), events: vec![] }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn closes_at_a_pause_once_long_enough() {
        let segments = [seg(0, 600, "a"), seg(800, 1_500, "b"), seg(1_700, 2_000, "c"), seg(1_900, 2_500, "d")];
        let groups = group_utterances(&segments, &SegmentationConfig::default());
        // The pause before "b" comes too early (span 0.6 s); "c" follows a 0.2 s pause after
        // 1.5 s; "d" overlaps "c" (a negative pause).
        let texts: Vec<_> = groups.iter().map(|g| (g.text.as_str(), g.segments.clone())).collect();
        assert_eq!(texts, [("a b", 0..2), ("c d", 2..4)]);
        assert_eq!((groups[1].start_ms, groups[1].end_ms), (Some(1_700), Some(2_500)));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn renders_events_and_moves_trailing_ones_forward() {
        let mut laugh = seg(0, 100, "");
        laugh.events.push(Event::Laughter { at: 0 });
        let config = SegmentationConfig { min_pause_ms: 10_000, ..Default::default() };
        let groups = group_utterances(&[seg(0, 50, "chiste"), laugh, seg(100, 200, "otro")], &config);
        assert_eq!(groups[0].text, "chiste otro");
        assert_eq!(groups[0].events, [Event::Laughter { at: 7 }]);
        assert_eq!(groups[0].render(), "chiste [risas] otro");
    }
}
