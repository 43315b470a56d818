//! Byte spans of values inside a JSON document that is already known to be valid, so each
//! element of a list can be parsed alone and its errors located in the whole document.
//! (serde_json reports positions only for the first error of a document.)

use std::ops::Range;

use serde::de::{DeserializeOwned, IgnoredAny};

use super::decode::LineIndex;
use super::{Format, Issue, IssueKind};

/// Checks that `text` is one valid JSON document; the error locates the first syntax problem.
pub(crate) fn validate(text: &str, format: Format) -> Result<(), Issue> {
    serde_json::from_str::<IgnoredAny>(text).map(|_| ()).map_err(|e| {
        let offset = LineIndex::offset_in_slice(text, 0, e.line(), e.column());
        let (line, column) = LineIndex::new(text).locate(offset);
        Issue::error(format, line, column, json_issue(&e))
    })
}

/// Parses each element of the array at `at` alone, so one bad element does not hide the others.
/// Returns the good elements with their spans, and one located error per bad element.
pub(crate) fn parse_elements<T: DeserializeOwned>(
    text: &str,
    at: usize,
    format: Format,
    index: &LineIndex,
) -> (Vec<(Range<usize>, T)>, Vec<Issue>) {
    let mut good = Vec::new();
    let mut issues = Vec::new();
    for span in array_elements(text, at) {
        let Some(slice) = text.get(span.clone()) else { continue };
        match serde_json::from_str::<T>(slice) {
            Ok(value) => good.push((span, value)),
            Err(e) => {
                let offset = LineIndex::offset_in_slice(slice, span.start, e.line(), e.column());
                let (line, column) = index.locate(offset);
                issues.push(Issue::error(format, line, column, json_issue(&e)));
            }
        }
    }
    (good, issues)
}

/// What the document's top level is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Object,
    Array,
    Other,
}

pub(crate) fn kind_at(text: &str, at: usize) -> Kind {
    match text.as_bytes().get(skip_ws(text, at)) {
        Some(b'{') => Kind::Object,
        Some(b'[') => Kind::Array,
        _ => Kind::Other,
    }
}

/// A short description of the value at `at`, for "expected X, found Y" messages.
pub(crate) fn describe_at(text: &str, at: usize) -> &'static str {
    match text.as_bytes().get(skip_ws(text, at)) {
        Some(b'{') => "an object",
        Some(b'[') => "a list",
        Some(b'"') => "a string",
        Some(b't' | b'f') => "a boolean",
        Some(b'n') => "null",
        Some(_) => "a number",
        None => "nothing",
    }
}

/// Spans of the elements of the array starting at `at` (after whitespace).
pub(crate) fn array_elements(text: &str, at: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut i = skip_ws(text, at);
    let mut spans = Vec::new();
    if bytes.get(i) != Some(&b'[') {
        return spans;
    }
    i += 1;
    loop {
        i = skip_ws(text, i);
        match bytes.get(i) {
            None | Some(b']') => return spans,
            Some(b',') => i += 1,
            Some(_) => {
                let end = value_end(bytes, i);
                spans.push(i..end);
                i = end;
            }
        }
    }
}

/// The keys of the object starting at `at`, in order, scanned once.
pub(crate) fn object_keys(text: &str, at: usize) -> Vec<&str> {
    let mut keys = Vec::new();
    members(text, at, |name, _| {
        keys.push(name);
        false
    });
    keys
}

/// Span of the value of member `key` of the object starting at `at`, if it has one.
pub(crate) fn object_member(text: &str, at: usize, key: &str) -> Option<Range<usize>> {
    let mut found = None;
    members(text, at, |name, span| {
        if name == key {
            found = Some(span);
        }
        found.is_some()
    });
    found
}

/// Walks the members of the object starting at `at`, giving each name and value span to `visit`
/// until it returns true.
fn members<'t>(text: &'t str, at: usize, mut visit: impl FnMut(&'t str, Range<usize>) -> bool) {
    let bytes = text.as_bytes();
    let mut i = skip_ws(text, at);
    if bytes.get(i) != Some(&b'{') {
        return;
    }
    i += 1;
    loop {
        i = skip_ws(text, i);
        match bytes.get(i) {
            Some(b',') => i += 1,
            Some(b'"') => {
                let key_end = string_end(bytes, i);
                let Some(name) = text.get(i + 1..key_end.saturating_sub(1)) else { return };
                i = skip_ws(text, key_end);
                if bytes.get(i) == Some(&b':') {
                    i = skip_ws(text, i + 1);
                }
                let end = value_end(bytes, i);
                if visit(name, i..end) {
                    return;
                }
                i = end;
            }
            _ => return,
        }
    }
}

/// Whether `line` is exactly one JSON object, judged by scanning its brackets and strings (a
/// JSON-lines row), not by parsing it.
pub(crate) fn whole_object(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.first() == Some(&b'{') && value_end(bytes, 0) == bytes.len() && bytes.last() == Some(&b'}')
}

fn skip_ws(text: &str, mut i: usize) -> usize {
    let bytes = text.as_bytes();
    while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The byte after the value starting at `i`.
fn value_end(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'"') => string_end(bytes, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut j = i;
            while let Some(&b) = bytes.get(j) {
                match b {
                    b'"' => {
                        j = string_end(bytes, j);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return j + 1;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            j
        }
        _ => {
            let mut j = i;
            while let Some(&b) = bytes.get(j) {
                if matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                    break;
                }
                j += 1;
            }
            j.max(i + 1).min(bytes.len())
        }
    }
}

/// The byte after the closing quote of the string starting at `i`.
fn string_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while let Some(&b) = bytes.get(j) {
        match b {
            b'\\' => j += 2,
            b'"' => return j + 1,
            _ => j += 1,
        }
    }
    bytes.len()
}

/// serde_json's message without its " at line L column C" suffix: the issue has the position.
pub(super) fn json_issue(e: &serde_json::Error) -> IssueKind {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message,
    };
    IssueKind::Json { message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn finds_elements_and_members() {
        let doc = r#" {"a": "x]\"}", "events" : [ {"t": [1, {"u": "}"}]}, 2 ,"tres" ] }"#;
        let events = object_member(doc, 0, "events").unwrap();
        let spans: Vec<&str> = array_elements(doc, events.start).into_iter().map(|r| &doc[r]).collect();
        assert_eq!(spans, [r#"{"t": [1, {"u": "}"}]}"#, "2", r#""tres""#]);
        assert_eq!(object_member(doc, 0, "nada"), None);
        assert_eq!(kind_at(doc, 0), Kind::Object);
    }
}
