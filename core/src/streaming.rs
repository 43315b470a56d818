//! Watching a streamed chat completion (server-sent events) while it passes through to the
//! client unchanged: whether it ended properly and what it cost. Fed chunk by chunk, as the bytes
//! arrive; lines are completed across chunk boundaries, and only one line is ever held.

use serde::Deserialize;

use crate::api::TokenUsage;
use crate::mistral::ChatUsage;

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
    pub fn feed(&mut self, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some(end) = rest.iter().position(|&b| b == b'\n') {
            self.push(&rest[..end]);
            let line = std::mem::take(&mut self.line);
            if !std::mem::take(&mut self.skipping) {
                self.read_line(&line);
            }
            rest = &rest[end + 1..];
        }
        self.push(rest);
    }

    /// Reads a last line that had no newline; call once the stream ended.
    pub fn finish(&mut self) {
        let line = std::mem::take(&mut self.line);
        if !std::mem::take(&mut self.skipping) {
            self.read_line(&line);
        }
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

    fn push(&mut self, bytes: &[u8]) {
        if self.skipping {
            return;
        }
        if self.line.len() + bytes.len() > MAX_LINE_BYTES {
            self.line.clear();
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
    fn overlong_and_foreign_lines_are_ignored() {
        let mut watch = StreamWatch::default();
        watch.feed(&vec![b'x'; MAX_LINE_BYTES + 10]);
        watch.feed(b"\n: comment\nevent: ping\ndata: not json\ndata: [DONE]\n");
        watch.finish();
        assert!(watch.is_complete());
    }
}
