//! youtube-transcript-api's JSON: `[{"text": "...", "start": 1.5, "duration": 2.0}, ...]`.

use serde::Deserialize;

use super::decode::LineIndex;
use super::json_spans::{self, Kind};
use super::jsonl::seconds;
use super::markup::decode_entities;
use super::{Format, Issue, RawParse, RawSegment};

const FORMAT: Format = Format::YoutubeTranscriptApi;

#[derive(Deserialize)]
#[serde(expecting = "an object with `text`, `start` and `duration`")]
struct Item {
    text: String,
    #[serde(deserialize_with = "seconds")]
    start: u64,
    // Some exports leave it out; the segment then has no end time.
    #[serde(default, deserialize_with = "optional_seconds")]
    duration: Option<u64>,
}

fn optional_seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    seconds(d).map(Some)
}

pub(super) fn parse(text: &str) -> RawParse {
    if let Err(issue) = json_spans::validate(text, FORMAT) {
        return RawParse::fatal(issue);
    }
    if json_spans::kind_at(text, 0) != Kind::Array {
        let found = json_spans::describe_at(text, 0);
        let expected = "a JSON list of {\"text\", \"start\", \"duration\"} objects";
        return RawParse::fatal(Issue::expected(FORMAT, 1, 1, expected, found));
    }
    let index = LineIndex::new(text);
    let (items, issues) = json_spans::parse_elements::<Item>(text, 0, FORMAT, &index);
    let segments = items
        .into_iter()
        .map(|(span, item)| {
            let slice = text.get(span.clone()).unwrap_or("");
            let key = slice.find("\"text\"").unwrap_or(0);
            let (line, column) = index.locate(span.start + key);
            RawSegment {
                start_ms: Some(item.start),
                // Both are at most MAX_SECONDS in ms, so the sum cannot overflow.
                end_ms: item.duration.map(|d| item.start + d),
                // Older versions of the library left HTML entities in ("&#39;").
                text: decode_entities(&item.text),
                line,
                column,
            }
        })
        .collect();
    RawParse { segments, issues, fatal: false }
}
