//! Timed text as XML:
//! - TTML (W3C Timed Text, what `yt-dlp --sub-format ttml` writes): `<tt>` … `<p begin="…"
//!   end="…">` (or `dur`), times as clock times (`00:00:01.500`, or `00:00:01:12` in frames at the
//!   document's `ttp:frameRate`, 30 by default) or offsets (`1.5s`, `1500ms`, `2m`, `1h`, ticks
//!   `15000t` at `ttp:tickRate`);
//! - YouTube's timed text: srv3 (`yt-dlp --sub-format srv3`), `<timedtext format="3"><body><p
//!   t="…" d="…">` in milliseconds with `<s>` word spans; and srv1, `<transcript><text start="…"
//!   dur="…">` in seconds.
//!
//! A caption's text is its text and its spans' flattened, `<br/>` a line break; entities are
//! decoded by the XML reader. Errors name the line and column of the element at fault.

use roxmltree::{Document, Node};

use super::markup::decode_entities;
use super::{Format, Issue, IssueKind, RawParse, RawSegment, end_not_before_start};

/// Which dialect of timed-text XML a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Ttml,
    Srv3,
    Srv1,
}

pub(super) fn parse(text: &str, format: Format) -> RawParse {
    let doc = match Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let at = e.pos();
            let message = e.to_string();
            let message = message.rsplit_once(" at ").map_or(message.as_str(), |(m, _)| m).to_owned();
            let (line, column) = (at.row as usize, at.col as usize);
            return RawParse::fatal(Issue::error(format, line, column, IssueKind::Xml { message }));
        }
    };
    let root = doc.root_element();
    let kind = match root.tag_name().name() {
        "tt" => Kind::Ttml,
        "timedtext" => Kind::Srv3,
        "transcript" => Kind::Srv1,
        other => {
            let found = format!("<{other}>");
            let expected = "<tt> (TTML), <timedtext> (srv3) or <transcript> (srv1) as the root element";
            return RawParse::fatal(Issue::expected(format, 1, 1, expected, found));
        }
    };
    let rates = Rates::of(root);
    let caption = match kind {
        Kind::Ttml | Kind::Srv3 => "p",
        Kind::Srv1 => "text",
    };
    let mut out = RawParse::default();
    for node in root.descendants().filter(|n| n.is_element() && n.tag_name().name() == caption) {
        let pos = doc.text_pos_at(node.range().start);
        let (line, column) = (pos.row as usize, pos.col as usize);
        match times(node, kind, rates, format, (line, column), &mut out.issues) {
            Ok((start, end)) => {
                let said = decode_entities(&flattened(node));
                out.segments.push(RawSegment { start_ms: Some(start), end_ms: end, text: said, line, column });
            }
            Err(issue) => out.issues.push(issue),
        }
    }
    if out.segments.is_empty() && out.issues.is_empty() {
        let expected = format!("at least one <{caption}> caption with its times");
        return RawParse::fatal(Issue::expected(format, 1, 1, expected, "none"));
    }
    out
}

/// The document's frame and tick rates (TTML's `ttp:frameRate`, `ttp:tickRate`).
#[derive(Debug, Clone, Copy)]
struct Rates {
    frames: u64,
    ticks: u64,
}

impl Rates {
    fn of(root: Node) -> Self {
        let rate = |name: &str, default: u64| {
            let value = root.attributes().find(|a| a.name() == name).and_then(|a| a.value().trim().parse::<u64>().ok());
            value.filter(|r| *r > 0).unwrap_or(default)
        };
        // TTML's defaults: 30 frames a second, and one tick a frame when no tick rate is given.
        let frames = rate("frameRate", 30);
        Rates { frames, ticks: rate("tickRate", frames) }
    }
}

/// The caption's start and (when it says) end, in milliseconds.
fn times(
    node: Node,
    kind: Kind,
    rates: Rates,
    format: Format,
    at: (usize, usize),
    warnings: &mut Vec<Issue>,
) -> Result<(u64, Option<u64>), Issue> {
    let attribute = |name: &str| node.attributes().find(|a| a.name() == name).map(|a| a.value().trim());
    let read = |name: &str, value: &str| -> Result<u64, Issue> {
        let parsed = match kind {
            Kind::Ttml => ttml_time(value, rates),
            Kind::Srv3 => value.parse::<u64>().ok(),
            Kind::Srv1 => value.parse::<f64>().ok().and_then(super::timecode::seconds_to_ms),
        };
        parsed.ok_or_else(|| {
            let expected = match kind {
                Kind::Ttml => format!("`{name}` as a time like 00:00:01.500 or 1.5s"),
                Kind::Srv3 => format!("`{name}` in whole milliseconds"),
                Kind::Srv1 => format!("`{name}` in seconds"),
            };
            Issue::expected(format, at.0, at.1, expected, format!("{value:?}"))
        })
    };
    let (start_name, end_name, duration_name) = match kind {
        Kind::Ttml => ("begin", "end", "dur"),
        Kind::Srv3 => ("t", "", "d"),
        Kind::Srv1 => ("start", "", "dur"),
    };
    let Some(start_text) = attribute(start_name) else {
        let expected = format!("a <{}> with `{start_name}`", node.tag_name().name());
        return Err(Issue::expected(format, at.0, at.1, expected, "none"));
    };
    let start = read(start_name, start_text)?;
    let end = match (attribute(end_name).filter(|_| !end_name.is_empty()), attribute(duration_name)) {
        (Some(end), _) => Some(read(end_name, end)?),
        (None, Some(duration)) => Some(start.saturating_add(read(duration_name, duration)?)),
        (None, None) => None,
    };
    Ok((start, end.map(|end| end_not_before_start(format, at, start, end, warnings))))
}

/// A TTML time expression in milliseconds: a clock time (`HH:MM:SS`, with `.fraction` or `:frames`)
/// or an offset with its metric (`h`, `m`, `s`, `ms`, `f`, `t`).
fn ttml_time(value: &str, rates: Rates) -> Option<u64> {
    if value.contains(':') {
        let fields: Vec<&str> = value.split(':').collect();
        return match fields.as_slice() {
            [h, m, s] => super::timecode::parse_clock(&format!("{h}:{m}:{s}")),
            [h, m, s, frames] => {
                let whole = super::timecode::parse_clock(&format!("{h}:{m}:{s}"))?;
                let frames: u64 = frames.split('.').next()?.parse().ok()?;
                Some(whole + frames * 1000 / rates.frames)
            }
            _ => None,
        };
    }
    let split = value.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, metric) = value.split_at(split);
    let number: f64 = number.parse().ok().filter(|n: &f64| n.is_finite() && *n >= 0.0)?;
    let seconds = match metric {
        "h" => number * 3600.0,
        "m" => number * 60.0,
        "s" => number,
        "ms" => number / 1000.0,
        "f" => number / rates.frames as f64,
        "t" => number / rates.ticks as f64,
        _ => return None,
    };
    super::timecode::seconds_to_ms(seconds)
}

/// The text of a caption and of the spans inside it, `<br/>` as a line break.
fn flattened(node: Node) -> String {
    let mut text = String::new();
    for child in node.children() {
        if child.is_text() {
            text.push_str(child.text().unwrap_or(""));
        } else if child.is_element() && child.tag_name().name() == "br" {
            text.push('\n');
        } else if child.is_element() {
            text.push_str(&flattened(child));
        }
    }
    text
}

/// Whether `head` (the start of a file) is timed-text XML, and which format.
pub(super) fn detect(head: &str) -> Option<Format> {
    let trimmed = head.trim_start();
    if !trimmed.starts_with('<') {
        return None;
    }
    // The root element's name, past the declaration, comments and a doctype.
    let mut rest = trimmed;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("<?").or_else(|| rest.strip_prefix("<!")) {
            let end = if rest.starts_with("<!--") { after.find("-->")? + 3 } else { after.find('>')? + 1 };
            rest = &after[end..];
            continue;
        }
        break;
    }
    let name: String = rest.strip_prefix('<')?.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == ':').collect();
    match name.rsplit(':').next().unwrap_or("") {
        "tt" => Some(Format::Ttml),
        "timedtext" | "transcript" => Some(Format::YoutubeTimedText),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn ttml_times_in_every_notation() {
        let rates = Rates { frames: 25, ticks: 10_000_000 };
        let cases = [
            ("00:00:01.500", Some(1_500)),
            ("01:02:03", Some(3_723_000)),
            ("00:00:01:12", Some(1_480)),
            ("1.5s", Some(1_500)),
            ("1500ms", Some(1_500)),
            ("2m", Some(120_000)),
            ("0.5h", Some(1_800_000)),
            ("50f", Some(2_000)),
            ("15000000t", Some(1_500)),
            ("1.5", None),
            ("-1s", None),
            ("abc", None),
        ];
        for (value, expected) in cases {
            assert_eq!(ttml_time(value, rates), expected, "{value}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_root_element_says_which_timed_text_it_is() {
        assert_eq!(
            detect("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<tt xmlns=\"http://www.w3.org/ns/ttml\">"),
            Some(Format::Ttml)
        );
        assert_eq!(detect("<?xml version=\"1.0\"?><!-- hi --><tt:tt xmlns:tt=\"x\">"), Some(Format::Ttml));
        assert_eq!(detect("<timedtext format=\"3\">"), Some(Format::YoutubeTimedText));
        assert_eq!(detect("<?xml version=\"1.0\"?><transcript><text start=\"0\">"), Some(Format::YoutubeTimedText));
        assert_eq!(detect("<html><body>"), None);
        assert_eq!(detect("[Risas] <tt>"), None);
    }
}
