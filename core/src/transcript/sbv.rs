//! YouTube Studio's SubViewer download (`.sbv`): `H:MM:SS.mmm,H:MM:SS.mmm` on a line of its own,
//! the caption's lines, then a blank line.

use super::cues;
use super::decode::lines;
use super::markup::{decode_entities, strip_tags};
use super::timecode::parse_clock;
use super::{Format, Issue, RawParse, RawSegment, end_not_before_start};

const FORMAT: Format = Format::Sbv;
const EXAMPLE: &str = "0:00:01.000,0:00:04.000";

/// Whether `line` is an SBV timing line.
pub(super) fn is_timing(line: &str) -> bool {
    line.trim().split_once(',').is_some_and(|(a, b)| {
        [a, b].iter().all(|t| t.contains(':') && t.contains('.') && parse_clock(t.trim()).is_some())
    })
}

pub(super) fn parse(text: &str) -> RawParse {
    let mut out = RawParse::default();
    for block in cues::blocks(lines(text), |l| l.trim().is_empty()) {
        let Some(&(number, timing)) = block.first() else { continue };
        match times(number, timing, &mut out.issues) {
            Ok((start, end)) => {
                let Some(&(line, _)) = block.get(1) else { continue };
                let said: Vec<String> = block[1..].iter().map(|(_, l)| decode_entities(&strip_tags(l))).collect();
                out.segments.push(RawSegment {
                    start_ms: Some(start),
                    end_ms: Some(end),
                    text: said.join("\n"),
                    line,
                    column: 1,
                });
            }
            Err(issue) => out.issues.push(issue),
        }
    }
    out
}

fn times(number: usize, line: &str, warnings: &mut Vec<Issue>) -> Result<(u64, u64), Issue> {
    let Some((start_text, end_text)) = line.trim().split_once(',') else {
        return Err(Issue::expected(FORMAT, number, 1, format!("a timing line like {EXAMPLE}"), format!("{line:?}")));
    };
    let end_column = start_text.chars().count() + 2;
    let clock = |text: &str, column: usize, what: &str| {
        parse_clock(text.trim()).ok_or_else(|| {
            let expected = format!("{what} time like 0:00:01.000");
            Issue::expected(FORMAT, number, column, expected, format!("{:?}", text.trim()))
        })
    };
    let start = clock(start_text, 1, "a start")?;
    let end = clock(end_text, end_column, "an end")?;
    Ok((start, end_not_before_start(FORMAT, (number, end_column), start, end, warnings)))
}
