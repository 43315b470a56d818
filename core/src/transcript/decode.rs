//! Bytes to text, and positions in text to the line/column people see in an editor.

use std::fmt::Write as _;

use super::{Input, Issue, IssueKind};

pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Windows-1252's characters for the bytes 0x80 to 0x9F (the five it leaves undefined stay the
/// control characters of the same value); the bytes above are Latin-1's.
pub(crate) const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}', '\u{90}', '‘', '’',
    '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// The encoding a file was read in, when it was not UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
    Windows1252,
}

impl Encoding {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Encoding::Utf16Le => "UTF-16 (little-endian)",
            Encoding::Utf16Be => "UTF-16 (big-endian)",
            Encoding::Utf32Le => "UTF-32 (little-endian)",
            Encoding::Utf32Be => "UTF-32 (big-endian)",
            Encoding::Windows1252 => "Windows-1252",
        }
    }
}

/// The file as UTF-8 bytes, and the encoding it was read in when it was not UTF-8: UTF-16 or
/// UTF-32 as its byte-order mark says, or Windows-1252 for a file that is not UTF-8 from the start
/// (no UTF-8 sequence in it at all; a file with some is UTF-8 with damage, which [`decode`]
/// reports line by line).
pub(crate) fn to_utf8(bytes: &[u8]) -> (std::borrow::Cow<'_, [u8]>, Option<Encoding>) {
    use std::borrow::Cow;
    let wide = |width: usize, little: bool| -> Vec<u8> {
        let units = bytes[width..].chunks(width).map(|c| {
            let mut word = [0u8; 4];
            word[..c.len()].copy_from_slice(c);
            let (a, b, c2, d) = (word[0] as u32, word[1] as u32, word[2] as u32, word[3] as u32);
            match (width, little) {
                (2, true) => a | b << 8,
                (2, false) => a << 8 | b,
                (_, true) => a | b << 8 | c2 << 16 | d << 24,
                (_, false) => a << 24 | b << 16 | c2 << 8 | d,
            }
        });
        let text: String = if width == 2 {
            char::decode_utf16(units.map(|u| u as u16)).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
        } else {
            units.map(|u| char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
        };
        text.into_bytes()
    };
    let (owned, encoding) = match bytes {
        [0xFF, 0xFE, 0, 0, ..] => (wide(4, true), Encoding::Utf32Le),
        [0, 0, 0xFE, 0xFF, ..] => (wide(4, false), Encoding::Utf32Be),
        [0xFF, 0xFE, ..] => (wide(2, true), Encoding::Utf16Le),
        [0xFE, 0xFF, ..] => (wide(2, false), Encoding::Utf16Be),
        _ if is_windows_1252(bytes) => {
            let text: String = bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                    _ => char::from(b),
                })
                .collect();
            (text.into_bytes(), Encoding::Windows1252)
        }
        _ => return (Cow::Borrowed(bytes), None),
    };
    (Cow::Owned(owned), Some(encoding))
}

/// Not UTF-8, and without a single UTF-8 sequence beyond ASCII: bytes of a one-byte encoding.
fn is_windows_1252(bytes: &[u8]) -> bool {
    std::str::from_utf8(bytes).is_err() && bytes.utf8_chunks().all(|chunk| chunk.valid().is_ascii())
}

pub(crate) struct Decoded {
    pub text: String,
    /// One error per line holding bytes that are not UTF-8.
    pub issues: Vec<Issue>,
}

/// Decodes UTF-8. A byte that is not UTF-8 becomes the Latin-1 character of the same value, since
/// Spanish files that are not UTF-8 are almost always Latin-1 or Windows-1252; each such line is
/// reported as an error, which strict mode refuses and lenient mode keeps going past.
pub(crate) fn decode(bytes: &[u8], input: impl Into<Input> + Copy) -> Decoded {
    // Valid UTF-8, the usual case, needs no line and column counting.
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded { text: text.to_owned(), issues: Vec::new() };
    }
    let mut text = String::with_capacity(bytes.len());
    let mut issues: Vec<Issue> = Vec::new();
    let (mut line, mut column) = (1, 1);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        text.push_str(chunk.valid());
        if chunk.invalid().is_empty() {
            continue;
        }
        let hex = chunk.invalid().iter().fold(String::new(), |mut s, b| {
            let _ = write!(s, "{}0x{b:02X}", if s.is_empty() { "" } else { " " });
            s
        });
        match issues.last_mut() {
            Some(Issue { line: l, kind: IssueKind::InvalidUtf8 { bytes }, .. }) if *l == line => {
                bytes.push(' ');
                bytes.push_str(&hex);
            }
            _ => issues.push(Issue::error(input, line, column, IssueKind::InvalidUtf8 { bytes: hex })),
        }
        for &b in chunk.invalid() {
            text.push(char::from(b));
            column += 1;
        }
    }
    Decoded { text, issues }
}

/// The lines of `text` with their 1-based numbers, without `\n` or `\r\n`.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).enumerate().map(|(i, l)| (i + 1, l))
}

/// The 1-based character column of byte offset `byte` in `line` (clamped to the line).
pub(crate) fn char_column(line: &str, byte: usize) -> usize {
    // Every character starting before `byte` counts, including one that `byte` falls inside.
    let mut end = byte.min(line.len());
    while !line.is_char_boundary(end) {
        end += 1;
    }
    line[..end].chars().count() + 1
}

/// The column where the value of `"key"` starts in a JSON line (its opening quote for a string).
pub(crate) fn value_column(line: &str, key: &str) -> usize {
    // The first `"key"`, found by checking each quote: no needle string to build per call.
    let (bytes, key) = (line.as_bytes(), key.as_bytes());
    let mut from = 0;
    let at = loop {
        let Some(quote) = bytes[from..].iter().position(|&b| b == b'"') else { return 1 };
        let at = from + quote;
        let close = at + 1 + key.len();
        if bytes.get(at + 1..close) == Some(key) && bytes.get(close) == Some(&b'"') {
            break at;
        }
        from = at + 1;
    };
    let after_key = at + key.len() + 2;
    let rest = &line[after_key..];
    let value = rest.trim_start().strip_prefix(':').map_or(rest, str::trim_start);
    char_column(line, line.len() - value.len())
}

/// Maps byte offsets of a whole document to lines and columns.
pub(crate) struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    /// The last offset located, with its line and column: a document read front to back (one
    /// long line, as Whisper writes its JSON) then counts each character once, not once per item.
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { text, starts, last: std::cell::Cell::new((0, 1, 1)) }
    }

    /// 1-based line and character column of `offset`.
    pub fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let (last_offset, last_line, last_column) = self.last.get();
        let column = match self.text.get(last_offset..offset) {
            // Further along the same line: count from where the last one was.
            Some(between) if last_line == line && last_offset >= start => last_column + between.chars().count(),
            _ => self.text.get(start..).map_or(1, |rest| char_column(rest, offset - start)),
        };
        if self.text.is_char_boundary(offset) {
            self.last.set((offset, line, column));
        }
        (line, column)
    }

    /// The byte offset of 1-based `line` and byte `column` as serde_json counts them inside `slice`,
    /// which starts at byte `base` of the document.
    pub fn offset_in_slice(slice: &str, base: usize, line: usize, column: usize) -> usize {
        let line_start =
            if line <= 1 { 0 } else { slice.match_indices('\n').nth(line - 2).map_or(slice.len(), |(i, _)| i + 1) };
        base + (line_start + column.saturating_sub(1)).min(slice.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Format;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn latin1_bytes_are_decoded_and_reported_once_per_line() {
        let d = decode(b"ni\xF1a y ni\xF1o\nbien\n\xE1", Format::PlainText);
        assert_eq!(d.text, "niña y niño\nbien\ná");
        let found: Vec<_> = d.issues.iter().map(|i| (i.line, i.column, i.kind.to_string())).collect();
        assert_eq!(
            found,
            [
                (1, 3, "expected UTF-8 text, found the byte(s) 0xF1 0xF1; save the file as UTF-8".to_owned()),
                (3, 1, "expected UTF-8 text, found the byte(s) 0xE1; save the file as UTF-8".to_owned()),
            ]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn columns_count_characters() {
        let line = r#"{"a": "ñ\"transcript\"", "transcript": "¿sí?"}"#;
        assert_eq!(value_column(line, "transcript"), 40);
        assert_eq!(value_column(line, "a"), 7);
        assert_eq!(value_column(line, "nada"), 1);
        assert_eq!(value_column(r#"{"transcript""#, "transcript"), 14);
        // A byte inside "ñ" (bytes 1 and 2) counts that character.
        assert_eq!((char_column("añb", 1), char_column("añb", 2), char_column("añb", 3)), (2, 3, 3));
        assert_eq!(char_column("añb", 99), 4);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn locates_offsets_in_characters() {
        let index = LineIndex::new("ñandú\n¿qué?\n");
        assert_eq!(index.locate(0), (1, 1));
        assert_eq!(index.locate("ñandú\n¿".len()), (2, 2));
        assert_eq!(index.locate(1000), (3, 1));
    }
}
