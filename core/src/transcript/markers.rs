//! Caption markers for what is heard but not said: `[Risas]`, `(aplausos)`, `[Música]`, and
//! YouTube's `[ __ ]` for a hidden word. Matching ignores case, accents and surrounding spaces.

use super::Event;

/// Splits `text` at its markers: `texts` has one more element than `events`, and
/// `events[i]` stood between `texts[i]` and `texts[i + 1]`. Events are at offset 0 here; the
/// caller places them once the text is assembled.
pub(crate) fn split(text: &str) -> (Vec<&str>, Vec<Event>) {
    let mut texts = Vec::new();
    let mut events = Vec::new();
    let mut piece_start = 0;
    let mut search_from = 0;
    // A byte search: both brackets are ASCII, so a match is always a character boundary.
    while let Some(found) = text.as_bytes()[search_from..].iter().position(|&b| b == b'[' || b == b'(') {
        let open = search_from + found;
        let close = if text[open..].starts_with('[') { ']' } else { ')' };
        let inner_start = open + 1;
        let marker = text[inner_start..]
            .find(close)
            // Markers are a word or two; a long bracketed passage is speech.
            .filter(|&len| len <= 40)
            .and_then(|len| Some((classify(&text[inner_start..inner_start + len])?, inner_start + len + 1)));
        match marker {
            Some((event, end)) => {
                texts.push(&text[piece_start..open]);
                events.push(event);
                piece_start = end;
                search_from = end;
            }
            None => search_from = inner_start,
        }
    }
    texts.push(&text[piece_start..]);
    (texts, events)
}

fn classify(inner: &str) -> Option<Event> {
    let inner = inner.trim();
    if !inner.is_empty() && inner.contains('_') && inner.chars().all(|c| c == '_' || c.is_whitespace()) {
        return Some(Event::Masked { at: 0 });
    }
    let word: String = inner
        .trim_end_matches(['.', '!'])
        .chars()
        .map(|c| match c.to_lowercase().next().unwrap_or(c) {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' | 'ü' => 'u',
            other => other,
        })
        .collect();
    match word.as_str() {
        "risa" | "risas" | "carcajadas" | "laughter" | "laughs" | "laughing" => Some(Event::Laughter { at: 0 }),
        "aplauso" | "aplausos" | "applause" => Some(Event::Applause { at: 0 }),
        "musica" | "music" => Some(Event::Music { at: 0 }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn finds_markers_in_any_spelling() {
        let (texts, events) = split("ya [RISAS] (aplausos)[ Música ] [ __ ] (ver) [inaudible]");
        assert_eq!(texts, ["ya ", " ", "", " ", " (ver) [inaudible]"]);
        assert_eq!(
            events,
            [Event::Laughter { at: 0 }, Event::Applause { at: 0 }, Event::Music { at: 0 }, Event::Masked { at: 0 }]
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn unclosed_brackets_are_text() {
        assert_eq!(split("[risas"), (vec!["[risas"], vec![]));
        assert_eq!(split("(["), (vec!["(["], vec![]));
    }
}
