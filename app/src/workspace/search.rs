//! Finding jokes: accent- and case-insensitive search over text and keywords, plus filters.
//!
//! The folded text of every joke is computed once ([`SearchIndex::new`]), so that a keystroke only
//! scans prepared strings: with 20,000 jokes that is a few milliseconds in WASM.

use tallas_core::dedupe::normalize;

use super::model::{Joke, Label};

/// Which jokes to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JokeFilter {
    /// Words that must all appear (in any order, ignoring case, accents and punctuation).
    pub query: String,
    pub routine_id: Option<String>,
    pub label: LabelFilter,
}

/// The curator-label part of a filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum LabelFilter {
    #[default]
    Any,
    Unlabelled,
    Is(Label),
}

impl LabelFilter {
    fn accepts(self, label: Option<Label>) -> bool {
        match self {
            LabelFilter::Any => true,
            LabelFilter::Unlabelled => label.is_none(),
            LabelFilter::Is(wanted) => label == Some(wanted),
        }
    }
}

/// The searchable text of each joke, in the order of the jokes it was built from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchIndex {
    folded: Vec<String>,
}

impl SearchIndex {
    pub fn new(jokes: &[Joke]) -> Self {
        Self { folded: jokes.iter().map(searchable).collect() }
    }

    /// Refreshes one joke's entry after its text or keywords changed.
    pub fn update(&mut self, position: usize, joke: &Joke) {
        if let Some(entry) = self.folded.get_mut(position) {
            *entry = searchable(joke);
        }
    }

    /// The positions of the jokes the filter keeps, in order.
    pub fn matching(&self, jokes: &[Joke], filter: &JokeFilter) -> Vec<usize> {
        let words: Vec<String> =
            normalize(&filter.query).split(' ').filter(|w| !w.is_empty()).map(str::to_owned).collect();
        jokes
            .iter()
            .zip(&self.folded)
            .enumerate()
            .filter(|(_, (joke, folded))| {
                filter.label.accepts(joke.label)
                    && filter.routine_id.as_ref().is_none_or(|id| joke.routine_id.as_ref() == Some(id))
                    && words.iter().all(|word| folded.contains(word.as_str()))
            })
            .map(|(position, _)| position)
            .collect()
    }
}

/// Text and keywords, folded; a leading and trailing space so a query can match whole words
/// later without special cases.
fn searchable(joke: &Joke) -> String {
    let mut text = joke.text().to_owned();
    for keyword in &joke.keywords {
        text.push(' ');
        text.push_str(keyword);
    }
    normalize(&text)
}
