//! Guessing a transcript's format from its first bytes, so a person can drop any file in.

use super::decode::{strip_bom, to_utf8};
use super::{Format, json_spans, sbv, ttml, whisper_tsv};

/// The format `input` most likely has. Anything unrecognised is [`Format::PlainText`], which
/// accepts every input.
pub fn detect<T: AsRef<[u8]> + ?Sized>(input: &T) -> Format {
    let (utf8, _) = to_utf8(input.as_ref());
    let bytes = strip_bom(&utf8);
    // Only the start matters, and UTF-8 cut mid-character is fine for these ASCII checks.
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let trimmed = head.trim_start();
    if let Some(format) = ttml::detect(trimmed) {
        return format;
    }
    if trimmed.starts_with("WEBVTT") {
        return Format::WebVtt;
    }
    if let Some(rest) = trimmed.strip_prefix('[') {
        // "[Risas] ..." and "[0:12] ..." are plain text; a list of objects is the API's JSON.
        let rest = rest.trim_start();
        if rest.starts_with('{') || rest.starts_with(']') {
            return Format::YoutubeTranscriptApi;
        }
        return Format::PlainText;
    }
    if trimmed.starts_with('{') {
        return detect_json_object(bytes);
    }
    let mut lines = trimmed.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    if whisper_tsv::is_header(first) {
        return Format::WhisperTsv;
    }
    if sbv::is_timing(first) {
        return Format::Sbv;
    }
    let second = lines.next().unwrap_or("");
    let is_number = !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit());
    if (is_number && second.contains("-->")) || (first.contains("-->") && first.contains(',')) {
        return Format::Srt;
    }
    if first.contains("-->") {
        // Cue timings with '.' are WebVTT's; the missing header is reported by its parser.
        return Format::WebVtt;
    }
    Format::PlainText
}

/// `{` starts either a JSON-lines file (one object a line) or one JSON document (json3, Whisper's).
/// The top-level keys are found by scanning, without building the document: a Whisper file is one
/// long line, which parsing whole here would read twice.
fn detect_json_object(bytes: &[u8]) -> Format {
    let text = String::from_utf8_lossy(bytes);
    let keys = json_spans::object_keys(&text, 0);
    let has = |key: &str| keys.contains(&key);
    if has("events") || has("wireMagic") {
        return Format::YoutubeJson3;
    }
    if has("segments") || has("transcription") {
        return Format::WhisperJson;
    }
    // A first object that ends on its own line is a JSON-lines row, whatever its keys.
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
    if json_spans::whole_object(first_line) || text.contains("\"transcript\"") {
        Format::SegmentJsonl
    } else {
        Format::YoutubeJson3
    }
}
