//! Watching a streamed chat completion (server-sent events) while it passes through to the
//! client: whether it ended properly and what it cost. Fed chunk by chunk, as the bytes arrive;
//! lines are completed across chunk boundaries, and only one line is ever held. What passes on is
//! the stream as it came, but for one thing: a delta whose content is a list of chunks (text, and a
//! reasoning model's "thinking") or `null` is passed on with its text alone, as a string, so a
//! client reads every model's stream the same way and never sees the reasoning.

use serde::Deserialize;
use serde_json::Value;

use crate::api::TokenUsage;
use crate::mistral::{ChatUsage, Content};

/// Longest SSE line kept for inspection. A longer one still passes through; it just is not read.
const MAX_LINE_BYTES: usize = 1024 * 1024;

/// What a stream has shown so far.
#[derive(Debug, Default)]
pub struct StreamWatch {
    line: Vec<u8>,
    /// The current line is longer than [`MAX_LINE_BYTES`] and is skipped to its end.
    skipping: bool,
    done: bool,
    finish_reason: Option<String>,
    usage: Option<ChatUsage>,
    model: Option<String>,
}

/// The parts of a chunk that matter here.
#[derive(Deserialize)]
struct Chunk {
    #[serde(default)]
    model: Option<String>,
    #[serde(default)]
    choices: Vec<ChunkChoice>,
    #[serde(default)]
    usage: Option<ChatUsage>,
}

#[derive(Deserialize)]
struct ChunkChoice {
    #[serde(default)]
    finish_reason: Option<String>,
}

impl StreamWatch {
    /// Reads `bytes` without passing anything on.
    pub fn feed(&mut self, bytes: &[u8]) {
        let _ = self.relay(bytes);
    }

    /// Reads a last line that had no newline; call once the stream ended.
    pub fn finish(&mut self) {
        let _ = self.relay_end();
    }

    /// Reads `bytes` and returns what to pass on: each line they complete (a delta's content
    /// rewritten as its text, see the module docs), and the bytes of a line too long to hold as
    /// they come. The start of an unfinished line waits for the rest of it.
    pub fn relay(&mut self, bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(bytes.len());
        let mut rest = bytes;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.push(&rest[..end], &mut out);
            let line = std::mem::take(&mut self.line);
            if !std::mem::take(&mut self.skipping) {
                self.read_line(&line);
                out.extend_from_slice(&passed_on(&line));
            }
            out.push(b'\n');
            rest = &rest[end + 1..];
        }
        self.push(rest, &mut out);
        out
    }

    /// The stream ended: what is left of a last line without a newline, passed on like any other.
    pub fn relay_end(&mut self) -> Vec<u8> {
        let line = std::mem::take(&mut self.line);
        if std::mem::take(&mut self.skipping) {
            return Vec::new();
        }
        self.read_line(&line);
        passed_on(&line)
    }

    /// Reads `bytes` and returns the text the deltas of the lines they complete carry (text
    /// chunks only, never thinking), for a client that gets the answer's words rather than the
    /// upstream's chunks. A line too long to hold is skipped.
    pub fn texts(&mut self, bytes: &[u8]) -> String {
        let mut text = String::new();
        let mut unread = Vec::new();
        let mut rest = bytes;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.push(&rest[..end], &mut unread);
            let line = std::mem::take(&mut self.line);
            if !std::mem::take(&mut self.skipping) {
                self.read_line(&line);
                text.push_str(&delta_text(&line));
            }
            rest = &rest[end + 1..];
        }
        self.push(rest, &mut unread);
        text
    }

    /// The stream ended: the text of a last line without a newline.
    pub fn texts_end(&mut self) -> String {
        let line = std::mem::take(&mut self.line);
        if std::mem::take(&mut self.skipping) {
            return String::new();
        }
        self.read_line(&line);
        delta_text(&line)
    }

    /// Whether the stream ended as a complete answer does: with `[DONE]` or a finish reason.
    pub fn is_complete(&self) -> bool {
        self.done || self.finish_reason.is_some()
    }

    /// The usage the last chunk reported, if any did.
    pub fn usage(&self) -> Option<TokenUsage> {
        self.usage.map(TokenUsage::from)
    }

    pub fn model(&self) -> Option<&str> {
        self.model.as_deref()
    }

    /// Holds `bytes` as part of the current line, or, once the line is too long to hold, passes
    /// it (and what was held) on unread.
    fn push(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        if self.skipping {
            out.extend_from_slice(bytes);
            return;
        }
        if self.line.len() + bytes.len() > MAX_LINE_BYTES {
            out.append(&mut self.line);
            out.extend_from_slice(bytes);
            self.skipping = true;
        } else {
            self.line.extend_from_slice(bytes);
        }
    }

    fn read_line(&mut self, line: &[u8]) {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Some(data) = line.strip_prefix(b"data:") else { return };
        let data = data.strip_prefix(b" ").unwrap_or(data);
        if data == b"[DONE]" {
            self.done = true;
            return;
        }
        let Ok(chunk) = serde_json::from_slice::<Chunk>(data) else { return };
        if let Some(reason) = chunk.choices.iter().find_map(|c| c.finish_reason.clone()) {
            self.finish_reason = Some(reason);
        }
        if chunk.usage.is_some() {
            self.usage = chunk.usage;
        }
        if chunk.model.is_some() {
            self.model = chunk.model;
        }
    }
}

/// A line as it is passed on: a `data:` chunk whose delta content is a list or `null`, with that
/// content replaced by its text; every other line unchanged.
fn passed_on(line: &[u8]) -> Vec<u8> {
    let (body, cr) = match line.strip_suffix(b"\r") {
        Some(body) => (body, true),
        None => (line, false),
    };
    let rewritten = body
        .strip_prefix(b"data:")
        .map(|data| data.strip_prefix(b" ").unwrap_or(data))
        .and_then(|data| serde_json::from_slice::<Value>(data).ok())
        .and_then(text_deltas);
    match rewritten {
        Some(chunk) => {
            let mut out = format!("data: {chunk}").into_bytes();
            if cr {
                out.push(b'\r');
            }
            out
        }
        None => line.to_vec(),
    }
}

/// The text of a `data:` line's deltas; empty for any other line.
fn delta_text(line: &[u8]) -> String {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let Some(data) = line.strip_prefix(b"data:") else { return String::new() };
    let data = data.strip_prefix(b" ").unwrap_or(data);
    let Ok(chunk) = serde_json::from_slice::<Value>(data) else { return String::new() };
    let Some(choices) = chunk.get("choices").and_then(Value::as_array) else { return String::new() };
    choices
        .iter()
        .filter_map(|choice| choice.get("delta")?.get("content").cloned())
        .filter_map(|content| serde_json::from_value::<Content>(content).ok())
        .map(|content| content.text())
        .collect()
}

/// The chunk with each delta's content as plain text, when one of them was not already a string.
fn text_deltas(mut chunk: Value) -> Option<Value> {
    let mut changed = false;
    for choice in chunk.get_mut("choices")?.as_array_mut()? {
        let Some(delta) = choice.get_mut("delta").and_then(Value::as_object_mut) else { continue };
        match delta.get("content") {
            None | Some(Value::String(_)) => {}
            Some(content) => {
                let text = serde_json::from_value::<Content>(content.clone()).map(|c| c.text()).unwrap_or_default();
                delta.insert("content".into(), Value::String(text));
                changed = true;
            }
        }
    }
    changed.then_some(chunk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const STREAM: &str = "data: {\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"Hola \"},\"finish_reason\":null}]}\r\n\r\n\
        data: {\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\"}],\
        \"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,\"total_tokens\":10}}\n\ndata: [DONE]\n\n";

    #[wasm_bindgen_test(unsupported = test)]
    fn sees_the_end_and_the_usage_however_the_bytes_are_split() {
        let bytes = STREAM.as_bytes();
        for cut in 0..bytes.len() {
            let mut watch = StreamWatch::default();
            watch.feed(&bytes[..cut]);
            watch.feed(&bytes[cut..]);
            watch.finish();
            assert!(watch.is_complete(), "cut at {cut}");
            assert_eq!(watch.usage(), Some(TokenUsage { prompt_tokens: 7, completion_tokens: 3 }), "cut at {cut}");
            assert_eq!(watch.model(), Some("m"));
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_cut_stream_is_incomplete() {
        let cut = STREAM.split("data: {\"model\":\"m\",\"choices\":[{\"delta\":{\"content\":\"\"}").next().unwrap();
        let mut watch = StreamWatch::default();
        watch.feed(cut.as_bytes());
        watch.finish();
        assert!(!watch.is_complete());
        assert_eq!(watch.usage(), None);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_plain_stream_passes_on_byte_for_byte_however_split() {
        let bytes = STREAM.as_bytes();
        for cut in 0..bytes.len() {
            let mut watch = StreamWatch::default();
            let mut out = watch.relay(&bytes[..cut]);
            out.extend(watch.relay(&bytes[cut..]));
            out.extend(watch.relay_end());
            assert_eq!(out, bytes, "cut at {cut}");
        }
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn chunked_and_null_deltas_pass_on_as_their_text_without_the_thinking() {
        let stream = "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":[{\"type\":\"text\",\"text\":\"Hmm\"}]}]}}]}\n\n\
            data: {\"choices\":[{\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"Hola \"}]}}]}\r\n\r\n\
            data: {\"choices\":[{\"delta\":{\"content\":null},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n";
        let mut watch = StreamWatch::default();
        let out = String::from_utf8([watch.relay(stream.as_bytes()), watch.relay_end()].concat()).unwrap();
        assert_eq!(
            out,
            "data: {\"choices\":[{\"delta\":{\"content\":\"\",\"role\":\"assistant\"}}]}\n\n\
             data: {\"choices\":[{\"delta\":{\"content\":\"Hola \"}}]}\r\n\r\n\
             data: {\"choices\":[{\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"
        );
        assert!(!out.contains("Hmm") && watch.is_complete());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn overlong_and_foreign_lines_are_ignored() {
        let mut watch = StreamWatch::default();
        watch.feed(&vec![b'x'; MAX_LINE_BYTES + 10]);
        watch.feed(b"\n: comment\nevent: ping\ndata: not json\ndata: [DONE]\n");
        watch.finish();
        assert!(watch.is_complete());
    }
}
