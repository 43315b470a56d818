//! What SRT and WebVTT share: blocks of lines separated by blank lines, cues inside them, and
//! `start --> end` timing lines.

use super::timecode::parse_clock;
use super::{Format, Issue, end_not_before_start};

/// A line with its 1-based number.
pub(crate) type Line<'a> = (usize, &'a str);

/// Runs of consecutive non-blank lines; `blank` decides what separates them.
pub(crate) fn blocks<'a>(lines: impl Iterator<Item = Line<'a>>, blank: impl Fn(&str) -> bool) -> Vec<Vec<Line<'a>>> {
    let mut blocks = vec![Vec::new()];
    for line in lines {
        match blocks.last_mut() {
            Some(current) if !blank(line.1) => current.push(line),
            Some(current) if !current.is_empty() => blocks.push(Vec::new()),
            _ => {}
        }
    }
    blocks.retain(|b| !b.is_empty());
    blocks
}

/// Splits a block holding several cues (a file missing the blank line between them) at each
/// timing line after the first; a numeric line just before such a timing line is its cue number.
pub(crate) fn split_cues<'a>(block: &[Line<'a>]) -> Vec<Vec<Line<'a>>> {
    let mut starts = vec![0];
    let mut previous_timing: Option<usize> = None;
    for (p, (_, line)) in block.iter().enumerate() {
        if !line.contains("-->") {
            continue;
        }
        if let Some(prev) = previous_timing {
            let numbered = p >= 1 && p - 1 > prev && is_cue_number(block[p - 1].1);
            starts.push(if numbered { p - 1 } else { p });
        }
        previous_timing = Some(p);
    }
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| block[s..starts.get(i + 1).copied().unwrap_or(block.len())].to_vec())
        .collect()
}

pub(crate) fn is_cue_number(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit())
}

/// Parses `start --> end [settings]`; `example` shows the format's own timing in messages. An end
/// before the start is set to the start, with a warning in `warnings`.
pub(crate) fn parse_timing(
    format: Format,
    (number, line): Line,
    example: &str,
    warnings: &mut Vec<Issue>,
) -> Result<(u64, u64), Issue> {
    let Some(arrow) = line.find("-->") else {
        let expected = format!("a timing line like {example}");
        return Err(Issue::expected(format, number, 1, expected, format!("{line:?}")));
    };
    let left = &line[..arrow];
    let start_at = left.len() - left.trim_start().len();
    let start_text = left.trim();
    let right = &line[arrow + 3..];
    let end_at = arrow + 3 + (right.len() - right.trim_start().len());
    let end_text = right.split_whitespace().next().unwrap_or("");
    let column_of = |byte: usize| line.get(..byte).map_or(1, |before| before.chars().count() + 1);
    let clock = |text: &str, at: usize, what: &str| {
        parse_clock(text).ok_or_else(|| {
            let expected = format!("{what} time like {}", example.split(" --> ").next().unwrap_or(example));
            Issue::expected(format, number, column_of(at), expected, format!("{text:?}"))
        })
    };
    let start = clock(start_text, start_at, "a start");
    let end = clock(end_text, end_at, "an end");
    let (start, end) = (start?, end?);
    let end_column = column_of(end_at);
    Ok((start, end_not_before_start(format, (number, end_column), start, end, warnings)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn splits_cues_glued_together() {
        let block = [
            (1, "1"),
            (2, "00:00:01,000 --> 00:00:02,000"),
            (3, "hola"),
            (4, "2"),
            (5, "00:00:03,000 --> 00:00:04,000"),
            (6, "chao"),
        ];
        let cues = split_cues(&block);
        assert_eq!(cues.len(), 2);
        assert_eq!(cues[1][0], (4, "2"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn timing_errors_point_at_the_bad_time() {
        let example = "00:00:01,000 --> 00:00:04,000";
        let err = parse_timing(Format::Srt, (7, "00:00:01,000 --> 00:0x:02,000"), example, &mut vec![]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "SRT, line 7, column 18: expected an end time like 00:00:01,000, found \"00:0x:02,000\""
        );
    }
}
