//! WebVTT: the `WEBVTT` header, cues with optional identifiers and settings, NOTE/STYLE/REGION
//! blocks, styling tags, and YouTube's rolling auto-captions (each cue repeats the previous
//! cue's last line before adding new words).

use super::cues::{self, Line};
use super::decode::lines;
use super::markup::{decode_entities, strip_tags};
use super::{Format, Issue, RawParse, RawSegment};

const FORMAT: Format = Format::WebVtt;
const EXAMPLE: &str = "00:00:01.000 --> 00:00:04.000";

pub(super) fn parse(text: &str) -> RawParse {
    let mut out = RawParse::default();
    let mut all = lines(text).peekable();
    match all.peek() {
        Some((_, first)) if is_header(first) => {
            // The header block (WEBVTT and its metadata lines) ends at the first empty line.
            for (_, line) in all.by_ref() {
                if line.is_empty() {
                    break;
                }
            }
        }
        found => {
            let found = found.map_or_else(|| "nothing".to_owned(), |(_, l)| format!("{l:?}"));
            out.issues.push(Issue::expected(FORMAT, 1, 1, "the header line WEBVTT", found));
        }
    }
    let rolling = has_inline_timestamps(text);
    let mut previous: Vec<String> = Vec::new();
    // The spec ends a block at an empty line only; YouTube puts lines of one space inside cues.
    for block in cues::blocks(all, str::is_empty) {
        if is_metadata_block(&block) {
            continue;
        }
        for cue in cues::split_cues(&block) {
            match parse_cue(&cue, &mut out.issues) {
                Ok(Some((mut segment, payload))) => {
                    if rolling {
                        let new = fresh_lines(&previous, &payload);
                        previous = payload;
                        if new.is_empty() {
                            continue;
                        }
                        segment.text = new.join("\n");
                    }
                    out.segments.push(segment);
                }
                Ok(None) => {}
                Err(issue) => out.issues.push(issue),
            }
        }
    }
    out
}

fn is_header(line: &str) -> bool {
    line.strip_prefix("WEBVTT").is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
}

/// NOTE, STYLE and REGION blocks hold comments, CSS and layout, never words.
fn is_metadata_block(block: &[Line]) -> bool {
    let Some(&(_, first)) = block.first() else { return true };
    let keyword = ["NOTE", "STYLE", "REGION"]
        .iter()
        .any(|k| first.strip_prefix(k).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t'])));
    keyword && !block.iter().any(|(_, l)| l.contains("-->"))
}

/// Cue text and its cleaned payload lines (without blank ones).
fn parse_cue(cue: &[Line], warnings: &mut Vec<Issue>) -> Result<Option<(RawSegment, Vec<String>)>, Issue> {
    let timing_at = match cue {
        [(_, first), ..] if first.contains("-->") => 0,
        [_, (_, second), ..] if second.contains("-->") => 1,
        [(number, first), ..] => {
            return Err(Issue::expected(
                FORMAT,
                *number,
                1,
                format!("a cue timing line like {EXAMPLE}"),
                format!("{first:?}"),
            ));
        }
        [] => return Ok(None),
    };
    let (start, end) = cues::parse_timing(FORMAT, cue[timing_at], EXAMPLE, warnings)?;
    let body = &cue[timing_at + 1..];
    let payload: Vec<String> =
        body.iter().map(|(_, l)| decode_entities(&strip_tags(l)).trim().to_owned()).filter(|l| !l.is_empty()).collect();
    let Some(&(line, _)) = body.first() else { return Ok(None) };
    let segment = RawSegment { start_ms: Some(start), end_ms: Some(end), text: payload.join("\n"), line, column: 1 };
    Ok(Some((segment, payload)))
}

/// YouTube's auto-captions time each word with `<00:00:01.000>` tags; other files do not need
/// (and must not get) the rolling-caption repair.
fn has_inline_timestamps(text: &str) -> bool {
    text.as_bytes().windows(4).any(|w| w[0] == b'<' && w[1].is_ascii_digit() && w[2].is_ascii_digit() && w[3] == b':')
}

/// The lines of `current` that `previous` did not already show: drops the longest run of leading
/// lines equal to `previous`'s trailing lines.
fn fresh_lines(previous: &[String], current: &[String]) -> Vec<String> {
    let most = previous.len().min(current.len());
    let repeated = (1..=most).rev().find(|&k| previous[previous.len() - k..] == current[..k]).unwrap_or(0);
    current[repeated..].to_vec()
}
