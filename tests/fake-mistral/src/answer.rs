//! What the test double "says": a deterministic function of the request, so a test can predict
//! the answer (same request, same content) and check that the product passed it on.

use serde_json::{Value, json};
use tallas_core::mistral::{ChatRequest, ChatUsage, Role};

use crate::error::ApiError;
use crate::{schema_instance, task_answers};

/// The marker the product's generate prompt puts before the keyword.
const KEYWORD_MARKER: &str = "Palabra clave: ";

/// Joke endings, picked by a hash of the keyword so different keywords read differently.
const PUNCHLINES: &[&str] = &[
    "le pregunté al doble de prueba qué opinaba y me dijo que él no opina, que solo responde igualito cada vez. ¡Cachai!",
    "dicen que es lo único que no se cae en los tests, porque el servidor es de mentira y la talla es de verdad. ¡Po!",
    "fui a la feria a comprar una y el caserito me dijo que esa venía sin garantía, igual que el wifi de la oficina. ¡Al tiro!",
];

/// How the request wants the content shaped.
#[derive(Debug, Clone, PartialEq)]
pub enum Format {
    Text,
    JsonObject,
    JsonSchema(Value),
}

/// Reads `response_format` the way the real API documents it.
pub fn format(response_format: Option<&Value>) -> Result<Format, ApiError> {
    let Some(value) = response_format.filter(|v| !v.is_null()) else {
        return Ok(Format::Text);
    };
    match value.get("type").and_then(Value::as_str) {
        Some("text") => Ok(Format::Text),
        Some("json_object") => Ok(Format::JsonObject),
        Some("json_schema") => value
            .pointer("/json_schema/schema")
            .filter(|s| s.is_object() || s.is_boolean())
            .cloned()
            .map(Format::JsonSchema)
            .ok_or_else(|| ApiError::bad_request("response_format.json_schema.schema must be a JSON Schema object")),
        _ => Err(ApiError::bad_request("response_format.type must be one of text, json_object, json_schema")),
    }
}

/// The `response_format.json_schema.name` of a request, if it names one.
pub fn schema_name(response_format: Option<&Value>) -> Option<&str> {
    response_format?.pointer("/json_schema/name")?.as_str()
}

pub fn last_user_message(request: &ChatRequest) -> Option<&str> {
    request.messages.iter().rev().find(|m| m.role == Role::User).map(|m| m.content.as_str())
}

/// The keyword of a generate prompt: the rest of the line after `Palabra clave: `.
pub fn keyword(message: &str) -> Option<&str> {
    let (_, rest) = message.split_once(KEYWORD_MARKER)?;
    let keyword = rest.lines().next().unwrap_or_default().trim();
    (!keyword.is_empty()).then_some(keyword)
}

/// The plain-text answer; also the seed of every string a JSON answer contains.
pub fn text(request: &ChatRequest) -> String {
    match last_user_message(request) {
        Some(message) => match keyword(message) {
            Some(keyword) => {
                // Models tell different jokes for the same keyword (as real ones do), so an
                // evaluation of several models has something to compare.
                let seed = fnv1a(&format!("{}\n{keyword}", request.model));
                let punchline = PUNCHLINES[(seed % PUNCHLINES.len() as u64) as usize];
                format!("Talla de prueba sobre «{keyword}»: {punchline}")
            }
            None => format!("Respuesta de prueba del doble de Mistral al mensaje «{}».", message.trim()),
        },
        None => "Respuesta de prueba del doble de Mistral, sin mensaje de usuario.".to_owned(),
    }
}

/// FNV-1a: stable across Rust releases, unlike `DefaultHasher`, so answers never change.
pub fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// The double's token count: a quarter of the characters, at least one.
pub fn tokens(text: &str) -> u32 {
    u32::try_from(text.chars().count().div_ceil(4)).unwrap_or(u32::MAX).max(1)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    pub content: String,
    pub finish_reason: &'static str,
    pub usage: ChatUsage,
}

impl Reply {
    /// Recomputes the usage after the content was replaced (e.g. by a fault).
    pub fn with_content(self, content: String) -> Self {
        let completion_tokens = tokens(&content);
        let usage =
            ChatUsage { completion_tokens, total_tokens: self.usage.prompt_tokens + completion_tokens, ..self.usage };
        Self { content, usage, ..self }
    }
}

pub fn reply(request: &ChatRequest, format: &Format) -> Result<Reply, ApiError> {
    let text = text(request);
    let content = match format {
        Format::Text => text,
        Format::JsonObject => json!({ "text": text }).to_string(),
        // The product's task schemas get answers its rules accept; any other, a minimal instance.
        Format::JsonSchema(schema) => match schema_name(request.response_format.as_ref())
            .and_then(|name| task_answers::answer(name, last_user_message(request).unwrap_or_default()))
        {
            Some(answer) => answer.to_string(),
            None => schema_instance::instance(schema, &text)
                .map_err(|e| ApiError::bad_request(format!("response_format.json_schema.schema: {e}")))?
                .to_string(),
        },
    };
    let all_messages: String = request.messages.iter().map(|m| m.content.as_str()).collect();
    let prompt_tokens = tokens(&all_messages);
    // Like a real model, stop at `max_tokens` and say so.
    let (content, finish_reason) = match request.max_tokens {
        Some(max) if tokens(&content) > max => {
            let cut: String = content.chars().take(max as usize * 4).collect();
            (cut, "length")
        }
        _ => (content, "stop"),
    };
    let completion_tokens = tokens(&content);
    let usage = ChatUsage { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
    Ok(Reply { content, finish_reason, usage })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tallas_core::mistral::ChatMessage;
    use tallas_core::prompts::generate;

    fn request(messages: Vec<ChatMessage>, response_format: Option<Value>) -> ChatRequest {
        ChatRequest {
            model: "mistral-small-latest".into(),
            messages,
            temperature: None,
            max_tokens: None,
            stream: None,
            response_format,
        }
    }

    #[test]
    fn a_generate_prompt_gets_a_repeatable_joke_about_its_keyword() {
        let first = text(&request(generate::messages("suegra"), None));
        assert!(first.starts_with("Talla de prueba sobre «suegra»: "), "{first}");
        assert_eq!(first, text(&request(generate::messages("suegra"), None)));
        assert_ne!(first, text(&request(generate::messages("micro"), None)));
    }

    #[test]
    fn other_prompts_get_a_sentence_quoting_the_last_user_message() {
        let messages = vec![
            ChatMessage::new(Role::User, "primero"),
            ChatMessage::new(Role::Assistant, "ok"),
            ChatMessage::new(Role::User, "segundo"),
        ];
        assert!(text(&request(messages, None)).contains("«segundo»"));
        assert!(text(&request(vec![ChatMessage::new(Role::System, "s")], None)).contains("sin mensaje"));
    }

    #[test]
    fn json_formats_give_json_content() {
        let object =
            reply(&request(generate::messages("pan"), Some(json!({"type": "json_object"}))), &Format::JsonObject);
        let content: Value = serde_json::from_str(&object.unwrap().content).unwrap();
        assert!(content["text"].as_str().unwrap().contains("«pan»"));

        let schema = json!({"type": "json_schema", "json_schema": {"name": "joke", "strict": true,
            "schema": {"type": "object", "properties": {"joke": {"type": "string"}}, "required": ["joke"]}}});
        let format = format(Some(&schema)).unwrap();
        let content: Value =
            serde_json::from_str(&reply(&request(generate::messages("pan"), None), &format).unwrap().content).unwrap();
        assert!(content["joke"].as_str().unwrap().starts_with("Talla de prueba sobre «pan»"));
    }

    #[test]
    fn bad_response_formats_are_client_errors() {
        assert_eq!(format(None), Ok(Format::Text));
        assert_eq!(format(Some(&json!({"type": "text"}))), Ok(Format::Text));
        assert!(format(Some(&json!({"type": "yaml"}))).is_err());
        assert!(format(Some(&json!({"type": "json_schema", "json_schema": {"name": "x"}}))).is_err());
    }

    #[test]
    fn usage_counts_quarter_characters_and_max_tokens_cuts() {
        let mut req = request(vec![ChatMessage::new(Role::User, "abcdefgh")], None);
        let full = reply(&req, &Format::Text).unwrap();
        assert_eq!(full.usage.prompt_tokens, 2);
        assert_eq!(full.usage.total_tokens, full.usage.prompt_tokens + full.usage.completion_tokens);
        assert_eq!(full.finish_reason, "stop");
        req.max_tokens = Some(3);
        let cut = reply(&req, &Format::Text).unwrap();
        assert_eq!((cut.content.chars().count(), cut.finish_reason, cut.usage.completion_tokens), (12, "length", 3));
        assert_eq!(tokens(""), 1);
    }
}
