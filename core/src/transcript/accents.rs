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

/// Each suspicious word of `text` (as written) with its likely correction.
pub(crate) fn lost_accents(text: &str) -> Vec<(String, Option<String>)> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\u{FFFD}'))
        .filter(|w| !w.is_empty())
        .filter_map(|word| suggest(word).map(|s| (word.to_owned(), s)))
        .collect()
}

/// `Some(suggestion)` when `word` looks damaged.
fn suggest(word: &str) -> Option<Option<String>> {
    if word.contains('\u{FFFD}') {
        // A replacement character is a letter a decoder could not read: certainly lost.
        return Some(None);
    }
    if !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    let suggestion = match DAMAGED.binary_search_by(|(k, _)| k.cmp(&lower.as_str())) {
        Ok(i) => DAMAGED[i].1.map(str::to_owned),
        Err(_) if lower.len() >= 5 && lower.ends_with("cin") => Some(format!("{}ción", &lower[..lower.len() - 3])),
        Err(_) if lower.len() >= 6 && lower.ends_with("sin") => Some(format!("{}sión", &lower[..lower.len() - 3])),
        Err(_) if lower.len() >= 4 && lower.ends_with("qu") => Some(format!("{lower}é")),
        // "llegu" is "llegué" but "segu" is "seguí": flagged without a guess.
        Err(_) if lower.len() >= 4 && lower.ends_with("gu") => None,
        Err(_) => return None,
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

    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(DAMAGED.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
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
    }
}
