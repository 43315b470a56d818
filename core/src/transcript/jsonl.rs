//! Segment JSONL, the corpus's own format: one object a line, as the original pipeline wrote it
//! from YouTube captions or Whisper.

use std::borrow::Cow;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::decode::{char_column, lines, value_column};
use super::json_spans::{self, json_issue};
use super::{Format, Issue, IssueKind, RawParse, RawSegment, end_not_before_start, timecode};

const FORMAT: Format = Format::SegmentJsonl;

/// Strings are borrowed from the line when they hold no escapes, as nearly all do: no copy per row.
#[derive(Deserialize)]
#[serde(expecting = "an object with `start_time`, `end_time` and `transcript`")]
struct Row<'a> {
    #[serde(deserialize_with = "seconds")]
    start_time: u64,
    #[serde(deserialize_with = "seconds")]
    end_time: u64,
    #[serde(borrow)]
    transcript: Cow<'a, str>,
    #[serde(default, borrow)]
    timestamp: Option<Cow<'a, str>>,
    // Typed although unused so that a malformed value is reported, not silently accepted.
    #[serde(default, borrow)]
    #[allow(dead_code)]
    language: Option<Cow<'a, str>>,
    #[serde(default)]
    #[allow(dead_code)]
    from_whisper: Option<bool>,
    #[serde(default)]
    #[allow(dead_code)]
    transcript_length: Option<u64>,
}

pub(super) fn parse(text: &str) -> RawParse {
    let mut out = RawParse::default();
    for (number, line) in lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        match parse_row(line) {
            Ok(row) => {
                let end = if row.end_time < row.start_time {
                    let at = (number, value_column(line, "end_time"));
                    end_not_before_start(FORMAT, at, row.start_time, row.end_time, &mut out.issues)
                } else {
                    row.end_time
                };
                let column = value_column(line, "transcript");
                out.segments.push(RawSegment {
                    start_ms: Some(row.start_time),
                    end_ms: Some(end),
                    text: row.transcript.into_owned(),
                    line: number,
                    column,
                });
            }
            Err((column, kind)) => out.issues.push(Issue::error(FORMAT, number, column, kind)),
        }
    }
    out
}

fn parse_row(line: &str) -> Result<Row<'_>, (usize, IssueKind)> {
    let trimmed = line.trim_start();
    if !trimmed.starts_with('{') {
        // serde would read a list as the struct's fields in order and say "invalid length".
        let found = json_spans::describe_at(line, 0);
        let column = char_column(line, line.len() - trimmed.len());
        return Err((
            column,
            IssueKind::Expected { expected: "a JSON object, one a line".into(), found: found.into() },
        ));
    }
    let row: Row = serde_json::from_str(line).map_err(|e| {
        // serde_json counts columns in bytes; people count characters.
        let column = char_column(line, e.column().saturating_sub(1));
        (column, json_issue(&e))
    })?;
    if let Some(ts) = &row.timestamp
        && timecode::parse_clock(ts).is_none()
    {
        let kind = IssueKind::Expected { expected: "`timestamp` as H:MM:SS".into(), found: format!("{ts:?}") };
        return Err((value_column(line, "timestamp"), kind));
    }
    Ok(row)
}

/// Seconds as a JSON number (integer or not) to milliseconds.
pub(super) fn seconds<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    d.deserialize_any(SecondsVisitor)
}

struct SecondsVisitor;

impl Visitor<'_> for SecondsVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "seconds as a number from 0 to {}", timecode::MAX_SECONDS)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        timecode::seconds_to_ms(v as f64).ok_or_else(|| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        timecode::seconds_to_ms(v as f64).ok_or_else(|| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u64, E> {
        timecode::seconds_to_ms(v).ok_or_else(|| E::invalid_value(de::Unexpected::Float(v), &self))
    }
}
