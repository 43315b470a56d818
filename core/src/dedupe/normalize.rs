//! The text that near-duplicate detection compares: what a reader would call "the same words".

use unicode_normalization::char::decompose_canonical;

/// Lowercases, strips accents, turns every run of punctuation and whitespace into one space and
/// trims, so "¡Mi SUEGRA!" and "mi suegra" compare equal.
///
/// Canonical decomposition (NFD), not compatibility decomposition (NFKD): full-width letters and
/// ligatures ("ＡÑO", "ﬁn") are not folded. They do not occur in Spanish captions, and the
/// compatibility tables would add about 60 KB to the app's WASM, which runs this for search and
/// near-duplicates. Stripping the accents also folds "ñ" into "n": "año" and "ano" compare equal. That is acceptable here because the corpus already lost many accents in
/// extraction, and a false "duplicate" only costs a look from the curator, never a deletion.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`] into a reused buffer.
///
/// Decomposes one character at a time instead of running the NFD iterator: canonical reordering,
/// the only thing the iterator adds, only moves combining marks, which are all dropped here. ASCII,
/// nearly all of the input, skips decomposition entirely; this makes the function ~10× faster.
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii() {
            push_folded(c, &mut gap, out);
        } else {
            decompose_canonical(c, |d| push_folded(d, &mut gap, out));
        }
    }
}

/// Appends one decomposed character: letters and digits lowercased, marks dropped, anything else
/// remembered as a gap that becomes one space before the next kept character.
fn push_folded(c: char, gap: &mut bool, out: &mut String) {
    let kept = if c.is_ascii() {
        // The common case, without the Unicode tables.
        c.is_ascii_alphanumeric()
    } else if is_diacritic(c) {
        return;
    } else {
        c.is_alphanumeric()
    };
    if !kept {
        *gap = true;
        return;
    }
    if *gap && !out.is_empty() {
        out.push(' ');
    }
    *gap = false;
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
    } else {
        // Lowercasing can itself produce a combining mark ("İ" → "i" + dot above).
        out.extend(c.to_lowercase().filter(|l| !is_diacritic(*l)));
    }
}

/// Whether a character is a combining diacritical mark: the blocks canonical decomposition of
/// Latin, Greek and Cyrillic letters produces. A range check rather than Unicode's full
/// combining-mark table, which would weigh on the app's WASM for marks Spanish never uses.
pub(crate) fn is_diacritic(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}
