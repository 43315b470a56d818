//! The curator's changes to a joke's fields other than its label and text (which keep their own
//! history): its keywords, and merging near-duplicates into one joke.
//!
//! Both are one shape, [`JokeEdit`], so the store, the undo history and the page's working copy
//! handle them in one place.

use tallas_core::dedupe::normalize;

use super::model::Joke;

/// A change to some jokes' fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JokeEdit {
    /// A joke's keywords, replaced as a whole.
    Keywords { joke_id: String, keywords: Vec<String> },
    /// Jokes merged into `into` (hidden from the list, kept whole), or taken out of a merge (`None`).
    MergedInto { joke_ids: Vec<String>, into: Option<String> },
}

impl JokeEdit {
    /// The jokes the edit changes.
    pub fn joke_ids(&self) -> &[String] {
        match self {
            JokeEdit::Keywords { joke_id, .. } => std::slice::from_ref(joke_id),
            JokeEdit::MergedInto { joke_ids, .. } => joke_ids,
        }
    }

    /// Applies the edit to one of its jokes.
    pub fn apply(&self, joke: &mut Joke) {
        match self {
            JokeEdit::Keywords { keywords, .. } => joke.keywords.clone_from(keywords),
            JokeEdit::MergedInto { into, .. } => joke.merged_into.clone_from(into),
        }
    }
}

/// Keywords as the curator typed them: separated by commas, trimmed, without empty ones or
/// repeats (ignoring case, accents and punctuation, as search does), in the order typed.
pub fn parse_keywords(typed: &str) -> Vec<String> {
    let mut keywords: Vec<String> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for keyword in typed.split(',') {
        let keyword = keyword.split_whitespace().collect::<Vec<_>>().join(" ");
        // Search's folding, already in the page, rather than `to_lowercase` and its tables.
        let folded = normalize(&keyword);
        if !keyword.is_empty() && !seen.contains(&folded) {
            seen.push(folded);
            keywords.push(keyword);
        }
    }
    keywords
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_split_on_commas_trimmed_and_unique() {
        assert_eq!(
            parse_keywords(" suegra ,  micro  amarillo,, Suegra, carrete "),
            ["suegra", "micro amarillo", "carrete"]
        );
        assert_eq!(parse_keywords(" , ,"), Vec::<String>::new());
        assert_eq!(parse_keywords("Ñuñoa, nunoa, ÑUÑOA."), ["Ñuñoa"]);
    }
}
