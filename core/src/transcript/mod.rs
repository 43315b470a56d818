//! Comedy transcripts in, LLM-sized windows out.
//!
//! 1. [`parse`] reads one of eleven transcript formats ([`Format`], auto-[`detect`]ed) into timed
//!    [`Segment`]s with clean text: doubly encoded UTF-8 repaired, whitespace and Unicode (NFC)
//!    normalised, `[Risas]`-style markers turned into [`Event`]s, likely lost accents flagged.
//! 2. [`group_utterances`] joins segments into utterances and [`pack_windows`] packs those into
//!    overlapping windows for the joke-extraction prompt ([`segment_transcript`] does both).
//! 3. [`parse_jokes`], [`parse_routines`], [`parse_comedians`] and [`parse_shows`] read the
//!    curated corpus tables.
//!
//! Everything takes `&str` or `&[u8]` and never panics; malformed input gives an [`Issue`] that
//! names the format, line and column. Strict mode (the default) refuses an input with any bad
//! row and lists them all in a [`ParseReport`]; lenient mode drops the bad rows, keeps the good
//! ones and reports the bad ones in [`Transcript::warnings`]. A file that cannot be read at all
//! (JSON that does not parse, a table without its columns) is refused in both modes. Warnings
//! (repaired encoding, lost accents, an end time before its start, which is set to the start)
//! never make parsing fail.

mod accents;
mod cues;
mod decode;
mod detect;
mod health;
mod issue;
mod json3;
mod json_spans;
mod jsonl;
mod markers;
mod markup;
mod mojibake;
mod plain;
mod sbv;
mod segmentation;
mod srt;
mod tables;
mod tables_jokes;
mod tables_metadata;
mod timecode;
mod tokens;
mod ttml;
mod video_id;
mod vtt;
mod whisper;
mod whisper_tsv;
mod windows;
mod youtube_api;

use std::fmt;

use serde::Serialize;

pub use detect::detect;
pub use issue::{Input, Issue, IssueKind, ParseReport, Severity, Table};
pub use segmentation::{SegmentationConfig, Utterance, group_utterances};
pub use tables::{Rows, TableOptions};
pub use tables_jokes::{CuratedJoke, parse_jokes};
pub use tables_metadata::{Comedian, Routine, Show, parse_comedians, parse_routines, parse_shows};
pub use tokens::{Tokenizer, estimate_tokens};
pub use video_id::youtube_video_id;
pub use windows::{Segmentation, Window, pack_windows, segment_transcript};

/// The transcript formats [`parse`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// One JSON object a line: `start_time`, `end_time` (seconds), `transcript`, and optionally
    /// `timestamp` ("H:MM:SS"), `language`, `from_whisper`, `transcript_length`.
    SegmentJsonl,
    /// youtube-transcript-api's list: `[{"text", "start", "duration"}]` (seconds).
    YoutubeTranscriptApi,
    /// YouTube's json3 timed text: `{"events": [{"tStartMs", "dDurationMs", "segs": [{"utf8"}]}]}`.
    YoutubeJson3,
    /// SubRip: numbered cues, `00:00:01,000 --> 00:00:02,000`.
    Srt,
    /// WebVTT, including YouTube's rolling auto-captions.
    #[serde(rename = "webvtt")]
    WebVtt,
    /// Whisper's JSON: the command line's, the API's `verbose_json`, WhisperX's and
    /// faster-whisper's (segments with `words`), and whisper.cpp's `transcription`.
    WhisperJson,
    /// Whisper's TSV: `start<TAB>end<TAB>text`, times in whole milliseconds.
    WhisperTsv,
    /// YouTube Studio's SubViewer download: `H:MM:SS.mmm,H:MM:SS.mmm`, then the caption.
    Sbv,
    /// W3C Timed Text (`yt-dlp --sub-format ttml`): `<p begin end|dur>` in a `<tt>` document.
    Ttml,
    /// YouTube's timed-text XML: srv3 (`<timedtext><body><p t d>`, milliseconds) and srv1
    /// (`<transcript><text start dur>`, seconds).
    YoutubeTimedText,
    /// One utterance a line, optionally prefixed by `[H:]MM:SS`.
    PlainText,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::SegmentJsonl => "segment JSONL",
            Format::YoutubeTranscriptApi => "youtube-transcript-api JSON",
            Format::YoutubeJson3 => "YouTube json3",
            Format::Srt => "SRT",
            Format::WebVtt => "WebVTT",
            Format::WhisperJson => "Whisper JSON",
            Format::WhisperTsv => "Whisper TSV",
            Format::Sbv => "SBV",
            Format::Ttml => "TTML",
            Format::YoutubeTimedText => "YouTube timed text (srv3)",
            Format::PlainText => "plain text",
        })
    }
}

/// How [`parse`] treats its input.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// Keep the good rows of a damaged file and report the bad ones in
    /// [`Transcript::warnings`] instead of refusing the file.
    pub lenient: bool,
    /// The format to read; detected from the content when absent.
    pub format: Option<Format>,
}

/// A parsed transcript.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Transcript {
    pub format: Format,
    pub segments: Vec<Segment>,
    /// Warnings (lost accents, repaired encoding) and, in lenient mode, the errors of the rows
    /// that were dropped.
    pub warnings: Vec<Issue>,
}

/// A timed piece of text as the source cut it (a caption, a cue, a line).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Absent when the source has no times (plain text without prefixes).
    pub start_ms: Option<u64>,
    pub end_ms: Option<u64>,
    /// Clean text without event markers; may be empty when the segment was only a marker.
    pub text: String,
    pub events: Vec<Event>,
}

/// A non-verbal moment the captions marked, at a byte offset `at` into the text it belongs to:
/// the marker stood just before `text[at..]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Event {
    /// `[Risas]`, `(risas)`, `[Laughter]`.
    Laughter { at: usize },
    /// `[Aplausos]`, `[Applause]`.
    Applause { at: usize },
    /// `[Música]`, `[Music]`.
    Music { at: usize },
    /// YouTube's `[ __ ]`: a word (usually a swear word) the captions hid.
    Masked { at: usize },
}

impl Event {
    pub fn at(self) -> usize {
        match self {
            Event::Laughter { at } | Event::Applause { at } | Event::Music { at } | Event::Masked { at } => at,
        }
    }

    /// The same event at another offset (used when texts are joined).
    pub fn moved_to(self, at: usize) -> Self {
        match self {
            Event::Laughter { .. } => Event::Laughter { at },
            Event::Applause { .. } => Event::Applause { at },
            Event::Music { .. } => Event::Music { at },
            Event::Masked { .. } => Event::Masked { at },
        }
    }

    /// How the event is written back into text shown to a model: a short Spanish tag, and YouTube's
    /// own mask for hidden words.
    pub fn marker(self) -> &'static str {
        match self {
            Event::Laughter { .. } => "[risas]",
            Event::Applause { .. } => "[aplausos]",
            Event::Music { .. } => "[música]",
            Event::Masked { .. } => "[ __ ]",
        }
    }

    /// The event [`Event::marker`] writes, read back (stored transcripts keep events as markers).
    pub fn from_marker(marker: &str, at: usize) -> Option<Self> {
        match marker {
            "[risas]" => Some(Event::Laughter { at }),
            "[aplausos]" => Some(Event::Applause { at }),
            "[música]" => Some(Event::Music { at }),
            "[ __ ]" => Some(Event::Masked { at }),
            _ => None,
        }
    }

    /// Laughter and applause close a joke: the best places to cut a window.
    pub fn ends_a_joke(self) -> bool {
        matches!(self, Event::Laughter { .. } | Event::Applause { .. })
    }
}

/// Reads a transcript. See the module docs for strict and lenient modes.
pub fn parse<T: AsRef<[u8]> + ?Sized>(input: &T, options: &ParseOptions) -> Result<Transcript, ParseReport> {
    let (utf8, encoding) = decode::to_utf8(input.as_ref());
    let bytes = decode::strip_bom(&utf8);
    let format = options.format.unwrap_or_else(|| detect(bytes));
    let decoded = decode::decode(bytes, format);
    let mut issues = decoded.issues;
    if let Some(encoding) = encoding {
        issues.push(Issue::warning(format, 1, 1, IssueKind::ReadAs { encoding: encoding.name().to_owned() }));
    }
    let raw = match format {
        Format::SegmentJsonl => jsonl::parse(&decoded.text),
        Format::YoutubeTranscriptApi => youtube_api::parse(&decoded.text),
        Format::YoutubeJson3 => json3::parse(&decoded.text),
        Format::Srt => srt::parse(&decoded.text),
        Format::WebVtt => vtt::parse(&decoded.text),
        Format::WhisperJson => whisper::parse(&decoded.text),
        Format::WhisperTsv => whisper_tsv::parse(&decoded.text),
        Format::Sbv => sbv::parse(&decoded.text),
        Format::Ttml | Format::YoutubeTimedText => ttml::parse(&decoded.text, format),
        Format::PlainText => plain::parse(&decoded.text),
    };
    issues.extend(raw.issues);
    if raw.fatal || (!options.lenient && issues.iter().any(Issue::is_error)) {
        issues.retain(Issue::is_error);
        return Err(ParseReport { issues });
    }
    let (segments, warnings) = health::finish(format, raw.segments);
    if segments.is_empty() {
        issues.retain(Issue::is_error);
        issues.push(Issue::error(format, 1, 1, IssueKind::NoText));
        return Err(ParseReport { issues });
    }
    issues.extend(warnings);
    Ok(Transcript { format, segments, warnings: issues })
}

/// A segment as a format parser read it, before the text is cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawSegment {
    start_ms: Option<u64>,
    end_ms: Option<u64>,
    text: String,
    /// Where the text starts in the input, for warnings about it.
    line: usize,
    column: usize,
}

/// What a format parser returns.
#[derive(Debug, Default)]
struct RawParse {
    segments: Vec<RawSegment>,
    issues: Vec<Issue>,
    /// The input could not be read at all (no rows to keep, even in lenient mode).
    fatal: bool,
}

impl RawParse {
    fn fatal(issue: Issue) -> Self {
        Self { segments: Vec::new(), issues: vec![issue], fatal: true }
    }
}

/// An end before its start becomes the start, with a warning. The corpus has such rows (YouTube
/// captions whose end was copied from the caption before): their text is good, only the end is
/// unknown, so refusing the file over it would lose a routine for nothing.
fn end_not_before_start(
    format: Format,
    (line, column): (usize, usize),
    start_ms: u64,
    end_ms: u64,
    warnings: &mut Vec<Issue>,
) -> u64 {
    if end_ms < start_ms {
        warnings.push(Issue::warning(format, line, column, IssueKind::EndBeforeStart { start_ms, end_ms }));
        start_ms
    } else {
        end_ms
    }
}
