//! What changed between two versions of a joke's text, word by word, for the joke view.

/// A run of words both texts share, or that only one has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Same(String),
    Removed(String),
    Added(String),
}

/// Longest pair of texts diffed word by word (`old words × new words`); beyond it the whole text
/// is shown as replaced, which for jokes (a few dozen words) never happens.
const MAX_CELLS: usize = 250_000;

/// The words of `new` against those of `old` (a longest common subsequence of words), with
/// consecutive words of the same kind joined by spaces.
pub fn word_diff(old: &str, new: &str) -> Vec<Piece> {
    let a: Vec<&str> = old.split_whitespace().collect();
    let b: Vec<&str> = new.split_whitespace().collect();
    if a.len().saturating_mul(b.len()) > MAX_CELLS {
        return join(
            a.iter().map(|w| Piece::Removed((*w).to_owned())).chain(b.iter().map(|w| Piece::Added((*w).to_owned()))),
        );
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let width = b.len() + 1;
    let mut lcs = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i * width + j] = if a[i] == b[j] {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut pieces = Vec::with_capacity(a.len() + b.len());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            pieces.push(Piece::Same(a[i].to_owned()));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1]) {
            // Removals first, so a replaced word reads "old → new".
            pieces.push(Piece::Removed(a[i].to_owned()));
            i += 1;
        } else {
            pieces.push(Piece::Added(b[j].to_owned()));
            j += 1;
        }
    }
    join(pieces.into_iter())
}

/// Joins consecutive pieces of the same kind.
fn join(pieces: impl Iterator<Item = Piece>) -> Vec<Piece> {
    let mut joined: Vec<Piece> = Vec::new();
    for piece in pieces {
        match (joined.last_mut(), piece) {
            (Some(Piece::Same(text)), Piece::Same(word))
            | (Some(Piece::Removed(text)), Piece::Removed(word))
            | (Some(Piece::Added(text)), Piece::Added(word)) => {
                text.push(' ');
                text.push_str(&word);
            }
            (_, piece) => joined.push(piece),
        }
    }
    joined
}

#[cfg(test)]
mod tests {
    use super::*;
    use Piece::{Added, Removed, Same};

    fn s(text: &str) -> String {
        text.to_owned()
    }

    #[test]
    fn a_corrected_word_shows_as_removed_then_added_between_what_stayed() {
        assert_eq!(
            word_diff("mi suegra es tan buena q llora", "Mi suegra es tan buena que llora."),
            [
                Removed(s("mi")),
                Added(s("Mi")),
                Same(s("suegra es tan buena")),
                Removed(s("q llora")),
                Added(s("que llora."))
            ]
        );
    }

    #[test]
    fn identical_empty_and_entirely_new_texts() {
        assert_eq!(word_diff("a b", "a  b"), [Same(s("a b"))]);
        assert_eq!(word_diff("", ""), []);
        assert_eq!(word_diff("", "hola"), [Added(s("hola"))]);
        assert_eq!(word_diff("chao", ""), [Removed(s("chao"))]);
    }
}
