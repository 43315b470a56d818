//! A dataset's name as a folder and repository name: `Rutinas 2024: Viña` → `rutinas-2024-vina`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest slug, in characters: a Hub repository name has room for it after a user name.
const MAX_CHARS: usize = 48;

/// Lowercase ASCII letters and digits separated by single hyphens: accents dropped (`ñ` → `n`),
/// anything else a separator. A name with nothing left gives the dataset's id instead, and an id
/// with nothing left `dataset`.
pub fn slug(name: &str, id: &str) -> String {
    [name, id].iter().map(|text| of(text)).find(|s| !s.is_empty()).unwrap_or_else(|| "dataset".to_owned())
}

fn of(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('-');
            }
            gap = false;
            out.push(c);
            if out.len() >= MAX_CHARS {
                break;
            }
        } else {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn a_name_becomes_hyphenated_ascii() {
        assert_eq!(slug("Rutinas 2024: Viña del Mar!", "ds-1"), "rutinas-2024-vina-del-mar");
        assert_eq!(slug("  ¿Qué?  ", "ds-1"), "que");
        assert_eq!(slug("💥", "ds-17"), "ds-17");
        assert_eq!(slug("", ""), "dataset");
        assert_eq!(slug(&"a".repeat(100), "x").len(), MAX_CHARS);
    }
}
