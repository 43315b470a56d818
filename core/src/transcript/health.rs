//! Text health: every segment's text goes through the same repairs, in this order, because each
//! step relies on the previous one:
//! 1. doubly encoded UTF-8 is repaired (before anything looks at characters);
//! 2. Unicode is normalised to NFC (so "[Música]" typed with a combining accent still matches);
//! 3. markers become [`Event`]s and whitespace collapses to single spaces;
//! 4. words that lost an accented letter are flagged.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use super::{Event, Format, Issue, IssueKind, RawSegment, Segment, accents, markers, mojibake};

/// A cleaned text.
pub(crate) struct Clean {
    pub text: String,
    pub events: Vec<Event>,
    /// The first repaired word, before and after.
    pub repaired: Option<(String, String)>,
    pub lost_accents: Vec<(String, Option<String>)>,
}

pub(crate) fn clean(raw: &str) -> Clean {
    let (text, repaired, bracket) = repair_and_normalize(raw);
    let mut out = String::with_capacity(text.len());
    let mut lost_accents = Vec::new();
    if !bracket {
        // No marker can start here: the words alone, without splitting into pieces.
        push_words(&text, &mut out, &mut lost_accents, |_| {});
        return Clean { text: out, events: Vec::new(), repaired, lost_accents };
    }
    let (texts, found) = markers::split(&text);
    let mut events = Vec::with_capacity(found.len());
    // Events wait for the next word to know their offset (the start of that word).
    let mut pending: Vec<Event> = Vec::new();
    for (i, piece) in texts.iter().enumerate() {
        push_words(piece, &mut out, &mut lost_accents, |at| events.extend(pending.drain(..).map(|e| e.moved_to(at))));
        if let Some(&event) = found.get(i) {
            pending.push(event);
        }
    }
    events.extend(pending.drain(..).map(|e| e.moved_to(out.len())));
    Clean { text: out, events, repaired, lost_accents }
}

/// Appends the words of `text` to `out` one space apart (and after a space when `out` already
/// has words), calling `at_word` with each word's offset in `out` just before writing it, and
/// appends to `lost` each word that lost an accent ([`accents::lost_accents`] of the result,
/// in order). One pass: each byte is classified once for both jobs. Words never span a call:
/// a space always separates what two calls append.
fn push_words(text: &str, out: &mut String, lost: &mut Vec<(String, Option<String>)>, mut at_word: impl FnMut(usize)) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (separator, len) = separator_at(text, i);
        if separator {
            i += len;
            continue;
        }
        let start = i;
        // The current run of alphanumeric characters inside the word (what may have lost an
        // accent): its start, whether it is ASCII letters only, whether it holds a U+FFFD.
        let mut run: Option<(usize, bool, bool)> = None;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_alphabetic() {
                run.get_or_insert((i, true, false));
                i += 1;
                continue;
            }
            let (kind, len) = if b.is_ascii() {
                if b <= b' ' || b == 0x7F {
                    break;
                }
                (if b.is_ascii_digit() { accents::Kind::OtherAlphanumeric } else { accents::Kind::Break }, 1)
            } else {
                if BYTE_CLASS[usize::from(b)] == ByteClass::Decode && separator_at(text, i).0 {
                    break;
                }
                accents::kind_at(text, i)
            };
            match kind {
                accents::Kind::Break => {
                    if let Some((from, letters, replaced)) = run.take() {
                        accents::push_suspicious(&text[from..i], letters, replaced, lost);
                    }
                }
                _ => {
                    let replacement = kind == accents::Kind::Replacement;
                    let (_, letters, replaced) = run.get_or_insert((i, true, false));
                    *letters = false;
                    *replaced |= replacement;
                }
            }
            i += len;
        }
        if let Some((from, letters, replaced)) = run {
            accents::push_suspicious(&text[from..i], letters, replaced, lost);
        }
        if !out.is_empty() {
            out.push(' ');
        }
        at_word(out.len());
        out.push_str(&text[start..i]);
    }
}

/// Whether the character at byte `i` of `text` separates words (whitespace or control), and its
/// length. Only the lead bytes [`BYTE_CLASS`] marks are decoded.
fn separator_at(text: &str, i: usize) -> (bool, usize) {
    let Some(&b) = text.as_bytes().get(i) else { return (true, 1) };
    match BYTE_CLASS[usize::from(b)] {
        ByteClass::Word => (false, 1),
        ByteClass::Separator => (true, 1),
        ByteClass::Decode => match text.get(i..).and_then(|rest| rest.chars().next()) {
            Some(c) => (c.is_whitespace() || c.is_control(), c.len_utf8()),
            None => (true, 1),
        },
    }
}

/// Steps 1 and 2 plus whitespace, for text that keeps its markers (the jokes CSV).
pub(crate) fn normalize(raw: &str) -> String {
    join_words(&repair_and_normalize(raw).0)
}

/// The words of `text` joined by single spaces.
fn join_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for_each_word(text, |word| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    });
    out
}

/// Steps 1 and 2; borrows `raw` when it needs neither, as nearly every caption does. Also says
/// whether the text holds a `[` or `(`, where a marker could start.
fn repair_and_normalize(raw: &str) -> (Cow<'_, str>, Option<(String, String)>, bool) {
    let found = scan(raw);
    let (text, repaired, found) = match found.mojibake.then(|| mojibake::repair(raw)).flatten() {
        Some((text, before, after)) => {
            let found = scan(&text);
            (Cow::Owned(text), Some((before, after)), found)
        }
        None => (Cow::Borrowed(raw), None, found),
    };
    // Every character below U+0300 is NFC on its own and combines with nothing before it:
    // Spanish text without combining marks is already normal.
    if !found.invisible && !found.high {
        return (text, repaired, found.bracket);
    }
    // Checked before invisible characters are dropped, so a mark they kept apart stays apart.
    let nfc = unicode_normalization::is_nfc(&text);
    if nfc && !found.invisible {
        return (text, repaired, found.bracket);
    }
    // Invisible characters would split or glue words unpredictably; they carry nothing.
    let visible = text.chars().filter(|&c| !is_invisible(c));
    let text: String = if nfc { visible.collect() } else { visible.nfc().collect() };
    // Neither step adds or removes a bracket; checking again costs little and assumes nothing.
    let bracket = text.bytes().any(|b| b == b'[' || b == b'(');
    (Cow::Owned(text), repaired, bracket)
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
}

/// What one pass over a text found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct Scan {
    /// A place where doubly encoded UTF-8 may start ([`mojibake::may_start_at`]).
    mojibake: bool,
    /// An [`is_invisible`] character: U+00AD is `C2 AD`, U+200B to U+200F `E2 80 8B..8F`,
    /// U+2060 `E2 81 A0`, U+FEFF `EF BB BF`.
    invisible: bool,
    /// A character at U+0300 or above (lead byte 0xCC or above).
    high: bool,
    /// A `[` or `(`.
    bracket: bool,
}

/// One pass over `text` for everything [`repair_and_normalize`] and [`clean`] need to know
/// before changing anything. Runs of ASCII are read eight bytes at a time.
fn scan(text: &str) -> Scan {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    // Whether any byte of `word` equals `byte` (the classic zero-byte test, exact).
    let has_byte = |word: u64, byte: u8| {
        let x = word ^ (ONES * u64::from(byte));
        x.wrapping_sub(ONES) & !x & HIGH_BITS != 0
    };
    let bytes = text.as_bytes();
    let mut found = Scan::default();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8)
            && let Ok(chunk) = <[u8; 8]>::try_from(chunk)
            && u64::from_ne_bytes(chunk) & HIGH_BITS == 0
        {
            let word = u64::from_ne_bytes(chunk);
            found.bracket |= has_byte(word, b'[') || has_byte(word, b'(');
            i += 8;
            continue;
        }
        let b = bytes[i];
        found.bracket |= b == b'[' || b == b'(';
        found.high |= b >= 0xCC;
        found.invisible |= match b {
            0xC2 => bytes.get(i + 1) == Some(&0xAD),
            0xE2 => matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x8B..=0x8F] | [0x81, 0xA0])),
            0xEF => bytes.get(i + 1..i + 3) == Some(&[0xBB, 0xBF]),
            _ => false,
        };
        found.mojibake |= b == 0xC3 && mojibake::may_start_at(text, i);
        i += 1;
    }
    found
}

/// How [`for_each_word`] reads a byte: part of a word, a one-byte separator (ASCII space or
/// control), or the lead of a character that may be a separator (U+0080 to U+00A0 start with
/// `C2`; U+1680 with `E1`; U+2000 to U+205F with `E2`; U+3000 with `E3`): only those are decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ByteClass {
    Word,
    Separator,
    Decode,
}

const BYTE_CLASS: [ByteClass; 256] = {
    let mut classes = [ByteClass::Word; 256];
    let mut b = 0;
    while b < 256 {
        classes[b] = match b {
            // ASCII whitespace is space or a control character.
            0..=0x20 | 0x7F => ByteClass::Separator,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => ByteClass::Decode,
            _ => ByteClass::Word,
        };
        b += 1;
    }
    classes
};

/// Calls `f` with each word of `text`; words are separated by any whitespace or control
/// character (tabs, line breaks, NBSP, NUL). Bytes are classified by a table, so Spanish text
/// (accented letters start with `C3`) is never decoded.
fn for_each_word<'a>(text: &'a str, mut f: impl FnMut(&'a str)) {
    let bytes = text.as_bytes();
    // Whether the character at `i` separates words, and its length; `None` past the end.
    let separator_at = |i: usize| -> Option<(bool, usize)> {
        match BYTE_CLASS[usize::from(*bytes.get(i)?)] {
            ByteClass::Word => Some((false, 1)),
            ByteClass::Separator => Some((true, 1)),
            ByteClass::Decode => {
                let c = text.get(i..)?.chars().next()?;
                Some((c.is_whitespace() || c.is_control(), c.len_utf8()))
            }
        }
    };
    let mut i = 0;
    while let Some((separator, len)) = separator_at(i) {
        if separator {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        loop {
            // The common case, a run of plain word bytes, in a tight loop.
            while bytes.get(i).is_some_and(|&b| BYTE_CLASS[usize::from(b)] == ByteClass::Word) {
                i += 1;
            }
            match separator_at(i) {
                Some((false, len)) => i += len,
                _ => break,
            }
        }
        f(&text[start..i]);
    }
}

/// Cleans every raw segment; drops those left with neither words nor events; returns the
/// warnings about the rest.
pub(crate) fn finish(format: Format, raw: Vec<RawSegment>) -> (Vec<Segment>, Vec<Issue>) {
    let mut segments = Vec::with_capacity(raw.len());
    let mut warnings = Vec::new();
    for r in raw {
        let clean = clean(&r.text);
        if clean.text.is_empty() && clean.events.is_empty() {
            continue;
        }
        let segment = segments.len();
        if let Some((before, after)) = clean.repaired {
            let kind = IssueKind::RepairedEncoding { segment, before, after };
            warnings.push(Issue::warning(format, r.line, r.column, kind));
        }
        for (word, suggestion) in clean.lost_accents {
            let kind = IssueKind::LostAccent { segment, word, suggestion };
            warnings.push(Issue::warning(format, r.line, r.column, kind));
        }
        segments.push(Segment { start_ms: r.start_ms, end_ms: r.end_ms, text: clean.text, events: clean.events });
    }
    (segments, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn markers_become_events_at_word_starts() {
        let c = clean("  [Risas]  y entonces\tle dije [ __ ]  al  tipo (risas)\n");
        assert_eq!(c.text, "y entonces le dije al tipo");
        assert_eq!(
            c.events,
            [Event::Laughter { at: 0 }, Event::Masked { at: 19 }, Event::Laughter { at: c.text.len() }]
        );
        assert_eq!(&c.text[19..], "al tipo");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn repairs_then_normalizes() {
        // "é" as "e" + combining acute, and "niÃ±a" doubly encoded.
        let c = clean("cafe\u{301} con\u{200B} la niÃ±a");
        assert_eq!(c.text, "café con la niña");
        assert_eq!(c.repaired, Some(("niÃ±a".into(), "niña".into())));
        assert!(c.lost_accents.is_empty());
        assert_eq!(normalize(" Â¿QuÃ©?\n [Risas] "), "¿Qué? [Risas]");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn words_split_at_every_whitespace_and_control() {
        let text = "a\u{0}b\u{7F}c\u{85}d\u{A0}e\u{2003}f\u{3000}g\u{1F}h\u{9F}i\u{200B}j ñ\u{1680}¿×\u{2028}ᚁ";
        let mut found = Vec::new();
        for_each_word(text, |w| found.push(w));
        assert_eq!(found, ["a", "b", "c", "d", "e", "f", "g", "h", "i\u{200B}j", "ñ", "¿×", "ᚁ"]);
        // Every separator character starts with a byte the table sends to be decoded.
        for c in (0x80..=0x10FFFF).filter_map(char::from_u32).filter(|c| c.is_whitespace() || c.is_control()) {
            let lead = c.encode_utf8(&mut [0; 4]).as_bytes()[0];
            assert!(BYTE_CLASS[usize::from(lead)] == ByteClass::Decode, "{c:?}");
        }
        for b in 0..0x80u8 {
            let separator = char::from(b).is_whitespace() || char::from(b).is_control();
            assert_eq!(BYTE_CLASS[usize::from(b)] == ByteClass::Separator, separator, "{b:#x}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn scan_finds_what_each_step_needs() {
        let scan_of = |text: &str| {
            let s = scan(text);
            (s.mojibake, s.invisible, s.high, s.bracket)
        };
        assert_eq!(scan_of("plain ascii text, long enough"), (false, false, false, false));
        assert_eq!(scan_of("año qué, más"), (false, false, false, false));
        assert_eq!(scan_of("a long ascii prefix\u{200B}"), (false, true, true, false));
        assert_eq!(scan_of("a long ascii prefix e\u{301}"), (false, false, true, false));
        assert_eq!(scan_of("\u{FEFF}x\u{301}"), (false, true, true, false));
        assert_eq!(scan_of("\u{AD}"), (false, true, false, false));
        assert_eq!(scan_of("\u{2010}"), (false, false, true, false));
        assert_eq!(scan_of("la niÃ±a"), (true, false, false, false));
        // A bracket anywhere in an eight-byte run, or alone.
        for at in 0..16 {
            for bracket in ['[', '('] {
                let mut text: Vec<char> = "abcdefghijklmnop".chars().collect();
                text[at] = bracket;
                let text: String = text.into_iter().collect();
                assert!(scan(&text).bracket, "{text}");
            }
        }
        assert!(!scan("abcdefgh]ijklmno)pqZ{").bracket);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn words_and_lost_accents_are_found_in_one_pass_as_in_two() {
        let pieces = [
            "Qu",
            "qu",
            "mdico",
            "MDICO",
            "fjate",
            "cancin",
            "televisin",
            "saqu",
            "llegu",
            "s",
            "da",
            "ni\u{FFFD}a",
            "\u{FFFD}",
            "é",
            "ñ",
            "×",
            "÷",
            "1",
            "a",
            "Z",
            ",",
            "¿",
            "?",
            " ",
            "  ",
            "\t",
            "\u{A0}",
            "\u{85}",
            "\u{2003}",
            "\u{0}",
            "\u{7F}",
            "[Risas]",
            "(aplausos)",
            "[ __ ]",
            "[",
            "(",
            "日本",
            "ǅ",
            "😀",
            "aqu",
            "Wisin",
            "“",
            "—",
        ];
        let mut seed: u64 = 7;
        for _ in 0..3_000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let c = clean(&text);
            assert_eq!(c.lost_accents, accents::lost_accents(&c.text), "{text:?}");
            let words: Vec<&str> = c.text.split(' ').filter(|w| !w.is_empty()).collect();
            assert_eq!(c.text, words.join(" "), "{text:?}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn normal_text_is_borrowed_and_invisible_characters_dropped() {
        assert!(matches!(repair_and_normalize("año, qué").0, Cow::Borrowed(_)));
        assert!(repair_and_normalize("a (b)").2 && !repair_and_normalize("a b").2);
        assert_eq!(repair_and_normalize("a\u{AD}b\u{200D}c\u{2060}d\u{FEFF}e\u{200A}").0, "abcde\u{200A}");
        // A combining mark kept apart by an invisible character stays apart, as before the drop.
        assert_eq!(repair_and_normalize("e\u{200B}\u{301}").0, "e\u{301}");
    }
}
