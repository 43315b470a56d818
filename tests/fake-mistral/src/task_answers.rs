//! Default answers to the product's own task schemas, known by their
//! `response_format.json_schema.name` (the names `tallas_core::tasks::Task::schema_name` gives):
//! small, deterministic answers that meet each task's rules in `tallas_core::tasks` and read like
//! a real model's, in Chilean Spanish. A minimal schema instance meets none of them (it fills
//! every string with the prompt, and a graph needs its comedian and its audience), and a double
//! that answers what the product refuses only tests the product's retries.
//!
//! What a prompt holds is read from its tags (`<talla>`, `<transcripcion>`), so an answer is about
//! the joke or the window it was asked about: a repertoire's `raw_span` is copied from the window.

use serde_json::{Value, json};
use tallas_core::tasks::{MAX_JOKE_CHARS, Task};

/// What a refinement or a rewrite is about when the prompt shows no joke.
const DEFAULT_JOKE: &str = "Fui a la feria y el caserito me juró que las paltas estaban maduras. Maduras \
estaban, ¡si tenían más años que yo, po!";

/// Rewrites: short jokes that stand alone, picked by the joke asked about.
const REWRITES: &[&str] = &[
    "Mi suegra dice que no se mete en nada, pero el domingo llegó al asado con su propia parrilla. ¡Y con \
     su propio yerno, po!",
    "En Chile no hay invierno: hay tres meses en que uno anda con parka adentro de la casa y dice que \
     afuera está más calentito.",
    "Me subí a la micro y el chofer me dio el vuelto en puras monedas de diez. Llegué a la pega con más \
     peso en el bolsillo que en la conciencia.",
];

/// A judge's reasons, one sentence each as the prompt asks: for A, for B, for a tie.
const JUDGE_REASONS: [&str; 3] = [
    "A tiene un remate más claro y se entiende sin contexto; B se queda en la preparación.",
    "B tiene un remate más claro y se entiende sin contexto; A se queda en la preparación.",
    "Las dos llegan al mismo remate; ninguna se impone.",
];

/// Keywords used when the joke gives too few of its own.
const FALLBACK_KEYWORDS: [&str; 3] = ["talla", "carrete", "asado"];
/// Words shorter or longer than this are not taken as keywords: articles, or a run-on word.
const KEYWORD_CHARS: std::ops::RangeInclusive<usize> = 4..=20;
/// Frequent words that say nothing of what a joke is about, written without accents.
const STOPWORDS: &str = "\
    pero para como cuando donde porque entonces esta este esto estos estas esos esas aqui alla algo \
    alguien nada nadie todo todos toda todas otro otra otros otras mismo misma tiene tengo tenia tenian \
    habia hace hacer hizo dice dijo digo decir fuimos fueron fuera eran eres estaba estoy estan estamos \
    somos sera sobre entre desde hasta hacia cada veces mucho mucha muchos muchas poco poca tanto tanta \
    solo sola ahora antes despues luego nunca siempre tambien todavia ademas mientras aunque quien \
    quienes cual cuales cuanto usted ustedes ellos ellas nosotros ella igual bien mejor peor menos unos \
    unas algun alguna ningun ninguna sino pues bueno cachai onda claro alli aca dale tipo casi mira \
    oiga oye sabes sabe queda quedo voy vamos van fue ese esa";

/// Longest `raw_span` copied from a window: a joke, not the window.
const MAX_SPAN_CHARS: usize = 600;
/// Lines of a window a repertoire's one joke spans.
const SPAN_LINES: usize = 3;

/// The default answer for the schema `name` to a prompt whose last user message is `message`;
/// `None` for a schema the product does not use.
pub fn answer(name: &str, message: &str) -> Option<Value> {
    let task = Task::ALL.into_iter().find(|task| task.schema_name() == Some(name))?;
    let joke = tagged(message, "talla");
    Some(match task {
        Task::Extract => repertoire(tagged(message, "transcripcion")),
        Task::Refine => {
            let text = cut(joke.unwrap_or(DEFAULT_JOKE), MAX_JOKE_CHARS);
            json!({"corrected_text": text, "keywords": keywords(text), "quality": "funny"})
        }
        Task::Keywords => json!({"keywords": keywords(joke.unwrap_or(DEFAULT_JOKE))}),
        Task::Graph => graph(&keywords(joke.unwrap_or(DEFAULT_JOKE))),
        Task::Rewrite => {
            let seed = joke.unwrap_or(DEFAULT_JOKE);
            json!({"text": REWRITES[(crate::answer::fnv1a(seed) % REWRITES.len() as u64) as usize]})
        }
        Task::Judge => judgement(tagged(message, "chiste_a"), tagged(message, "chiste_b")),
        Task::Generate => return None,
    })
}

/// The double's judge prefers the longer joke (ties on equal lengths), as LLM judges are known to:
/// a bias that the evaluation's length analysis must reveal, and one that does not depend on
/// the slot, so the two orders of a pair agree.
fn judgement(a: Option<&str>, b: Option<&str>) -> Value {
    let length = |joke: Option<&str>| joke.map_or(0, |j| j.chars().count());
    let (verdict, reason) = match length(a).cmp(&length(b)) {
        std::cmp::Ordering::Greater => ("a", JUDGE_REASONS[0]),
        std::cmp::Ordering::Less => ("b", JUDGE_REASONS[1]),
        std::cmp::Ordering::Equal => ("tie", JUDGE_REASONS[2]),
    };
    json!({"reason": reason, "verdict": verdict})
}

/// The text between `<tag>` and the last `</tag>`, trimmed; `None` when missing or blank.
fn tagged<'m>(message: &'m str, tag: &str) -> Option<&'m str> {
    let (_, after) = message.split_once(&format!("<{tag}>"))?;
    let (inside, _) = after.rsplit_once(&format!("</{tag}>"))?;
    Some(inside.trim()).filter(|text| !text.is_empty())
}

/// At most `max` characters of `text`, ending at a word when it has to be cut.
fn cut(text: &str, max: usize) -> &str {
    let Some((end, _)) = text.char_indices().nth(max) else { return text };
    let head = &text[..end];
    let at_word = head.rfind(char::is_whitespace).map_or(head, |space| head[..space].trim_end());
    if at_word.is_empty() { head } else { at_word }
}

/// One joke: the window's first lines copied as they are (so `raw_span` is found again in the
/// window), cleaned for reading in `text`.
fn repertoire(window: Option<&str>) -> Value {
    let (raw_span, text) = match window {
        Some(window) => {
            let end = window.match_indices('\n').nth(SPAN_LINES - 1).map_or(window.len(), |(i, _)| i);
            let raw_span = cut(window[..end].trim_end(), MAX_SPAN_CHARS);
            let text = clean(raw_span);
            let text = if text.is_empty() { raw_span.to_owned() } else { text };
            (raw_span.to_owned(), text)
        }
        None => (DEFAULT_JOKE.to_owned(), DEFAULT_JOKE.to_owned()),
    };
    json!({"jokes": [{"raw_span": raw_span, "text": text, "start_time_s": null}]})
}

/// A transcript span as one line of prose: without the lines' timestamps (`[0:01]`) and the
/// audience markers the extraction prompt leaves out.
fn clean(span: &str) -> String {
    let mut words = Vec::new();
    for line in span.lines() {
        let line = line.trim_start();
        let line = match line.strip_prefix('[').and_then(|rest| rest.split_once(']')) {
            Some((stamp, rest)) if stamp.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.') => rest,
            _ => line,
        };
        let line =
            ["[risas]", "[aplausos]", "[música]", "[musica]"].iter().fold(line.to_owned(), |l, m| l.replace(m, " "));
        words.extend(line.split_whitespace().map(str::to_owned));
    }
    words.join(" ")
}

/// Two or three keywords: the joke's first words of substance, in order, else common ones.
fn keywords(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut folded: Vec<String> = Vec::new();
    for word in text.split(|c: char| !c.is_alphabetic()) {
        if found.len() == 3 {
            break;
        }
        // Only letters whose accent-free form is plain, so "duplicate" means what core's rule means.
        if !word.chars().all(|c| c.is_ascii_alphabetic() || "áéíóúüñÁÉÍÓÚÜÑ".contains(c)) {
            continue;
        }
        let word = word.to_lowercase();
        let plain = fold(&word);
        let substantive =
            KEYWORD_CHARS.contains(&word.chars().count()) && !STOPWORDS.split_whitespace().any(|stop| stop == plain);
        if substantive && !folded.contains(&plain) {
            folded.push(plain);
            found.push(word);
        }
    }
    for fallback in FALLBACK_KEYWORDS {
        if found.len() >= 2 {
            break;
        }
        if !folded.iter().any(|f| f == fallback) {
            folded.push(fallback.to_owned());
            found.push(fallback.to_owned());
        }
    }
    found
}

/// Lowercase without the accents Spanish writes.
fn fold(word: &str) -> String {
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' | 'ö' => 'o',
            'ú' | 'ü' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// The comedian tells the audience about two things of the joke, the first of which believes
/// something of the second: four nodes (the original "mentalization level" 4), one mental state.
fn graph(keywords: &[String]) -> Value {
    let about = |i: usize| keywords.get(i).map_or(FALLBACK_KEYWORDS[i], String::as_str);
    json!({
        "nodes": [
            {"id": "n1", "kind": "comedian", "label": "el comediante"},
            {"id": "n2", "kind": "audience", "label": "el público"},
            {"id": "n3", "kind": "character", "label": about(0)},
            {"id": "n4", "kind": "idea", "label": about(1)},
        ],
        "edges": [
            {"source": "n1", "target": "n2", "relation": "le cuenta la talla a"},
            {"source": "n3", "target": "n4", "relation": "cree que sabe todo de"},
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_the_first_words_of_substance_or_common_ones() {
        assert_eq!(keywords("Mi suegra es tan pesada que la micro no para. ¡Cachai!"), ["suegra", "pesada", "micro"]);
        assert_eq!(keywords("Súegra, SUEGRA y suegra"), ["súegra", "talla"]);
        assert_eq!(keywords("¿Y?"), ["talla", "carrete"]);
        assert_eq!(keywords("talla"), ["talla", "carrete"]);
    }

    #[test]
    fn tags_and_cuts_read_the_prompt_without_panicking() {
        assert_eq!(tagged("Talla:\n<talla>\n hola \n</talla>", "talla"), Some("hola"));
        assert_eq!(tagged("<talla> </talla>", "talla"), None);
        assert_eq!(tagged("</talla><talla>", "talla"), None);
        assert_eq!(cut("uno dos tres", 6), "uno");
        assert_eq!(cut("unodostres", 3), "uno");
        assert_eq!(cut("ñandú", 9), "ñandú");
    }

    #[test]
    fn a_repertoire_copies_its_span_from_the_window() {
        let window = "[0:01] hola hola\n[0:05] mi suegra [risas] es buena\n\n[0:09] chao\n[0:12] fin";
        let answer = repertoire(Some(window));
        let joke = &answer["jokes"][0];
        assert_eq!(joke["raw_span"], "[0:01] hola hola\n[0:05] mi suegra [risas] es buena");
        assert_eq!(joke["text"], "hola hola mi suegra es buena");
        assert!(joke["start_time_s"].is_null());
        assert_eq!(repertoire(Some("[risas]"))["jokes"][0]["text"], "[risas]");
    }
}
