//! One keyword per joke, no keyword twice: the dataset teaches "keyword → joke", and a keyword
//! seen with two different jokes teaches neither.
//!
//! This is a bipartite matching of jokes to keywords, solved to the maximum number of jokes:
//! 1. Greedy start: the jokes with the fewest keywords choose first, each taking its free keyword
//!    that the fewest jokes want (the rarest), ties going to the keyword listed first.
//! 2. Augmenting paths (Kuhn's algorithm, breadth-first): for each joke left without a keyword,
//!    look for a chain of jokes that can each move to another of their keywords to free one.
//!    When no such chain exists, no assignment could give the joke a keyword without taking one
//!    from another joke, so the result is a maximum matching.
//!
//! The greedy start alone is usually optimal already, and makes the second step short. Keywords
//! are compared case-insensitively after Unicode (NFC) normalisation and with runs of spaces
//! collapsed, but accents count: "papá" (dad) and "papa" (potato) are different keywords.

use std::collections::{HashMap, VecDeque};

use unicode_normalization::UnicodeNormalization;

use super::Exclusion;
use crate::api::GenerateRequest;

/// The keyword each joke is trained under (its own spelling, trimmed and in NFC, so that one word
/// always reaches the model as the same characters), or why it has none.
pub(crate) fn assign(keyword_lists: &[&[String]]) -> Vec<Result<String, Exclusion>> {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut usable: Vec<Vec<(usize, String)>> = Vec::with_capacity(keyword_lists.len());
    let mut invalid: Vec<Vec<String>> = Vec::with_capacity(keyword_lists.len());
    for list in keyword_lists {
        let (mut good, mut bad): (Vec<(usize, String)>, Vec<String>) = (Vec::new(), Vec::new());
        for raw in *list {
            match self::usable(raw) {
                Some(keyword) => {
                    let next = ids.len();
                    let id = *ids.entry(key(&keyword)).or_insert(next);
                    if good.iter().all(|(seen, _)| *seen != id) {
                        good.push((id, keyword));
                    }
                }
                None => bad.push(raw.clone()),
            }
        }
        usable.push(good);
        invalid.push(bad);
    }

    let owner = maximum_matching(&usable, ids.len());
    let mut chosen: Vec<Option<usize>> = vec![None; keyword_lists.len()];
    for (keyword, joke) in owner.iter().enumerate() {
        if let Some(joke) = joke {
            chosen[*joke] = Some(keyword);
        }
    }
    chosen
        .into_iter()
        .enumerate()
        .map(|(joke, keyword)| match keyword {
            Some(id) => Ok(usable[joke].iter().find(|(k, _)| *k == id).map(|(_, s)| s.clone()).unwrap_or_default()),
            None if usable[joke].is_empty() => Err(Exclusion::NoUsableKeyword { invalid: invalid[joke].clone() }),
            None => Err(Exclusion::KeywordsTaken { keywords: usable[joke].iter().map(|(_, s)| s.clone()).collect() }),
        })
        .collect()
}

/// `raw` as a joke is trained under it (trimmed, in NFC), if the generate API accepts it: a
/// model trained on a keyword it can never be asked for would be wasted.
pub(crate) fn usable(raw: &str) -> Option<String> {
    let request = GenerateRequest { keyword: raw.to_owned(), model: None, stream: false }.validate().ok()?;
    Some(request.keyword.nfc().collect())
}

/// The comparison key of a trimmed keyword.
pub(crate) fn key(keyword: &str) -> String {
    let folded: String = keyword.nfc().flat_map(char::to_lowercase).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// For each keyword, the joke it is assigned to.
fn maximum_matching(usable: &[Vec<(usize, String)>], keywords: usize) -> Vec<Option<usize>> {
    let mut demand = vec![0usize; keywords];
    for list in usable {
        for (id, _) in list {
            demand[*id] += 1;
        }
    }
    let mut matching = Matching { owner: vec![None; keywords], holds: vec![None; usable.len()] };
    let mut order: Vec<usize> = (0..usable.len()).collect();
    order.sort_by_key(|&joke| (usable[joke].len(), joke));
    for &joke in &order {
        // `min_by_key` keeps the first of equal keys: the keyword listed first.
        let free = usable[joke].iter().map(|(id, _)| *id).filter(|&id| matching.owner[id].is_none());
        if let Some(id) = free.min_by_key(|&id| demand[id]) {
            matching.give(id, joke);
        }
    }
    for joke in order {
        if matching.holds[joke].is_none() {
            matching.augment(joke, usable);
        }
    }
    matching.owner
}

struct Matching {
    /// keyword → joke
    owner: Vec<Option<usize>>,
    /// joke → keyword
    holds: Vec<Option<usize>>,
}

impl Matching {
    fn give(&mut self, keyword: usize, joke: usize) {
        self.owner[keyword] = Some(joke);
        self.holds[joke] = Some(keyword);
    }

    /// Breadth-first search for an augmenting path from the unmatched `start`; applies it if
    /// found. Iterative, so that long chains cannot overflow the (small, in WASM) stack.
    fn augment(&mut self, start: usize, usable: &[Vec<(usize, String)>]) {
        // `came_from[keyword]`: the joke that reached this keyword in the search.
        let mut came_from: Vec<Option<usize>> = vec![None; self.owner.len()];
        let mut queue = VecDeque::from([start]);
        while let Some(joke) = queue.pop_front() {
            for &(id, _) in &usable[joke] {
                if came_from[id].is_some() {
                    continue;
                }
                came_from[id] = Some(joke);
                match self.owner[id] {
                    Some(holder) => queue.push_back(holder),
                    None => return self.flip(id, &came_from),
                }
            }
        }
    }

    /// Walks an augmenting path back from the free keyword `free`: each joke on it takes the
    /// keyword it reached and releases the one it held to the joke before it.
    fn flip(&mut self, free: usize, came_from: &[Option<usize>]) {
        let mut keyword = free;
        while let Some(joke) = came_from[keyword] {
            let released = self.holds[joke];
            self.give(keyword, joke);
            match released {
                Some(released) => keyword = released,
                None => return,
            }
        }
    }
}
