//! `stream: true` answers: server-sent events in the Mistral/OpenAI chunk format, paced so a
//! test can see the first chunk arrive before the last, and bent by the delivery faults.

use std::io;
use std::time::Duration;

use axum::response::sse::{Event, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::{StreamExt, stream};
use serde_json::json;

use crate::answer::Reply;
use crate::chat::{MALFORMED_BODY, Meta, first_half};
use crate::faults::Outcome;

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

pub fn respond(meta: Meta, reply: Reply, fault: Option<Outcome>, delay: Duration) -> Response {
    let pieces = pieces(&reply.content);
    let content_chunk = |index: usize, piece: &str| {
        // The first delta names the role, as the real API's does.
        let delta = if index == 0 { json!({"role": "assistant", "content": piece}) } else { json!({"content": piece}) };
        data(meta.chunk(delta, None, None).to_string())
    };
    let mut events = Vec::with_capacity(pieces.len() + 2);
    match fault {
        Some(Outcome::Malformed) => {
            events.push(data(MALFORMED_BODY));
            events.push(data("[DONE]"));
        }
        Some(Outcome::Truncated) => {
            let whole = meta.chunk(json!({"role": "assistant", "content": pieces[0]}), None, None).to_string();
            events.push(data(first_half(&whole)));
            events.push(data("[DONE]"));
        }
        Some(Outcome::StreamCut) => {
            // Some content, never all of it, then the connection drops: no finish_reason, no [DONE].
            let sent = (pieces.len() / 2).max(1);
            events.extend(pieces.iter().take(sent).enumerate().map(|(i, piece)| content_chunk(i, piece)));
            events.push(Err(io::Error::other("stream-cut fault")));
        }
        _ => {
            events.extend(pieces.iter().enumerate().map(|(i, piece)| content_chunk(i, piece)));
            let last = meta.chunk(json!({"content": ""}), Some(reply.finish_reason), Some(&reply.usage));
            events.push(data(last.to_string()));
            events.push(data("[DONE]"));
        }
    }
    let paced = stream::iter(events).enumerate().then(move |(index, event)| async move {
        if index > 0 {
            tokio::time::sleep(delay).await;
        }
        event
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
}
