//! Styling inside subtitle text: `<i>`, `<c.colorE5E5E5>`, `<v Ana>`, `<00:00:01.000>`, `{\an8}`
//! and HTML entities. Captions carry words; styling is dropped, entities become characters.

/// Removes tags and SSA overrides. A `<` that does not open a tag (`3 < 5`) is kept.
pub(crate) fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find(['<', '{']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        match tag_len(tail) {
            Some(len) => rest = &tail[len..],
            None => {
                // Keep the '<' or '{' (one byte) as text.
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Byte length of the tag at the start of `s`, if one is there.
fn tag_len(s: &str) -> Option<usize> {
    let (open, close) = if s.starts_with('<') { ('<', '>') } else { ('{', '}') };
    let after = &s[open.len_utf8()..];
    let first = after.chars().next()?;
    let looks_like_tag = if open == '<' { first.is_ascii_alphanumeric() || first == '/' } else { first == '\\' };
    if !looks_like_tag {
        return None;
    }
    let end = after.find(close)?;
    // A tag never spans another opening bracket; "<3 <i>x</i>" keeps "<3".
    if after[..end].contains(open) {
        return None;
    }
    Some(1 + end + 1)
}

/// Decodes the entities subtitles use (`&amp;`, `&nbsp;`, `&#39;`, `&#xE9;` ...). Unknown ones stay.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let decoded = tail.find(';').filter(|&end| end <= 10).and_then(|end| Some((entity(&tail[1..end])?, end)));
        match decoded {
            Some((c, end)) => {
                if let Some(c) = c {
                    out.push(c);
                }
                rest = &tail[end + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character an entity name stands for; `Some(None)` for the invisible direction marks.
fn entity(name: &str) -> Option<Option<char>> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "lrm" | "rlm" => return Some(None),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace())?
        }
    };
    Some(Some(c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn drops_styling_and_keeps_words() {
        assert_eq!(strip_tags("hola<00:00:01.000><c> amigos</c>"), "hola amigos");
        assert_eq!(strip_tags("<v Ana><i>¿Qué?</i></v>"), "¿Qué?");
        assert_eq!(strip_tags("{\\an8}arriba"), "arriba");
        assert_eq!(strip_tags("3 < 5 y <3 <b>sí</b>"), "3 < 5 y <3 sí");
        assert_eq!(strip_tags("sin cierre <i"), "sin cierre <i");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn decodes_entities() {
        assert_eq!(decode_entities("Tom &amp; Jerry &#39;ja&#x27; &lrm;&copy; &"), "Tom & Jerry 'ja' &copy; &");
        assert_eq!(decode_entities("&#0;&#xD800;"), "&#0;&#xD800;");
    }
}
