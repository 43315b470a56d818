//! Plain text: one utterance a line, optionally prefixed by its time, `[H:]MM:SS`, bare or in
//! brackets (`0:12 hola`, `[01:02:03] hola`, `(00:45) - hola`).

use super::decode::lines;
use super::timecode::parse_clock;
use super::{Format, Issue, RawParse, RawSegment};

const FORMAT: Format = Format::PlainText;

pub(super) fn parse(text: &str) -> RawParse {
    if let Some((number, what)) = structured(text) {
        let expected = "one of the transcript formats Tallas reads (the import page lists them), or plain text";
        let found = format!("{what}, which Tallas does not read: its lines would be imported as speech, tags and all");
        return RawParse::fatal(Issue::expected(FORMAT, number, 1, expected, found));
    }
    let mut out = RawParse::default();
    for (number, line) in lines(text) {
        if line.trim().is_empty() {
            continue;
        }
        match split_time(line) {
            Ok((start_ms, body_at)) => out.segments.push(RawSegment {
                start_ms,
                end_ms: None,
                text: line[body_at..].to_owned(),
                line: number,
                column: line[..body_at].chars().count() + 1,
            }),
            Err(found) => {
                // `found` is a slice of `line`: its offset is the column of the bad time.
                let column = line.find(found).map_or(1, |b| line[..b].chars().count() + 1);
                let expected = "a time like 1:05 or 0:01:05 (minutes and seconds below 60) before the text";
                out.issues.push(Issue::expected(FORMAT, number, column, expected, format!("{found:?}")));
            }
        }
    }
    out
}

/// What a file read as plain text looks like when it is really something structured: markup, or
/// a table of tab-separated columns. Plain text holds neither.
fn structured(text: &str) -> Option<(usize, &'static str)> {
    let (number, first) = lines(text).find(|(_, l)| !l.trim().is_empty())?;
    // A document of markup opens and closes with a tag; a line of speech may merely hold one.
    if first.trim_start().starts_with('<') && text.trim_end().ends_with('>') {
        return Some((number, "XML or HTML markup"));
    }
    let columns = |l: &str| l.split('\t').count();
    let rows: Vec<usize> = lines(text).filter(|(_, l)| !l.trim().is_empty()).take(5).map(|(_, l)| columns(l)).collect();
    (rows.len() >= 2 && rows.iter().all(|c| *c >= 3 && *c == rows[0]))
        .then_some((number, "a table of tab-separated columns"))
}

/// The time prefix of `line` (if any) and the byte offset where the text starts. A prefix that
/// starts like a time but is not one (`1:75 hola`) is an error: silently keeping it as text would
/// hide a typo in the times.
fn split_time(line: &str) -> Result<(Option<u64>, usize), &str> {
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    let (inner, close) = match trimmed.chars().next() {
        Some('[') => (&trimmed[1..], Some(']')),
        Some('(') => (&trimmed[1..], Some(')')),
        _ => (trimmed, None),
    };
    let token_len = inner.find(|c: char| !(c.is_ascii_digit() || matches!(c, ':' | '.' | ','))).unwrap_or(inner.len());
    let token = &inner[..token_len];
    // Only digits then ":" and two digits (once or twice) is meant as a time; "[Risas]",
    // "12 horas" and a score like "2:1" are text.
    let clock = token.split(['.', ',']).next().unwrap_or("");
    let fields: Vec<&str> = clock.split(':').collect();
    let looks_like_time = (2..=3).contains(&fields.len())
        && !fields[0].is_empty()
        && fields[1..].iter().all(|f| f.len() == 2 && f.bytes().all(|b| b.is_ascii_digit()));
    if !looks_like_time {
        return Ok((None, lead));
    }
    let mut after = &inner[token_len..];
    if let Some(close) = close {
        match after.strip_prefix(close) {
            Some(rest) => after = rest,
            None => return Ok((None, lead)),
        }
    } else if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return Ok((None, lead));
    }
    // "," and "." may end a time only as a fraction; a trailing one is punctuation.
    let token = token.trim_end_matches([',', '.']);
    let start = parse_clock(token).ok_or(token)?;
    let body = after.trim_start().trim_start_matches(['-', '–', '—', ':', '|']).trim_start();
    Ok((Some(start), line.len() - body.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn reads_time_prefixes() {
        let line = "[01:02] hola";
        assert_eq!(split_time(line), Ok((Some(62_000), 8)));
        assert_eq!(split_time("0:00:05 - qué tal"), Ok((Some(5_000), 10)));
        assert_eq!(split_time("[Risas] bueno"), Ok((None, 0)));
        assert_eq!(split_time("12 horas"), Ok((None, 0)));
        assert_eq!(split_time("1:75 hola"), Err("1:75"));
        assert_eq!(split_time("10:30, dijo"), Ok((Some(630_000), 7)));
        assert_eq!(split_time("2:1 ganamos"), Ok((None, 0)));
    }
}
