//! The subset of the Mistral REST API wire format the product uses: chat completions.
//! The worker sends these; the test double `tests/fake-mistral` answers them.

use serde::{Deserialize, Serialize};

use crate::api::TokenUsage;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: Role,
    pub content: String,
}

impl ChatMessage {
    pub fn new(role: Role, content: impl Into<String>) -> Self {
        Self { role, content: content.into() }
    }
}

/// `POST /v1/chat/completions` request body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatRequest {
    pub model: String,
    pub messages: Vec<ChatMessage>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_tokens: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_format: Option<serde_json::Value>,
}

/// `POST /v1/chat/completions` response body (non-streaming).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatResponse {
    #[serde(default)]
    pub id: String,
    pub model: String,
    pub choices: Vec<ChatChoice>,
    #[serde(default)]
    pub usage: Option<ChatUsage>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChatChoice {
    #[serde(default)]
    pub index: u32,
    pub message: ReplyMessage,
    #[serde(default)]
    pub finish_reason: Option<String>,
}

/// The assistant's message in an answer. Its `content` is a string, a list of chunks (text, and
/// from reasoning models "thinking") or `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplyMessage {
    #[serde(default)]
    pub role: Option<Role>,
    #[serde(default)]
    pub content: Option<Content>,
}

/// A message's content as the API may give it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Content {
    Text(String),
    Chunks(Vec<ContentChunk>),
}

/// One chunk of a content list. Only `text` chunks carry the answer; a `thinking` chunk holds the
/// model's reasoning (chunks of its own) and other kinds (images, references) are not text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentChunk {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Content {
    /// The answer's text: the string, or the text chunks in order; thinking and other chunks are
    /// left out.
    pub fn text(&self) -> String {
        match self {
            Content::Text(text) => text.clone(),
            Content::Chunks(chunks) => {
                chunks.iter().filter(|c| c.kind == "text").filter_map(|c| c.text.as_deref()).collect()
            }
        }
    }

    /// The kinds of chunk it holds, for an error that says what came instead of text.
    fn kinds(&self) -> String {
        match self {
            Content::Text(_) => "text".into(),
            Content::Chunks(chunks) if chunks.is_empty() => "an empty list".into(),
            Content::Chunks(chunks) => {
                let mut kinds: Vec<&str> = chunks.iter().map(|c| c.kind.as_str()).collect();
                kinds.dedup();
                format!("{} chunks", kinds.join(", "))
            }
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatUsage {
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    #[serde(default)]
    pub total_tokens: u32,
}

impl From<ChatUsage> for TokenUsage {
    fn from(u: ChatUsage) -> Self {
        TokenUsage { prompt_tokens: u.prompt_tokens, completion_tokens: u.completion_tokens }
    }
}

/// Why a chat-completions body could not be used as an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReplyError {
    #[error("the upstream answer is not the chat-completions JSON expected: {0}")]
    Malformed(String),
    #[error("the upstream answer has no choices")]
    NoChoices,
    #[error("the upstream answer is empty")]
    Empty,
    /// The message had content, but none of it text (only the model's reasoning, say).
    #[error("the upstream answer has no text, only {0}; try again, or choose a model that answers in text")]
    NoText(String),
}

impl ChatResponse {
    /// Parses a response body and returns it with the first choice's text, trimmed.
    pub fn parse(body: &str) -> Result<(ChatResponse, String), ReplyError> {
        let response: ChatResponse = serde_json::from_str(body).map_err(|e| ReplyError::Malformed(e.to_string()))?;
        let content = response.choices.first().ok_or(ReplyError::NoChoices)?.message.content.as_ref();
        let text = content.map(Content::text).unwrap_or_default().trim().to_owned();
        if text.is_empty() {
            return Err(match content {
                Some(content @ Content::Chunks(_)) => ReplyError::NoText(content.kinds()),
                _ => ReplyError::Empty,
            });
        }
        Ok((response, text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn parses_a_real_shaped_reply() {
        let body = r#"{"id":"x","object":"chat.completion","created":1,"model":"mistral-small-latest",
            "choices":[{"index":0,"message":{"role":"assistant","content":"  Una talla.  ","tool_calls":null},
            "finish_reason":"stop"}],"usage":{"prompt_tokens":10,"completion_tokens":4,"total_tokens":14}}"#;
        let (response, text) = ChatResponse::parse(body).unwrap();
        assert_eq!(text, "Una talla.");
        assert_eq!(response.model, "mistral-small-latest");
        assert_eq!(TokenUsage::from(response.usage.unwrap()), TokenUsage { prompt_tokens: 10, completion_tokens: 4 });
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn refuses_replies_that_are_not_answers() {
        assert!(matches!(ChatResponse::parse(r#"{"model":"m","choices":[{"mess"#), Err(ReplyError::Malformed(_))));
        assert_eq!(ChatResponse::parse(r#"{"model":"m","choices":[]}"#), Err(ReplyError::NoChoices));
        let blank = r#"{"model":"m","choices":[{"message":{"role":"assistant","content":" \n"}}]}"#;
        assert_eq!(ChatResponse::parse(blank), Err(ReplyError::Empty));
        let null = r#"{"model":"m","choices":[{"message":{"role":"assistant","content":null}}]}"#;
        assert_eq!(ChatResponse::parse(null), Err(ReplyError::Empty));
        let thinking_only = r#"{"model":"m","choices":[{"message":{"role":"assistant","content":[
            {"type":"thinking","thinking":[{"type":"text","text":"Hmm."}]}]}}]}"#;
        let error = ChatResponse::parse(thinking_only).unwrap_err();
        assert_eq!(error, ReplyError::NoText("thinking chunks".into()));
        assert!(error.to_string().starts_with("the upstream answer has no text, only thinking chunks"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn text_chunks_are_the_answer_and_thinking_is_left_out() {
        let body = r#"{"model":"magistral-small-latest","choices":[{"message":{"role":"assistant","content":[
            {"type":"thinking","thinking":[{"type":"text","text":"Pensemos en la micro."}]},
            {"type":"text","text":"En la micro "},{"type":"image_url","image_url":"x"},
            {"type":"text","text":"nadie te mira a los ojos."}]}}]}"#;
        let (_, text) = ChatResponse::parse(body).unwrap();
        assert_eq!(text, "En la micro nadie te mira a los ojos.");
    }
}
