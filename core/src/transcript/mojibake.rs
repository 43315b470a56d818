//! Repair of doubly encoded UTF-8 ("mojibake"): UTF-8 bytes read as Windows-1252 and encoded
//! again, so "niña" became "niÃ±a" and "¿" became "Â¿".
//!
//! The repair is applied only where it is unambiguous: a run of characters that, turned back into
//! Windows-1252 bytes, forms a valid UTF-8 sequence whose character is one Spanish or western text
//! uses (Latin-1, typographic punctuation, €). Correct Spanish text never
//! contains such runs ("Ã" followed by "±"), so it is left untouched.

use super::decode::CP1252_HIGH;

/// The repaired text and the first repaired word (before, after), or `None` when nothing changed.
pub(crate) fn repair(text: &str) -> Option<(String, String, String)> {
    if !may_need_repair(text) {
        return None;
    }
    let mut current = text.to_owned();
    let mut first: Option<(String, String)> = None;
    // Text encoded twice over needs as many passes; three is more than real files need.
    for _ in 0..3 {
        let Some((next, example)) = repair_once(&current) else { break };
        first.get_or_insert(example);
        current = next;
    }
    let (before, after) = first?;
    Some((current, before, after))
}

/// Whether the first pass of [`repair`] can change anything: only a lead character (U+00C2 to
/// U+00EF, bytes `C3 82` to `C3 AF` in UTF-8) directly followed by a character whose
/// Windows-1252 byte is a UTF-8 continuation byte can start a repair. Nearly every text has no
/// such pair ("á" is followed by a letter), so this byte scan spares the char-by-char pass.
fn may_need_repair(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(found) = bytes[from..].iter().position(|&b| b == 0xC3) {
        if may_start_at(text, from + found) {
            return true;
        }
        from += found + 1;
    }
    false
}

/// Whether the character at byte `at` of `text` is a lead character (U+00C2 to U+00EF) followed
/// by a character whose Windows-1252 byte is a UTF-8 continuation byte: where a repair can start.
pub(crate) fn may_start_at(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    bytes.get(at) == Some(&0xC3)
        && bytes.get(at + 1).is_some_and(|b| (0x82..=0xAF).contains(b))
        && text
            .get(at + 2..)
            .and_then(|rest| rest.chars().next())
            .and_then(cp1252_byte)
            .is_some_and(|b| (0x80..=0xBF).contains(&b))
}

fn repair_once(text: &str) -> Option<(String, (String, String))> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let mut example: Option<(usize, usize, usize, usize)> = None;
    let mut i = 0;
    while i < chars.len() {
        if let Some((c, used)) = decode_at(&chars[i..]) {
            let start = chars[i].0;
            let end = chars.get(i + used).map_or(text.len(), |&(b, _)| b);
            let out_start = out.len();
            out.push(c);
            example.get_or_insert((start, end, out_start, out.len()));
            i += used;
        } else {
            out.push(chars[i].1);
            i += 1;
        }
    }
    let (start, end, out_start, out_end) = example?;
    let before = word_around(text, start, end);
    let after = word_around(&out, out_start, out_end);
    Some((out, (before, after)))
}

/// The character encoded by the Windows-1252 bytes of the chars at the start of `chars`, with how
/// many chars it used, when that is a plausible repair.
fn decode_at(chars: &[(usize, char)]) -> Option<(char, usize)> {
    let lead = cp1252_byte(chars.first()?.1)?;
    let len = match lead {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => return None,
    };
    let mut bytes = [0u8; 3];
    for (k, slot) in bytes.iter_mut().enumerate().take(len) {
        *slot = cp1252_byte(chars.get(k)?.1)?;
    }
    let c = std::str::from_utf8(&bytes[..len]).ok()?.chars().next()?;
    plausible(c).then_some((c, len))
}

/// Characters a doubly encoded Spanish text would plausibly hold. Latin Extended-A is left out:
/// Spanish does not need it, and "Å±" (a real "Å" before "±") would otherwise become "ű".
fn plausible(c: char) -> bool {
    matches!(c, '\u{A0}'..='\u{FF}' | '\u{2010}'..='\u{2027}' | '\u{2030}'..='\u{203A}' | '€' | '™')
}

/// The Windows-1252 byte of `c`; the five bytes Windows-1252 leaves undefined were decoded by
/// most tools as the C1 control of the same value, so those map back too.
fn cp1252_byte(c: char) -> Option<u8> {
    match u32::from(c) {
        // ASCII, by far the most common, has no byte of its own here.
        ..0x80 => None,
        0x80..=0xFF => u8::try_from(u32::from(c)).ok(),
        _ => CP1252_HIGH.iter().position(|&h| h == c).map(|p| 0x80 + p as u8),
    }
}

/// The whitespace-delimited word around byte range `start..end` of `text`.
fn word_around(text: &str, start: usize, end: usize) -> String {
    let from =
        text[..start].rfind(char::is_whitespace).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let to = text[end..].find(char::is_whitespace).map_or(text.len(), |i| end + i);
    text[from..to].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn fixed(s: &str) -> String {
        repair(s).map_or_else(|| s.to_owned(), |(t, _, _)| t)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn repairs_double_encoding() {
        assert_eq!(fixed("niÃ±a"), "niña");
        assert_eq!(fixed("Â¿QuÃ© pasÃ³?"), "¿Qué pasó?");
        assert_eq!(fixed("Ã\u{AD}ntimo Ã\u{81}frica"), "íntimo África");
        assert_eq!(fixed("â€œholaâ€\u{9D} â€¦"), "“hola” …");
        // Encoded twice over.
        assert_eq!(fixed("niÃƒÂ±a"), "niña");
        assert_eq!(repair("niÃ±a feliz").map(|(_, b, a)| (b, a)), Some(("niÃ±a".into(), "niña".into())));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn prefilter_never_hides_a_repair() {
        // Every lead character before every character with a Windows-1252 byte, alone and in text:
        // whenever a pass would repair, the prefilter lets it through.
        let seconds: Vec<char> =
            (0x80u32..=0xFF).filter_map(char::from_u32).chain("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ".chars()).collect();
        for lead in (0xC2u32..=0xEF).filter_map(char::from_u32) {
            for &second in &seconds {
                for third in [None, Some('\u{A0}'), Some('€')] {
                    let text: String =
                        ["x", &lead.to_string(), &second.to_string(), &third.map(String::from).unwrap_or_default()]
                            .concat();
                    if repair_once(&text).is_some() {
                        assert!(may_need_repair(&text), "{text:?}");
                    }
                }
            }
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn leaves_correct_text_alone() {
        for ok in ["niña", "¿Qué?", "«¡OLÉ»", "SÃO PAULO", "Ó¡", "Å±", "año 2024 — €5"] {
            assert_eq!(repair(ok), None, "{ok}");
        }
    }
}
