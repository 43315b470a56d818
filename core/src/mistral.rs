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
    pub message: ChatMessage,
    #[serde(default)]
    pub finish_reason: Option<String>,
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
}

impl ChatResponse {
    /// Parses a response body and returns it with the first choice's text, trimmed.
    pub fn parse(body: &str) -> Result<(ChatResponse, String), ReplyError> {
        let response: ChatResponse = serde_json::from_str(body).map_err(|e| ReplyError::Malformed(e.to_string()))?;
        let text = response.choices.first().ok_or(ReplyError::NoChoices)?.message.content.trim().to_owned();
        if text.is_empty() {
            return Err(ReplyError::Empty);
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
    }
}
