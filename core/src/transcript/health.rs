//! Text health: every segment's text goes through the same repairs, in this order, because each
//! step relies on the previous one:
//! 1. doubly encoded UTF-8 is repaired (before anything looks at characters);
//! 2. Unicode is normalised to NFC (so "[Música]" typed with a combining accent still matches);
//! 3. markers become [`Event`]s and whitespace collapses to single spaces;
//! 4. words that lost an accented letter are flagged.

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
    let (text, repaired) = repair_and_normalize(raw);
    let (texts, found) = markers::split(&text);
    let mut out = String::with_capacity(text.len());
    let mut events = Vec::with_capacity(found.len());
    // Events wait for the next word to know their offset (the start of that word).
    let mut pending: Vec<Event> = Vec::new();
    for (i, piece) in texts.iter().enumerate() {
        for word in words(piece) {
            if !out.is_empty() {
                out.push(' ');
            }
            events.extend(pending.drain(..).map(|e| e.moved_to(out.len())));
            out.push_str(word);
        }
        if let Some(&event) = found.get(i) {
            pending.push(event);
        }
    }
    events.extend(pending.drain(..).map(|e| e.moved_to(out.len())));
    let lost_accents = accents::lost_accents(&out);
    Clean { text: out, events, repaired, lost_accents }
}

/// Steps 1 and 2 plus whitespace, for text that keeps its markers (the jokes CSV).
pub(crate) fn normalize(raw: &str) -> String {
    let (text, _) = repair_and_normalize(raw);
    words(&text).collect::<Vec<_>>().join(" ")
}

fn repair_and_normalize(raw: &str) -> (String, Option<(String, String)>) {
    let (text, repaired) = match mojibake::repair(raw) {
        Some((text, before, after)) => (text, Some((before, after))),
        None => (raw.to_owned(), None),
    };
    // Invisible characters would split or glue words unpredictably; they carry nothing.
    let visible = text.chars().filter(|&c| !is_invisible(c));
    let text = if unicode_normalization::is_nfc(&text) { visible.collect() } else { visible.nfc().collect() };
    (text, repaired)
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
}

/// Words separated by any whitespace or control character (tabs, line breaks, NBSP, NUL).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c.is_control()).filter(|w| !w.is_empty())
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

    #[test]
    fn markers_become_events_at_word_starts() {
        let c = clean("  [Risas]  y entonces\tle dije [ __ ]  al  tipo (risas)\n");
        assert_eq!(c.text, "y entonces le dije al tipo");
        assert_eq!(
            c.events,
            [Event::Laughter { at: 0 }, Event::Masked { at: 19 }, Event::Laughter { at: c.text.len() }]
        );
        assert_eq!(&c.text[19..], "al tipo");
    }

    #[test]
    fn repairs_then_normalizes() {
        // "é" as "e" + combining acute, and "niÃ±a" doubly encoded.
        let c = clean("cafe\u{301} con\u{200B} la niÃ±a");
        assert_eq!(c.text, "café con la niña");
        assert_eq!(c.repaired, Some(("niÃ±a".into(), "niña".into())));
        assert!(c.lost_accents.is_empty());
        assert_eq!(normalize(" Â¿QuÃ©?\n [Risas] "), "¿Qué? [Risas]");
    }
}
