//! SubRip (`.srt`): a cue number, `00:00:01,000 --> 00:00:04,000`, text lines, a blank line. Some
//! tools leave the numbers out: a cue may start at its timing line.

use super::cues::{self, Line};
use super::decode::lines;
use super::markup::{decode_entities, strip_tags};
use super::{Format, Issue, RawParse, RawSegment};

const FORMAT: Format = Format::Srt;
const EXAMPLE: &str = "00:00:01,000 --> 00:00:04,000";

pub(super) fn parse(text: &str) -> RawParse {
    let mut out = RawParse::default();
    // Many SRT files have "blank" lines holding spaces; they still separate cues.
    for block in cues::blocks(lines(text), |l| l.trim().is_empty()) {
        for cue in cues::split_cues(&block) {
            match parse_cue(&cue, &mut out.issues) {
                Ok(Some(segment)) => out.segments.push(segment),
                Ok(None) => {}
                Err(issue) => out.issues.push(issue),
            }
        }
    }
    out
}

fn parse_cue(cue: &[Line], warnings: &mut Vec<Issue>) -> Result<Option<RawSegment>, Issue> {
    let Some(&(number, first)) = cue.first() else { return Ok(None) };
    let timing_at = match first {
        _ if cues::is_cue_number(first) => 1,
        _ if first.contains("-->") => 0,
        _ => {
            let expected = format!("a cue number or a timing line like {EXAMPLE}");
            return Err(Issue::expected(FORMAT, number, 1, expected, format!("{first:?}")));
        }
    };
    let Some(&timing) = cue.get(timing_at) else {
        let expected = format!("a timing line like {EXAMPLE} on the next line");
        return Err(Issue::expected(FORMAT, number + 1, 1, expected, "the end of the cue"));
    };
    let (start, end) = cues::parse_timing(FORMAT, timing, EXAMPLE, warnings)?;
    let body = &cue[timing_at + 1..];
    let Some(&(line, _)) = body.first() else { return Ok(None) };
    let text: Vec<String> = body.iter().map(|(_, l)| decode_entities(&strip_tags(l))).collect();
    Ok(Some(RawSegment { start_ms: Some(start), end_ms: Some(end), text: text.join("\n"), line, column: 1 }))
}
