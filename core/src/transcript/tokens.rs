//! A fast token estimate for sizing prompts before any call, without a tokenizer's vocabulary.
//!
//! Basis: BPE/SentencePiece vocabularies such as Mistral's keep common Spanish words whole (with
//! their leading space) and cut longer or rarer words into pieces; they split numbers digit by
//! digit and give most punctuation ("¿", "?", ",") a token of its own. So each run of letters
//! costs 1 token plus 1 per started piece of its letters, and every other non-space character
//! costs 1. The pieces depend on the vocabulary: Tekken (131k entries) keeps more of Spanish whole
//! than SentencePiece (32k entries), which gives the same text about 27% more tokens. Fitted on
//! the corpus against Mistral's own tokenizer files (`docs/BENCHMARKS.md`, "Token estimate"):
//! Tekken, 1 + (letters − 1) / 5 per word; SentencePiece, 1 + letters / 4 (integer division).
//! It is an estimate for budgeting: the total over many windows is close, a single short text
//! may be off by more.

use serde::{Deserialize, Serialize};

/// The family of Mistral tokenizer to estimate for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tokenizer {
    /// Tekken (tiktoken-based, `tekken_*.json`): the tokenizer of Mistral's current models
    /// (Nemo and every model since), hence the default.
    #[default]
    Tekken,
    /// SentencePiece (`tokenizer.model.v1` to `v3`): Mistral 7B, Mixtral and other early models.
    SentencePiece,
}

impl Tokenizer {
    /// A word of `letters` letters costs `1 + (letters - free) / piece` tokens.
    fn word_shape(self) -> WordShape {
        match self {
            Tokenizer::Tekken => WordShape { free: 1, piece: 5 },
            Tokenizer::SentencePiece => WordShape { free: 0, piece: 4 },
        }
    }
}

#[derive(Clone, Copy)]
struct WordShape {
    free: u64,
    piece: u64,
}

impl WordShape {
    fn tokens(self, letters: u64) -> u64 {
        if letters == 0 { 0 } else { 1 + letters.saturating_sub(self.free) / self.piece }
    }
}

/// What a character costs: a letter extends the current run, a space ends it for free,
/// anything else (digit, punctuation, symbol) ends it and costs one token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Space,
    Other,
}

/// The class of each ASCII byte (`char::is_alphabetic` and `char::is_whitespace` on ASCII).
const ASCII_CLASS: [Class; 128] = {
    let mut classes = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        classes[b] = if byte.is_ascii_alphabetic() {
            Class::Letter
        } else if matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') {
            Class::Space
        } else {
            Class::Other
        };
        b += 1;
    }
    classes
};

/// Estimated tokens of `text` for a Mistral model with `tokenizer`. Reads bytes: ASCII and the
/// `C3` block ("á", "ñ") are classified without decoding, other characters are decoded.
pub fn estimate_tokens(text: &str, tokenizer: Tokenizer) -> u32 {
    let shape = tokenizer.word_shape();
    let bytes = text.as_bytes();
    let mut tokens: u64 = 0;
    let mut letters: u64 = 0;
    let mut i = 0;
    while i < bytes.len() {
        // The common case, a run of ASCII letters, in a tight loop.
        let run_start = i;
        while bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
        }
        letters += (i - run_start) as u64;
        let Some(&b) = bytes.get(i) else { break };
        let (class, len) = if b.is_ascii() {
            (ASCII_CLASS[usize::from(b)], 1)
        } else if b == 0xC3 && !matches!(bytes.get(i + 1), Some(0x97 | 0xB7)) {
            // U+00C0 to U+00FF are letters, except "×" and "÷".
            (Class::Letter, 2)
        } else {
            match text.get(i..).and_then(|rest| rest.chars().next()) {
                Some(c) if c.is_alphabetic() => (Class::Letter, c.len_utf8()),
                Some(c) if c.is_whitespace() => (Class::Space, c.len_utf8()),
                Some(c) => (Class::Other, c.len_utf8()),
                // Not at a character boundary: impossible for a `str` walked character by character.
                None => (Class::Other, 1),
            }
        };
        i += len;
        if class == Class::Letter {
            letters += 1;
            continue;
        }
        tokens += shape.tokens(letters);
        letters = 0;
        tokens += u64::from(class == Class::Other);
    }
    tokens += shape.tokens(letters);
    u32::try_from(tokens).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    /// The estimate as first written, character by character, for comparison.
    fn reference(text: &str, tokenizer: Tokenizer) -> u32 {
        let shape = tokenizer.word_shape();
        let (mut tokens, mut letters) = (0, 0);
        for c in text.chars() {
            if c.is_alphabetic() {
                letters += 1;
                continue;
            }
            tokens += shape.tokens(letters);
            letters = 0;
            if !c.is_whitespace() {
                tokens += 1;
            }
        }
        u32::try_from(tokens + shape.tokens(letters)).unwrap_or(u32::MAX)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn counts_words_pieces_and_symbols() {
        for tokenizer in [Tokenizer::Tekken, Tokenizer::SentencePiece] {
            assert_eq!(estimate_tokens("", tokenizer), 0);
            assert_eq!(estimate_tokens("   \n", tokenizer), 0);
            // Digits one by one: 1 9 9 9.
            assert_eq!(estimate_tokens("en 1999", tokenizer), 5);
        }
        // ¿ Y qué tiene Gran Jefe Toro Sentado(2) ?
        assert_eq!(estimate_tokens("¿Y qué tiene Gran Jefe Toro Sentado?", Tokenizer::Tekken), 10);
        // ¿ Y qué tiene(2) Gran(2) Jefe(2) Toro(2) Sentado(2) ?
        assert_eq!(estimate_tokens("¿Y qué tiene Gran Jefe Toro Sentado?", Tokenizer::SentencePiece), 14);
        // 19 letters: 1 + 18 / 5 and 1 + 19 / 4.
        assert_eq!(estimate_tokens("extraordinariamente", Tokenizer::Tekken), 4);
        assert_eq!(estimate_tokens("extraordinariamente", Tokenizer::SentencePiece), 5);
        assert_eq!(Tokenizer::default(), Tokenizer::Tekken);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn bytes_are_classified_as_characters_are() {
        let text = "Él dijo: «¡ñandú × 3 ÷ 2!»\t\u{A0}\u{2003}ǅ日本\u{85}\u{1F}\u{301}😀 x\u{0}y";
        for tokenizer in [Tokenizer::Tekken, Tokenizer::SentencePiece] {
            assert_eq!(estimate_tokens(text, tokenizer), reference(text, tokenizer));
        }
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("ab{c}cd{c}");
            assert_eq!(
                estimate_tokens(&text, Tokenizer::SentencePiece),
                reference(&text, Tokenizer::SentencePiece),
                "{c:?}"
            );
        }
    }
}
