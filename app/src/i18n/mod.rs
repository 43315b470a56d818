//! The UI's words, in Spanish (the default) and English, kept in tables so components never hold
//! text: `curator` for what both curator pages show (`t()` here), `lab` for the experiment's page
//! alone (`lab::t()`), `worker` for what only the background worker writes (`worker::t()`), `open`
//! for the pages anyone opens (voters, players), so each WASM carries only the words it shows (a
//! table is one static: a page that reads one word of it carries all of it). The language is chosen when a page starts,
//! from the choice saved in this browser (Settings); changing it draws the app again in the new
//! one, without a reload. Texts with `{}` are templates for [`fill`]. Error messages live with
//! their error enums (`api::ClientError`, `store::StoreError`, …) and read their words here too.

use std::cell::Cell;
use std::fmt::Display;

/// A language of the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Es,
    En,
}

/// Where the chosen language is kept in this browser.
const LANG_KEY: &str = "tallas.lang";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Es, Lang::En];

    /// The BCP 47 code, for `<html lang>` and the saved choice.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Es => "es",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, for the menu.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Es => "Español",
            Lang::En => "English",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().find(|lang| lang.code() == code)
    }
}

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::Es) };
}

pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Sets the language (in a background worker, from its address; see `background::start_worker`).
pub fn set_lang(lang: Lang) {
    CURRENT.with(|current| current.set(lang));
}

/// Uses the language saved in this browser (Spanish when there is none) and marks the document
/// with it. Called once, before the app mounts.
pub fn start() {
    let saved = crate::local_storage::read(LANG_KEY);
    let lang = saved.as_deref().and_then(Lang::from_code).unwrap_or(Lang::Es);
    set_lang(lang);
    mark_document(lang);
}

fn mark_document(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.code());
    }
}

/// The language as a signal, for the shell to render again in a new one ([`provide_lang`]).
#[derive(Clone, Copy)]
pub struct CurrentLang(leptos::prelude::RwSignal<Lang>);

/// Provides [`CurrentLang`], starting from the language [`start`] chose. Called once, in `Shell`.
pub fn provide_lang() {
    leptos::prelude::provide_context(CurrentLang(leptos::prelude::RwSignal::new(lang())));
}

/// The current language, tracked: a view that reads it is drawn again when it changes.
pub fn use_lang() -> Lang {
    use leptos::prelude::Get;
    leptos::prelude::use_context::<CurrentLang>().map_or_else(lang, |current| current.0.get())
}

/// Saves a new language and shows the app in it, without reloading the page: the shell renders
/// again (what pages show is read anew from the store; typed drafts are not kept), and background
/// workers started from now on speak it. A pipeline run already going keeps the language it
/// started with for its messages.
pub fn switch_to(lang: Lang) {
    crate::local_storage::write(LANG_KEY, lang.code());
    set_lang(lang);
    mark_document(lang);
    if let Some(current) = leptos::prelude::use_context::<CurrentLang>() {
        leptos::prelude::Set::set(&current.0, lang);
    }
}

/// `template` with each `{}` replaced by the next of `values`, in order.
pub fn fill(template: &str, values: &[&dyn Display]) -> String {
    let mut filled = String::with_capacity(template.len() + 16);
    let mut values = values.iter();
    let mut pieces = template.split("{}");
    if let Some(first) = pieces.next() {
        filled.push_str(first);
    }
    for piece in pieces {
        if let Some(value) = values.next() {
            filled.push_str(&value.to_string());
        }
        filled.push_str(piece);
    }
    filled
}

/// How many warnings of a file the import report lists before "and N more".
pub const SHOWN_WARNINGS: usize = 50;

/// The words of an area of the curator's app (`crate::areas::Area`): its name and what it will do,
/// in one sentence.
pub struct AreaWords {
    pub label: &'static str,
    pub summary: &'static str,
}

/// Declares a table of words (`Words`, its two instances and `t()`, the current language's) in the
/// module that invokes it: each entry is a name, its Spanish text and its English text (areas:
/// label and summary in each language).
macro_rules! words {
    (
        areas { $($area:ident: $es_label:literal, $es_summary:literal, $en_label:literal, $en_summary:literal;)* }
        text { $($name:ident: $es:literal, $en:literal;)* }
    ) => {
        /// Every text of the UI in one language.
        #[allow(non_snake_case)]
        pub struct Words {
            $(pub $area: AreaWords,)*
            $(pub $name: &'static str,)*
        }
        static ES: Words = Words {
            $($area: AreaWords { label: $es_label, summary: $es_summary },)*
            $($name: $es,)*
        };
        static EN: Words = Words {
            $($area: AreaWords { label: $en_label, summary: $en_summary },)*
            $($name: $en,)*
        };
        // Every text takes as many values in English as in Spanish: a template whose languages
        // disagree does not compile, whoever adds it.
        $(const _: () = assert!(
            holes($es) == holes($en),
            concat!("the Spanish and English texts of ", stringify!($name), " take different numbers of values"),
        );)*
        $(const _: () = assert!(
            holes($es_label) == 0 && holes($en_label) == 0 && holes($es_summary) == 0 && holes($en_summary) == 0,
            concat!("the area ", stringify!($area), " has a placeholder in its name or summary, which nothing fills"),
        );)*
        /// The words of the current language.
        pub fn t() -> &'static Words {
            match $crate::i18n::lang() {
                $crate::i18n::Lang::Es => &ES,
                $crate::i18n::Lang::En => &EN,
            }
        }
        /// Every text with its name, Spanish first, for tests.
        #[cfg(test)]
        pub(super) fn every_text() -> Vec<(&'static str, &'static str, &'static str)> {
            vec![$((stringify!($name), $es, $en),)*]
        }
    };
}

mod curator;
pub mod lab;
pub mod open;
pub mod worker;

pub use curator::{Words, t};

/// How many `{}` a text holds: the values [`fill`] puts in it. A `const fn`, so `words!` checks
/// every template at compile time.
pub(crate) const fn holes(text: &str) -> usize {
    let bytes = text.as_bytes();
    let (mut i, mut count) = (0, 0);
    while i + 1 < bytes.len() {
        if bytes[i] == b'{' && bytes[i + 1] == b'}' {
            count += 1;
            i += 2;
        } else {
            i += 1;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_take_their_values_in_order() {
        assert_eq!(fill("{} de {} tallas", &[&3, &"10"]), "3 de 10 tallas");
        assert_eq!(fill("sin huecos", &[&1]), "sin huecos");
        assert_eq!(fill("{} y {}", &[&1]), "1 y ");
    }

    #[test]
    fn both_languages_fill_the_same_templates() {
        assert_eq!(holes("{} de {} tallas"), 2);
        assert_eq!(holes("{{}"), 1);
        assert_eq!(holes("sin huecos {"), 0);
        let texts = [curator::every_text(), open::every_text(), lab::every_text(), worker::every_text()].concat();
        // The tables' texts, all of them: a new one is in this list without anyone adding it.
        assert!(
            texts.iter().any(|(name, ..)| *name == "COUNTS")
                && texts.iter().any(|(name, ..)| *name == "IMPORT_UNKNOWN_TABLE")
                && texts.iter().any(|(name, ..)| *name == "VOTE_FUNNY")
        );
        for (name, es, en) in texts {
            assert_eq!(holes(es), holes(en), "{name}: {es} / {en}");
            // Filled with as many values as the Spanish asks, neither language keeps a hole.
            let values: Vec<&dyn Display> = vec![&"x"; holes(es)];
            assert!(!fill(es, &values).contains("{}") && !fill(en, &values).contains("{}"), "{name}");
        }
        assert_eq!(Lang::from_code("en"), Some(Lang::En));
    }

    /// The names of `names` that no source of `sources` mentions as a whole word.
    fn unused<'a>(names: &[&'a str], sources: &[String]) -> Vec<&'a str> {
        let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
        let mentions = |source: &str, name: &str| {
            source
                .match_indices(name)
                .any(|(at, _)| !source[..at].ends_with(word) && !source[at + name.len()..].starts_with(word))
        };
        names.iter().copied().filter(|name| !sources.iter().any(|source| mentions(source, name))).collect()
    }

    /// The code of every `.rs` file under `dir` but the words' own folder, each without its tests
    /// (a test that names a word does not show it to anyone).
    #[cfg(not(target_arch = "wasm32"))]
    fn sources(dir: &std::path::Path) -> Vec<String> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).expect("a source folder").flatten() {
            let path = entry.path();
            if path.is_dir() && !path.ends_with("i18n") {
                found.extend(sources(&path));
            } else if path.extension().is_some_and(|e| e == "rs") {
                let code = std::fs::read_to_string(&path).expect("a readable source");
                let tests = code.find("#[cfg(test)]\nmod tests").unwrap_or(code.len());
                found.push(code[..tests].to_owned());
            }
        }
        found
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn every_word_is_shown_somewhere() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let code = sources(&src);
        assert!(code.len() > 100, "only {} sources read", code.len());
        let tables = [
            ("curator", curator::every_text()),
            ("open", open::every_text()),
            ("lab", lab::every_text()),
            ("worker", worker::every_text()),
        ];
        for (table, texts) in tables {
            let names: Vec<&str> = texts.iter().map(|(name, ..)| *name).collect();
            assert_eq!(unused(&names, &code), Vec::<&str>::new(), "words of i18n/{table}.rs that no page shows");
        }
    }

    #[test]
    fn a_word_counts_as_shown_only_where_its_whole_name_is() {
        let code = vec!["let w = t(); view! { <p>{w.VOTE_THANKS_TITLE}</p> }".to_owned()];
        let names = ["VOTE_THANKS_TITLE", "VOTE_THANKS", "VOTE_THANKS_TEXT"];
        assert_eq!(unused(&names, &code), ["VOTE_THANKS", "VOTE_THANKS_TEXT"]);
    }
}
