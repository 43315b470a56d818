//! Deterministic synthetic inputs for the benchmarks, shaped like the real corpus (Chilean Spanish
//! stand-up captions) but generated here, so no benchmark depends on corpus files:
//! - routines of ~233 captions (the corpus average), three quarters YouTube-like (20–70
//!   characters, whole-second starts that overlap the previous end) and a quarter Whisper-like
//!   (150–300 characters), with `[Risas]`, `[Aplausos]`, `[Música]` and `[ __ ]` markers, accented
//!   words, a few doubly encoded ones (`niÃ±a`) and a few with lost accents (`mdico`);
//! - jokes of 20–80 words, about 10% of them lightly edited copies of an earlier joke and 2%
//!   exact copies with other case and punctuation, like jokes extracted twice.

#![allow(dead_code)]

/// SplitMix64: small, fast and the same on every platform (native and WASM).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..hi` (`hi > lo`).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next_u64() % items.len() as u64) as usize]
    }
}

#[rustfmt::skip]
const WORDS: &[&str] = &[
    "y", "que", "el", "la", "de", "en", "un", "una", "no", "se", "me", "te", "lo", "los", "las", "con", "por", "para",
    "pero", "cuando", "porque", "entonces", "oye", "huevón", "cachai", "po", "weón", "fíjate", "llega", "dice",
    "señora", "caballero", "médico", "suegra", "mamá", "papá", "niño", "niña", "compadre", "gallo", "micro", "carrete",
    "pololo", "polola", "pega", "plata", "fome", "bacán", "altiro", "sí", "también", "después", "allá", "acá",
    "qué", "cómo", "dónde", "está", "había", "tenía", "iba", "fue", "dijo", "pregunta", "responde", "viejo",
    "vieja", "casa", "calle", "Santiago", "Viña", "festival", "público", "escenario", "chiste", "gringo", "argentino",
    "peruano", "cura", "carabinero", "profesor", "alumno", "colegio", "hospital", "enfermo", "remedio", "farmacia",
    "doctor", "pasa", "mira", "sabe", "quiere", "puede", "tiene", "hace", "anda", "vamos", "mañana", "noche",
    "siempre", "nunca", "todo", "nada", "mucho", "poco", "grande", "chico", "último", "primero", "campo", "ciudad",
    "perro", "gato", "caballo", "vaca", "indio", "jefe", "toro", "sentado", "frasco", "teléfono", "televisión",
    "matrimonio", "marido", "esposa", "guagua", "abuelo", "abuela", "hermano", "hermana", "cuñado", "vecino",
    "extraordinariamente", "inmediatamente", "desgraciadamente", "aproximadamente", "1999", "2024", "tres", "cinco",
];

/// Rare words that exercise the health pass: doubly encoded UTF-8 and lost accents.
const DAMAGED: &[&str] = &["niÃ±a", "mÃ©dico", "seÃ±ora", "mdico", "fjate", "tambin", "despus"];

const MARKERS: &[&str] = &["[Risas]", "[Risas]", "[Risas]", "[Aplausos]", "[Música]", "[ __ ]"];

/// `n` words of synthetic speech, with occasional markers, punctuation and damaged words.
pub fn speech(rng: &mut Rng, n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        if rng.chance(2) {
            out.push_str(rng.pick(MARKERS));
            out.push(' ');
        }
        let word = if rng.chance(1) { rng.pick(DAMAGED) } else { rng.pick(WORDS) };
        if rng.chance(3) {
            out.push('¿');
            out.push_str(word);
            out.push('?');
        } else {
            out.push_str(word);
            if rng.chance(8) {
                out.push(',');
            }
        }
    }
    out
}

/// One caption: start and end in milliseconds and its text.
pub struct Caption {
    pub start_ms: u64,
    pub end_ms: u64,
    pub text: String,
}

/// A routine of `n` captions. Whisper-like routines (every fourth seed) have long captions.
pub fn captions(seed: u64, n: usize) -> Vec<Caption> {
    let mut rng = Rng::new(seed);
    let whisper = seed.is_multiple_of(4);
    let mut out = Vec::with_capacity(n);
    let mut start_s = rng.range(0, 10);
    for _ in 0..n {
        let (words, duration_ms) = if whisper {
            (rng.range(25, 55) as usize, rng.range(8_000, 25_000))
        } else {
            (rng.range(4, 12) as usize, rng.range(2_000, 6_000))
        };
        let start_ms = start_s * 1000;
        let end_ms = start_ms + duration_ms;
        let mut text = speech(&mut rng, words);
        if rng.chance(4) {
            text = "[Risas]".to_owned();
        }
        out.push(Caption { start_ms, end_ms, text });
        // YouTube captions overlap (next start before this end) or follow after a short pause.
        let step_ms = if rng.chance(60) { duration_ms.saturating_sub(rng.range(0, 1_500)) } else { duration_ms + 400 };
        start_s += (step_ms / 1000).max(1);
    }
    out
}

fn json_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The corpus's segment JSONL.
pub fn to_jsonl(captions: &[Caption], whisper: bool) -> String {
    let mut out = String::new();
    for c in captions {
        let s = c.start_ms / 1000;
        out.push_str(&format!(
            "{{\"start_time\": {s}, \"end_time\": {}.{:03}, \"transcript\": {}, \"transcript_length\": {}, \
             \"timestamp\": \"{}:{:02}:{:02}\", \"from_whisper\": {whisper}, \"language\": \"es\"}}\n",
            c.end_ms / 1000,
            c.end_ms % 1000,
            json_escape(&c.text),
            c.text.chars().count(),
            s / 3600,
            s / 60 % 60,
            s % 60,
        ));
    }
    out
}

fn timecode(ms: u64, separator: char) -> String {
    format!("{:02}:{:02}:{:02}{separator}{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
}

/// SubRip, long captions wrapped on two lines.
pub fn to_srt(captions: &[Caption]) -> String {
    let mut out = String::new();
    for (i, c) in captions.iter().enumerate() {
        out.push_str(&format!("{}\n{} --> {}\n", i + 1, timecode(c.start_ms, ','), timecode(c.end_ms, ',')));
        out.push_str(&wrap(&c.text));
        out.push_str("\n\n");
    }
    out
}

/// WebVTT with a header, cue settings on some cues and styling tags on some words.
pub fn to_vtt(captions: &[Caption]) -> String {
    let mut out = String::from("WEBVTT\nKind: captions\nLanguage: es\n\n");
    for (i, c) in captions.iter().enumerate() {
        let settings = if i % 3 == 0 { " align:start position:0%" } else { "" };
        out.push_str(&format!("{} --> {}{settings}\n", timecode(c.start_ms, '.'), timecode(c.end_ms, '.')));
        let text = if i % 5 == 0 { format!("<c>{}</c>", c.text) } else { c.text.clone() };
        out.push_str(&wrap(&text));
        out.push_str("\n\n");
    }
    out
}

/// Breaks a long caption into two lines at a space, as subtitle files do.
fn wrap(text: &str) -> String {
    if text.len() <= 42 {
        return text.to_owned();
    }
    let mid = text.len() / 2;
    match text.char_indices().filter(|&(i, c)| c == ' ' && i <= mid).map(|(i, _)| i).next_back() {
        Some(at) => format!("{}\n{}", &text[..at], &text[at + 1..]),
        None => text.to_owned(),
    }
}

/// A routine shaped like the corpus: (routine id, segment JSONL bytes).
pub fn routine_jsonl(seed: u64, n: usize) -> (String, Vec<u8>) {
    (format!("synthetic_{seed}"), to_jsonl(&captions(seed, n), seed.is_multiple_of(4)).into_bytes())
}

/// `routines` corpus-like routines of 233 captions each (the corpus has 130).
pub fn corpus(routines: u64) -> Vec<(String, Vec<u8>)> {
    (0..routines).map(|seed| routine_jsonl(seed, 233)).collect()
}

/// `n` jokes: see the module docs for the share of near and exact duplicates.
pub fn jokes(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut out: Vec<String> = Vec::with_capacity(n);
    for _ in 0..n {
        let roll = rng.range(0, 100);
        let joke = if roll < 10 && !out.is_empty() {
            // A near-duplicate: one word replaced somewhere in an earlier joke.
            let base = &out[rng.range(0, out.len() as u64) as usize];
            let mut words: Vec<&str> = base.split(' ').collect();
            let at = rng.range(0, words.len() as u64) as usize;
            words[at] = rng.pick(WORDS);
            words.join(" ")
        } else if roll < 12 && !out.is_empty() {
            // An exact duplicate once normalised: other case and punctuation.
            let base = &out[rng.range(0, out.len() as u64) as usize];
            format!("¡{}!", base.to_uppercase())
        } else {
            let words = rng.range(20, 80) as usize;
            speech(&mut rng, words)
        };
        out.push(joke);
    }
    out
}
