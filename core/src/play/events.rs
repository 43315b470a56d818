//! A streamed playground answer as the player receives it: server-sent events of the worker's own,
//! not the upstream's chunks, so a player never sees a model id, a provider or a model's thinking,
//! and a page reads one small shape whatever served the joke:
//!
//! ```text
//! data: {"text":"Mi suegra "}          one per piece of the answer, in order
//!
//! event: done                          the answer is whole
//! data: {"model":"talla-7b","prompt_version":"generate-v1"}
//!
//! event: error                         instead of `done`: the answer is cut, and why
//! data: {"error":{"code":"…","message":"…"}}
//! ```
//!
//! [`Encoder`] is the worker's side (upstream bytes in, the player's events out, with the length
//! guard of [`super::answer_char_limit`]); [`Decoder`] the page's (bytes in, [`PlayEvent`]s out).
//! Both are fed chunk by chunk as the bytes arrive, and both hold at most one unfinished line.
//! The decoder reads each event's JSON with the caller's [`ReadJson`]: a page uses the browser's
//! own `JSON.parse`, which costs its WASM nothing, where serde_json would weigh tens of KB.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::api::{ApiError, ErrorBody, ErrorCode, error_event};
use crate::streaming::StreamWatch;

/// One event of the player's stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlayEvent {
    /// The next piece of the answer.
    Text(String),
    /// The answer is whole; by the model's public name.
    Done { model: String, prompt_version: String },
    /// The answer stops here, unfinished.
    Error(ApiError),
}

#[derive(Serialize, Deserialize)]
struct TextData {
    text: String,
}

#[derive(Serialize, Deserialize)]
struct DoneData {
    model: String,
    prompt_version: String,
}

impl PlayEvent {
    /// The event as it goes on the wire.
    pub fn encode(&self) -> String {
        match self {
            PlayEvent::Text(text) => {
                format!("data: {}\n\n", json(&TextData { text: text.clone() }))
            }
            PlayEvent::Done { model, prompt_version } => {
                let data = DoneData { model: model.clone(), prompt_version: prompt_version.clone() };
                format!("event: done\ndata: {}\n\n", json(&data))
            }
            PlayEvent::Error(error) => error_event(error),
        }
    }
}

fn json<T: Serialize>(value: &T) -> String {
    // Two string fields: serializing cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

/// The worker's side: reads the upstream's chunks and says what to send the player.
#[derive(Debug)]
pub struct Encoder {
    watch: StreamWatch,
    chars: usize,
    char_limit: usize,
}

impl Encoder {
    /// For an answer allowed at most `char_limit` characters ([`super::answer_char_limit`]).
    pub fn new(char_limit: usize) -> Self {
        Self { watch: StreamWatch::default(), chars: 0, char_limit }
    }

    /// The player's events for the upstream's next `bytes`: the text they complete, if any, as
    /// one event. Past the length limit the text is cut to it; [`Self::over_limit`] then says the
    /// stream must end.
    pub fn feed(&mut self, bytes: &[u8]) -> String {
        let text = self.watch.texts(bytes);
        self.text_event(text)
    }

    /// The upstream ended: what is left of its last line.
    pub fn finish(&mut self) -> String {
        let text = self.watch.texts_end();
        self.text_event(text)
    }

    pub fn over_limit(&self) -> bool {
        self.chars > self.char_limit
    }

    /// Whether the upstream's answer ended properly (its `[DONE]` or a finish reason).
    pub fn is_complete(&self) -> bool {
        self.watch.is_complete()
    }

    /// The usage the upstream reported, if it did.
    pub fn usage(&self) -> Option<crate::api::TokenUsage> {
        self.watch.usage()
    }

    fn text_event(&mut self, text: String) -> String {
        if text.is_empty() || self.over_limit() {
            return String::new();
        }
        let count = text.chars().count();
        let room = self.char_limit - self.chars;
        self.chars += count;
        // The limit's last character goes out; one past it marks the answer as over the limit.
        let text = if count > room { text.chars().take(room).collect() } else { text };
        if text.is_empty() { String::new() } else { PlayEvent::Text(text).encode() }
    }
}

/// How a [`Decoder`] reads an event's JSON; `None` for text that is not the type's JSON.
pub trait ReadJson {
    fn read<T: DeserializeOwned>(&self, json: &str) -> Option<T>;
}

/// serde_json, for the worker and native code.
#[derive(Debug, Default, Clone, Copy)]
pub struct SerdeJson;

impl ReadJson for SerdeJson {
    fn read<T: DeserializeOwned>(&self, json: &str) -> Option<T> {
        serde_json::from_str(json).ok()
    }
}

/// The page's side: reads the worker's bytes and returns the events they complete.
#[derive(Debug, Default)]
pub struct Decoder<R: ReadJson> {
    json: R,
    line: Vec<u8>,
    /// The `event:` name of the event being read.
    name: String,
    /// Its `data:` lines, joined.
    data: String,
    /// A `done` or `error` event was read.
    ended: bool,
}

/// Longest line a decoder holds: a text piece is a few words, an error a sentence.
const MAX_LINE_BYTES: usize = 64 * 1024;

impl<R: ReadJson> Decoder<R> {
    pub fn new(json: R) -> Self {
        Self { json, line: Vec::new(), name: String::new(), data: String::new(), ended: false }
    }

    pub fn feed(&mut self, bytes: &[u8]) -> Vec<PlayEvent> {
        let mut events = Vec::new();
        let mut rest = bytes;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.hold(&rest[..end]);
            let line = std::mem::take(&mut self.line);
            if let Some(event) = self.line(&line) {
                self.ended |= matches!(event, PlayEvent::Done { .. } | PlayEvent::Error(_));
                events.push(event);
            }
            rest = &rest[end + 1..];
        }
        self.hold(rest);
        events
    }

    /// The stream ended. An event not closed by its blank line is dropped (as browsers drop it);
    /// a stream that ended before `done` or `error` lost its connection, which is an error.
    pub fn finish(&mut self) -> Option<ApiError> {
        let ended = std::mem::take(&mut self.ended);
        self.line.clear();
        self.name.clear();
        self.data.clear();
        (!ended).then(|| {
            ApiError::new(
                ErrorCode::UpstreamError,
                "the connection ended before the joke did; what arrived is incomplete, ask again",
            )
        })
    }

    fn hold(&mut self, bytes: &[u8]) {
        if self.line.len() + bytes.len() <= MAX_LINE_BYTES {
            self.line.extend_from_slice(bytes);
        }
    }

    /// One line: a field of the current event, or the blank line that ends it.
    fn line(&mut self, line: &[u8]) -> Option<PlayEvent> {
        let line = String::from_utf8_lossy(line.strip_suffix(b"\r").unwrap_or(line)).into_owned();
        if line.is_empty() {
            let (name, data) = (std::mem::take(&mut self.name), std::mem::take(&mut self.data));
            return (!data.is_empty()).then(|| event(&self.json, &name, &data));
        }
        let (field, value) = line.split_once(':').unwrap_or((line.as_str(), ""));
        let value = value.strip_prefix(' ').unwrap_or(value);
        match field {
            "event" => self.name = value.to_owned(),
            "data" => {
                if !self.data.is_empty() {
                    self.data.push('\n');
                }
                self.data.push_str(value);
            }
            _ => {}
        }
        None
    }
}

/// An event from its name and data; anything unreadable is an error the page can show.
fn event(json: &impl ReadJson, name: &str, data: &str) -> PlayEvent {
    let read = match name {
        "" | "message" => json.read::<TextData>(data).map(|d| PlayEvent::Text(d.text)),
        "done" => {
            json.read::<DoneData>(data).map(|d| PlayEvent::Done { model: d.model, prompt_version: d.prompt_version })
        }
        "error" => json.read::<ErrorBody>(data).map(|b| PlayEvent::Error(b.error)),
        _ => None,
    };
    read.unwrap_or_else(|| {
        PlayEvent::Error(ApiError::new(ErrorCode::UpstreamError, "the answer arrived garbled; ask again"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const UPSTREAM: &str = "data: {\"model\":\"ft:secret\",\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"Mi suegra \"}}]}\n\n\
        data: {\"model\":\"ft:secret\",\"choices\":[{\"delta\":{\"content\":[{\"type\":\"thinking\",\"thinking\":[]},{\"type\":\"text\",\"text\":\"es tan \"}]}}]}\n\n\
        data: {\"model\":\"ft:secret\",\"choices\":[{\"delta\":{\"content\":\"pesada.\"},\"finish_reason\":\"stop\"}],\
        \"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\ndata: [DONE]\n\n";

    /// Everything an encoder sends for `upstream` split at `cut`, with the done event.
    fn encoded(upstream: &[u8], cut: usize, char_limit: usize) -> (String, Encoder) {
        let mut encoder = Encoder::new(char_limit);
        let mut out = encoder.feed(&upstream[..cut]);
        out.push_str(&encoder.feed(&upstream[cut..]));
        out.push_str(&encoder.finish());
        (out, encoder)
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_player_gets_the_text_alone_however_the_bytes_are_split() {
        let bytes = UPSTREAM.as_bytes();
        for cut in 0..bytes.len() {
            let (mut out, encoder) = encoded(bytes, cut, 1000);
            assert!(encoder.is_complete() && !encoder.over_limit(), "cut at {cut}");
            assert_eq!(encoder.usage().map(|u| u.completion_tokens), Some(3));
            assert!(!out.contains("ft:secret") && !out.contains("thinking"), "{out}");
            let done = PlayEvent::Done { model: "talla-7b".into(), prompt_version: "generate-v1".into() };
            out.push_str(&done.encode());
            // The page's decoder, fed the worker's bytes split anywhere, reads the same answer.
            let wire = out.as_bytes();
            for split in [0, 1, wire.len() / 2, wire.len() - 1] {
                let mut decoder = Decoder::new(SerdeJson);
                let mut events = decoder.feed(&wire[..split]);
                events.extend(decoder.feed(&wire[split..]));
                assert_eq!(decoder.finish(), None);
                let text: String = events
                    .iter()
                    .filter_map(|e| if let PlayEvent::Text(t) = e { Some(t.as_str()) } else { None })
                    .collect();
                assert_eq!(text, "Mi suegra es tan pesada.", "cut at {cut}, split at {split}");
                assert_eq!(events.last(), Some(&done));
            }
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_answer_past_its_limit_is_cut_at_the_limit() {
        let (out, encoder) = encoded(UPSTREAM.as_bytes(), 0, 12);
        assert!(encoder.over_limit());
        let mut decoder = Decoder::new(SerdeJson);
        let events = decoder.feed(out.as_bytes());
        assert_eq!(events, [PlayEvent::Text("Mi suegra es".into())]);
        // Exactly at the limit is not over it.
        let (_, exact) = encoded(UPSTREAM.as_bytes(), 0, "Mi suegra es tan pesada.".chars().count());
        assert!(!exact.over_limit());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn errors_and_cut_connections_reach_the_page_as_errors() {
        let error = ApiError::new(ErrorCode::BudgetExhausted, "the answer used up its tokens");
        let wire = format!("{}{}", PlayEvent::Text("Hola".into()).encode(), PlayEvent::Error(error.clone()).encode());
        let mut decoder = Decoder::new(SerdeJson);
        let events = decoder.feed(wire.as_bytes());
        assert_eq!(events, [PlayEvent::Text("Hola".into()), PlayEvent::Error(error)]);
        assert_eq!(decoder.finish(), None);

        // Cut mid-event: the text that arrived whole, then a lost connection.
        let mut decoder = Decoder::new(SerdeJson);
        let events = decoder.feed(b"data: {\"text\":\"Hola \"}\n\ndata: {\"te");
        assert_eq!(events, [PlayEvent::Text("Hola ".into())]);
        let lost = decoder.finish().expect("no done and no error: a lost connection");
        assert!(lost.message.contains("ended before the joke did"), "{lost:?}");

        let mut decoder = Decoder::new(SerdeJson);
        let events = decoder.feed(b"event: surprise\ndata: {}\n\ndata: not json\n\n");
        assert!(events.iter().all(|e| matches!(e, PlayEvent::Error(e) if e.message.contains("garbled"))));
        assert_eq!(events.len(), 2);
    }
}
