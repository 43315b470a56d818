//! Finding the JSON in a model's reply. Models asked for JSON still wrap it in code fences or
//! prose ("Aquí van los chistes: …"), leave trailing commas, write typographic quotes around keys
//! or raw line breaks inside strings. Each of those is repaired here, cheaply and only where the
//! repair cannot change a well-formed value; anything else is left for the validator to report.

use serde_json::Value;

use super::report::ProblemKind;

/// A joke window is ~3,000 characters and a reply about the same; far beyond that is a runaway
/// generation, and not searching it keeps the worst case linear and small.
pub const MAX_REPLY_BYTES: usize = 256 * 1024;
/// Bytes scanned, over all the openings (`{`, `[`) tried, before giving up. Prose has a few
/// cheap brackets ("[risas]"); garbage can have thousands that each scan to the end of the reply.
const WORK_BUDGET: usize = 8 * MAX_REPLY_BYTES;

/// The JSON value in `reply`: the longest object or list that parses, after repairs, starting at
/// any `{` or `[`. The longest and not the first, because prose before the answer may hold a
/// small valid value ("el chiste [1] …"), while the answer is the big one. An opening that never
/// closes before the chosen value means the reply was cut (usually by `max_tokens`): the values
/// inside it are fragments, and taking one would silently drop the rest.
pub fn locate_json(reply: &str) -> Result<Value, ProblemKind> {
    if reply.len() > MAX_REPLY_BYTES {
        return Err(ProblemKind::ReplyTooLong { max_bytes: MAX_REPLY_BYTES });
    }
    let bytes = reply.as_bytes();
    // (start, length, value) of the longest value so far.
    let mut best: Option<(usize, usize, Value)> = None;
    let mut first_unclosed: Option<usize> = None;
    let mut budget = WORK_BUDGET;
    let mut at = 0;
    while at < bytes.len() && budget > 0 {
        if !matches!(bytes[at], b'{' | b'[') {
            at += 1;
            continue;
        }
        let Some(end) = closing_end(bytes, at) else {
            first_unclosed.get_or_insert(at);
            budget = budget.saturating_sub(bytes.len() - at);
            at += 1;
            continue;
        };
        budget = budget.saturating_sub(end - at);
        // `at` and `end` sit next to ASCII brackets, so they are char boundaries.
        match reply.get(at..end).and_then(parse_repaired) {
            Some(value) => {
                if best.as_ref().is_none_or(|(_, len, _)| end - at > *len) {
                    best = Some((at, end - at, value));
                }
                // Values inside this one are never longer than it.
                at = end;
            }
            None => at += 1,
        }
    }
    match (best, first_unclosed) {
        (Some((start, _, _)), Some(unclosed)) if unclosed < start => Err(ProblemKind::Truncated),
        (Some((_, _, value)), _) => Ok(value),
        (None, Some(_)) => Err(ProblemKind::Truncated),
        (None, None) => Err(ProblemKind::NoJson),
    }
}

/// The byte index just past the bracket that closes the one at `start`, counting brackets
/// outside strings. Bracket types are not matched: serde decides whether the slice is JSON.
fn closing_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, &byte) in bytes.get(start..)?.iter().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(start + offset + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The slice as JSON, as written or else repaired.
fn parse_repaired(slice: &str) -> Option<Value> {
    serde_json::from_str(slice).ok().or_else(|| serde_json::from_str(&repair(slice)).ok())
}

/// One pass over the text that, outside strings, drops commas before a closing bracket and turns
/// typographic double quotes into string delimiters; and inside strings escapes raw control
/// characters (models break lines inside long texts). Nothing it changes is valid JSON as it was.
fn repair(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    // Which quote closes the current string: '"' or a typographic one.
    let mut closing: Option<char> = None;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match closing {
            Some(close) => {
                if escaped {
                    escaped = false;
                    out.push(c);
                } else if c == '\\' {
                    escaped = true;
                    out.push(c);
                } else if c == close || (close != '"' && is_typographic_quote(c)) {
                    closing = None;
                    out.push('"');
                } else if close != '"' && c == '"' {
                    // A straight quote inside a typographic string is text.
                    out.push_str("\\\"");
                } else if c.is_control() {
                    push_escaped_control(&mut out, c);
                } else {
                    out.push(c);
                }
            }
            None => match c {
                '"' => {
                    closing = Some('"');
                    out.push('"');
                }
                _ if is_typographic_quote(c) => {
                    closing = Some('”');
                    out.push('"');
                }
                ',' if next_is_closing(&text[at + 1..]) => {}
                _ => out.push(c),
            },
        }
    }
    out
}

fn is_typographic_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '„' | '«' | '»')
}

/// Whether the next non-whitespace character closes an object or a list.
fn next_is_closing(rest: &str) -> bool {
    matches!(rest.trim_start().chars().next(), Some('}' | ']'))
}

fn push_escaped_control(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        other => out.push_str(&format!("\\u{:04x}", u32::from(other))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn finds_the_answer_among_prose_fences_and_small_values() {
        let reply = "Claro [1]: acá va.\n```json\n{\"a\": [1, 2,],}\n```\nSaludos {x}";
        assert_eq!(locate_json(reply), Ok(json!({"a": [1, 2]})));
        assert_eq!(locate_json("[{\"a\": 1}]"), Ok(json!([{"a": 1}])));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn repairs_quotes_and_line_breaks_without_touching_text() {
        let reply = "{“texto”: “dijo \"ya po\"”, \"b\": \"línea\nnueva, “cita”,\"}";
        assert_eq!(locate_json(reply), Ok(json!({"texto": "dijo \"ya po\"", "b": "línea\nnueva, “cita”,"})));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn tells_a_cut_reply_from_one_without_json() {
        assert_eq!(locate_json("{\"jokes\": [{\"text\": \"y entonces"), Err(ProblemKind::Truncated));
        // Complete items inside a cut list are fragments, not the answer.
        assert_eq!(locate_json("{\"jokes\": [{\"text\": \"uno\"}, {\"text\": \"do"), Err(ProblemKind::Truncated));
        assert_eq!(locate_json("{\"a\": 1} y después [nota"), Ok(json!({"a": 1})));
        assert_eq!(locate_json("No hay chistes acá."), Err(ProblemKind::NoJson));
        assert_eq!(locate_json(""), Err(ProblemKind::NoJson));
    }
}
