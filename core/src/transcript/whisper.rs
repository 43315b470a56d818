//! Whisper's JSON, as the tools of its family write it:
//! - the `whisper` command line (`--output_format json`): `{"text", "segments": [{"id", "seek",
//!   "start", "end", "text", "tokens", …}], "language"}`;
//! - the transcription API's `verbose_json`: the same segments, with `task` and `duration`;
//! - WhisperX and exports of faster-whisper: segments with `words` (`[{"word", "start", "end"}]`)
//!   and maybe a `speaker`;
//! - whisper.cpp (`-oj`): `{"transcription": [{"timestamps": {"from", "to"}, "offsets": {"from",
//!   "to"}, "text"}]}`, offsets in milliseconds.
//!
//! Segment times are used; word times are not kept (a segment holds no word times in this model),
//! though their segment's are checked to be there. An empty list, which each tool writes when it
//! heard no speech, is refused with words rather than imported as an empty routine.
//!
//! A whole, well-formed file is read in one pass (each segment's text borrowed where it holds no
//! escapes); only a file with a problem is read again element by element, so that every bad
//! segment is named and, in lenient mode, the good ones kept.

use std::borrow::Cow;

use serde::Deserialize;

use super::decode::LineIndex;
use super::json_spans::{self, Kind};
use super::jsonl::seconds;
use super::{Format, Issue, RawParse, RawSegment, end_not_before_start};

const FORMAT: Format = Format::WhisperJson;

#[derive(Deserialize)]
#[serde(expecting = "a segment object with `start`, `end` (seconds) and `text`")]
struct Segment<'a> {
    #[serde(deserialize_with = "seconds")]
    start: u64,
    #[serde(deserialize_with = "seconds")]
    end: u64,
    #[serde(borrow)]
    text: Cow<'a, str>,
}

#[derive(Deserialize)]
#[serde(expecting = "a transcription object with `offsets` {`from`, `to`} (milliseconds) and `text`")]
struct CppSegment<'a> {
    offsets: Offsets,
    #[serde(borrow)]
    text: Cow<'a, str>,
}

/// A segment for the element-by-element read, which parses each element alone.
#[derive(Deserialize)]
#[serde(expecting = "a segment object with `start`, `end` (seconds) and `text`")]
struct OneSegment {
    #[serde(deserialize_with = "seconds")]
    start: u64,
    #[serde(deserialize_with = "seconds")]
    end: u64,
    text: String,
}

#[derive(Deserialize)]
#[serde(expecting = "a transcription object with `offsets` {`from`, `to`} (milliseconds) and `text`")]
struct OneCppSegment {
    offsets: Offsets,
    text: String,
}

/// The whole file, for the one-pass read.
#[derive(Deserialize)]
struct Whole<'a> {
    #[serde(default, borrow)]
    segments: Option<Vec<Segment<'a>>>,
    #[serde(default, borrow)]
    transcription: Option<Vec<CppSegment<'a>>>,
}

#[derive(Deserialize)]
#[serde(expecting = "`offsets` with `from` and `to` in whole milliseconds")]
struct Offsets {
    from: u64,
    to: u64,
}

pub(super) fn parse(text: &str) -> RawParse {
    if let Some(read) = whole(text) {
        return read;
    }
    if let Err(issue) = json_spans::validate(text, FORMAT) {
        return RawParse::fatal(issue);
    }
    let index = LineIndex::new(text);
    let list = |key: &str| {
        json_spans::object_member(text, 0, key).filter(|s| json_spans::kind_at(text, s.start) == Kind::Array)
    };
    let (at, mut segments, mut issues): (usize, Vec<RawSegment>, Vec<Issue>) = if let Some(span) = list("segments") {
        let (items, issues) = json_spans::parse_elements::<OneSegment>(text, span.start, FORMAT, &index);
        let read = items.into_iter().map(|(span, s)| located(text, &index, span, s.start, s.end, s.text)).collect();
        (span.start, read, issues)
    } else if let Some(span) = list("transcription") {
        let (items, issues) = json_spans::parse_elements::<OneCppSegment>(text, span.start, FORMAT, &index);
        let read = items
            .into_iter()
            .map(|(span, s)| located(text, &index, span, s.offsets.from, s.offsets.to, s.text))
            .collect();
        (span.start, read, issues)
    } else {
        let found = match json_spans::kind_at(text, 0) {
            Kind::Object => "an object without a `segments` or `transcription` list",
            _ => json_spans::describe_at(text, 0),
        };
        let expected = "Whisper's JSON: an object with a `segments` list (or whisper.cpp's `transcription`)";
        return RawParse::fatal(Issue::expected(FORMAT, 1, 1, expected, found));
    };
    if segments.is_empty() && issues.is_empty() {
        let (line, column) = index.locate(at);
        let found = "an empty list: the transcriber heard no speech (check the audio, or import another file)";
        return RawParse::fatal(Issue::expected(FORMAT, line, column, "at least one segment", found));
    }
    for segment in &mut segments {
        if let (Some(start), Some(end)) = (segment.start_ms, segment.end_ms) {
            let at = (segment.line, segment.column);
            segment.end_ms = Some(end_not_before_start(FORMAT, at, start, end, &mut issues));
        }
    }
    RawParse { segments, issues, fatal: false }
}

/// A segment's start and end (ms) and its text, as the one-pass read found them.
type Timed<'a> = (u64, u64, Cow<'a, str>);

/// A well-formed file with segments, read in one pass; `None` for anything else, which the
/// element-by-element read explains. Each segment is located at its own `"text"` key, found by
/// walking forward through the file from its list.
fn whole(text: &str) -> Option<RawParse> {
    let read: Whole = serde_json::from_str(text).ok()?;
    let (key, times): (&str, Vec<Timed>) = match (read.segments, read.transcription) {
        (Some(segments), _) if !segments.is_empty() => {
            ("segments", segments.into_iter().map(|s| (s.start, s.end, s.text)).collect())
        }
        (_, Some(cpp)) if !cpp.is_empty() => {
            ("transcription", cpp.into_iter().map(|s| (s.offsets.from, s.offsets.to, s.text)).collect())
        }
        _ => return None,
    };
    let index = LineIndex::new(text);
    let mut cursor = json_spans::object_member(text, 0, key)?.start;
    let mut out = RawParse::default();
    for (start, end, said) in times {
        let at = text.get(cursor..).and_then(|rest| rest.find("\"text\"")).map_or(cursor, |i| cursor + i);
        cursor = at + 1;
        let (line, column) = index.locate(at);
        let end = end_not_before_start(FORMAT, (line, column), start, end, &mut out.issues);
        out.segments.push(RawSegment {
            start_ms: Some(start),
            end_ms: Some(end),
            text: said.into_owned(),
            line,
            column,
        });
    }
    Some(out)
}

/// A segment read at `span`, located at its `"text"` (where warnings about its text point).
fn located(
    text: &str,
    index: &LineIndex,
    span: std::ops::Range<usize>,
    start: u64,
    end: u64,
    said: String,
) -> RawSegment {
    let key = text.get(span.clone()).and_then(|s| s.find("\"text\"")).unwrap_or(0);
    let (line, column) = index.locate(span.start + key);
    RawSegment { start_ms: Some(start), end_ms: Some(end), text: said, line, column }
}
