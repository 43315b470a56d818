//! Whisper's TSV (`--output_format tsv`): a header `start<TAB>end<TAB>text`, then one segment a
//! line with its times in whole milliseconds (Whisper writes `round(1000 * seconds)`), the text's
//! own tabs already replaced by spaces.

use super::decode::lines;
use super::{Format, Issue, RawParse, RawSegment, end_not_before_start};

const FORMAT: Format = Format::WhisperTsv;
const HEADER: [&str; 3] = ["start", "end", "text"];

/// Whether `line` is the header Whisper writes.
pub(super) fn is_header(line: &str) -> bool {
    let fields: Vec<&str> = line.trim().split('\t').map(str::trim).collect();
    fields.len() == 3 && fields.iter().zip(HEADER).all(|(f, h)| f.eq_ignore_ascii_case(h))
}

pub(super) fn parse(text: &str) -> RawParse {
    let mut out = RawParse::default();
    let mut rows = lines(text).filter(|(_, l)| !l.trim().is_empty()).peekable();
    if rows.peek().is_some_and(|(_, l)| is_header(l)) {
        rows.next();
    }
    for (number, line) in rows {
        match row(number, line, &mut out.issues) {
            Ok(segment) => out.segments.push(segment),
            Err(issue) => out.issues.push(issue),
        }
    }
    if out.segments.is_empty() && out.issues.is_empty() {
        let found = "only the header: the transcriber heard no speech (check the audio, or import another file)";
        return RawParse::fatal(Issue::expected(FORMAT, 1, 1, "at least one start<TAB>end<TAB>text row", found));
    }
    out
}

fn row(number: usize, line: &str, warnings: &mut Vec<Issue>) -> Result<RawSegment, Issue> {
    let mut fields = line.splitn(3, '\t');
    let (start, end, said) = (fields.next().unwrap_or(""), fields.next(), fields.next());
    let (Some(end), Some(said)) = (end, said) else {
        let found = format!("{} tab-separated fields", line.split('\t').count());
        return Err(Issue::expected(FORMAT, number, 1, "start<TAB>end<TAB>text", found));
    };
    let column_of = |field: usize| line.split('\t').take(field).map(|f| f.chars().count() + 1).sum::<usize>() + 1;
    let millis = |value: &str, field: usize, what: &str| {
        value.trim().parse::<u64>().ok().filter(|ms| *ms <= 1_000_000_000).ok_or_else(|| {
            let expected = format!("the {what} time in whole milliseconds");
            Issue::expected(FORMAT, number, column_of(field), expected, format!("{:?}", value.trim()))
        })
    };
    let start = millis(start, 0, "start")?;
    let end = millis(end, 1, "end")?;
    let end = end_not_before_start(FORMAT, (number, column_of(1)), start, end, warnings);
    Ok(RawSegment {
        start_ms: Some(start),
        end_ms: Some(end),
        text: said.to_owned(),
        line: number,
        column: column_of(2),
    })
}
