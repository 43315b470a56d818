//! Words that lost an accented letter: text that went through a tool which dropped every
//! non-ASCII byte reads "mdico" for "médico" and "qu" for "qué". They are only flagged, so a
//! later step (a person, or a model) can fix them in context.
//!
//! Two sources: a list of common Spanish words in their damaged form, and endings no Spanish
//! word has ("-cin" and "-sin" from "-ción" and "-sión", "-qu"/"-gu" from "-qué"/"-gué"). Damaged forms that are real
//! words too ("da" for "día", "das" for "días", "as" for "así", "ah" for "ahí") are left out:
//! flagging them would mostly be wrong.

/// Damaged form → the word it most likely was; `None` when several words fit. Sorted for lookup.
const DAMAGED: &[(&str, Option<&str>)] = &[
    ("ac", Some("acá")),
    ("adis", Some("adiós")),
    ("ao", Some("año")),
    ("aos", Some("años")),
    ("aqu", Some("aquí")),
    ("atrs", Some("atrás")),
    ("caf", Some("café")),
    ("cmara", Some("cámara")),
    ("cmico", Some("cómico")),
    ("cmo", Some("cómo")),
    ("compaero", Some("compañero")),
    ("corazn", Some("corazón")),
    ("crcel", Some("cárcel")),
    ("cundo", Some("cuándo")),
    ("cunto", Some("cuánto")),
    ("deca", Some("decía")),
    ("dems", Some("demás")),
    ("despus", Some("después")),
    ("difcil", Some("difícil")),
    ("dnde", Some("dónde")),
    ("espaol", Some("español")),
    ("espaoles", Some("españoles")),
    ("espectculo", Some("espectáculo")),
    ("est", Some("está")),
    ("estn", Some("están")),
    ("ests", Some("estás")),
    ("fcil", Some("fácil")),
    ("fjate", Some("fíjate")),
    ("haba", Some("había")),
    ("habas", Some("habías")),
    ("huevn", Some("huevón")),
    ("increble", Some("increíble")),
    ("ingls", Some("inglés")),
    ("l", Some("él")),
    ("ltima", Some("última")),
    ("ltimo", Some("último")),
    ("maana", Some("mañana")),
    ("mam", Some("mamá")),
    ("mdico", Some("médico")),
    ("ms", Some("más")),
    ("msica", Some("música")),
    ("nia", Some("niña")),
    ("nias", Some("niñas")),
    ("nico", Some("único")),
    ("nio", Some("niño")),
    ("nios", Some("niños")),
    ("nmero", Some("número")),
    ("pap", Some("papá")),
    ("pas", None),
    ("pblico", Some("público")),
    ("pelcula", Some("película")),
    ("pequeo", Some("pequeño")),
    ("perdn", Some("perdón")),
    ("podra", Some("podría")),
    ("polica", Some("policía")),
    ("poltica", Some("política")),
    ("poltico", Some("político")),
    ("qu", Some("qué")),
    ("quera", Some("quería")),
    ("quin", Some("quién")),
    ("quizs", Some("quizás")),
    ("rpido", Some("rápido")),
    ("s", None),
    ("segn", Some("según")),
    ("seor", Some("señor")),
    ("seora", Some("señora")),
    ("seoras", Some("señoras")),
    ("seores", Some("señores")),
    ("sper", Some("súper")),
    ("sueo", Some("sueño")),
    ("t", Some("tú")),
    ("tambin", Some("también")),
    ("telfono", Some("teléfono")),
    ("tena", Some("tenía")),
    ("todava", Some("todavía")),
];

/// [`DAMAGED`]'s keys packed into integers ([`pack`]), in the same order: a lookup compares
/// two integers instead of two strings, and no lowercase copy of the word is made.
const KEYS: [u128; DAMAGED.len()] = {
    let mut keys = [0u128; DAMAGED.len()];
    let mut i = 0;
    while i < DAMAGED.len() {
        keys[i] = pack(DAMAGED[i].0.as_bytes());
        i += 1;
    }
    keys
};

/// Up to 16 bytes, lowercased, big-endian in a `u128`: for letters (never a zero byte) the
/// integers sort as the strings do.
const fn pack(bytes: &[u8]) -> u128 {
    let mut packed = 0u128;
    let mut i = 0;
    while i < 16 {
        let byte = if i < bytes.len() { bytes[i].to_ascii_lowercase() } else { 0 };
        packed = (packed << 8) | byte as u128;
        i += 1;
    }
    packed
}

/// An open-addressing hash table over [`KEYS`], built at compile time: slot → key index + 1,
/// 0 for empty. With 75 keys in 256 slots a lookup (nearly always a miss) is one multiply, one
/// load and rarely a second probe, where a binary search took seven unpredictable branches.
const SLOTS: [u8; 256] = {
    assert!(KEYS.len() < 255, "the table needs empty slots and indexes that fit a byte");
    let mut slots = [0u8; 256];
    let mut i = 0;
    while i < KEYS.len() {
        let mut slot = slot_of(KEYS[i]);
        while slots[slot] != 0 {
            slot = (slot + 1) % 256;
        }
        slots[slot] = i as u8 + 1;
        i += 1;
    }
    slots
};

const fn slot_of(packed: u128) -> usize {
    let folded = (packed as u64) ^ ((packed >> 64) as u64);
    (folded.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
}

/// The index in [`DAMAGED`] of the packed word, if listed.
fn find(packed: u128) -> Option<usize> {
    let mut slot = slot_of(packed);
    loop {
        let index = usize::from(SLOTS[slot]).checked_sub(1)?;
        if KEYS[index] == packed {
            return Some(index);
        }
        slot = (slot + 1) % 256;
    }
}

/// The longest key of [`DAMAGED`]: longer words are not looked up.
const LONGEST: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < DAMAGED.len() {
        if DAMAGED[i].0.len() > longest {
            longest = DAMAGED[i].0.len();
        }
        i += 1;
    }
    longest
};

/// [`pack`] for 1 to 16 ASCII letters, without a loop: one copy, and bit 5 set on the letters
/// (which lowercases them) but not on the zero padding.
fn pack_letters(letters: &[u8]) -> u128 {
    let len = letters.len().min(16);
    if len == 0 {
        return 0;
    }
    let mut bytes = [0u8; 16];
    bytes[..len].copy_from_slice(&letters[..len]);
    let lowercase = u128::from_be_bytes([0x20; 16]) & (u128::MAX << (8 * (16 - len)));
    u128::from_be_bytes(bytes) | lowercase
}

/// What a character is to [`lost_accents`]: a word is a run of alphanumeric characters (and
/// U+FFFD), and only a word of ASCII letters alone, or one holding a U+FFFD, can be suspicious.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Break,
    AsciiLetter,
    /// A digit or a non-ASCII letter: part of a word, which is then not suspicious.
    OtherAlphanumeric,
    Replacement,
}

/// The kind and byte length of the character starting at byte `i` of `text`. ASCII and the
/// `C3` block (U+00C0 to U+00FF: "á", "ñ"; all letters but "×" and "÷") need no decoding.
#[inline]
pub(crate) fn kind_at(text: &str, i: usize) -> (Kind, usize) {
    let bytes = text.as_bytes();
    match bytes[i] {
        b if b.is_ascii_alphabetic() => (Kind::AsciiLetter, 1),
        b if b.is_ascii_digit() => (Kind::OtherAlphanumeric, 1),
        b if b.is_ascii() => (Kind::Break, 1),
        0xC3 if !matches!(bytes.get(i + 1), Some(0x97 | 0xB7)) => (Kind::OtherAlphanumeric, 2),
        _ => match text.get(i..).and_then(|rest| rest.chars().next()) {
            Some('\u{FFFD}') => (Kind::Replacement, 3),
            Some(c) if c.is_alphanumeric() => (Kind::OtherAlphanumeric, c.len_utf8()),
            Some(c) => (Kind::Break, c.len_utf8()),
            // Not at a character boundary: impossible for a `str` walked character by character.
            None => (Kind::Break, 1),
        },
    }
}

/// Each suspicious word of `text` (as written) with its likely correction. The health pass finds
/// the same words while it splits the text into words (`health::push_words`); this is the
/// reference it is tested against.
#[cfg(test)]
pub(crate) fn lost_accents(text: &str) -> Vec<(String, Option<String>)> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (kind, len) = kind_at(text, i);
        i += len;
        if kind == Kind::Break {
            continue;
        }
        let start = i - len;
        let (mut letters, mut replaced) = (kind == Kind::AsciiLetter, kind == Kind::Replacement);
        loop {
            // The common case, a run of ASCII letters, in a tight loop.
            while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
                i += 1;
            }
            if i >= bytes.len() {
                break;
            }
            let (kind, len) = kind_at(text, i);
            if kind == Kind::Break {
                break;
            }
            letters = false;
            replaced |= kind == Kind::Replacement;
            i += len;
        }
        if let Some(word) = text.get(start..i) {
            push_suspicious(word, letters, replaced, &mut found);
        }
    }
    found
}

/// Adds `word` to `found` when it looks damaged; `letters`: it is ASCII letters only;
/// `replaced`: it holds a U+FFFD.
pub(crate) fn push_suspicious(word: &str, letters: bool, replaced: bool, found: &mut Vec<(String, Option<String>)>) {
    if (letters || replaced)
        && let Some(suggestion) = suggest(word, letters, replaced)
    {
        found.push((word.to_owned(), suggestion));
    }
}

/// `Some(suggestion)` when `word` looks damaged; `letters`: it is ASCII letters only;
/// `replaced`: it holds a U+FFFD.
fn suggest(word: &str, letters: bool, replaced: bool) -> Option<Option<String>> {
    if replaced {
        // A replacement character is a letter a decoder could not read: certainly lost.
        return Some(None);
    }
    if !letters {
        return None;
    }
    let bytes = word.as_bytes();
    let listed = if bytes.len() <= LONGEST { find(pack_letters(bytes)) } else { None };
    let ends_with = |suffix: &str| {
        bytes.len() >= suffix.len() && bytes[bytes.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
    };
    let stem = || word[..word.len() - 3].to_ascii_lowercase();
    // Every ending below ends in "n" or "u": other words are settled by the list alone.
    let last = bytes.last().map(u8::to_ascii_lowercase);
    let suggestion = match listed {
        Some(i) => DAMAGED[i].1.map(str::to_owned),
        None if last != Some(b'n') && last != Some(b'u') => return None,
        None if bytes.len() >= 5 && ends_with("cin") => Some(format!("{}ción", stem())),
        None if bytes.len() >= 6 && ends_with("sin") => Some(format!("{}sión", stem())),
        None if bytes.len() >= 4 && ends_with("qu") => Some(format!("{}é", word.to_ascii_lowercase())),
        // "llegu" is "llegué" but "segu" is "seguí": flagged without a guess.
        None if bytes.len() >= 4 && ends_with("gu") => None,
        None => return None,
    };
    Some(suggestion.map(|s| match_case(word, &s)))
}

/// "Qu" → "Qué": the suggestion takes the word's capital.
fn match_case(word: &str, suggestion: &str) -> String {
    let mut chars = suggestion.chars();
    match (word.chars().next(), chars.next()) {
        (Some(w), Some(first)) if w.is_uppercase() => first.to_uppercase().chain(chars).collect(),
        _ => suggestion.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn list_is_sorted_and_packs_losslessly() {
        assert!(DAMAGED.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(KEYS.windows(2).all(|w| w[0] < w[1]));
        assert!(DAMAGED.iter().all(|(k, _)| k.len() <= 16 && k.bytes().all(|b| b.is_ascii_lowercase())));
        assert_eq!(pack(b"MdiCo"), pack(b"mdico"));
        assert_eq!(LONGEST, 10);
        assert!(KEYS.iter().enumerate().all(|(i, &k)| find(k) == Some(i)));
        assert_eq!(find(pack(b"medico")), None);
        for word in ["a", "Qu", "ESPECTCULO", "abcdefghijklmnop"] {
            assert_eq!(pack_letters(word.as_bytes()), pack(word.as_bytes()), "{word}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn kinds_agree_with_unicode_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = match c {
                '\u{FFFD}' => Kind::Replacement,
                c if c.is_ascii_alphabetic() => Kind::AsciiLetter,
                c if c.is_alphanumeric() => Kind::OtherAlphanumeric,
                _ => Kind::Break,
            };
            assert!(kind_at(&c.to_string(), 0) == (expected, c.len_utf8()), "{c:?}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn flags_damaged_words_only() {
        let found = lost_accents("Qu le dijo el mdico? fjate, la cancin de la televisin, saqu todo. s, da igual, ni�a");
        let found: Vec<(&str, Option<&str>)> = found.iter().map(|(w, s)| (w.as_str(), s.as_deref())).collect();
        assert_eq!(
            found,
            [
                ("Qu", Some("Qué")),
                ("mdico", Some("médico")),
                ("fjate", Some("fíjate")),
                ("cancin", Some("canción")),
                ("televisin", Some("televisión")),
                ("saqu", Some("saqué")),
                ("s", None),
                ("ni�a", None),
            ]
        );
        assert!(lost_accents("Qué le dijo el médico, fíjate: la canción, el sin fin, aquí").is_empty());
        // Digits or non-ASCII letters make a word not suspicious; a long word can still end badly.
        assert!(lost_accents("qu1 ñqu quñ 2s ms2").is_empty());
        // "-sin" needs six letters: "Wisin" is a name.
        assert!(lost_accents("Wisin").is_empty());
        // "×" and "÷" break words; other Latin-1 letters do not.
        assert_eq!(
            lost_accents("2×qu ÷aqu ñaqu")[..2],
            [("qu".to_owned(), Some("qué".to_owned())), ("aqu".to_owned(), Some("aquí".to_owned()))]
        );
        assert_eq!(lost_accents("2×qu ÷aqu ñaqu").len(), 2);
        let long = lost_accents("INTERNACIONALIZACIN");
        assert_eq!(long, [("INTERNACIONALIZACIN".to_owned(), Some("Internacionalización".to_owned()))]);
    }
}
