//! YouTube's json3 timed text: `{"events": [{"tStartMs": 0, "dDurationMs": 1500, "segs": [{"utf8": "hola"}]}]}`.
//! Events without `segs` only position the caption window and carry no words.

use serde::Deserialize;

use super::decode::LineIndex;
use super::json_spans::{self, Kind};
use super::{Format, Issue, RawParse, RawSegment};

const FORMAT: Format = Format::YoutubeJson3;

#[derive(Deserialize)]
#[serde(expecting = "an event object with `tStartMs`")]
struct Event {
    #[serde(rename = "tStartMs", deserialize_with = "millis")]
    start_ms: u64,
    #[serde(rename = "dDurationMs", default, deserialize_with = "optional_millis")]
    duration_ms: Option<u64>,
    #[serde(default)]
    segs: Option<Vec<Seg>>,
}

#[derive(Deserialize)]
#[serde(expecting = "a seg object with `utf8` text")]
struct Seg {
    utf8: String,
}

/// Whole milliseconds; the default message would say "expected u64".
fn millis<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    struct Millis;
    impl serde::de::Visitor<'_> for Millis {
        type Value = u64;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("milliseconds as a whole number")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u64, E> {
            Ok(v)
        }
    }
    d.deserialize_u64(Millis)
}

fn optional_millis<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    millis(d).map(Some)
}

pub(super) fn parse(text: &str) -> RawParse {
    if let Err(issue) = json_spans::validate(text, FORMAT) {
        return RawParse::fatal(issue);
    }
    let events = match json_spans::object_member(text, 0, "events") {
        Some(span) if json_spans::kind_at(text, span.start) == Kind::Array => span,
        other => {
            let at = other.as_ref().map_or(0, |s| s.start);
            let (line, column) = LineIndex::new(text).locate(at);
            let found = match other {
                Some(_) => json_spans::describe_at(text, at),
                None if json_spans::kind_at(text, 0) == Kind::Object => "an object without `events`",
                None => json_spans::describe_at(text, 0),
            };
            return RawParse::fatal(Issue::expected(FORMAT, line, column, "an object with an `events` list", found));
        }
    };
    let index = LineIndex::new(text);
    let (items, issues) = json_spans::parse_elements::<Event>(text, events.start, FORMAT, &index);
    let segments = items
        .into_iter()
        .filter_map(|(span, event)| {
            let segs = event.segs?;
            let (line, column) = index.locate(span.start);
            Some(RawSegment {
                start_ms: Some(event.start_ms),
                end_ms: event.duration_ms.and_then(|d| event.start_ms.checked_add(d)),
                text: segs.into_iter().map(|s| s.utf8).collect(),
                line,
                column,
            })
        })
        .collect();
    RawParse { segments, issues, fatal: false }
}
