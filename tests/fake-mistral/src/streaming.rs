//! `stream: true` answers: server-sent events in the Mistral/OpenAI chunk format, paced so a
//! test can see the first chunk arrive before the last, written in the requested content shape
//! and bent by the delivery faults.

use std::io;
use std::time::Duration;

use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use serde_json::{Value, json};

use crate::answer::Reply;
use crate::chat::{MALFORMED_BODY, Meta, Shape, first_half, text_chunk, thinking_chunk};
use crate::faults::Outcome;
use crate::introspect::StreamSend;
use crate::state::AppState;

/// Words per content chunk: several chunks even for a one-line joke.
const WORDS_PER_CHUNK: usize = 3;

/// `content` in pieces of a few words whose concatenation is exactly `content`.
pub fn pieces(content: &str) -> Vec<String> {
    let words: Vec<&str> = content.split_inclusive(' ').collect();
    let pieces: Vec<String> = words.chunks(WORDS_PER_CHUNK).map(|chunk| chunk.concat()).collect();
    if pieces.is_empty() { vec![String::new()] } else { pieces }
}

fn data(text: impl AsRef<str>) -> Result<Event, io::Error> {
    Ok(Event::default().data(text))
}

/// The `content` of each delta, in order: text pieces, or (shape `Chunks`) the thinking chunk and
/// then one text chunk per piece, or (shape `Null`) `null` in place of every piece.
fn contents(content: &str, shape: Shape) -> Vec<Value> {
    let pieces = pieces(content);
    match shape {
        Shape::Text => pieces.into_iter().map(Value::String).collect(),
        Shape::Null => pieces.iter().map(|_| Value::Null).collect(),
        Shape::Chunks => std::iter::once(json!([thinking_chunk()]))
            .chain(pieces.iter().map(|piece| json!([text_chunk(piece)])))
            .collect(),
    }
}

/// The answer as paced events; each event's send time goes into the call log (`stream_sends`).
pub fn respond(
    state: AppState,
    meta: Meta,
    reply: Reply,
    shape: Shape,
    fault: Option<Outcome>,
    delay: Duration,
) -> Response {
    let id = meta.id.clone();
    let contents = contents(&reply.content, shape);
    // The first delta names the role, as the real API's does.
    let delta = |index: usize, content: &Value| {
        if index == 0 { json!({"role": "assistant", "content": content}) } else { json!({"content": content}) }
    };
    let content_chunk = |index: usize, content: &Value| data(meta.chunk(delta(index, content), None, None).to_string());
    let mut events = Vec::with_capacity(contents.len() + 2);
    match fault {
        Some(Outcome::Malformed) => {
            events.push(data(MALFORMED_BODY));
            events.push(data("[DONE]"));
        }
        Some(Outcome::Truncated) => {
            let whole = meta.chunk(delta(0, &contents[0]), None, None).to_string();
            events.push(data(first_half(&whole)));
            events.push(data("[DONE]"));
        }
        Some(Outcome::StreamCut) => {
            // Some content, never all of it, then the connection drops: no finish_reason, no [DONE].
            let sent = (contents.len() / 2).max(1);
            events.extend(contents.iter().take(sent).enumerate().map(|(i, content)| content_chunk(i, content)));
            events.push(Err(io::Error::other("stream-cut fault")));
        }
        _ => {
            events.extend(contents.iter().enumerate().map(|(i, content)| content_chunk(i, content)));
            let end = if shape == Shape::Null { Value::Null } else { json!("") };
            let last = meta.chunk(json!({ "content": end }), Some(reply.finish_reason), Some(&reply.usage));
            events.push(data(last.to_string()));
            events.push(data("[DONE]"));
        }
    }
    let paced = stream::iter(events).enumerate().then(move |(index, event)| {
        let (state, id) = (state.clone(), id.clone());
        async move {
            if index > 0 {
                tokio::time::sleep(delay).await;
            }
            let sent_at_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0);
            state.store().calls.record_send(StreamSend { id, index, sent_at_ms });
            event
        }
    });
    Sse::new(paced).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_are_a_few_words_and_rebuild_the_content() {
        let content = "uno dos tres cuatro cinco seis siete";
        let pieces = pieces(content);
        assert_eq!(pieces, ["uno dos tres ", "cuatro cinco seis ", "siete"]);
        assert_eq!(pieces.concat(), content);
        assert_eq!(super::pieces(""), [""]);
    }

    #[test]
    fn chunked_contents_lead_with_thinking_and_null_contents_keep_the_count() {
        let chunked = contents("uno dos tres cuatro", Shape::Chunks);
        assert_eq!(chunked[0], json!([thinking_chunk()]));
        assert_eq!(chunked[1..], [json!([text_chunk("uno dos tres ")]), json!([text_chunk("cuatro")])]);
        assert_eq!(contents("uno dos tres cuatro", Shape::Null), [Value::Null, Value::Null]);
    }
}
